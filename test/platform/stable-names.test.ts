/**
 * Routine changes rename nothing: a size, a replica count, an image tag, a retention or a
 * threshold changes objects in place. A renamed Kubernetes object or AWS resource is a delete
 * and a create on `pulumi up`, and for a volume claim, a bucket or a node group that loses data
 * or capacity. Both sides are compared by identity: Kubernetes objects by apiVersion, kind,
 * namespace and name; AWS resources (the Pulumi program under mocks) by type and logical name
 * (what the URN is made of) and by their physical name inputs.
 */
import { Testing } from 'cdk8s';
import type { AccountConfig } from '../../lib/config';
import { PlatformChart } from '../../lib/platform/k8s-platform';
import { production } from '../../stacks/accounts/production';
import type { Draft } from '../support/fixtures';
import { installMocks, type Recorded } from '../support/pulumi-mocks';

const mocks = installMocks();
let Platform: typeof import('../../lib/platform/aws-platform').Platform;
beforeAll(async () => {
  ({ Platform } = await import('../../lib/platform/aws-platform'));
});
afterAll(() => mocks.settle());

/** Production plus a Jenkins section (production runs none), so its knobs can turn too. */
function base(): AccountConfig {
  const a = structuredClone(production) as Draft<AccountConfig>;
  a.clusters[0].addons!.jenkins = { volumeSizeGiB: 50 };
  return a as AccountConfig;
}

/** {@link base} with every routine knob turned: sizes, replicas, an image tag, retentions, thresholds. */
function retuned(): AccountConfig {
  const a = structuredClone(base()) as Draft<AccountConfig>;
  const c = a.clusters[0];
  for (const g of c.nodeGroups) Object.assign(g, { minSize: g.minSize + 1, desiredSize: g.desiredSize + 1, maxSize: g.maxSize + 2, diskSizeGiB: 150 });
  const addons = c.addons!;
  Object.assign(addons.loki!, { replicas: 5, volumeSizeGiB: 80, retentionDays: 60, ingestionRateMB: 20, resources: { cpuMillicores: 2000, memoryMiB: 8192 } });
  Object.assign(addons.clusterAutoscaler!, { replicas: 3, imageTag: 'v1.35.0', scaleDownUnneededMinutes: 20 });
  Object.assign(addons.fluentBit!, { bufferLimitMiB: 64, resources: { memoryMiB: 2048 } });
  Object.assign(addons.syslogNg!, { volumeSizeGiB: 300, maxConnections: 3000, archiveIntervalMinutes: 30 });
  Object.assign(a.services!.logArchive ??= {}, { glacierAfterDays: 60, expireAfterDays: 3000 });
  Object.assign(a.services!.sops ??= {}, { deletionWindowDays: 14 });
  const metrics = addons.metrics!;
  Object.assign(metrics.prometheus!, { retentionDays: 30, volumeSizeGiB: 400, retentionSizeGiB: 350 });
  metrics.alerts = { ...metrics.alerts, filesystemFreePercent: 15, pvcFreePercent: 20 };
  Object.assign(addons.jenkins!, { volumeSizeGiB: 100 });
  Object.assign(addons.argoWorkflows!, { controllerReplicas: 2, serverReplicas: 3 });
  c.tenants![0].quota = { cpuMillicores: 32000, memoryMiB: 65536, pods: 400, storageGiB: 900 };
  return a as AccountConfig;
}

function k8sObjects(account: AccountConfig): any[] {
  return Testing.synth(new PlatformChart(Testing.app(), 'platform', { account }));
}
const k8sIdentity = (o: any) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`;

/** Inputs that name a resource outside Pulumi: changing one replaces the resource. */
const PHYSICAL_NAME_INPUTS = ['name', 'bucket', 'nodeGroupName', 'clusterName', 'roleName', 'namePrefix', 'principalArn', 'policyArn', 'targetKeyId'];

async function awsResources(account: AccountConfig): Promise<string[]> {
  mocks.reset();
  new Platform('stable', { account });
  await mocks.settle();
  return mocks.resources.map((r: Recorded) => {
    const physical = PHYSICAL_NAME_INPUTS.filter((k) => typeof r.inputs?.[k] === 'string').map((k) => `${k}=${r.inputs[k]}`);
    return `${r.type} ${r.name} ${physical.join(' ')}`.trim();
  }).sort();
}

describe('stable names', () => {
  it('the retuned account is valid and differs from production', () => {
    const before = k8sObjects(base());
    const after = k8sObjects(retuned());
    expect(JSON.stringify(after)).not.toEqual(JSON.stringify(before));
  });

  it('renames no Kubernetes object when sizes, replicas, tags, retentions and thresholds change', () => {
    expect(k8sObjects(retuned()).map(k8sIdentity).sort()).toEqual(k8sObjects(base()).map(k8sIdentity).sort());
  });

  it('renames no AWS resource (type, logical name, physical name) when they change', async () => {
    const before = await awsResources(base());
    const after = await awsResources(retuned());
    expect(before.length).toBeGreaterThan(20);
    expect(after.filter((r) => !before.includes(r))).toEqual([]);
    expect(before.filter((r) => !after.includes(r))).toEqual([]);
  });
});
