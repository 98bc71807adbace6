import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { container, containerIn, deploymentIn, podSpecIn, validSet } from './k8s-fixtures';
import { assertValidManifests, validateManifests } from './k8s-validate';
import { findObject, Manifest } from './find';

/** Expects exactly one violation, of `rule` on `object`, whose message contains `fragment`. */
function expectOnly(objects: readonly Manifest[], object: string, rule: string, fragment = ''): void {
  expect(validateManifests(objects)).toEqual([{ object, rule, message: expect.stringContaining(fragment) }]);
}

describe('validateManifests: valid input', () => {
  it('accepts a hand-written Namespace, ServiceAccount, ConfigMap, Secret, Deployment and Service', () => {
    expect(validateManifests(validSet())).toEqual([]);
  });

  it('accepts a cdk8s-plus-27 Deployment with a ConfigMap volume and the Service it exposes', () => {
    const chart = new Chart(Testing.app(), 'web', { namespace: 'web' });
    const config = new kplus.ConfigMap(chart, 'config', { data: { 'app.conf': 'listen 8080' } });
    const deployment = new kplus.Deployment(chart, 'app', {
      containers: [{
        image: 'nginx:1.27.3',
        ports: [{ name: 'http', number: 8080 }],
        volumeMounts: [{ path: '/etc/app', volume: kplus.Volume.fromConfigMap(chart, 'config-volume', config) }],
      }],
    });
    deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    const objects = Testing.synth(chart);

    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
    expect(() => assertValidManifests(objects, { external: [{ kind: 'Namespace', name: 'web' }] })).not.toThrow();
  });

  it('accepts RBAC names with colons, built-in cluster roles and a RoleBinding subject without namespace', () => {
    const objects = [
      ...validSet(),
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'web:reader' }, rules: [] },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'app:view', namespace: 'web' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'app' }, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'web:reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'web:reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: 'web' }],
      },
    ];
    expect(validateManifests(objects)).toEqual([]);
  });

  it('accepts custom resources declared in customKinds or served by a CustomResourceDefinition in the set', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', scope: 'Cluster', names: { kind: 'Widget', plural: 'widgets' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    };
    const objects = [
      ...validSet(), crd,
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      { apiVersion: 'gizmos.example.org/v1alpha1', kind: 'Gizmo', metadata: { name: 'nightly', namespace: 'web' }, spec: {} },
    ];
    expect(validateManifests(objects, { customKinds: [{ apiVersion: 'gizmos.example.org/v1alpha1', kind: 'Gizmo' }] })).toEqual([]);
  });

  it('accepts references declared external, optional references, and images pinned by digest', () => {
    const objects = validSet().filter((o) => o.kind !== 'Namespace' && o.kind !== 'Secret');
    const spec = podSpecIn(objects);
    spec.volumes.push({ name: 'extra', configMap: { name: 'not-there', optional: true } });
    spec.containers[0].envFrom = [{ secretRef: { name: 'also-not-there', optional: true } }];
    spec.containers[0].image = 'nginx@sha256:0f3b8f2c2e5e6b7c6c9d9a1c7d8e4f0a1b2c3d4e5f60718293a4b5c6d7e8f901';
    const external = [{ kind: 'Namespace', name: 'web' }, { kind: 'Secret', namespace: 'web', name: 'app-secret' }];
    expect(validateManifests(objects, { external })).toEqual([]);
  });
});

