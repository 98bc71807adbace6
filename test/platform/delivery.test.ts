/**
 * `pulumi up` delivers the same Kubernetes objects `cdk8s synth` writes: the Platform applies
 * every object of the PlatformChart (except aws-auth, which @pulumi/eks owns with identical
 * content), and every IRSA annotation names a role the Platform creates.
 */
import { Testing } from 'cdk8s';
import type { AccountConfig } from '../../lib/config';
import { IRSA_ANNOTATION } from '../../lib/names';
import { PlatformChart } from '../../lib/platform/k8s-platform';
import { ACCOUNTS } from '../../stacks/accounts';
import { installMocks, type Recorded } from '../support/pulumi-mocks';

const mocks = installMocks();
let platform: typeof import('../../lib/platform/aws-platform');
beforeAll(async () => {
  platform = await import('../../lib/platform/aws-platform');
});
afterAll(() => mocks.settle());

const built = new Map<string, Recorded[]>();
async function build(account: AccountConfig): Promise<Recorded[]> {
  if (!built.has(account.name)) {
    mocks.reset();
    new platform.Platform(`d-${account.name}`, { account });
    await mocks.settle();
    built.set(account.name, [...mocks.resources]);
  }
  return built.get(account.name)!;
}

const key = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
/** A chart object applied by the bridge (not the provider, not an adopted cluster's aws-auth patch: test/aws/adopt). */
const isChartObject = (r: Recorded) => r.type.startsWith('kubernetes:') && r.type !== 'pulumi:providers:kubernetes' && r.type !== 'kubernetes:core/v1:ConfigMapPatch';

describe.each(Object.keys(ACCOUNTS))('account %s', (name) => {
  const account = ACCOUNTS[name];
  const cluster = account.clusters[0];

  it('applies every object the PlatformChart synthesizes, except the aws-auth ConfigMap @pulumi/eks owns', async () => {
    // The `efs` StorageClass carries the EFS file system's id: BuildCache (lib/aws/efs) creates it, not the chart.
    const applied = (await build(account)).filter(isChartObject).filter((r) => !(r.inputs.kind === 'StorageClass' && r.inputs.metadata.name === 'efs'));
    const synthesized = Testing.synth(new PlatformChart(Testing.app(), 'platform', { account, clusterName: cluster.name }));
    const expected = synthesized.filter((o) => !(o.kind === 'ConfigMap' && o.metadata.name === 'aws-auth')).map(key).sort();
    expect(applied.map((r) => key(r.inputs)).sort()).toEqual(expected);
    expect(applied).toHaveLength(synthesized.length - 1);
  });

  it('applies each object with its own Kubernetes type token', async () => {
    const applied = (await build(account)).filter(isChartObject);
    for (const r of applied) {
      const [group, version] = r.inputs.apiVersion.includes('/') ? r.inputs.apiVersion.split('/') : ['core', r.inputs.apiVersion];
      expect(r.type).toBe(`kubernetes:${group}/${version}:${r.inputs.kind}`);
    }
  });

  it('applies every object only after the node groups, the IRSA roles and EKS add-ons, and the access entries', async () => {
    // A component's own dependsOn does not reach its children: each object must carry it.
    const missing: string[] = [];
    mocks.reset();
    new platform.Platform(`w-${account.name}`, { account }, {
      transformations: [({ type, name: resourceName, opts }) => {
        if (!type.startsWith('kubernetes:') || type === 'kubernetes:core/v1:ConfigMapPatch') return undefined;
        const waits = new Set(([opts.dependsOn].flat() as any[]).map((r) => r?.__pulumiType));
        for (const t of ['eks-platform:aws:TenancyMigration', 'eks-platform:aws:ClusterServices', 'eks-platform:aws:ClusterAccess']) {
          if (!waits.has(t)) missing.push(`${resourceName} waits for no ${t}`);
        }
        return undefined;
      }],
    });
    await mocks.settle();
    expect(mocks.resources.filter(isChartObject).length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('annotates every service account with the ARN of a role the Platform creates', async () => {
    const resources = await build(account);
    const roleArns = new Set(resources.filter((r) => r.type === 'aws:iam/role:Role').map((r) => `arn:aws:iam::${account.accountId}:role/${r.inputs.name}`));
    const annotated = platform.platformObjects(account, cluster)
      .filter((o) => o.kind === 'ServiceAccount' && o.metadata.annotations?.[IRSA_ANNOTATION]);
    expect(annotated.length).toBeGreaterThanOrEqual(3);
    for (const sa of annotated) expect(roleArns).toContain(sa.metadata.annotations[IRSA_ANNOTATION]);
  });
});
