import { container, containerIn, deploymentIn, podSpecIn, validSet } from './k8s-fixtures';
import { validateManifests, ValidationOptions } from './k8s-validate';
import { findObject, Manifest } from './find';

/** Expects exactly one violation, of `rule` on `object`, whose message contains `fragment`. */
function expectOnly(objects: readonly Manifest[], object: string, rule: string, fragment = '', options?: ValidationOptions): void {
  expect(validateManifests(objects, options)).toEqual([{ object, rule, message: expect.stringContaining(fragment) }]);
}

const RBAC = 'rbac.authorization.k8s.io';

function statefulSet(serviceName: string): Manifest {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'web' },
    spec: {
      serviceName,
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: { containers: [container('db', { volumeMounts: [{ name: 'data', mountPath: '/data' }] })] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
}

function headless(name: string, clusterIP = 'None'): Manifest {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'web' }, spec: { clusterIP, selector: { app: 'db' }, ports: [{ name: 'db', port: 5432 }] } };
}

describe('validateManifests: selectors', () => {
  it('rejects a Deployment whose matchLabels do not match its pod template labels', () => {
    const objects = validSet();
    deploymentIn(objects).spec.selector.matchLabels = { 'app.kubernetes.io/name': 'other' };
    expectOnly(objects, 'Deployment web/app', 'selector-mismatch',
      'spec.selector {"matchLabels":{"app.kubernetes.io/name":"other"}} does not match spec.template.metadata.labels {"app.kubernetes.io/name":"app","tier":"frontend"}.');
  });

  it.each([
    ['In', { key: 'tier', operator: 'In', values: ['frontend'] }, true],
    ['In (value absent)', { key: 'tier', operator: 'In', values: ['backend'] }, false],
    ['NotIn', { key: 'tier', operator: 'NotIn', values: ['backend'] }, true],
    ['NotIn (value present)', { key: 'tier', operator: 'NotIn', values: ['frontend'] }, false],
    ['Exists', { key: 'tier', operator: 'Exists' }, true],
    ['Exists (key absent)', { key: 'zone', operator: 'Exists' }, false],
    ['DoesNotExist', { key: 'zone', operator: 'DoesNotExist' }, true],
    ['DoesNotExist (key present)', { key: 'tier', operator: 'DoesNotExist' }, false],
  ])('evaluates matchExpressions operator %s against the pod template labels', (_name, expression, matches) => {
    const objects = validSet();
    deploymentIn(objects).spec.selector.matchExpressions = [expression];
    expect(validateManifests(objects).map((v) => v.rule)).toEqual(matches ? [] : ['selector-mismatch']);
  });

  it('rejects an empty Deployment selector', () => {
    const objects = validSet();
    deploymentIn(objects).spec.selector = {};
    expectOnly(objects, 'Deployment web/app', 'empty-selector', 'spec.selector is empty');
  });

  it('rejects a Service whose selector matches no pod template in its namespace', () => {
    const objects = validSet();
    findObject(objects, 'Service', 'app').spec.selector = { 'app.kubernetes.io/name': 'ap' };
    expectOnly(objects, 'Service web/app', 'service-selects-nothing', 'spec.selector {"app.kubernetes.io/name":"ap"} matches no pod template in namespace \'web\'.');
  });

  it('rejects a Service selecting pods that only exist in another namespace', () => {
    const objects = [...validSet(), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } }];
    findObject(objects, 'Service', 'app').metadata.namespace = 'other';
    expectOnly(objects, 'Service other/app', 'service-selects-nothing');
  });

  it('rejects a Service targetPort name that no selected container declares', () => {
    const objects = validSet();
    findObject(objects, 'Service', 'app').spec.ports[0].targetPort = 'web';
    expectOnly(objects, 'Service web/app', 'unknown-target-port', "spec.ports[0].targetPort 'web' is not a container port name of the selected pods (Deployment app; port names: http).");
  });

  it('rejects a PodDisruptionBudget that selects no pod template, and accepts one that does', () => {
    const pdb = (app: string) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'app', namespace: 'web' }, spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': app } } } });
    expect(validateManifests([...validSet(), pdb('app')])).toEqual([]);
    expectOnly([...validSet(), pdb('api')], 'PodDisruptionBudget web/app', 'pdb-selects-nothing');
  });

  it("accepts a StatefulSet with its headless Service, mounting its volumeClaimTemplates", () => {
    expect(validateManifests([...validSet(), statefulSet('db'), headless('db')])).toEqual([]);
  });

  it('rejects a StatefulSet whose serviceName is not a Service in the set', () => {
    expectOnly([...validSet(), statefulSet('db'), headless('database')], 'StatefulSet web/db', 'missing-statefulset-service', "spec.serviceName 'db': no Service web/db in the set");
  });

  it('rejects a StatefulSet whose Service is not headless', () => {
    expectOnly([...validSet(), statefulSet('db'), headless('db', '10.100.0.10')], 'StatefulSet web/db', 'statefulset-service-not-headless');
  });
});

