/**
 * The control plane under Pulumi mocks: what `EksCluster` hands `@pulumi/eks` (a remote
 * component: one recorded resource with its inputs) and the resources it creates itself.
 */
import type { AccountConfig } from '../../../lib/config';
import { production as adoptedProduction } from '../../../stacks/accounts/production';
import { libraryCreated, validAccount, type Draft } from '../../support/fixtures';
import { installMocks, type Recorded } from '../../support/pulumi-mocks';

/** Production's shape, library-created (the real production adopts eksctl's cluster: test/aws/adopt). */
const production = libraryCreated(adoptedProduction);

const mocks = installMocks();
let Platform: typeof import('../../../lib/platform/aws-platform').Platform;
beforeAll(async () => {
  ({ Platform } = await import('../../../lib/platform/aws-platform'));
});
afterAll(() => mocks.settle());

let seq = 0;
async function build(account: AccountConfig | Draft<AccountConfig>): Promise<Recorded[]> {
  mocks.reset();
  new Platform(`c${++seq}`, { account: account as AccountConfig });
  await mocks.settle();
  return [...mocks.resources];
}
const eksOf = (rs: Recorded[]) => rs.find((r) => r.type === 'eks:index:Cluster')!.inputs;

describe('aws-auth', () => {
  it('is patched in place on a mapping change, never replaced (enableConfigMapMutable)', async () => {
    expect(eksOf(await build(production)).enableConfigMapMutable).toBe(true);
  });

  it('is patched in place in CONFIG_MAP mode too, where it is the only way in', async () => {
    const a = validAccount();
    a.clusters[0].authenticationMode = 'CONFIG_MAP';
    expect(eksOf(await build(a)).enableConfigMapMutable).toBe(true);
  });
});

describe('versions and upgrades', () => {
  it('sets the upgrade policy to STANDARD by default (EKS upgrades instead of billing extended support)', async () => {
    expect(eksOf(await build(production)).upgradePolicy).toEqual({ supportType: 'STANDARD' });
  });

  it('sets EXTENDED when the cluster opts in', async () => {
    const a = validAccount();
    a.clusters[0].version = '1.34';
    a.clusters[0].extendedSupport = true;
    expect(eksOf(await build(a)).upgradePolicy).toEqual({ supportType: 'EXTENDED' });
  });

  it("gives every node group the control plane's version, so an upgrade rolls the nodes after it", async () => {
    const a = validAccount();
    a.clusters[0].version = '1.34';
    a.clusters[0].extendedSupport = true;
    const rs = await build(a);
    expect([eksOf(rs).version, ...rs.filter((r) => r.type === 'aws:eks/nodeGroup:NodeGroup').map((r) => r.inputs.version)]).toEqual(['1.34', '1.34']);
  });
});

describe('control-plane log group', () => {
  const named = (rs: Recorded[], type: string) => rs.filter((r) => r.type === type);

  it('is created before the control plane with a retention and its own KMS key', async () => {
    const rs = await build(production);
    const group = named(rs, 'aws:cloudwatch/logGroup:LogGroup')[0];
    const key = named(rs, 'aws:kms/key:Key').find((k) => k.name.endsWith('-logs-key'))!;
    expect(group.inputs).toMatchObject({ name: '/aws/eks/platform-production/cluster', retentionInDays: 2192, kmsKeyId: `arn:aws:mock:::aws:kms/key:Key/${key.name}` });
  });

  it('lets only CloudWatch Logs of the region use the key, for this log group only', async () => {
    const rs = await build(production);
    const key = named(rs, 'aws:kms/key:Key').find((k) => k.name.endsWith('-logs-key'))!;
    expect(JSON.parse(key.inputs.policy).Statement[1]).toEqual({
      Sid: 'CloudWatchLogsUsesKeyForThisLogGroup',
      Effect: 'Allow',
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:444455556666:log-group:/aws/eks/platform-production/cluster' } },
    });
  });

  it('keeps 365 days by default', async () => {
    const group = named(await build(validAccount()), 'aws:cloudwatch/logGroup:LogGroup')[0];
    expect(group.inputs.retentionInDays).toBe(365);
  });

  it('adopts an existing group as it is when asked (import needs matching inputs)', async () => {
    const a = validAccount();
    a.clusters[0].controlPlaneLogs = { importExisting: true };
    const group = named(await build(a), 'aws:cloudwatch/logGroup:LogGroup')[0];
    expect(group.inputs).toEqual({ name: '/aws/eks/platform-test/cluster' });
  });
});

it('makes the control plane wait for its log group (else EKS creates one without retention or key)', async () => {
  mocks.reset();
  let deps: string[] = [];
  new Platform(`c${++seq}`, { account: production }, {
    transformations: [({ type, opts }) => {
      if (type === 'eks:index:Cluster') deps = ([] as unknown[]).concat(opts.dependsOn ?? []).map((r) => (r as { __name: string }).__name);
      return undefined;
    }],
  });
  await mocks.settle();
  expect(deps).toEqual([`c${seq}-platform-production-control-plane-logs`]);
});
