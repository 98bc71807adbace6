import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Metrics, type MetricsProps } from '../../../lib/k8s/metrics';
import { PlatformChart } from '../../../lib/platform/k8s-platform';
import { ACCOUNTS } from '../../../stacks/accounts';
import { findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

function synth(props: Partial<MetricsProps> = {}): { metrics: Metrics; objects: any[] } {
  const chart = Testing.chart() as Chart;
  const metrics = new Metrics(chart, 'metrics', { clusterName: 'main', ...props });
  return { metrics, objects: Testing.synth(chart) };
}

function ruleFiles(objects: any[]): string[] {
  return Object.keys(findObject(objects, 'ConfigMap', 'prometheus-rules').data);
}

function platform(name: string): { chart: PlatformChart; objects: any[] } {
  const chart = new PlatformChart(Testing.app(), 'platform', { account: ACCOUNTS[name] });
  return { chart, objects: Testing.synth(chart) };
}

describe('Metrics', () => {
  it('passes the manifest validator, declaring the Secrets it expects to exist', () => {
    const { metrics, objects } = synth({ alertmanager: { receivers: [{ name: 'slack', type: 'slack', channel: '#a', apiUrlKey: 'url' }] } });
    expect(metrics.externalSecrets).toEqual([
      { kind: 'Secret', namespace: 'monitoring', name: 'grafana-admin' },
      { kind: 'Secret', namespace: 'monitoring', name: 'alertmanager-receivers' },
    ]);
    assertValidManifests(objects, { external: [...metrics.externalSecrets, { kind: 'Namespace', name: 'monitoring' }, { kind: 'Namespace', name: 'node-exporter' }] });
  });

  it('sends alerts to every Alertmanager pod and scrapes Alertmanager, node-exporter and kube-state-metrics', () => {
    const { objects } = synth({ alertmanager: { replicas: 3 } });
    const config = parse(findObject(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yml']);
    expect(config.alerting.alertmanagers[0].static_configs[0].targets).toHaveLength(3);
    expect(config.scrape_configs.map((j: any) => j.job_name)).toEqual(expect.arrayContaining(['prometheus', 'alertmanager', 'node-exporter', 'kube-state-metrics']));
  });

  it('adds the rule groups of the add-ons that are on, and only those', () => {
    expect(ruleFiles(synth().objects).sort()).toEqual(['alertmanager.rules.yml', 'kubernetes-nodes.rules.yml', 'kubernetes-workloads.rules.yml', 'prometheus.rules.yml', 'targets.rules.yml']);
    expect(ruleFiles(synth({ addons: { loki: true, fluentBit: true } }).objects)).toEqual(expect.arrayContaining(['loki.rules.yml', 'fluent-bit.rules.yml']));
    expect(ruleFiles(synth({ addons: { loki: true } }).objects)).not.toContain('cluster-autoscaler.rules.yml');
  });

  it('takes thresholds and for: durations from the alerts section', () => {
    const file = findObject(synth({ alerts: { pvcFreePercent: 20, for: { KubeJobFailed: '1h' } } }).objects, 'ConfigMap', 'prometheus-rules').data['kubernetes-workloads.rules.yml'];
    const rules = parse(file).groups[0].rules;
    expect(rules.find((r: any) => r.alert === 'KubePersistentVolumeClaimAlmostFull').expr).toContain('< 20');
    expect(rules.find((r: any) => r.alert === 'KubeJobFailed').for).toBe('1h');
  });

  it('throws on settings of alerts of an add-on that is off', () => {
    expect(() => synth({ alerts: { for: { FluentBitRecordsDropped: '1m' } } })).toThrow(
      "Metrics 'metrics': 'alerts.for.FluentBitRecordsDropped' is set, but the alert exists only with addons.fluentBit, which is not configured; remove it or configure fluentBit.",
    );
  });

  it('throws with every problem of its config section', () => {
    expect(() => synth({ prometheus: { replicas: 0 }, grafana: { adminSecretName: 'X' } })).toThrow(
      "Metrics 'metrics': 'prometheus.replicas' must be a whole number from 1 to 2 (1, or 2 for the HA pair; more only duplicates the same scrapes), got 0.\n"
      + "Metrics 'metrics': 'grafana.adminSecretName' must be a Secret name (lower-case DNS-1123 subdomain), got 'X'.",
    );
  });
});

describe('the metrics stack of the shipped accounts', () => {
  it('keeps monitoring at baseline and gives node-exporter its own privileged namespace', () => {
    for (const name of Object.keys(ACCOUNTS)) {
      const { objects } = platform(name);
      expect(findObject(objects, 'Namespace', 'monitoring').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
      expect(findObject(objects, 'Namespace', 'node-exporter').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    }
  });

  it('runs every monitoring workload at the restricted level already (non-root, no escalation, no capabilities, RuntimeDefault seccomp)', () => {
    const workloads = platform('production').objects.filter((o) => o.metadata.namespace === 'monitoring' && ['Deployment', 'StatefulSet'].includes(o.kind));
    expect(workloads.map((w) => w.metadata.name).sort()).toEqual(['alertmanager', 'grafana', 'kube-state-metrics', 'prometheus']);
    for (const w of workloads) {
      const spec = w.spec.template.spec;
      expect({ name: w.metadata.name, pod: spec.securityContext }).toMatchObject({ name: w.metadata.name, pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } });
      for (const c of spec.containers) {
        expect({ container: c.name, sc: c.securityContext }).toEqual({ container: c.name, sc: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } });
      }
    }
  });

  it('sizes the sandbox small with 7 days of retention', () => {
    const { chart } = platform('sandbox');
    const p = chart.metrics!.prometheus;
    expect({ replicas: p.replicas, retentionDays: p.retentionDays, volumeSizeGiB: p.volumeSizeGiB, alertmanagers: chart.metrics!.alertmanager.replicas })
      .toEqual({ replicas: 1, retentionDays: 7, volumeSizeGiB: 20, alertmanagers: 1 });
  });

  it('runs production as an HA pair with 15 days on larger volumes and three clustered Alertmanagers', () => {
    const { chart, objects } = platform('production');
    const p = chart.metrics!.prometheus;
    expect({ replicas: p.replicas, retentionDays: p.retentionDays, volumeSizeGiB: p.volumeSizeGiB, alertmanagers: chart.metrics!.alertmanager.replicas })
      .toEqual({ replicas: 2, retentionDays: 15, volumeSizeGiB: 200, alertmanagers: 3 });
    expect([findObject(objects, 'PodDisruptionBudget', 'prometheus'), findObject(objects, 'PodDisruptionBudget', 'alertmanager')].map((b) => b.spec.maxUnavailable)).toEqual([1, 1]);
  });

  it('gives Grafana a Loki data source on the read pods, with the fluent-bit tenant when Loki has auth on', () => {
    const datasources = parse(findObject(platform('production').objects, 'ConfigMap', 'grafana-datasources').data['datasources.yaml']).datasources;
    expect(datasources.find((d: any) => d.type === 'loki')).toMatchObject({
      url: 'http://loki-read.logging.svc.cluster.local:3100', jsonData: { httpHeaderName1: 'X-Scope-OrgID' }, secureJsonData: { httpHeaderValue1: 'production' },
    });
  });

  it('sends no tenant header to a Loki without auth', () => {
    const datasources = parse(findObject(platform('sandbox').objects, 'ConfigMap', 'grafana-datasources').data['datasources.yaml']).datasources;
    expect(datasources.find((d: any) => d.type === 'loki')).toEqual({ name: 'Loki', type: 'loki', uid: 'loki', access: 'proxy', url: 'http://loki.logging.svc.cluster.local:3100', editable: false });
  });
});