describe('validateManifests: upstream schema (kubernetes-models)', () => {
  it('rejects a containerPort given as a string, naming the path and the value', () => {
    const objects = validSet();
    containerIn(objects).ports[0].containerPort = '8080';
    expectOnly(objects, 'Deployment web/app', 'schema', 'spec.template.spec.containers[0].ports[0].containerPort must be integer, got "8080".');
  });

  it('rejects a memory limit that is not a Kubernetes quantity', () => {
    const objects = validSet();
    containerIn(objects).resources.limits.memory = '256MB';
    expectOnly(objects, 'Deployment web/app', 'schema', 'spec.template.spec.containers[0].resources.limits.memory must be number or must match format "quantity", got "256MB".');
  });

  it('rejects a protocol outside the enum, listing the allowed values', () => {
    const objects = validSet();
    findObject(objects, 'Service', 'app').spec.ports[0].protocol = 'HTTP';
    expectOnly(objects, 'Service web/app', 'schema', 'spec.ports[0].protocol must be equal to one of the allowed values: "SCTP", "TCP", "UDP", got "HTTP".');
  });

  it('rejects a Deployment without a pod template', () => {
    const objects = validSet().filter((o) => o.kind !== 'Service');
    delete deploymentIn(objects).spec.template;
    expectOnly(objects, 'Deployment web/app', 'schema', 'spec.template is required.');
  });

  it('rejects an apiVersion and kind kubernetes-models does not know', () => {
    const objects = [...validSet(), { apiVersion: 'gizmos.example.org/v1alpha1', kind: 'Gizmo', metadata: { name: 'nightly', namespace: 'web' } }];
    expectOnly(objects, 'Gizmo web/nightly', 'unknown-kind', 'gizmos.example.org/v1alpha1 Gizmo is not a Kubernetes kind');
  });

  it('validates Argo Workflows kinds against the Argo 4 models (@kubernetes-models/argo-workflows)', () => {
    const objects = [...validSet(), { apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow', metadata: { name: 'nightly', namespace: 'web' }, spec: {} }];
    expect(validateManifests(objects).map((v) => `${v.object}: [${v.rule}] ${v.message}`)).toEqual([
      'CronWorkflow web/nightly: [schema] spec.schedules is required.',
      'CronWorkflow web/nightly: [schema] spec.workflowSpec is required.',
    ]);
  });

  it('rejects a kind that kubernetes-models only has as a sub-type (DeploymentSpec)', () => {
    const object = { apiVersion: 'apps/v1', kind: 'DeploymentSpec', metadata: { name: 'x', namespace: 'web' } };
    expectOnly([...validSet(), object], 'DeploymentSpec web/x', 'unknown-kind', 'apps/v1 DeploymentSpec is not a Kubernetes kind');
  });

  it.each([
    ['apps/v1beta2', 'Deployment', 'use apps/v1.'],
    ['batch/v1beta1', 'CronJob', 'use batch/v1.'],
    ['policy/v1beta1', 'PodDisruptionBudget', 'use policy/v1'],
  ])('rejects %s %s, which kubernetes-models still ships but Kubernetes no longer serves', (apiVersion, kind, fragment) => {
    const object = { apiVersion, kind, metadata: { name: 'old', namespace: 'web' }, spec: {} };
    expect(validateManifests([...validSet(), object])).toContainEqual(
      { object: `${kind} web/old`, rule: 'removed-api-version', message: expect.stringContaining(fragment) });
  });
});

describe('validateManifests: names and namespaces', () => {
  it('rejects an object without metadata.name', () => {
    const objects = validSet();
    delete findObject(objects, 'ServiceAccount', 'app').metadata.name;
    expect(validateManifests(objects)).toContainEqual({ object: 'ServiceAccount web/<no name>', rule: 'name-required', message: 'metadata.name is required.' });
  });

  it.each([
    ['a Deployment name with upper case', 'Deployment', 'App', 'must be a DNS-1123 subdomain'],
    ['a ConfigMap name over 253 characters', 'ConfigMap', 'a'.repeat(254), 'must be at most 253 characters, got 254'],
    ['a Service name starting with a digit', 'Service', '1app', 'must be an RFC 1035 label'],
  ])('rejects %s', (_what, kind, name, fragment) => {
    const objects = validSet();
    findObject(objects, kind, 'app' + (kind === 'ConfigMap' ? '-config' : '')).metadata.name = name;
    expect(validateManifests(objects)).toContainEqual({ object: `${kind} web/${name}`, rule: 'invalid-name', message: expect.stringContaining(fragment) });
  });

  it('rejects a Namespace name with a dot (DNS-1123 label)', () => {
    expectOnly([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.web' } }], 'Namespace team.web', 'invalid-name', 'must be a DNS-1123 label');
  });

  it("rejects a ClusterRole name containing '/'", () => {
    expectOnly([{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'web/reader' } }],
      'ClusterRole web/reader', 'invalid-name', "metadata.name 'web/reader' may not contain '/'.");
  });

  it('rejects a CronJob name longer than 52 characters', () => {
    const name = 'n'.repeat(53);
    const cronJob = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'web' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [container('job')] } } } } },
    };
    expectOnly([...validSet(), cronJob], `CronJob web/${name}`, 'invalid-name', 'must be at most 52 characters for a CronJob');
  });

  it('rejects a namespaced object without metadata.namespace', () => {
    const objects = validSet();
    delete findObject(objects, 'ConfigMap', 'app-config').metadata.namespace;
    expect(validateManifests(objects)).toContainEqual(expect.objectContaining({ object: 'ConfigMap app-config', rule: 'namespace-required' }));
  });

  it('rejects a cluster-scoped object with metadata.namespace', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader', namespace: 'web' } };
    expectOnly([...validSet(), role], 'ClusterRole web/reader', 'namespace-forbidden', "ClusterRole is cluster-scoped: remove metadata.namespace ('web').");
  });

  it('rejects an object in a namespace that is neither in the set, built in nor external', () => {
    const objects = validSet().filter((o) => o.kind !== 'Namespace');
    const violations = validateManifests(objects);
    expect(violations.map((v) => v.rule)).toEqual(Array(5).fill('missing-namespace'));
    expect(violations[0].message).toContain("namespace 'web' is not a Namespace in the set");
    expect(validateManifests(objects, { external: [{ kind: 'Namespace', name: 'web' }] })).toEqual([]);
  });

  it('accepts objects in built-in namespaces', () => {
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'x', namespace: 'kube-system' } };
    expect(validateManifests([account])).toEqual([]);
  });
});