describe('validateManifests: pod references', () => {
  it('rejects a serviceAccountName that is not in the set, and accepts "default"', () => {
    const objects = validSet().filter((o) => o.kind !== 'ServiceAccount');
    expectOnly(objects, 'Deployment web/app', 'missing-service-account', "spec.template.spec.serviceAccountName 'app': no ServiceAccount web/app in the set");
    podSpecIn(objects).serviceAccountName = 'default';
    expect(validateManifests(objects)).toEqual([]);
  });

  it.each([
    ['a configMap volume', (s: Manifest) => { s.volumes[0].configMap.name = 'nope'; }, 'missing-configmap', 'spec.template.spec.volumes[0].configMap.name \'nope\': no ConfigMap web/nope'],
    ['a secret volume', (s: Manifest) => { s.volumes.push({ name: 'tls', secret: { secretName: 'nope' } }); }, 'missing-secret', 'volumes[1].secret.secretName \'nope\''],
    ['a persistentVolumeClaim volume', (s: Manifest) => { s.volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'nope' } }); }, 'missing-pvc', 'volumes[1].persistentVolumeClaim.claimName \'nope\''],
    ['a projected configMap', (s: Manifest) => { s.volumes.push({ name: 'p', projected: { sources: [{ configMap: { name: 'nope' } }] } }); }, 'missing-configmap', 'volumes[1].projected.sources[0].configMap.name'],
    ['a projected secret', (s: Manifest) => { s.volumes.push({ name: 'p', projected: { sources: [{ secret: { name: 'nope' } }] } }); }, 'missing-secret', 'volumes[1].projected.sources[0].secret.name'],
    ['an env secretKeyRef', (s: Manifest) => { s.containers[0].env[0].valueFrom.secretKeyRef.name = 'nope'; }, 'missing-secret', 'containers[0].env[0].valueFrom.secretKeyRef.name \'nope\''],
    ['an env configMapKeyRef', (s: Manifest) => { s.containers[0].env.push({ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x' } } }); }, 'missing-configmap', 'env[1].valueFrom.configMapKeyRef.name'],
    ['an envFrom configMapRef', (s: Manifest) => { s.containers[0].envFrom = [{ configMapRef: { name: 'nope' } }]; }, 'missing-configmap', 'containers[0].envFrom[0].configMapRef.name'],
    ['an envFrom secretRef', (s: Manifest) => { s.containers[0].envFrom = [{ secretRef: { name: 'nope' } }]; }, 'missing-secret', 'containers[0].envFrom[0].secretRef.name'],
    ['an imagePullSecret', (s: Manifest) => { s.imagePullSecrets = [{ name: 'nope' }]; }, 'missing-secret', 'spec.template.spec.imagePullSecrets[0].name'],
  ])('rejects %s naming an object that is not in the set', (_what, breakIt, rule, fragment) => {
    const objects = validSet();
    breakIt(podSpecIn(objects));
    expectOnly(objects, 'Deployment web/app', rule, fragment);
  });

  it('accepts a missing reference declared external, with or without its namespace', () => {
    const objects = validSet();
    podSpecIn(objects).imagePullSecrets = [{ name: 'registry' }];
    expect(validateManifests(objects, { external: [{ kind: 'Secret', namespace: 'web', name: 'registry' }] })).toEqual([]);
    expect(validateManifests(objects, { external: [{ kind: 'Secret', name: 'registry' }] })).toEqual([]);
    expect(validateManifests(objects, { external: [{ kind: 'Secret', namespace: 'other', name: 'registry' }] }).map((v) => v.rule)).toEqual(['missing-secret']);
  });

  it('rejects references from a CronJob job template and from a bare Pod', () => {
    const cronJob = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'web' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [container('backup', { envFrom: [{ secretRef: { name: 'backup-creds' } }] })] } } } } },
    };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'web' }, spec: { serviceAccountName: 'debugger', containers: [container('debug')] } };
    expect(validateManifests([...validSet(), cronJob, pod])).toEqual([
      { object: 'CronJob web/backup', rule: 'missing-secret', message: expect.stringContaining("spec.jobTemplate.spec.template.spec.containers[0].envFrom[0].secretRef.name 'backup-creds'") },
      { object: 'Pod web/debug', rule: 'missing-service-account', message: expect.stringContaining("spec.serviceAccountName 'debugger'") },
    ]);
  });

  it('rejects a volumeMount whose name is not a volume of the pod', () => {
    const objects = validSet();
    containerIn(objects).volumeMounts.push({ name: 'cache', mountPath: '/cache' });
    expectOnly(objects, 'Deployment web/app', 'unknown-volume-mount', "spec.template.spec.containers[0] mounts volume 'cache', which is not a volume of the pod (volumes: config).");
  });

  it('rejects a configMap volume item whose key is not in the ConfigMap', () => {
    const objects = validSet();
    podSpecIn(objects).volumes[0].configMap.items[0].key = 'nginx.conf';
    expectOnly(objects, 'Deployment web/app', 'missing-configmap-key', "spec.template.spec.volumes[0].configMap.items[0].key 'nginx.conf' is not a key of ConfigMap app-config (its keys: app.conf).");
  });

  it('rejects a secretKeyRef whose key is not in the Secret', () => {
    const objects = validSet();
    containerIn(objects).env[0].valueFrom.secretKeyRef.key = 'pass';
    expectOnly(objects, 'Deployment web/app', 'missing-secret-key', "'pass' is not a key of Secret app-secret (its keys: password).");
  });
});

