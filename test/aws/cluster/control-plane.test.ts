/**
 * The control plane under Pulumi mocks: what `EksCluster` hands `@pulumi/eks` (a remote
 * component: one recorded resource with its inputs) and the resources it creates itself.
 */
import type { AccountConfig } from '../../../lib/config';
import { production } from '../../../stacks/accounts/production';
import { validAccount, type Draft } from '../../support/fixtures';
import { installMocks, type Recorded } from '../../support/pulumi-mocks';

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