describe('validateManifests: labels and annotations', () => {
  it('rejects a label key with two slashes and one with an upper-case prefix', () => {
    const objects = validSet();
    deploymentIn(objects).metadata.labels = { 'a/b/c': 'x', 'Example.com/team': 'web' };
    expect(validateManifests(objects)).toEqual([
      { object: 'Deployment web/app', rule: 'invalid-label-key', message: "metadata.labels key 'a/b/c': must be 'name' or 'prefix/name' (one '/' at most)." },
      expect.objectContaining({ rule: 'invalid-label-key', message: expect.stringContaining("prefix 'Example.com' must be a DNS-1123 subdomain") }),
    ]);
  });

  it('rejects pod template label values that are too long or start with a dash', () => {
    const objects = validSet();
    Object.assign(deploymentIn(objects).spec.template.metadata.labels, { long: 'v'.repeat(64), dash: '-x' });
    expect(validateManifests(objects)).toEqual([
      expect.objectContaining({ rule: 'invalid-label-value', message: expect.stringContaining("spec.template.metadata.labels['long']") }),
      expect.objectContaining({ rule: 'invalid-label-value', message: expect.stringContaining("spec.template.metadata.labels['dash'] value \"-x\"") }),
    ]);
  });

  it('rejects a non-string annotation value and an invalid annotation key', () => {
    const objects = validSet();
    deploymentIn(objects).metadata.annotations = { replicas: 3, 'bad key': 'x' };
    const rules = validateManifests(objects).map((v) => v.rule);
    expect(rules).toEqual(expect.arrayContaining(['invalid-annotation-value', 'invalid-annotation-key']));
  });

  it('rejects annotations larger than 256 KiB in total', () => {
    const objects = validSet();
    findObject(objects, 'ConfigMap', 'app-config').metadata.annotations = { a: 'x'.repeat(200_000), b: 'y'.repeat(70_000) };
    expectOnly(objects, 'ConfigMap web/app-config', 'annotations-too-large', 'metadata.annotations total 270002 bytes, must be at most 262144');
  });
});

describe('validateManifests: duplicates', () => {
  it('rejects two objects of the same kind, namespace and name', () => {
    const objects = validSet();
    objects.push(structuredClone(findObject(objects, 'ConfigMap', 'app-config')));
    expectOnly(objects, 'ConfigMap web/app-config', 'duplicate-object', "another ConfigMap named 'web/app-config' is already in the set.");
  });

  it('rejects a container and an init container with the same name', () => {
    const objects = validSet();
    podSpecIn(objects).initContainers = [container('app')];
    expectOnly(objects, 'Deployment web/app', 'duplicate-container-name', "spec.template.spec has two containers named 'app'");
  });

  it('rejects duplicate port names and duplicate containerPort/protocol, but not the same port over UDP', () => {
    const objects = validSet();
    containerIn(objects).ports.push({ name: 'http', containerPort: 9090 }, { name: 'alt', containerPort: 8080 }, { name: 'dns', containerPort: 8080, protocol: 'UDP' });
    expect(validateManifests(objects)).toEqual([
      expect.objectContaining({ rule: 'duplicate-port-name', message: expect.stringContaining("two ports named 'http'") }),
      expect.objectContaining({ rule: 'duplicate-container-port', message: expect.stringContaining('containerPort 8080/TCP twice') }),
    ]);
  });

  it('rejects two volumes with the same name', () => {
    const objects = validSet();
    podSpecIn(objects).volumes.push({ name: 'config', emptyDir: {} });
    expectOnly(objects, 'Deployment web/app', 'duplicate-volume-name', "spec.template.spec.volumes has two volumes named 'config'.");
  });

  it('rejects two volume mounts at the same path', () => {
    const objects = validSet();
    podSpecIn(objects).volumes.push({ name: 'tmp', emptyDir: {} });
    containerIn(objects).volumeMounts.push({ name: 'tmp', mountPath: '/etc/app' });
    expectOnly(objects, 'Deployment web/app', 'duplicate-mount-path', "mounts two volumes at '/etc/app'");
  });

  it('rejects an env variable set twice in one container', () => {
    const objects = validSet();
    containerIn(objects).env.push({ name: 'PASSWORD', value: 'x' });
    expectOnly(objects, 'Deployment web/app', 'duplicate-env-name', "env sets 'PASSWORD' twice");
  });

  it('rejects Service ports with duplicate names, duplicate port/protocol, or missing names', () => {
    const objects = validSet();
    findObject(objects, 'Service', 'app').spec.ports.push({ name: 'http', port: 81, targetPort: 8080 }, { port: 80, targetPort: 8080 });
    expect(validateManifests(objects).map((v) => v.rule)).toEqual(['service-port-name-required', 'duplicate-service-port-name', 'duplicate-service-port']);
  });
});