describe('validateManifests: RBAC', () => {
  const binding = (kind: string, roleKind: string, roleName: string, subjects: Manifest[] = []): Manifest => ({
    apiVersion: `${RBAC}/v1`, kind, metadata: kind === 'RoleBinding' ? { name: 'b', namespace: 'web' } : { name: 'b' },
    roleRef: { apiGroup: RBAC, kind: roleKind, name: roleName }, subjects,
  });

  it('rejects a RoleBinding to a Role that is not in its namespace', () => {
    const role = { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'reader', namespace: 'kube-system' }, rules: [] };
    expectOnly([...validSet(), role, binding('RoleBinding', 'Role', 'reader')], 'RoleBinding web/b', 'missing-role', "roleRef Role 'web/reader' is not in the set nor built in");
  });

  it('rejects a ClusterRoleBinding to a ClusterRole that is not in the set, unless external', () => {
    const objects = [...validSet(), binding('ClusterRoleBinding', 'ClusterRole', 'eks:reader')];
    expectOnly(objects, 'ClusterRoleBinding b', 'missing-role', "roleRef ClusterRole 'eks:reader'");
    expect(validateManifests(objects, { external: [{ kind: 'ClusterRole', name: 'eks:reader' }] })).toEqual([]);
  });

  it('rejects a ClusterRoleBinding whose roleRef is a Role', () => {
    expectOnly([...validSet(), binding('ClusterRoleBinding', 'Role', 'reader')], 'ClusterRoleBinding b', 'invalid-role-ref', "roleRef must have apiGroup 'rbac.authorization.k8s.io' and kind 'ClusterRole', got apiGroup 'rbac.authorization.k8s.io', kind 'Role'.");
  });

  it('rejects a ServiceAccount subject that is not in the set', () => {
    const objects = [...validSet(), binding('RoleBinding', 'ClusterRole', 'edit', [{ kind: 'ServiceAccount', name: 'ci', namespace: 'web' }])];
    expectOnly(objects, 'RoleBinding web/b', 'missing-service-account', 'subjects[0]: no ServiceAccount web/ci in the set');
  });

  it('rejects a ServiceAccount subject without namespace in a ClusterRoleBinding', () => {
    const objects = [...validSet(), binding('ClusterRoleBinding', 'ClusterRole', 'view', [{ kind: 'ServiceAccount', name: 'app' }])];
    expectOnly(objects, 'ClusterRoleBinding b', 'subject-namespace-required', "subjects[0] (ServiceAccount 'app') needs a namespace");
  });
});

describe('validateManifests: Ingress and HorizontalPodAutoscaler targets', () => {
  const ingress = (service: string, port: Manifest): Manifest => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'app', namespace: 'web' },
    spec: { rules: [{ host: 'app.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port } } }] } }] },
  });

  it('accepts an Ingress backend naming a Service port by name or number', () => {
    expect(validateManifests([...validSet(), ingress('app', { name: 'http' })])).toEqual([]);
    expect(validateManifests([...validSet(), ingress('app', { number: 80 })])).toEqual([]);
  });

  it('rejects an Ingress backend Service that is not in the set', () => {
    expectOnly([...validSet(), ingress('api', { number: 80 })], 'Ingress web/app', 'missing-service', "spec.rules[0].http.paths[0].backend.service.name 'api'");
  });

  it('rejects an Ingress backend port that the Service does not have', () => {
    expectOnly([...validSet(), ingress('app', { number: 8080 })], 'Ingress web/app', 'unknown-service-port', 'is not a port of Service app (ports: http).');
  });

  it('rejects a HorizontalPodAutoscaler whose scale target is not in the set', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'app', namespace: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'app' }, minReplicas: 1, maxReplicas: 3 },
    };
    expectOnly([...validSet(), hpa], 'HorizontalPodAutoscaler web/app', 'missing-scale-target', 'spec.scaleTargetRef: no StatefulSet web/app in the set');
  });
});
