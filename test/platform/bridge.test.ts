/**
 * The cdk8s -> Pulumi bridge under mocked Pulumi: what a chart synthesizes is exactly what is
 * registered, CRDs and Namespaces first.
 */
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { ClusterAutoscaler } from '../../lib/k8s/cluster-autoscaler';

interface Recorded { type: string; name: string; inputs: Record<string, any>; provider?: string }
const recorded: Recorded[] = [];

let bridge: typeof import('../../lib/platform/bridge');

beforeAll(async () => {
  await pulumi.runtime.setMocks({
    newResource: (args) => {
      recorded.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  }, 'eks-platform', 'test', false);
  bridge = await import('../../lib/platform/bridge');
});

async function settle(): Promise<void> {
  let quiet = 0;
  let last = -1;
  while (quiet < 20) {
    await new Promise((r) => setImmediate(r));
    if (recorded.length === last) quiet++;
    else { quiet = 0; last = recorded.length; }
  }
}

/** A chart with a Namespace and a CRD emitted after the objects that need them. */
function chartObjects(): any[] {
  const chart = new Chart(Testing.app(), 'platform');
  new ClusterAutoscaler(chart, 'cluster-autoscaler', {
    clusterName: 'platform-sandbox', kubernetesVersion: '1.33', accountId: '111122223333', region: 'us-east-1',
  });
  new ApiObject(chart, 'workflow', {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow', metadata: { name: 'nightly', namespace: 'argo' },
    spec: { schedule: '0 2 * * *' },
  });
  new ApiObject(chart, 'secret', {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'argo' }, stringData: { token: 's3cr3t' },
  });
  new ApiObject(chart, 'crd', {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'cronworkflows.argoproj.io' },
    spec: {
      group: 'argoproj.io',
      names: { kind: 'CronWorkflow', plural: 'cronworkflows', singular: 'cronworkflow', listKind: 'CronWorkflowList' },
      scope: 'Namespaced',
      versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  });
  new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argo' } });
  return chart.toJson();
}

