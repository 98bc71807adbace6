import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Grafana, GRAFANA_IMAGE, platformDashboards, type GrafanaProps } from '../../../lib/k8s/grafana';
import { findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

const prometheusUrl = 'http://prometheus.monitoring.svc.cluster.local:9090';
const loki = { url: 'http://loki.logging.svc.cluster.local:3100', tenantId: 'production' };
const external = [{ kind: 'Namespace', name: 'monitoring' }, { kind: 'Secret', namespace: 'monitoring', name: 'grafana-admin' }];

function synth(props: Partial<GrafanaProps> = {}): any[] {
  const chart = Testing.chart() as Chart;
  new Grafana(chart, 'dash', { prometheusUrl, ...props });
  return Testing.synth(chart);
}

function container(objects: any[]): any {
  return findObject(objects, 'Deployment', 'grafana').spec.template.spec.containers[0];
}

describe('Grafana', () => {
  it('passes the manifest validator with and without Loki', () => {
    assertValidManifests(synth(), { external });
    assertValidManifests(synth({ loki }), { external });
  });

  it('reads the admin credentials from the Secret, never inline', () => {
    const env = container(synth({ adminSecretName: 'ops-grafana' })).env;
    expect(env.filter((e: any) => e.name.startsWith('GF_SECURITY_ADMIN'))).toEqual([
      { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: 'ops-grafana', key: 'admin-user' } } },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'ops-grafana', key: 'admin-password' } } },
    ]);
  });

  it('runs as uid 472 on a read-only root filesystem, writing only to its emptyDir volumes', () => {
    const objects = synth();
    const c = container(objects);
    expect(c.image).toBe(GRAFANA_IMAGE);
    expect(findObject(objects, 'Deployment', 'grafana').spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 472, fsGroup: 472 });
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.volumeMounts.filter((m: any) => !m.readOnly).map((m: any) => m.mountPath)).toEqual(['/var/lib/grafana', '/tmp']);
    expect(c.env).toEqual(expect.arrayContaining([{ name: 'GF_LOG_MODE', value: 'console' }, { name: 'GF_PATHS_DATA', value: '/var/lib/grafana' }]));
  });

  it('never updates its bundled data source plugins at start: the update unlinks them from the read-only /usr/share/grafana/data/plugins-bundled and unloads the Prometheus and Loki data sources (grafana/grafana#132528)', () => {
    expect(container(synth()).env).toContainEqual({ name: 'GF_PLUGINS_PREINSTALL_AUTO_UPDATE', value: 'false' });
  });

  it('provisions Prometheus as the default data source, and Loki with the tenant header', () => {
    const datasources = parse(findObject(synth({ loki }), 'ConfigMap', 'grafana-datasources').data['datasources.yaml']).datasources;
    expect(datasources).toEqual([
      { name: 'Prometheus', type: 'prometheus', uid: 'prometheus', access: 'proxy', url: prometheusUrl, isDefault: true, editable: false, jsonData: { timeInterval: '30s' } },
      { name: 'Loki', type: 'loki', uid: 'loki', access: 'proxy', url: loki.url, editable: false, jsonData: { httpHeaderName1: 'X-Scope-OrgID' }, secureJsonData: { httpHeaderValue1: 'production' } },
    ]);
  });

  it('provisions the cluster, node and pod dashboards, and the log volume one only with Loki', () => {
    expect(Object.keys(findObject(synth(), 'ConfigMap', 'grafana-dashboards').data).sort()).toEqual(['platform-cluster.json', 'platform-node.json', 'platform-pods.json']);
    expect(Object.keys(findObject(synth({ loki }), 'ConfigMap', 'grafana-dashboards').data)).toContain('platform-logs.json');
  });

  it('queries only the provisioned data sources from its dashboards', () => {
    const uids = Object.values(platformDashboards(true)).flatMap((d: any) => d.panels.flatMap((p: any) => p.targets.map((t: any) => t.datasource.uid)));
    expect([...new Set(uids)].sort()).toEqual(['loki', 'prometheus']);
  });

  it('loads dashboards from the mounted directory, read-only for UI edits', () => {
    const provider = parse(findObject(synth(), 'ConfigMap', 'grafana-dashboard-provider').data['dashboards.yaml']).providers[0];
    expect(provider).toMatchObject({ type: 'file', allowUiUpdates: false, disableDeletion: true, options: { path: '/etc/grafana/dashboards' } });
  });

  it('throws for bad props, naming each field', () => {
    expect(() => synth({ prometheusUrl: 'prometheus:9090' })).toThrow("Grafana 'dash': 'prometheusUrl' must be an http(s) URL, got 'prometheus:9090'.");
    expect(() => synth({ adminSecretName: 'Admin' })).toThrow("Grafana 'dash': 'adminSecretName' must be a Secret name (lower-case DNS-1123 subdomain), got 'Admin'.");
  });
});
