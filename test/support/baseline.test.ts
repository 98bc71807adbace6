import { checkBaseline, unusedExceptions, type BaselineException } from './baseline';
import type { Manifest } from './k8s-shared';

const LABELS = { app: 'web' };

/** A Deployment that meets every rule, with its PDB, ServiceAccount and a retaining StorageClass. */
function compliant(): Manifest[] {
  return structuredClone([
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'keep', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain' },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'apps' }, automountServiceAccountToken: false },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'apps' }, spec: { maxUnavailable: 1, selector: { matchLabels: LABELS } } },
    {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'apps' },
      spec: {
        replicas: 2,
        selector: { matchLabels: LABELS },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }],
        template: {
          metadata: { labels: LABELS },
          spec: {
            serviceAccountName: 'web',
            securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: LABELS } },
              { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: LABELS } },
            ],
            containers: [{
              name: 'web',
              image: 'nginx:1.27.3',
              ports: [{ name: 'http', containerPort: 8080 }],
              livenessProbe: { httpGet: { path: '/', port: 'http' } },
              readinessProbe: { httpGet: { path: '/', port: 'http' } },
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    },
  ]);
}

const workload = (objects: Manifest[]) => objects.find((o) => o.kind === 'StatefulSet')!;
const pod = (objects: Manifest[]) => workload(objects).spec.template.spec;
const container = (objects: Manifest[]) => pod(objects).containers[0];

/** The rules reported after `mutate` breaks the compliant set. */
function rulesAfter(mutate: (objects: Manifest[]) => void): string[] {
  const objects = compliant();
  mutate(objects);
  return [...new Set(checkBaseline(objects).map((v) => v.rule))];
}

