/**
 * The emitted prometheus.yml, checked by the real promtool (Debian's 2.42). Debian builds
 * Prometheus without Kubernetes service discovery ("Kubernetes support has been completely
 * removed", its NEWS.Debian), so its promtool rejects `kubernetes_sd_configs`. The check swaps
 * each of those blocks for a `file_sd_configs` and lets promtool check everything else (auth,
 * TLS, relabelling, alerting, rule files); the swapped blocks are checked against the upstream
 * `kubernetes_sd_config` schema here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  platformRuleGroups, prometheusConfigYaml, renderPrometheusConfig, resolveAlertSettings, ruleFileYaml, type PrometheusSettings,
} from '../../../lib/k8s/prometheus';
import { describeWithProgram, PROMTOOL } from '../../support/programs';

const settings: PrometheusSettings = {
  clusterName: 'platform-test',
  scrapeIntervalSeconds: 30,
  alertmanagers: ['alertmanager-0.alertmanager-headless.monitoring.svc.cluster.local:9093'],
  podTargets: [
    { job: 'prometheus', namespace: 'monitoring', appName: 'prometheus', portName: 'web' },
    { job: 'kube-state-metrics', namespace: 'monitoring', appName: 'kube-state-metrics', portName: 'http-metrics', honorLabels: true },
  ],
};

/** Keys of `kubernetes_sd_config` (Prometheus 2.42 and 3.x docs) and its roles. */
const K8S_SD_KEYS = ['api_server', 'role', 'kubeconfig_file', 'basic_auth', 'authorization', 'oauth2', 'proxy_url', 'no_proxy',
  'proxy_from_environment', 'proxy_connect_header', 'follow_redirects', 'enable_http2', 'tls_config', 'namespaces', 'selectors', 'attach_metadata'];
const K8S_SD_ROLES = ['node', 'service', 'pod', 'endpoints', 'endpointslice', 'ingress'];

function job(name: string): any {
  return (renderPrometheusConfig(settings).scrape_configs as any[]).find((j) => j.job_name === name);
}

describe('prometheus.yml', () => {
  it('scrapes the kubelet and cAdvisor of every node on :10250 over HTTPS with the service account token, never through nodes/proxy', () => {
    for (const [name, metricsPath] of [['kubelet', '/metrics'], ['cadvisor', '/metrics/cadvisor']]) {
      expect(job(name)).toMatchObject({
        scheme: 'https',
        metrics_path: metricsPath,
        authorization: { credentials_file: '/var/run/secrets/kubernetes.io/serviceaccount/token' },
        tls_config: { ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', insecure_skip_verify: false },
        kubernetes_sd_configs: [{ role: 'node' }],
      });
    }
    expect(prometheusConfigYaml(settings)).not.toContain('proxy');
  });

  it('scrapes pods and service endpoints that opt in with the prometheus.io annotations', () => {
    expect(job('kubernetes-pods').relabel_configs[1]).toEqual({ source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' });
    expect(job('kubernetes-service-endpoints').relabel_configs[0]).toEqual({ source_labels: ['__meta_kubernetes_service_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' });
  });

  it('scrapes an annotated pod once, on the container port its annotation names', () => {
    expect(job('kubernetes-pods').relabel_configs[0]).toEqual({
      source_labels: ['__meta_kubernetes_pod_container_port_number'], target_label: '__meta_kubernetes_pod_annotation_prometheus_io_port', action: 'keepequal',
    });
  });

  it('keeps kube-state-metrics labels (honor_labels) and scrapes it by its pod label and port', () => {
    expect(job('kube-state-metrics')).toMatchObject({ honor_labels: true, kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: ['monitoring'] } }] });
    expect(job('kube-state-metrics').relabel_configs.slice(0, 2)).toEqual([
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], regex: 'kube-state-metrics', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'http-metrics', action: 'keep' },
    ]);
  });

  it('adds no target labels to kube-state-metrics series, so they keep the node of the object they describe', () => {
    expect(job('kube-state-metrics').relabel_configs.map((r: any) => r.target_label).filter(Boolean)).toEqual(['instance']);
  });

  it('labels series with the cluster and replica, and drops the replica from alerts so the HA pair notifies once', () => {
    const config = renderPrometheusConfig(settings) as any;
    expect(config.global.external_labels).toEqual({ cluster: 'platform-test', replica: '${POD_NAME}' });
    expect(config.alerting.alert_relabel_configs).toEqual([{ regex: 'replica', action: 'labeldrop' }]);
    expect(config.alerting.alertmanagers).toEqual([{ api_version: 'v2', static_configs: [{ targets: settings.alertmanagers }] }]);
  });

  it('uses only keys and roles of the upstream kubernetes_sd_config', () => {
    const blocks = (renderPrometheusConfig(settings).scrape_configs as any[]).flatMap((j) => j.kubernetes_sd_configs ?? []);
    expect(blocks.length).toBeGreaterThan(5);
    for (const block of blocks) {
      expect(Object.keys(block).filter((k) => !K8S_SD_KEYS.includes(k))).toEqual([]);
      expect(K8S_SD_ROLES).toContain(block.role);
    }
  });
});

describeWithProgram(PROMTOOL, 'prometheus.yml checked by promtool', (promtool) => {
  it('passes promtool check config, with the rule files beside it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prom-config-'));
    try {
      const saDir = path.join(dir, 'sa');
      const rulesDir = path.join(dir, 'rules');
      fs.mkdirSync(saDir);
      fs.mkdirSync(rulesDir);
      fs.writeFileSync(path.join(saDir, 'token'), 'token');
      fs.writeFileSync(path.join(saDir, 'ca.crt'), '');
      for (const g of platformRuleGroups(resolveAlertSettings(), { fluentBit: true, loki: true, clusterAutoscaler: true })) {
        fs.writeFileSync(path.join(rulesDir, `${g.name}.rules.yml`), ruleFileYaml(g));
      }
      const config = parse(prometheusConfigYaml({ ...settings, serviceAccountDir: saDir, rulesDir }));
      for (const j of config.scrape_configs) {
        if (j.kubernetes_sd_configs === undefined) continue;
        delete j.kubernetes_sd_configs;
        j.file_sd_configs = [{ files: [path.join(dir, 'targets.json')] }];
      }
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), stringify(config));
      const result = spawnSync(promtool, ['check', 'config', path.join(dir, 'prometheus.yml')], { encoding: 'utf8' });
      expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 8 rule files found') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