function identity(o: any): string {
  return `${bridge.kubernetesTypeToken(o.apiVersion, o.kind)} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

describe('deployChartObjects', () => {
  it('registers exactly the objects the chart synthesizes, with their full content', async () => {
    const objects = chartObjects();
    const provider = bridge.kubeconfigProvider('exact-k8s', '{"apiVersion":"v1","kind":"Config"}');
    const deployed = bridge.deployChartObjects('exact', objects, { provider });
    await settle();
    const mine = recorded.filter((r) => r.name.startsWith('exact:'));
    expect(mine).toHaveLength(objects.length);
    expect(mine.map((r) => `${r.type} ${r.inputs.metadata.namespace ?? ''}/${r.inputs.metadata.name}`).sort())
      .toEqual(objects.map(identity).sort());
    for (const object of objects.filter((o) => o.kind !== 'Secret')) {
      const r = mine.find((m) => m.type === bridge.kubernetesTypeToken(object.apiVersion, object.kind) && m.inputs.metadata.name === object.metadata.name)!;
      expect(r.inputs).toEqual(object);
    }
    expect(deployed.map((d) => d.object)).toEqual(expect.arrayContaining(objects));
  });

  it('applies CRDs and Namespaces first and makes everything else wait for them', async () => {
    const provider = bridge.kubeconfigProvider('order-k8s', '{}');
    const deployed = bridge.deployChartObjects('order', chartObjects(), { provider });
    expect(deployed.slice(0, 2).map((d) => d.object.kind).sort()).toEqual(['CustomResourceDefinition', 'Namespace']);
    const first = deployed.filter((d) => d.prerequisite);
    expect(first.every((d) => d.dependsOn.length === 0)).toBe(true);
    for (const d of deployed.filter((x) => !x.prerequisite)) {
      expect(d.dependsOn).toEqual(first.map((f) => f.resource));
    }
    await settle();
  });

  it('makes every object, CRDs and Namespaces included, wait for the resources in dependsOn', async () => {
    const provider = bridge.kubeconfigProvider('deps-k8s', '{}');
    const nodes = new pulumi.ComponentResource('test:index:Nodes', 'deps-nodes');
    const deployed = bridge.deployChartObjects('deps', chartObjects(), { provider, dependsOn: [nodes] });
    const prerequisites = deployed.filter((d) => d.prerequisite).map((d) => d.resource);
    for (const d of deployed) {
      expect(d.dependsOn).toEqual(d.prerequisite ? [nodes] : [nodes, ...prerequisites]);
    }
    await settle();
  });

  it('passes the ChartDeployment dependsOn argument to every object it creates', async () => {
    const provider = bridge.kubeconfigProvider('cdeps-k8s', '{}');
    const nodes = new pulumi.ComponentResource('test:index:Nodes', 'cdeps-nodes');
    const waits: Record<string, unknown[]> = {};
    new bridge.ChartDeployment('cdeps', { objects: chartObjects(), provider, dependsOn: [nodes] }, {
      transformations: [({ name, opts }) => {
        if (name.startsWith('cdeps:')) waits[name] = [opts.dependsOn].flat();
        return undefined;
      }],
    });
    await settle();
    expect(Object.keys(waits)).toHaveLength(chartObjects().length);
    expect(Object.entries(waits).filter(([, deps]) => !deps.includes(nodes)).map(([n]) => n)).toEqual([]);
  });

  it('applies every object through the cluster provider', async () => {
    const provider = bridge.kubeconfigProvider('prov-k8s', '{}');
    bridge.deployChartObjects('prov', chartObjects(), { provider });
    await settle();
    const mine = recorded.filter((r) => r.name.startsWith('prov:'));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.provider?.includes('pulumi:providers:kubernetes::prov-k8s'))).toBe(true);
    expect(recorded.find((r) => r.name === 'prov-k8s')!.inputs).toMatchObject({ enableServerSideApply: 'true' });
  });

  it('wraps the objects in a ChartDeployment component', async () => {
    const provider = bridge.kubeconfigProvider('comp-k8s', '{}');
    const objects = chartObjects();
    const deployment = new bridge.ChartDeployment('comp', { objects, provider });
    expect(deployment.objects).toHaveLength(objects.length);
    await settle();
    expect(recorded.filter((r) => r.name.startsWith('comp:'))).toHaveLength(objects.length);
  });
});

describe('planChartObjects', () => {
  it('names resources by kind, namespace and name, and types them like @pulumi/kubernetes', () => {
    const plan = bridge.planChartObjects('p', chartObjects());
    expect(plan.find((p) => p.object.kind === 'Namespace')).toMatchObject({ resourceName: 'p:Namespace:argo', type: 'kubernetes:core/v1:Namespace', prerequisite: true });
    expect(plan.find((p) => p.object.kind === 'Deployment')).toMatchObject({
      resourceName: 'p:Deployment:kube-system/cluster-autoscaler', type: 'kubernetes:apps/v1:Deployment', prerequisite: false,
    });
  });

  it('uses the type tokens of the typed @pulumi/kubernetes classes (so URNs match theirs)', async () => {
    const k8s = await import('@pulumi/kubernetes');
    const cases: [string, string, { __pulumiType: string }][] = [
      ['v1', 'ConfigMap', k8s.core.v1.ConfigMap as any],
      ['v1', 'Namespace', k8s.core.v1.Namespace as any],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', k8s.rbac.v1.ClusterRole as any],
      ['apps/v1', 'Deployment', k8s.apps.v1.Deployment as any],
      ['policy/v1', 'PodDisruptionBudget', k8s.policy.v1.PodDisruptionBudget as any],
      ['storage.k8s.io/v1', 'StorageClass', k8s.storage.v1.StorageClass as any],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', k8s.apiextensions.v1.CustomResourceDefinition as any],
    ];
    expect(cases.map(([apiVersion, kind]) => bridge.kubernetesTypeToken(apiVersion, kind))).toEqual(cases.map(([, , cls]) => cls.__pulumiType));
  });

  it('throws on an object emitted twice', () => {
    const objects = chartObjects();
    const dup = objects.find((o) => o.kind === 'ServiceAccount');
    expect(() => bridge.planChartObjects('dup', [...objects, { ...dup }])).toThrow(
      "ChartDeployment 'dup': objects[" + objects.length + '] (ServiceAccount kube-system/cluster-autoscaler) duplicates objects[',
    );
  });

  it('throws on an object without a name', () => {
    expect(() => bridge.planChartObjects('bad', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }]))
      .toThrow("ChartDeployment 'bad': objects[0] (ConfigMap <no name>) needs a string apiVersion, kind and metadata.name.");
  });
});
