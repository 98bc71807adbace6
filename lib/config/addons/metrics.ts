/**
 * The `metrics` add-on section: Prometheus, Alertmanager, node-exporter, kube-state-metrics and
 * Grafana, as one stack.
 *
 * One section with a sub-section per component (rather than a section each) because the parts
 * only work together: Prometheus sends to this Alertmanager, Grafana reads this Prometheus,
 * node-exporter and kube-state-metrics are useless without a Prometheus that scrapes them, and
 * the alert rules need all of them. One switch turns the whole stack on; the sub-sections size
 * it. Cross-component checks (Grafana's Loki data source, the rules of the other add-ons) have
 * one place to live.
 *
 * Plain data only. The Kubernetes objects and config files are rendered by `lib/k8s/metrics`
 * and the component folders beside it.
 */
import { show, type ProblemCollector } from '../problems';
import {
  checkInteger, EBS_VOLUME_SIZE_GIB, isStorageClassName, validateContainerResources,
  type ContainerResourceDefaults, type ContainerResources,
} from '../resources';
import { validateAlertmanagerConfig, type AlertmanagerConfig } from './alertmanager';
import { validateAlertRulesConfig, type AlertRulesConfig } from './alert-rules';

/** Default of {@link PrometheusServerConfig.resources}. */
export const PROMETHEUS_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 500, memoryMiB: 2048 };
/** Default of {@link PrometheusServerConfig.retentionDays}. */
export const PROMETHEUS_DEFAULT_RETENTION_DAYS = 15;
/** Default of {@link PrometheusServerConfig.volumeSizeGiB}. */
export const PROMETHEUS_DEFAULT_VOLUME_GIB = 50;
/** Default of {@link PrometheusServerConfig.scrapeIntervalSeconds}. */
export const PROMETHEUS_DEFAULT_SCRAPE_INTERVAL_SECONDS = 30;
/** Default of {@link GrafanaConfig.resources}. */
export const GRAFANA_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 100, memoryMiB: 256 };
/** Default of {@link GrafanaConfig.adminSecretName}. */
export const GRAFANA_DEFAULT_ADMIN_SECRET = 'grafana-admin';
/** Default of {@link NodeExporterConfig.resources}. */
export const NODE_EXPORTER_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 50, memoryMiB: 64 };
/** Default of {@link KubeStateMetricsConfig.resources}. */
export const KUBE_STATE_METRICS_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 100, memoryMiB: 256 };

/** The Prometheus server. */
export interface PrometheusServerConfig {
  /**
   * Number of Prometheus pods. Each scrapes every target and keeps its own TSDB on its own
   * volume (the usual HA pair: 2), told apart by the `replica` external label.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * How long samples are kept, in days (`--storage.tsdb.retention.time`).
   * @default 15
   */
  readonly retentionDays?: number;
  /**
   * Size of each pod's TSDB volume, in GiB.
   * @default 50
   */
  readonly volumeSizeGiB?: number;
  /**
   * Size at which the oldest blocks are deleted even within the retention time
   * (`--storage.tsdb.retention.size`), in GiB. Below the volume size, so the volume never fills.
   * @default - 80% of volumeSizeGiB, rounded down
   */
  readonly retentionSizeGiB?: number;
  /**
   * StorageClass of the volumes.
   * @default - the cluster's default StorageClass (encrypted gp3, Retain)
   */
  readonly storageClassName?: string;
  /**
   * `global.scrape_interval`, in seconds (evaluation interval too).
   * @default 30
   */
  readonly scrapeIntervalSeconds?: number;
  /**
   * CPU and memory of each Prometheus container.
   * @default - 500 millicores, 2048 MiB, no CPU limit
   */
  readonly resources?: ContainerResources;
}

/** Grafana. */
export interface GrafanaConfig {
  /**
   * Secret in the `monitoring` namespace with keys `admin-user` and `admin-password`, created
   * outside this library (SOPS, External Secrets). Grafana does not start without it.
   * @default 'grafana-admin'
   */
  readonly adminSecretName?: string;
  /**
   * CPU and memory of the Grafana container.
   * @default - 100 millicores, 256 MiB, no CPU limit
   */
  readonly resources?: ContainerResources;
}

/** node-exporter. */
export interface NodeExporterConfig {
  /**
   * CPU and memory of each node-exporter container.
   * @default - 50 millicores, 64 MiB, no CPU limit
   */
  readonly resources?: ContainerResources;
}

/** kube-state-metrics. */
export interface KubeStateMetricsConfig {
  /**
   * CPU and memory of the kube-state-metrics container.
   * @default - 100 millicores, 256 MiB, no CPU limit
   */
  readonly resources?: ContainerResources;
}

