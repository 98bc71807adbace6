import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Loki, LOKI_IMAGE, type LokiProps } from '../../../lib/k8s/loki';
import { IRSA_ANNOTATION } from '../../../lib/names';
import { findAll, findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

const aws = {
  bucketName: 'eksp-loki-main-111122223333-us-east-1',
  roleArn: 'arn:aws:iam::111122223333:role/main-loki',
  region: 'us-east-1',
};
const external = [{ kind: 'Namespace', name: 'logging' }];
const selector = { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/component': 'server', 'app.kubernetes.io/instance': 'loki' };
const readSelector = { ...selector, 'app.kubernetes.io/component': 'read' };
const compactorSelector = { ...selector, 'app.kubernetes.io/component': 'compactor' };
/** Every Loki pod, whatever its role: the ring. */
const ringSelector = { 'app.kubernetes.io/name': 'loki', 'app.kubernetes.io/instance': 'loki' };

function synth(props: Partial<LokiProps> = {}): { loki: Loki; objects: any[] } {
  const chart = Testing.chart() as Chart;
  const loki = new Loki(chart, 'logs', { ...aws, ...props });
  return { loki, objects: Testing.synth(chart) };
}

function config(objects: any[], namespace = 'logging'): any {
  return parse(findObject(objects, 'ConfigMap', 'loki-config', namespace).data['config.yaml']);
}

describe('Loki', () => {
  it('passes the manifest validator in every mode', () => {
    for (const props of [{}, { mode: 'replicated' as const, authEnabled: true, replicas: 5 }]) {
      assertValidManifests(synth(props).objects, { external });
    }
  });

  it('applies its defaults once, into public fields', () => {
    const { loki } = synth();
    expect({
      mode: loki.mode, replicas: loki.replicas, replicationFactor: loki.replicationFactor, authEnabled: loki.authEnabled,
      retentionDays: loki.retentionDays, namespace: loki.namespace, url: loki.url, queryUrl: loki.queryUrl, deleteUrl: loki.deleteUrl, readReplicas: loki.readReplicas,
    }).toEqual({
      mode: 'single-binary', replicas: 1, replicationFactor: 1, authEnabled: false, retentionDays: 30, namespace: 'logging',
      url: 'http://loki.logging.svc.cluster.local:3100', queryUrl: 'http://loki.logging.svc.cluster.local:3100', deleteUrl: 'http://loki.logging.svc.cluster.local:3100', readReplicas: 0,
    });
    const replicated = synth({ mode: 'replicated' }).loki;
    expect({ replicas: replicated.replicas, readReplicas: replicated.readReplicas, url: replicated.url, queryUrl: replicated.queryUrl, deleteUrl: replicated.deleteUrl }).toEqual({
      replicas: 3, readReplicas: 2, url: 'http://loki.logging.svc.cluster.local:3100',
      queryUrl: 'http://loki-read.logging.svc.cluster.local:3100', deleteUrl: 'http://loki-compactor.logging.svc.cluster.local:3100',
    });
  });

  it('creates exactly these objects in mode single-binary (no disruption budget for one pod)', () => {
    const kinds = synth().objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual(['ConfigMap/loki-config', 'Service/loki', 'Service/loki-headless', 'ServiceAccount/loki', 'StatefulSet/loki']);
  });

  it('creates write pods, read pods and one compactor in mode replicated', () => {
    const kinds = synth({ mode: 'replicated' }).objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(kinds).toEqual([
      'ConfigMap/loki-config', 'Deployment/loki-read', 'PodDisruptionBudget/loki', 'PodDisruptionBudget/loki-read',
      'Service/loki', 'Service/loki-compactor', 'Service/loki-headless', 'Service/loki-read', 'ServiceAccount/loki',
      'StatefulSet/loki', 'StatefulSet/loki-compactor',
    ]);
  });

  it('gives each role its -target, one config file and the same pod settings', () => {
    const { objects } = synth({ mode: 'replicated', readReplicas: 3 });
    const pod = (kind: string, name: string) => findObject(objects, kind, name, 'logging').spec.template.spec;
    const target = (kind: string, name: string) => pod(kind, name).containers[0].args;
    expect(target('StatefulSet', 'loki')).toEqual(['-config.file=/etc/loki/config/config.yaml', '-target=write']);
    expect(target('Deployment', 'loki-read')).toEqual(['-config.file=/etc/loki/config/config.yaml', '-target=read,query-scheduler']);
    expect(target('StatefulSet', 'loki-compactor')).toEqual(['-config.file=/etc/loki/config/config.yaml', '-target=compactor']);
    for (const [kind, name] of [['Deployment', 'loki-read'], ['StatefulSet', 'loki-compactor']]) {
      const { containers: [c, ...more], volumes, serviceAccountName, securityContext } = pod(kind, name);
      const { containers: [w], volumes: writeVolumes, securityContext: writeContext } = pod('StatefulSet', 'loki');
      expect({ more, serviceAccountName, image: c.image, securityContext, probes: [c.readinessProbe, c.livenessProbe], mounts: c.volumeMounts, resources: c.resources })
        .toEqual({ more: [], serviceAccountName: 'loki', image: LOKI_IMAGE, securityContext: writeContext, probes: [w.readinessProbe, w.livenessProbe], mounts: w.volumeMounts, resources: w.resources });
      expect(volumes[0]).toEqual(writeVolumes[0]);
    }
    expect(findObject(objects, 'Deployment', 'loki-read').spec.replicas).toBe(3);
  });

  it('runs exactly one compactor, on its own claim, and points every querier at it', () => {
    const { loki, objects } = synth({ mode: 'replicated', volumeSizeGiB: 20 });
    const compactor = findObject(objects, 'StatefulSet', 'loki-compactor', 'logging');
    expect(compactor.spec).toMatchObject({ replicas: 1, serviceName: 'loki-headless', selector: { matchLabels: compactorSelector } });
    expect(compactor.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: compactorSelector },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
    }]);
    expect(findObject(objects, 'Service', 'loki-compactor', 'logging').spec.selector).toEqual(compactorSelector);
    expect(config(objects).common.compactor_address).toBe('http://loki-compactor.logging.svc.cluster.local:3100');
    expect(loki.deleteUrl).toBe('http://loki-compactor.logging.svc.cluster.local:3100');
    expect(config(synth().objects).common.compactor_address).toBeUndefined();
  });

  it('sizes the read pods like the write pods unless told otherwise, and the compactor on its own', () => {
    const resources = (props: Partial<LokiProps>, kind: string, name: string) => findObject(synth({ mode: 'replicated', resources: { cpuMillicores: 1000, memoryMiB: 6144 }, ...props }).objects, kind, name).spec.template.spec.containers[0].resources;
    expect(resources({}, 'Deployment', 'loki-read')).toEqual({ requests: { cpu: '1000m', memory: '6144Mi' }, limits: { memory: '6144Mi' } });
    expect(resources({ readResources: { memoryMiB: 8192 } }, 'Deployment', 'loki-read')).toEqual({ requests: { cpu: '1000m', memory: '8192Mi' }, limits: { memory: '8192Mi' } });
    expect(resources({}, 'StatefulSet', 'loki-compactor')).toEqual({ requests: { cpu: '500m', memory: '2048Mi' }, limits: { memory: '2048Mi' } });
    expect(resources({ compactorResources: { cpuMillicores: 250, memoryMiB: 1024 } }, 'StatefulSet', 'loki-compactor')).toEqual({ requests: { cpu: '250m', memory: '1024Mi' }, limits: { memory: '1024Mi' } });
  });

  it('keeps the read pods stateless, spread over nodes, one down at a time', () => {
    const { objects } = synth({ mode: 'replicated', volumeSizeGiB: 20 });
    const read = findObject(objects, 'Deployment', 'loki-read', 'logging');
    expect(read.spec.selector.matchLabels).toEqual(readSelector);
    expect(read.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: { sizeLimit: '20Gi' } });
    expect(read.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toEqual(readSelector);
    expect(findObject(objects, 'PodDisruptionBudget', 'loki-read', 'logging').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: readSelector } });
    expect(findObject(objects, 'Service', 'loki-read', 'logging').spec.selector).toEqual(readSelector);
    expect(findAll(synth({ mode: 'replicated', readReplicas: 1 }).objects, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['loki']);
  });

  it('annotates its service account with the IRSA role and mounts no API token', () => {
    const sa = findObject(synth().objects, 'ServiceAccount', 'loki', 'logging');
    expect(sa.metadata.annotations).toEqual({ [IRSA_ANNOTATION]: aws.roleArn });
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  it('renders the config for its settings into the ConfigMap', () => {
    const { loki, objects } = synth({ mode: 'replicated', retentionDays: 7, authEnabled: true });
    const file = config(objects);
    expect(file).toMatchObject({ auth_enabled: true, common: { replication_factor: 3 }, limits_config: { retention_period: '168h' } });
    expect(findObject(objects, 'ConfigMap', 'loki-config').data['config.yaml']).toBe(loki.configYaml);
  });

  it('runs the single-binary pod with -target=all from the pinned image and the mounted config', () => {
    const sts = findObject(synth().objects, 'StatefulSet', 'loki', 'logging');
    const container = sts.spec.template.spec.containers[0];
    expect(container.image).toBe(LOKI_IMAGE);
    expect(LOKI_IMAGE).toMatch(/^grafana\/loki:3\.\d+\.\d+$/);
    expect(container.args).toEqual(['-config.file=/etc/loki/config/config.yaml', '-target=all']);
    expect(container.ports).toEqual([
      { name: 'http-metrics', containerPort: 3100, protocol: 'TCP' },
      { name: 'grpc', containerPort: 9095, protocol: 'TCP' },
      { name: 'memberlist', containerPort: 7946, protocol: 'TCP' },
    ]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http-metrics' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/loki/api/v1/status/buildinfo', port: 'http-metrics' });
  });

  it('runs as the image user 10001 on a read-only root with writable /var/loki and /tmp only', () => {
    const sts = findObject(synth().objects, 'StatefulSet', 'loki', 'logging');
    const pod = sts.spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001,
      fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    });
    const container = pod.containers[0];
    expect(container.securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.volumeMounts).toEqual([
      { name: 'config', mountPath: '/etc/loki/config', readOnly: true },
      { name: 'data', mountPath: '/var/loki' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('keeps the WAL and index caches on a claim per pod, sized from the config', () => {
    const sts = findObject(synth({ volumeSizeGiB: 50, storageClassName: 'gp3' }).objects, 'StatefulSet', 'loki');
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: selector },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } }, storageClassName: 'gp3' },
    }]);
    expect(findObject(synth().objects, 'StatefulSet', 'loki').spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } },
    });
  });

  it('serves push and query on 3100 and gRPC on 9095 through Service loki', () => {
    const service = findObject(synth().objects, 'Service', 'loki', 'logging');
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      selector,
      ports: [
        { name: 'http-metrics', port: 3100, targetPort: 'http-metrics', protocol: 'TCP' },
        { name: 'grpc', port: 9095, targetPort: 'grpc', protocol: 'TCP' },
      ],
    });
  });

  it('gossips through a headless Service over every Loki pod that publishes pods before they are ready', () => {
    const { objects } = synth({ mode: 'replicated' });
    const headless = findObject(objects, 'Service', 'loki-headless', 'logging');
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: ringSelector });
    expect(headless.spec.ports).toContainEqual({ name: 'memberlist', port: 7946, targetPort: 'memberlist', protocol: 'TCP' });
    expect(findObject(objects, 'StatefulSet', 'loki').spec.serviceName).toBe('loki-headless');
    expect(config(objects).memberlist.join_members).toEqual(['loki-headless.logging.svc.cluster.local:7946']);
  });

  it('in mode replicated, allows one pod down at a time and never two on one node', () => {
    const { objects } = synth({ mode: 'replicated', replicas: 4 });
    expect(findObject(objects, 'PodDisruptionBudget', 'loki', 'logging').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector } });
    const sts = findObject(objects, 'StatefulSet', 'loki');
    expect(sts.spec.replicas).toBe(4);
    expect(sts.spec.template.spec.affinity).toEqual({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' }] },
    });
    expect(sts.spec.template.spec.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector },
    }]);
  });

  it('in mode single-binary, sets no spreading rules', () => {
    const pod = findObject(synth().objects, 'StatefulSet', 'loki').spec.template.spec;
    expect(pod.affinity).toBeUndefined();
    expect(pod.topologySpreadConstraints).toBeUndefined();
    expect(findAll(synth().objects, 'PodDisruptionBudget')).toEqual([]);
  });

  it('rolls the pods when the config changes, through a checksum annotation', () => {
    const checksum = (props: Partial<LokiProps>) => findObject(synth(props).objects, 'StatefulSet', 'loki').spec.template.metadata.annotations['checksum/config'];
    expect(checksum({})).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum({ retentionDays: 7 })).not.toBe(checksum({}));
    expect(checksum({})).toBe(checksum({}));
  });

  it('asks Prometheus to scrape /metrics on 3100 unless told not to', () => {
    const annotations = (props: Partial<LokiProps>) => findObject(synth(props).objects, 'StatefulSet', 'loki').spec.template.metadata.annotations;
    expect(annotations({})).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '3100', 'prometheus.io/path': '/metrics' });
    expect(Object.keys(annotations({ prometheusScrape: false }))).toEqual(['checksum/config']);
  });

  it('requests the configured resources with memory limit equal to request and no CPU limit by default', () => {
    const resources = (props: Partial<LokiProps>) => findObject(synth(props).objects, 'StatefulSet', 'loki').spec.template.spec.containers[0].resources;
    expect(resources({})).toEqual({ requests: { cpu: '500m', memory: '2048Mi' }, limits: { memory: '2048Mi' } });
    expect(resources({ resources: { cpuMillicores: 1000, cpuLimitMillicores: 2000, memoryMiB: 4096 } })).toEqual({
      requests: { cpu: '1000m', memory: '4096Mi' }, limits: { cpu: '2000m', memory: '4096Mi' },
    });
  });

  it('puts every object in the namespace it is given', () => {
    const { loki, objects } = synth({ namespace: 'observability' });
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['observability']));
    expect(loki.url).toBe('http://loki.observability.svc.cluster.local:3100');
    expect(config(objects, 'observability').memberlist.join_members).toEqual(['loki-headless.observability.svc.cluster.local:7946']);
  });
});
