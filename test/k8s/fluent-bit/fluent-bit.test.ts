import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { FluentBit, FLUENT_BIT_IMAGE, LokiEndpoint, type FluentBitProps } from '../../../lib/k8s/fluent-bit';
import { Loki } from '../../../lib/k8s/loki';
import { findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

const external = [{ kind: 'Namespace', name: 'logging' }];
const selector = { 'app.kubernetes.io/name': 'fluent-bit', 'app.kubernetes.io/component': 'collector', 'app.kubernetes.io/instance': 'fluent-bit' };
const aws = { bucketName: 'eksp-loki-main-111122223333-us-east-1', roleArn: 'arn:aws:iam::111122223333:role/main-loki', region: 'us-east-1' };

function synth(props: Partial<FluentBitProps> = {}): { fluentBit: FluentBit; objects: any[] } {
  const chart = Testing.chart() as Chart;
  const fluentBit = new FluentBit(chart, 'logs', { loki: LokiEndpoint.fromUrl('http://loki.logging.svc.cluster.local:3100'), ...props });
  return { fluentBit, objects: Testing.synth(chart) };
}

function daemonSet(objects: any[]): any {
  return findObject(objects, 'DaemonSet', 'fluent-bit', 'logging');
}

function config(objects: any[]): any {
  return parse(findObject(objects, 'ConfigMap', 'fluent-bit-config', 'logging').data['fluent-bit.yaml']);
}

describe('FluentBit', () => {
  it('passes the manifest validator, alone and beside the Loki it ships to', () => {
    assertValidManifests(synth({ shards: 4 }).objects, { external });
    const chart = Testing.chart();
    const loki = new Loki(chart, 'loki', { ...aws, mode: 'replicated', authEnabled: true });
    new FluentBit(chart, 'logs', { loki: LokiEndpoint.fromLoki(loki), tenantId: 'platform' });
    assertValidManifests(Testing.synth(chart), { external });
  });

  it('applies its defaults once, into public fields', () => {
    const { fluentBit } = synth();
    expect({
      shards: fluentBit.shards, outputWorkers: fluentBit.outputWorkers, labels: fluentBit.labels,
      tenantId: fluentBit.tenantId, namespace: fluentBit.namespace,
    }).toEqual({
      shards: 1, outputWorkers: 2, labels: ['namespace', 'pod', 'container', 'app', 'node'], tenantId: undefined, namespace: 'logging',
    });
  });

  it('may read pods and namespaces cluster-wide, and nothing else', () => {
    const { objects } = synth();
    expect(findObject(objects, 'ClusterRole', 'fluent-bit').rules).toEqual([
      { apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    const binding = findObject(objects, 'ClusterRoleBinding', 'fluent-bit');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'fluent-bit' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'fluent-bit', namespace: 'logging' }]);
    expect(daemonSet(objects).spec.template.spec.serviceAccountName).toBe('fluent-bit');
  });

  it('pushes to the Loki construct it is given, with the tenant when Loki has auth on', () => {
    const chart = Testing.chart();
    const loki = new Loki(chart, 'loki', { ...aws, authEnabled: true, namespace: 'observability' });
    new FluentBit(chart, 'logs', { loki: LokiEndpoint.fromLoki(loki), tenantId: 'platform' });
    const output = config(Testing.synth(chart)).pipeline.outputs[0];
    expect(output).toMatchObject({ host: 'loki.observability.svc.cluster.local', port: 3100, tls: false, tenant_id: 'platform' });
  });

  it('runs the pinned image with the YAML config on every node, whatever its taints', () => {
    const { objects } = synth();
    const pod = daemonSet(objects).spec.template.spec;
    expect(FLUENT_BIT_IMAGE).toMatch(/^fluent\/fluent-bit:[34]\.\d+\.\d+$/);
    expect(pod.containers[0]).toMatchObject({
      image: FLUENT_BIT_IMAGE,
      command: ['/fluent-bit/bin/fluent-bit'],
      args: ['-c', '/fluent-bit/etc/fluent-bit.yaml'],
      ports: [{ name: 'http-metrics', containerPort: 2020, protocol: 'TCP' }],
    });
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(daemonSet(objects).spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } });
  });

  it('runs as root with no capabilities, a read-only root, /var/log read-only and only its state directory writable', () => {
    const pod = daemonSet(synth().objects).spec.template.spec;
    expect(pod.containers[0].securityContext).toEqual({
      runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, privileged: false, allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'config', mountPath: '/fluent-bit/etc', readOnly: true },
      { name: 'varlog', mountPath: '/var/log', readOnly: true },
      { name: 'state', mountPath: '/var/fluent-bit/state' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'config', configMap: { name: 'fluent-bit-config' } },
      { name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'state', hostPath: { path: '/var/fluent-bit/state', type: 'DirectoryOrCreate' } },
      { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
    ]);
  });

  it('keeps positions and buffered chunks in the host state directory, so they survive restarts', () => {
    const file = config(synth({ shards: 2 }).objects);
    expect(file.service['storage.path'].startsWith('/var/fluent-bit/state/')).toBe(true);
    for (const input of file.pipeline.inputs) expect(input.db.startsWith('/var/fluent-bit/state/')).toBe(true);
  });

  it('is live and ready while its HTTP server answers, whatever Loki does (health check off)', () => {
    const container = daemonSet(synth().objects).spec.template.spec.containers[0];
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/api/v1/health', port: 'http-metrics' }, periodSeconds: 10, failureThreshold: 3 });
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/api/v1/health', port: 'http-metrics' }, periodSeconds: 10 });
    expect(config(synth().objects).service).toMatchObject({ health_check: false, http_port: 2020 });
  });

  it('asks Prometheus to scrape the v2 metrics endpoint unless told not to', () => {
    const annotations = (props: Partial<FluentBitProps>) => daemonSet(synth(props).objects).spec.template.metadata.annotations;
    expect(annotations({})).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '2020', 'prometheus.io/path': '/api/v2/metrics/prometheus' });
    expect(Object.keys(annotations({ prometheusScrape: false }))).toEqual(['checksum/config']);
  });

  it('rolls the pods when the config changes, through a checksum annotation', () => {
    const checksum = (props: Partial<FluentBitProps>) => daemonSet(synth(props).objects).spec.template.metadata.annotations['checksum/config'];
    expect(checksum({ shards: 2 })).not.toBe(checksum({}));
    expect(checksum({})).toBe(checksum({}));
  });

  it('has no CPU limit by default, so it can use a whole core and more on busy nodes', () => {
    const resources = (props: Partial<FluentBitProps>) => daemonSet(synth(props).objects).spec.template.spec.containers[0].resources;
    expect(resources({})).toEqual({ requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '512Mi' } });
    expect(resources({ resources: { cpuMillicores: 250, cpuLimitMillicores: 2000, memoryMiB: 1024 } })).toEqual({
      requests: { cpu: '250m', memory: '1024Mi' }, limits: { cpu: '2000m', memory: '1024Mi' },
    });
  });

  it('renders its settings into the ConfigMap', () => {
    const { fluentBit, objects } = synth({ shards: 3, outputWorkers: 4, bufferLimitMiB: 1024, maxChunksUp: 32, logLevel: 'warn' });
    const file = config(objects);
    expect(file.pipeline.inputs).toHaveLength(3);
    expect(file.pipeline.outputs[0]).toMatchObject({ workers: 4, 'storage.total_limit_size': '1024M' });
    expect(file.service).toMatchObject({ 'storage.max_chunks_up': 32, log_level: 'warn' });
    expect(findObject(objects, 'ConfigMap', 'fluent-bit-config').data['fluent-bit.yaml']).toBe(fluentBit.configYaml);
  });

  it('puts namespaced objects in the namespace it is given and binds the role to that service account', () => {
    const { objects } = synth({ namespace: 'observability' });
    expect(findObject(objects, 'DaemonSet', 'fluent-bit').metadata.namespace).toBe('observability');
    expect(findObject(objects, 'ClusterRoleBinding', 'fluent-bit').subjects[0].namespace).toBe('observability');
  });

  it('selects its pods by stable labels only', () => {
    const ds = daemonSet(synth().objects);
    expect(ds.spec.selector).toEqual({ matchLabels: selector });
    expect(ds.spec.template.metadata.labels).toMatchObject(selector);
  });
});

