import { Chart, Testing } from 'cdk8s';
import { ClusterAutoscaler, type ClusterAutoscalerProps } from '../../lib/k8s/cluster-autoscaler';
import { IRSA_ANNOTATION, serviceRoleArn } from '../../lib/names';
import { findAll, findObject } from '../support/find';
import { assertValidManifests } from '../support/k8s-validate';

const BASE: ClusterAutoscalerProps = {
  clusterName: 'platform-sandbox', kubernetesVersion: '1.33', accountId: '111122223333', region: 'us-east-1',
};

function synth(props: Partial<ClusterAutoscalerProps> = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new ClusterAutoscaler(chart, 'cluster-autoscaler', { ...BASE, ...props });
  return Testing.synth(chart);
}

function container(objects: any[]): any {
  return findObject(objects, 'Deployment', 'cluster-autoscaler', 'kube-system').spec.template.spec.containers[0];
}

describe('ClusterAutoscaler', () => {
  it('emits objects a real API server accepts', () => {
    assertValidManifests(synth());
  });

  it('emits the upstream objects, one each', () => {
    expect(synth().map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole /cluster-autoscaler',
      'ClusterRoleBinding /cluster-autoscaler',
      'Deployment kube-system/cluster-autoscaler',
      'PodDisruptionBudget kube-system/cluster-autoscaler',
      'Role kube-system/cluster-autoscaler',
      'RoleBinding kube-system/cluster-autoscaler',
      'ServiceAccount kube-system/cluster-autoscaler',
    ]);
  });

  it('annotates its service account with the IRSA role the AWS side creates', () => {
    const sa = findObject(synth(), 'ServiceAccount', 'cluster-autoscaler', 'kube-system');
    expect(sa.metadata.annotations).toEqual({
      [IRSA_ANNOTATION]: serviceRoleArn('111122223333', 'platform-sandbox', 'cluster-autoscaler'),
    });
    expect(sa.metadata.annotations[IRSA_ANNOTATION]).toBe('arn:aws:iam::111122223333:role/platform-sandbox-cluster-autoscaler');
  });

  it('discovers the node groups of its cluster by tag and balances similar groups', () => {
    expect(container(synth()).args).toEqual([
      '--v=4',
      '--cloud-provider=aws',
      '--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/platform-sandbox',
      '--balance-similar-node-groups',
      '--skip-nodes-with-local-storage=false',
      '--expander=least-waste',
      '--scale-down-unneeded-time=10m',
      '--address=:8085',
    ]);
  });

  it('runs the image of the cluster minor, as nobody, read-only, at system-cluster-critical', () => {
    const objects = synth();
    const pod = findObject(objects, 'Deployment', 'cluster-autoscaler', 'kube-system').spec.template;
    expect(container(objects).image).toBe('registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.5');
    expect(pod.spec).toMatchObject({
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'cluster-autoscaler',
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 },
    });
    expect(container(objects).securityContext).toEqual({
      readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
    });
    expect(container(objects).env).toEqual([{ name: 'AWS_REGION', value: 'us-east-1' }]);
  });

  it('exposes metrics on 8085 with the Prometheus scrape annotations', () => {
    const objects = synth();
    const pod = findObject(objects, 'Deployment', 'cluster-autoscaler', 'kube-system').spec.template;
    expect(pod.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8085', 'prometheus.io/path': '/metrics' });
    expect(container(objects).ports).toEqual([{ name: 'metrics', containerPort: 8085, protocol: 'TCP' }]);
  });

  it('guards itself with a disruption budget selecting its pods', () => {
    const objects = synth({ replicas: 2 });
    const pdb = findObject(objects, 'PodDisruptionBudget', 'cluster-autoscaler', 'kube-system');
    const deployment = findObject(objects, 'Deployment', 'cluster-autoscaler', 'kube-system');
    expect(deployment.spec.replicas).toBe(2);
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: deployment.spec.selector.matchLabels } });
  });

  it('binds the upstream cluster and kube-system rules to its service account', () => {
    const objects = synth();
    const subjects = [{ kind: 'ServiceAccount', name: 'cluster-autoscaler', namespace: 'kube-system' }];
    expect(findObject(objects, 'ClusterRoleBinding', 'cluster-autoscaler').subjects).toEqual(subjects);
    expect(findObject(objects, 'RoleBinding', 'cluster-autoscaler', 'kube-system').subjects).toEqual(subjects);
    const rules = findObject(objects, 'ClusterRole', 'cluster-autoscaler').rules;
    expect(rules).toContainEqual({ apiGroups: ['coordination.k8s.io'], resourceNames: ['cluster-autoscaler'], resources: ['leases'], verbs: ['get', 'update'] });
    expect(rules).toContainEqual({ apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] });
    expect(findAll(objects, 'Role')[0].rules).toHaveLength(2);
  });

  it('may list and watch everything the pinned releases wait for: volume attachments (1.32+) and DRA objects (1.35+)', () => {
    const objects = synth();
    const binding = findObject(objects, 'ClusterRoleBinding', 'cluster-autoscaler');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'cluster-autoscaler', namespace: 'kube-system' }]);
    const rules: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[] = findObject(objects, 'ClusterRole', binding.roleRef.name).rules;
    const allowed = (apiGroup: string, resource: string, verb: string) =>
      rules.some((r) => r.resourceNames === undefined && r.apiGroups.includes(apiGroup) && r.resources.includes(resource) && r.verbs.includes(verb));
    const watched: [string, string][] = [
      ['storage.k8s.io', 'volumeattachments'],
      ['resource.k8s.io', 'deviceclasses'],
      ['resource.k8s.io', 'resourceslices'],
      ['resource.k8s.io', 'resourceclaims'],
      ['storage.k8s.io', 'csinodes'],
      ['', 'pods'],
      ['', 'nodes'],
    ];
    const missing = watched.flatMap(([group, resource]) => ['list', 'watch'].filter((verb) => !allowed(group, resource, verb)).map((verb) => `${verb} ${group || 'core'}/${resource}`));
    expect(missing).toEqual([]);
  });

  it('takes expander, resources and an image tag of the same minor', () => {
    const objects = synth({ expander: 'random', cpuMillicores: 200, memoryMiB: 1024, imageTag: 'v1.33.3', scaleDownUnneededMinutes: 30 });
    expect(container(objects).image).toBe('registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.3');
    expect(container(objects).args).toContain('--expander=random');
    expect(container(objects).args).toContain('--scale-down-unneeded-time=30m');
    expect(container(objects).resources).toEqual({ requests: { cpu: '200m', memory: '1024Mi' }, limits: { cpu: '200m', memory: '1024Mi' } });
  });

  it('exposes its defaults on the construct', () => {
    const chart = new Chart(Testing.app(), 'test');
    const ca = new ClusterAutoscaler(chart, 'ca', BASE);
    expect({ replicas: ca.replicas, expander: ca.expander, namespace: ca.namespace, image: ca.image }).toEqual({
      replicas: 1, expander: 'least-waste', namespace: 'kube-system', image: 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.5',
    });
  });

  it('throws for an image tag of another minor', () => {
    expect(() => synth({ imageTag: 'v1.32.5' })).toThrow("'imageTag' v1.32.5 is for Kubernetes 1.32, but the cluster runs 1.33");
  });

  it('throws for zero replicas', () => {
    expect(() => synth({ replicas: 0 })).toThrow("ClusterAutoscaler 'cluster-autoscaler': 'replicas' must be a whole number of at least 1, got 0.");
  });

  it('rejects a bad config section at construction, every problem named with the construct', () => {
    expect(() => synth({ memoryMiB: 10, expander: 'priority' as never })).toThrow(
      "ClusterAutoscaler 'cluster-autoscaler': 'expander' must be one of least-waste, random, most-pods, got 'priority'.\n"
      + "ClusterAutoscaler 'cluster-autoscaler': 'memoryMiB' must be a whole number of MiB of at least 64, got 10.",
    );
    expect(() => synth({ imageTag: 'latest' })).toThrow("ClusterAutoscaler 'cluster-autoscaler': 'imageTag' must be a cluster-autoscaler release tag like 'v1.33.5', got 'latest'.");
  });
});