/** Configuration section of the metrics add-on. */
export interface MetricsConfig {
  /**
   * The Prometheus server.
   * @default - one replica, 15 days, 50 GiB
   */
  readonly prometheus?: PrometheusServerConfig;
  /**
   * Alertmanager and the routing of alerts to receivers.
   * @default - one replica and no receiver (alerts show in its UI only)
   */
  readonly alertmanager?: AlertmanagerConfig;
  /**
   * Thresholds, `for:` durations and runbook links of the alert rules.
   * @default - the defaults of each rule
   */
  readonly alerts?: AlertRulesConfig;
  /**
   * Grafana.
   * @default - admin credentials from Secret 'grafana-admin'
   */
  readonly grafana?: GrafanaConfig;
  /**
   * node-exporter DaemonSet.
   * @default - default resources
   */
  readonly nodeExporter?: NodeExporterConfig;
  /**
   * kube-state-metrics Deployment.
   * @default - default resources
   */
  readonly kubeStateMetrics?: KubeStateMetricsConfig;
}

/** Secret names (DNS-1123 subdomain). */
const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Reports unless `value` is undefined or a plain object; returns true when it may be inspected. */
function checkSection(value: unknown, path: string, problems: ProblemCollector): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(path, `must be an object, got ${show(value)}.`);
    return false;
  }
  return true;
}

/** Check a MetricsConfig section; report every problem under `path`. */
export function validateMetricsConfig(config: MetricsConfig, path: string, problems: ProblemCollector): void {
  if (checkSection(config.prometheus, `${path}.prometheus`, problems)) validatePrometheusServerConfig(config.prometheus!, `${path}.prometheus`, problems);
  if (checkSection(config.alertmanager, `${path}.alertmanager`, problems)) validateAlertmanagerConfig(config.alertmanager!, `${path}.alertmanager`, problems);
  if (checkSection(config.alerts, `${path}.alerts`, problems)) validateAlertRulesConfig(config.alerts!, `${path}.alerts`, problems);
  if (checkSection(config.grafana, `${path}.grafana`, problems)) {
    const g = config.grafana!;
    if (g.adminSecretName !== undefined && (typeof g.adminSecretName !== 'string' || !SECRET_NAME.test(g.adminSecretName))) {
      problems.add(`${path}.grafana.adminSecretName`, `must be a Secret name (lower-case DNS-1123 subdomain), got ${show(g.adminSecretName)}.`);
    }
    validateContainerResources(g.resources ?? {}, `${path}.grafana.resources`, problems, GRAFANA_DEFAULT_RESOURCES);
  }
  if (checkSection(config.nodeExporter, `${path}.nodeExporter`, problems)) {
    validateContainerResources(config.nodeExporter!.resources ?? {}, `${path}.nodeExporter.resources`, problems, NODE_EXPORTER_DEFAULT_RESOURCES);
  }
  if (checkSection(config.kubeStateMetrics, `${path}.kubeStateMetrics`, problems)) {
    validateContainerResources(config.kubeStateMetrics!.resources ?? {}, `${path}.kubeStateMetrics.resources`, problems, KUBE_STATE_METRICS_DEFAULT_RESOURCES);
  }
}

/** Check a PrometheusServerConfig section; report every problem under `path`. */
export function validatePrometheusServerConfig(p: PrometheusServerConfig, path: string, problems: ProblemCollector): void {
  checkInteger(p.replicas, { min: 1, max: 2, why: '1, or 2 for the HA pair; more only duplicates the same scrapes' }, `${path}.replicas`, problems);
  checkInteger(p.retentionDays, { min: 1, max: 3650, unit: 'days' }, `${path}.retentionDays`, problems);
  const volumeOk = p.volumeSizeGiB === undefined || checkInteger(p.volumeSizeGiB, EBS_VOLUME_SIZE_GIB, `${path}.volumeSizeGiB`, problems);
  if (checkInteger(p.retentionSizeGiB, { min: 1, max: EBS_VOLUME_SIZE_GIB.max }, `${path}.retentionSizeGiB`, problems) && volumeOk) {
    const volume = p.volumeSizeGiB ?? PROMETHEUS_DEFAULT_VOLUME_GIB;
    if (p.retentionSizeGiB! >= volume) {
      problems.add(`${path}.retentionSizeGiB`, `must be less than volumeSizeGiB (${volume}): the WAL and compaction need room beyond the blocks, got ${p.retentionSizeGiB}.`);
    }
  }
  if (p.storageClassName !== undefined && !isStorageClassName(p.storageClassName)) {
    problems.add(`${path}.storageClassName`, `must be a StorageClass name (lower-case DNS-1123 subdomain), got ${show(p.storageClassName)}.`);
  }
  checkInteger(p.scrapeIntervalSeconds, { min: 5, max: 300, unit: 'seconds' }, `${path}.scrapeIntervalSeconds`, problems);
  validateContainerResources(p.resources ?? {}, `${path}.resources`, problems, PROMETHEUS_DEFAULT_RESOURCES);
}
