/**
 * The deployer's cluster admin access entry: declared, adopted from EKS's bootstrap entry or
 * created, kept when the deployer leaves the config; and its validation.
 */
import type { AccountConfig } from '../../../lib/config';
import { validateAccount } from '../../../lib/config';
import { validAccount, type Draft } from '../../support/fixtures';
import { installMocks } from '../../support/pulumi-mocks';

const mocks = installMocks();
let Platform: typeof import('../../../lib/platform/aws-platform').Platform;
beforeAll(async () => {
  ({ Platform } = await import('../../../lib/platform/aws-platform'));
});
afterAll(() => mocks.settle());

const DEPLOYER = 'arn:aws:iam::111122223333:role/platform-deployer';
const ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

interface Made { type: string; inputs: Record<string, unknown>; import?: string; retainOnDelete?: boolean }

let seq = 0;
async function deployerResources(edit: (a: Draft<AccountConfig>) => void): Promise<Made[]> {
  const a = validAccount();
  a.deployerRoleArn = DEPLOYER;
  edit(a);
  mocks.reset();
  const opts: Record<string, { import?: string; retainOnDelete?: boolean }> = {};
  new Platform(`d${++seq}`, { account: a as AccountConfig }, {
    transformations: [({ name, opts: o }) => {
      opts[name] = { import: (o as { import?: string }).import, retainOnDelete: o.retainOnDelete };
      return undefined;
    }],
  });
  await mocks.settle();
  return mocks.resources
    .filter((r) => r.name.includes('-access-deployer'))
    .map((r) => ({ type: r.type, inputs: r.inputs, ...opts[r.name] }));
}

describe('deployer access entry', () => {
  it('adopts the bootstrap entry EKS made for the creator, and its admin policy, by default', async () => {
    expect(await deployerResources(() => undefined)).toEqual([
      { type: 'aws:eks/accessEntry:AccessEntry', inputs: { clusterName: 'platform-test', principalArn: DEPLOYER, type: 'STANDARD' }, import: `platform-test:${DEPLOYER}`, retainOnDelete: true },
      {
        type: 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation',
        inputs: { clusterName: 'platform-test', principalArn: DEPLOYER, policyArn: ADMIN_POLICY, accessScope: { type: 'cluster' } },
        import: `platform-test#${DEPLOYER}#${ADMIN_POLICY}`,
        retainOnDelete: true,
      },
    ]);
  });

  it('creates them when someone else created the cluster', async () => {
    const made = await deployerResources((a) => { a.clusters[0].deployerEntry = 'create'; });
    expect(made.map((m) => [m.type, m.import, m.retainOnDelete])).toEqual([
      ['aws:eks/accessEntry:AccessEntry', undefined, true],
      ['aws:eks/accessPolicyAssociation:AccessPolicyAssociation', undefined, true],
    ]);
  });

  it('manages nothing yet while the cluster is being created (bootstrap)', async () => {
    expect(await deployerResources((a) => { a.clusters[0].deployerEntry = 'bootstrap'; })).toEqual([]);
  });

  it('manages nothing in CONFIG_MAP mode (no access entries)', async () => {
    expect(await deployerResources((a) => { a.clusters[0].authenticationMode = 'CONFIG_MAP'; })).toEqual([]);
  });
});

describe('deployer validation', () => {
  const problems = (edit: (a: Draft<AccountConfig>) => void) => {
    const a = validAccount();
    a.deployerRoleArn = DEPLOYER;
    edit(a);
    return validateAccount(a as AccountConfig).map((p) => `${p.path}: ${p.message}`);
  };

  it('rejects a deployer that is not a role ARN', () => {
    expect(problems((a) => { a.deployerRoleArn = 'arn:aws:iam::111122223333:user/alice'; })).toEqual([
      "deployerRoleArn: must be an IAM role ARN like 'arn:aws:iam::111122223333:role/platform-deployer' (the role your profile assumes), got 'arn:aws:iam::111122223333:user/alice'.",
    ]);
  });

  it('rejects a deployer of another account', () => {
    expect(problems((a) => { a.deployerRoleArn = 'arn:aws:iam::999999999999:role/platform-deployer'; })).toEqual([
      "deployerRoleArn: must be a role of account '111122223333' (the one pulumi up deploys to), got 'arn:aws:iam::999999999999:role/platform-deployer'.",
    ]);
  });

  it('rejects the deployer mapped again as an identity', () => {
    expect(problems((a) => { a.clusters[0].identities!.push({ arn: DEPLOYER, access: { kind: 'admin' } }); })).toEqual([
      "clusters[0].identities[3].arn: is the account's deployerRoleArn, which gets cluster admin through its own access entry; remove this mapping (two entries for one principal conflict).",
    ]);
  });

  it('rejects an unknown deployerEntry', () => {
    expect(problems((a) => { (a.clusters[0] as { deployerEntry?: unknown }).deployerEntry = 'adopt'; })).toEqual([
      "clusters[0].deployerEntry: must be 'import', 'create' or 'bootstrap', got 'adopt'.",
    ]);
  });
});