describe('LokiEndpoint', () => {
  it('reads host, port, TLS and auth from a Loki construct', () => {
    const loki = new Loki(Testing.chart(), 'loki', { ...aws, authEnabled: true });
    expect(LokiEndpoint.fromLoki(loki)).toMatchObject({ host: 'loki.logging.svc.cluster.local', port: 3100, tls: false, authEnabled: true });
  });

  it('reads host, port and TLS from a URL, defaulting the port to the scheme', () => {
    expect(LokiEndpoint.fromUrl('https://logs.example.com', { authEnabled: true })).toMatchObject({ host: 'logs.example.com', port: 443, tls: true, authEnabled: true });
    expect(LokiEndpoint.fromUrl('http://loki:3100/')).toMatchObject({ host: 'loki', port: 3100, tls: false, authEnabled: false });
    expect(LokiEndpoint.fromUrl('http://loki')).toMatchObject({ port: 80 });
  });

  it.each([
    ['loki:3100', "LokiEndpoint.fromUrl: the scheme must be http or https, got 'loki:3100'."],
    ['not a url', "LokiEndpoint.fromUrl: 'not a url' is not a URL; give the base URL, like 'http://loki.logging.svc.cluster.local:3100'."],
    ['ftp://loki', "LokiEndpoint.fromUrl: the scheme must be http or https, got 'ftp://loki'."],
    ['http://loki:3100/loki/api/v1/push', "LokiEndpoint.fromUrl: give the base URL without path, query or credentials, got 'http://loki:3100/loki/api/v1/push'; fluent-bit adds /loki/api/v1/push."],
    ['http://user:pw@loki:3100', "LokiEndpoint.fromUrl: give the base URL without path, query or credentials, got 'http://user:pw@loki:3100'; fluent-bit adds /loki/api/v1/push."],
  ])('rejects %p', (url, message) => {
    expect(() => LokiEndpoint.fromUrl(url)).toThrow(message);
  });
});