describe('checkBaseline', () => {
  it('reports nothing for a compliant workload', () => {
    expect(checkBaseline(compliant())).toEqual([]);
  });

  it.each<[string, string, (o: Manifest[]) => void]>([
    ['run-as-root', 'runAsNonRoot unset', (o) => { delete pod(o).securityContext.runAsNonRoot; }],
    ['run-as-root', 'runAsUser 0', (o) => { container(o).securityContext.runAsUser = 0; }],
    ['privilege-escalation', 'allowPrivilegeEscalation unset', (o) => { delete container(o).securityContext.allowPrivilegeEscalation; }],
    ['capabilities', 'capabilities not dropped', (o) => { container(o).securityContext.capabilities = {}; }],
    ['capabilities', 'capabilities added', (o) => { container(o).securityContext.capabilities.add = ['NET_ADMIN']; }],
    ['seccomp', 'no seccomp profile', (o) => { delete pod(o).securityContext.seccompProfile; }],
    ['writable-root-fs', 'writable root filesystem', (o) => { container(o).securityContext.readOnlyRootFilesystem = false; }],
    ['resources', 'no cpu request', (o) => { delete container(o).resources.requests.cpu; }],
    ['resources', 'no memory limit', (o) => { container(o).resources.limits = {}; }],
    ['probes', 'no liveness probe on a server', (o) => { delete container(o).livenessProbe; }],
    ['probes', 'no readiness probe on a server', (o) => { delete container(o).readinessProbe; }],
    ['image-tag', 'untagged image', (o) => { container(o).image = 'nginx'; }],
    ['image-tag', 'latest tag', (o) => { container(o).image = 'registry.example.com:5000/nginx:latest'; }],
    ['privileged', 'privileged container', (o) => { container(o).securityContext.privileged = true; }],
    ['host-network', 'host network', (o) => { pod(o).hostNetwork = true; }],
    ['host-pid', 'host PID', (o) => { pod(o).hostPID = true; }],
    ['host-ipc', 'host IPC', (o) => { pod(o).hostIPC = true; }],
    ['host-port', 'a host port', (o) => { container(o).ports[0].hostPort = 8080; }],
    ['host-path', 'hostPath volume', (o) => { pod(o).volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }]; }],
    ['api-token', 'token mounted by the ServiceAccount default', (o) => { delete o[1].automountServiceAccountToken; }],
    ['api-token', 'token mounted by the pod', (o) => { pod(o).automountServiceAccountToken = true; }],
    ['retain-data', 'claim on a Delete StorageClass', (o) => { o[0].reclaimPolicy = 'Delete'; }],
    ['retain-data', 'claim on a StorageClass not among the objects', (o) => { workload(o).spec.volumeClaimTemplates[0].spec.storageClassName = 'gp2'; }],
    ['retain-data', 'a StatefulSet without a claim', (o) => { workload(o).spec.volumeClaimTemplates = []; }],
    ['retain-data', 'a standalone claim on a Delete StorageClass', (o) => { o.push({ kind: 'StorageClass', metadata: { name: 'scratch' }, reclaimPolicy: 'Delete' }, { kind: 'PersistentVolumeClaim', metadata: { name: 'cache', namespace: 'apps' }, spec: { storageClassName: 'scratch' } }); }],
    ['disruption-budget', 'replicated without a PDB', (o) => { o.splice(2, 1); }],
    ['spread', 'replicated without spreading over zones', (o) => { pod(o).topologySpreadConstraints.splice(0, 1); }],
  ])('reports %s: %s', (rule, _case, mutate) => {
    expect(rulesAfter(mutate)).toEqual([rule]);
  });

  it('accepts pod anti-affinity instead of topology spread', () => {
    expect(rulesAfter((o) => {
      pod(o).topologySpreadConstraints = [];
      pod(o).affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({ weight: 1, podAffinityTerm: { topologyKey, labelSelector: { matchLabels: LABELS } } })) } };
    })).toEqual([]);
  });

  it('reports a node agent that tolerates only some taints and has no priority class', () => {
    const ds: Manifest = { ...workload(compliant()), kind: 'DaemonSet' };
    ds.spec.template.spec.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
    expect(checkBaseline([compliant()[1], ds]).map((v) => v.message)).toEqual([
      "a node agent must tolerate every taint ({ operator: 'Exists' }).",
      'a node agent must carry a priorityClassName so it is not evicted first.',
    ]);
  });

  it.each([['verbs'], ['resources'], ['apiGroups']])('reports a wildcard in a rule\'s %s', (field) => {
    const role: Manifest = { kind: 'Role', metadata: { name: 'r', namespace: 'apps' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] };
    role.rules[0][field] = ['*'];
    expect(checkBaseline([role]).map((v) => v.rule)).toEqual(['rbac-wildcard']);
  });

  it('reports a cluster-admin binding', () => {
    const binding = { kind: 'RoleBinding', metadata: { name: 'b', namespace: 'apps' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [] };
    expect(checkBaseline([binding]).map((v) => v.rule)).toEqual(['cluster-admin']);
  });

  it('reports Secrets readable cluster-wide, not through a namespaced RoleBinding', () => {
    const role = { kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] };
    const clusterWide = { kind: 'ClusterRoleBinding', metadata: { name: 'reader' }, roleRef: { kind: 'ClusterRole', name: 'reader' } };
    const namespaced = { kind: 'RoleBinding', metadata: { name: 'reader', namespace: 'apps' }, roleRef: { kind: 'ClusterRole', name: 'reader' } };
    expect(checkBaseline([role, clusterWide, namespaced]).map((v) => `${v.object} ${v.rule}`)).toEqual(['ClusterRoleBinding reader cluster-secrets']);
  });

  it('waives a listed rule on the listed object only, and reports an entry that waives nothing', () => {
    const objects = compliant();
    pod(objects).hostNetwork = true;
    const waiver: BaselineException = { kind: 'StatefulSet', namespace: 'apps', name: 'web', rule: 'host-network', reason: 'answers on the node address' };
    const stale: BaselineException = { ...waiver, rule: 'host-pid' };
    expect(checkBaseline(objects, [waiver, stale]).map((v) => v.rule)).toEqual(['stale-exception']);
    expect(unusedExceptions([objects], [waiver, stale])).toEqual([stale]);
  });

  it('does not waive with an empty reason', () => {
    const objects = compliant();
    pod(objects).hostNetwork = true;
    expect(checkBaseline(objects, [{ kind: 'StatefulSet', namespace: 'apps', name: 'web', rule: 'host-network', reason: ' ' }], false).map((v) => v.rule)).toEqual(['host-network']);
  });
});
