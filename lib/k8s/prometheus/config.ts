/**
 * Prometheus's configuration file (`prometheus.yml`), rendered from resolved settings. Pure:
 * no constructs, so tests run promtool on it.
 *
 * Both Debian's Prometheus 2.42 (what the tests run) and the pinned 3.x image must accept it,
 * so it uses only keys 2.42 knows. Keys avoided for that reason:
 * - `scrape_protocols` / `fallback_scrape_protocol` (2.49 / 3.0), `enable_compression` (2.49),
 *   `keep_dropped_targets` (2.47), `always_scrape_classic_histograms`,
 *   `convert_classic_histograms_to_nhcb` and `metric_name_validation_scheme` (3.x), the
 *   `runtime` and `otlp` sections (2.47+): every one is unknown to 2.42, which rejects the file.
 * - `${POD_NAME}` in `external_labels` is expanded by 3.x always, and by 2.42 only with
 *   `--enable-feature=expand-external-labels` (the flag 3.0 removed; the e2e test passes it).
 *
 * Reference: https://prometheus.io/docs/prometheus/2.42/configuration/configuration/
 */
import { toYaml } from '../../yaml';

/** Port of Prometheus's web UI, API and `/metrics`. */
export const PROMETHEUS_PORT = 9090;
/** Mount path of the TSDB volume. */
export const PROMETHEUS_DATA_DIR = '/prometheus';
/** Mount path of the config file's directory. */
export const PROMETHEUS_CONFIG_DIR = '/etc/prometheus/config';
/** Name of the config file. */
export const PROMETHEUS_CONFIG_FILE = 'prometheus.yml';
/** Mount path of the rule files. */
export const PROMETHEUS_RULES_DIR = '/etc/prometheus/rules';
/** Port of Alertmanager's API. */
export const ALERTMANAGER_PORT = 9093;

/** Where the service account's token and the cluster CA are mounted. */
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A component of the stack Prometheus finds by pod labels (its own pods, Alertmanager, exporters). */
export interface PodTarget {
  /** Job name. */
  readonly job: string;
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Value of their `app.kubernetes.io/name` label. */
  readonly appName: string;
  /** Name of the container port to scrape. */
  readonly portName: string;
  /**
   * Keep the target's own `namespace`/`pod` labels (kube-state-metrics: they describe other objects).
   * @default false
   */
  readonly honorLabels?: boolean;
}

/** Everything the config file depends on, with every default applied. */
export interface PrometheusSettings {
  /** The cluster's name (`cluster` external label). */
  readonly clusterName: string;
  /** `global.scrape_interval` and `evaluation_interval`, in seconds. */
  readonly scrapeIntervalSeconds: number;
  /** Alertmanager pods to send alerts to, `host:port` each (every replica gets every alert). */
  readonly alertmanagers: readonly string[];
  /** Pods of the stack scraped by their own job. */
  readonly podTargets: readonly PodTarget[];
  /**
   * Directory of the rule files.
   * @default PROMETHEUS_RULES_DIR
   */
  readonly rulesDir?: string;
  /**
   * Directory of the service account's `token` and `ca.crt` (promtool checks the files exist).
   * @default '/var/run/secrets/kubernetes.io/serviceaccount'
   */
  readonly serviceAccountDir?: string;
}

/** HTTPS to the API server and the kubelets: the service account's token, the cluster CA. */
function k8sAuth(dir: string): Record<string, unknown> {
  return {
    authorization: { credentials_file: `${dir}/token` },
    tls_config: { ca_file: `${dir}/ca.crt`, insecure_skip_verify: false },
  };
}