describe('validateManifests: containers', () => {
  it.each([
    ['nginx', "has no tag (means 'latest')"],
    ['nginx:latest', "uses 'latest'"],
    ['registry.local:5000/team/app', "has no tag (means 'latest')"],
  ])('rejects the unpinned image %s', (image, fragment) => {
    const objects = validSet();
    containerIn(objects).image = image;
    expectOnly(objects, 'Deployment web/app', 'image-unpinned', fragment);
  });

  it('accepts a registry with a port and a tag', () => {
    const objects = validSet();
    containerIn(objects).image = 'registry.local:5000/team/app:2.1.0';
    expect(validateManifests(objects)).toEqual([]);
  });

  it('rejects a container without an image', () => {
    const objects = validSet();
    delete containerIn(objects).image;
    expectOnly(objects, 'Deployment web/app', 'image-required', "spec.template.spec.containers[0].image is required (container 'app').");
  });

  it('rejects a container with requests but no cpu or memory limit', () => {
    const objects = validSet();
    containerIn(objects).resources = { requests: { cpu: '100m' } };
    expectOnly(objects, 'Deployment web/app', 'no-resource-limits', 'spec.template.spec.containers[0].resources.limits sets neither cpu nor memory');
  });

  it('rejects a probe on a port name the container does not declare', () => {
    const objects = validSet();
    containerIn(objects).livenessProbe = { tcpSocket: { port: 'metrics' } };
    expectOnly(objects, 'Deployment web/app', 'unknown-probe-port', "livenessProbe.tcpSocket.port 'metrics' is not a port name of container 'app' (its ports: http).");
  });

  it.each([
    ['a container name', (o: Manifest[]) => { podSpecIn(o).containers.push(container('Sidecar')); }, 'invalid-container-name', "containers[1].name 'Sidecar'"],
    ['a port name over 15 characters', (o: Manifest[]) => { containerIn(o).ports[0].name = 'http-metrics-port'; }, 'invalid-port-name', 'must be at most 15 characters'],
    ['a port name without letters', (o: Manifest[]) => { containerIn(o).ports[0].name = '8080'; }, 'invalid-port-name', 'must contain at least one letter'],
    ['a port name with a double hyphen', (o: Manifest[]) => { containerIn(o).ports[0].name = 'web--http'; }, 'invalid-port-name', "must not contain '--'"],
    ['a volume name', (o: Manifest[]) => { podSpecIn(o).volumes.push({ name: 'Tmp', emptyDir: {} }); }, 'invalid-volume-name', "volumes[1].name 'Tmp'"],
  ])('rejects %s that is not a valid name', (_what, breakIt, rule, fragment) => {
    const objects = validSet();
    findObject(objects, 'Service', 'app').spec.ports[0].targetPort = 8080; // keep the port rename from breaking the Service
    containerIn(objects).readinessProbe.httpGet.port = 8080;
    breakIt(objects);
    expectOnly(objects, 'Deployment web/app', rule, fragment);
  });
});

describe('assertValidManifests', () => {
  it('does not throw for a valid set', () => {
    expect(() => assertValidManifests(validSet())).not.toThrow();
  });

  it('throws an error listing every violation on its own line', () => {
    const objects = validSet();
    containerIn(objects).image = 'nginx';
    delete containerIn(objects).resources;
    expect(() => assertValidManifests(objects)).toThrow(
      '2 Kubernetes manifest violation(s):\n'
      + "Deployment web/app: [image-unpinned] spec.template.spec.containers[0].image 'nginx' has no tag (means 'latest'): pin a version tag or digest.\n"
      + "Deployment web/app: [no-resource-limits] spec.template.spec.containers[0].resources.limits sets neither cpu nor memory (container 'app').",
    );
  });

  it('rejects entries that are not manifests, naming them by index', () => {
    expect(validateManifests([{ kind: 'ConfigMap' }])).toEqual([expect.objectContaining({ object: 'objects[0]', rule: 'unknown-kind' })]);
  });
});
