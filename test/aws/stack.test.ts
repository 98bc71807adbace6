/**
 * The Pulumi program (`stacks/pulumi.ts`) under mocks, as stack `production`: the account's
 * provider, the stack outputs, and the refusal of stacks that are not accounts.
 */
import { installMocks, MOCK_OIDC_ID, outputValue, type Recorded } from '../support/pulumi-mocks';

const mocks = installMocks({ project: 'eks-platform', stack: 'production' });
let program: typeof import('../../stacks/pulumi');
let recorded: Recorded[];
beforeAll(async () => {
  program = await import('../../stacks/pulumi');
  await mocks.settle();
  recorded = [...mocks.resources];
});
afterAll(() => mocks.settle());

const provider = () => recorded.find((r) => r.type === 'pulumi:providers:aws')!;

describe('stack production', () => {
  it('builds the production account', () => {
    expect(program.accountId).toBe('444455556666');
  });

  it('creates one AWS provider for the account', () => {
    expect(recorded.filter((r) => r.type === 'pulumi:providers:aws').map((r) => r.name)).toEqual(['aws-production']);
  });

  it('allows only the production account id', () => {
    expect(JSON.parse(provider().inputs.allowedAccountIds)).toEqual(['444455556666']);
  });

  it('uses the account region and named profile', () => {
    expect([provider().inputs.region, provider().inputs.profile]).toEqual(['us-east-1', 'acme-production']);
  });

  it('exports a kubeconfig whose get-token call uses the profile', async () => {
    const kubeconfigs = await outputValue(program.kubeconfigs);
    expect(JSON.parse(kubeconfigs['platform-production']).users[0].user.exec.args.slice(-2)).toEqual(['--profile', 'acme-production']);
  });

  it('exports the OIDC provider and cluster name per cluster', async () => {
    expect([await outputValue(program.clusterNames), await outputValue(program.oidcProviderArns)]).toEqual([
      { 'platform-production': 'platform-production' },
      // Production adopts eksctl's cluster: the ARN of the existing provider, computed from the looked-up issuer.
      { 'platform-production': `arn:aws:iam::444455556666:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/${MOCK_OIDC_ID}` },
    ]);
  });

  it('exports the migration phase and node groups it built (none: eksctl owns production\'s)', () => {
    expect([program.tenancyPhases, program.nodeGroupNames]).toEqual([
      { 'platform-production': 'dedicated' }, { 'platform-production': [] },
    ]);
  });

  it('exports no generation for eksctl\'s groups (production is adopted: general and batch are eksctl\'s)', () => {
    expect(program.nodeGroupGenerations['platform-production']).toEqual({});
  });
});

describe('stack selection', () => {
  it('rejects a stack that is not an account, naming the accounts', () => {
    expect(() => program.accountForStack('staging')).toThrow(
      "Pulumi stack 'staging' has no account: stacks are named after accounts (sandbox, production).",
    );
  });

  it('rejects an aws:region config that contradicts the account', () => {
    expect(() => program.accountForStack('sandbox', 'eu-west-1')).toThrow(
      "Pulumi stack 'sandbox': config 'aws:region' is 'eu-west-1' but account 'sandbox' is in 'us-east-1'; fix Pulumi.sandbox.yaml.",
    );
  });

  it('rejects a prototype key as a stack name', () => {
    expect(() => program.accountForStack('constructor')).toThrow("Pulumi stack 'constructor' has no account");
  });
});

describe('Pulumi stack files', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('yaml') as typeof import('yaml');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ACCOUNTS } = require('../../stacks/accounts') as typeof import('../../stacks/accounts');

  for (const account of Object.values(ACCOUNTS)) {
    it(`configures stack ${account.name} with the account's region, profile and id`, () => {
      const { config } = parse(readFileSync(`${__dirname}/../../Pulumi.${account.name}.yaml`, 'utf8'));
      expect(config).toEqual({ 'aws:region': account.region, 'aws:profile': account.profile, 'aws:allowedAccountIds': [account.accountId] });
    });
  }

  it('runs the compiled program with nodejs', () => {
    expect(parse(readFileSync(`${__dirname}/../../Pulumi.yaml`, 'utf8'))).toMatchObject({
      name: 'eks-platform', runtime: { name: 'nodejs', options: { typescript: false } }, main: 'build/stacks/pulumi.js',
    });
  });
});