/** Relabelings of pod targets: `namespace`, `pod`, `container` and `node` labels. */
const POD_LABELS = [
  { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
  { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
  { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
  { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
];

/** Drop pods that are not running (completed Jobs keep their annotations). */
const RUNNING_ONLY = { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed', action: 'drop' };

/** The `prometheus.io/port` and `path` annotations (of a pod or a service) applied to the target. */
function annotationRelabels(kind: 'pod' | 'service'): Record<string, unknown>[] {
  const prefix = `__meta_kubernetes_${kind}_annotation`;
  return [
    { source_labels: [`${prefix}_prometheus_io_scrape`], regex: 'true', action: 'keep' },
    { source_labels: [`${prefix}_prometheus_io_path`], regex: '(.+)', target_label: '__metrics_path__' },
    {
      source_labels: ['__address__', `${prefix}_prometheus_io_port`],
      regex: '(.+?)(?::\\d+)?;(\\d+)',
      replacement: '$1:$2',
      target_label: '__address__',
    },
  ];
}

/** A job scraping one component's pods by label and port name. */
function podJob(t: PodTarget): Record<string, unknown> {
  return {
    job_name: t.job,
    ...(t.honorLabels ? { honor_labels: true } : {}),
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [t.namespace] } }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], regex: t.appName, action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: t.portName, action: 'keep' },
      RUNNING_ONLY,
      // kube-state-metrics series carry the namespace, pod and node they describe: adding its
      // own would give a Deployment's series the node of kube-state-metrics (and node-down
      // inhibition would then silence them).
      ...(t.honorLabels ? [] : POD_LABELS),
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'instance' },
    ],
  };
}

/** The kubelet's own metrics or cAdvisor's, from every node on :10250 (never through `nodes/proxy`). */
function kubeletJob(job: string, path: string, saDir: string): Record<string, unknown> {
  return {
    job_name: job,
    scheme: 'https',
    metrics_path: path,
    ...k8sAuth(saDir),
    kubernetes_sd_configs: [{ role: 'node' }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' },
      { source_labels: ['__meta_kubernetes_node_name'], target_label: 'instance' },
    ],
  };
}

/** Prometheus's config as a plain object. */
export function renderPrometheusConfig(s: PrometheusSettings): Record<string, unknown> {
  const interval = `${s.scrapeIntervalSeconds}s`;
  const saDir = s.serviceAccountDir ?? SA_DIR;
  return {
    global: {
      scrape_interval: interval,
      scrape_timeout: `${Math.min(10, s.scrapeIntervalSeconds)}s`,
      evaluation_interval: interval,
      // `replica` tells the HA pair's series apart; alerts drop it (alert_relabel_configs) so
      // Alertmanager sees one alert from both replicas and notifies once.
      external_labels: { cluster: s.clusterName, replica: '${POD_NAME}' },
    },
    alerting: {
      alert_relabel_configs: [{ regex: 'replica', action: 'labeldrop' }],
      alertmanagers: s.alertmanagers.length === 0 ? [] : [{ api_version: 'v2', static_configs: [{ targets: [...s.alertmanagers] }] }],
    },
    rule_files: [`${s.rulesDir ?? PROMETHEUS_RULES_DIR}/*.rules.yml`],
    scrape_configs: [
      {
        job_name: 'kubernetes-apiservers',
        scheme: 'https',
        ...k8sAuth(saDir),
        kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: ['default'] } }],
        relabel_configs: [{
          source_labels: ['__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'],
          regex: 'kubernetes;https',
          action: 'keep',
        }],
      },
      kubeletJob('kubelet', '/metrics', saDir),
      kubeletJob('cadvisor', '/metrics/cadvisor', saDir),
      ...s.podTargets.map(podJob),
      {
        job_name: 'kubernetes-pods',
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          // Service discovery gives one target per container port; keep the annotated one so a
          // pod with sidecars or several ports is scraped once (the port must be declared).
          { source_labels: ['__meta_kubernetes_pod_container_port_number'], target_label: '__meta_kubernetes_pod_annotation_prometheus_io_port', action: 'keepequal' },
          ...annotationRelabels('pod'), RUNNING_ONLY, ...POD_LABELS,
        ],
      },
      {
        job_name: 'kubernetes-service-endpoints',
        kubernetes_sd_configs: [{ role: 'endpoints' }],
        relabel_configs: [
          ...annotationRelabels('service'),
          { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
          { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service' },
          { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
          { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
        ],
      },
    ],
  };
}

/** {@link renderPrometheusConfig} as the YAML text of `prometheus.yml`. */
export function prometheusConfigYaml(settings: PrometheusSettings): string {
  return toYaml(renderPrometheusConfig(settings));
}
