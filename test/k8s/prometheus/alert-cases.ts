/**
 * One case per alert rule: series in promtool's notation on which the alert fires, the labels
 * it must carry then (besides `alertname` and the rule's own `severity`), and series on which
 * it stays silent. Label sets mirror what the scrape jobs produce.
 */
import type { AlertName } from '../../../lib/config/addons/alert-rules';

/** `[series, values]` in promtool's input notation. */
type Series = readonly (readonly [string, string])[];

export interface AlertCase {
  readonly alert: AlertName;
  readonly firing: Series;
  readonly healthy: Series;
  readonly evalTime: string;
  /** Labels of the firing alert, severity excluded (added from the rule). */
  readonly labels: Record<string, string>;
  /** What `{{ $value }}` renders to, for rules whose annotations use it. */
  readonly value?: string;
  /** Sample interval. */
  readonly interval?: string;
}

const KSM = 'job="kube-state-metrics",instance="kube-state-metrics-0"';
const ksm = { job: 'kube-state-metrics', instance: 'kube-state-metrics-0' };
const FS = 'node="ip-10-0-1-5",instance="node-exporter-abcde",job="node-exporter",device="/dev/nvme0n1p1",fstype="xfs",mountpoint="/"';
const fs = { node: 'ip-10-0-1-5', instance: 'node-exporter-abcde', job: 'node-exporter', device: '/dev/nvme0n1p1', fstype: 'xfs', mountpoint: '/' };
const PROM = 'job="prometheus",instance="prometheus-0"';
const prom = { job: 'prometheus', instance: 'prometheus-0' };
const FB = 'job="kubernetes-pods",instance="10.0.1.20:2020",namespace="logging",pod="fluent-bit-x7k2p",container="fluent-bit",node="ip-10-0-1-5",name="loki.0"';
const fb = { job: 'kubernetes-pods', instance: '10.0.1.20:2020', namespace: 'logging', pod: 'fluent-bit-x7k2p', container: 'fluent-bit', node: 'ip-10-0-1-5', name: 'loki.0' };
const LOKI = 'job="kubernetes-pods",instance="10.0.1.30:3100",namespace="logging",pod="loki-0",container="loki",node="ip-10-0-1-6"';
const loki = { job: 'kubernetes-pods', instance: '10.0.1.30:3100', namespace: 'logging', pod: 'loki-0', container: 'loki', node: 'ip-10-0-1-6' };
const LOKI_COMPACTOR = 'job="kubernetes-pods",instance="10.0.1.31:3100",namespace="logging",pod="loki-compactor-0",container="loki",node="ip-10-0-1-7"';
const CA = 'job="kubernetes-pods",instance="10.0.1.40:8085",namespace="kube-system",pod="cluster-autoscaler-1",container="cluster-autoscaler",node="ip-10-0-1-7"';
const ca = { job: 'kubernetes-pods', instance: '10.0.1.40:8085', namespace: 'kube-system', pod: 'cluster-autoscaler-1', container: 'cluster-autoscaler', node: 'ip-10-0-1-7' };

/** A node condition as kube-state-metrics reports it. */
function condition(condition: string, value: string): Series {
  return [[`kube_node_status_condition{${KSM},node="ip-10-0-1-5",condition="${condition}",status="true"}`, value]];
}
const conditionLabels = (c: string) => ({ ...ksm, node: 'ip-10-0-1-5', condition: c, status: 'true' });

/** Filesystem series of node-exporter: available and total bytes, writable. */
function filesystem(avail: string, minutes: number): Series {
  return [
    [`node_filesystem_avail_bytes{${FS}}`, avail],
    [`node_filesystem_size_bytes{${FS}}`, `100x${minutes}`],
    [`node_filesystem_readonly{${FS}}`, `0x${minutes}`],
  ];
}

export const ALERT_CASES: readonly AlertCase[] = [
  {
    alert: 'TargetDown', evalTime: '15m',
    firing: [['up{job="loki",instance="10.0.1.30:3100"}', '0x20']],
    healthy: [['up{job="loki",instance="10.0.1.30:3100"}', '1x20']],
    labels: { job: 'loki', instance: '10.0.1.30:3100' },
  },
  { alert: 'KubeNodeNotReady', evalTime: '20m', firing: condition('Ready', '0x30'), healthy: condition('Ready', '1x30'), labels: conditionLabels('Ready') },
  { alert: 'KubeNodeMemoryPressure', evalTime: '10m', firing: condition('MemoryPressure', '1x20'), healthy: condition('MemoryPressure', '0x20'), labels: conditionLabels('MemoryPressure') },
  { alert: 'KubeNodeDiskPressure', evalTime: '10m', firing: condition('DiskPressure', '1x20'), healthy: condition('DiskPressure', '0x20'), labels: conditionLabels('DiskPressure') },
  { alert: 'NodeFilesystemAlmostFull', evalTime: '40m', firing: filesystem('5x60', 60), healthy: filesystem('50x60', 60), labels: fs },
  {
    // 35% free, losing 0.05% a minute: 3 % an hour, full in well under the default 24 hours.
    alert: 'NodeFilesystemPredictedFull', evalTime: '7h',
    firing: filesystem('35-0.05x480', 480), healthy: filesystem('35x480', 480), labels: fs,
  },
  {
    alert: 'KubePodCrashLooping', evalTime: '25m',
    firing: [
      [`kube_pod_container_status_waiting_reason{${KSM},namespace="apps",pod="web-1",container="web",reason="CrashLoopBackOff"}`, '1x30'],
      [`kube_pod_info{${KSM},namespace="apps",pod="web-1",node="ip-10-0-1-5"}`, '1x30'],
    ],
    healthy: [
      [`kube_pod_container_status_waiting_reason{${KSM},namespace="apps",pod="web-1",container="web",reason="CrashLoopBackOff"}`, '0x30'],
      [`kube_pod_info{${KSM},namespace="apps",pod="web-1",node="ip-10-0-1-5"}`, '1x30'],
    ],
    labels: { ...ksm, namespace: 'apps', pod: 'web-1', container: 'web', reason: 'CrashLoopBackOff', node: 'ip-10-0-1-5' },
  },
  {
    alert: 'KubeDeploymentReplicasMismatch', evalTime: '20m',
    firing: [[`kube_deployment_spec_replicas{${KSM},namespace="apps",deployment="web"}`, '3x30'], [`kube_deployment_status_replicas_available{${KSM},namespace="apps",deployment="web"}`, '1x30']],
    healthy: [[`kube_deployment_spec_replicas{${KSM},namespace="apps",deployment="web"}`, '3x30'], [`kube_deployment_status_replicas_available{${KSM},namespace="apps",deployment="web"}`, '3x30']],
    labels: { ...ksm, namespace: 'apps', deployment: 'web' },
  },
  {
    alert: 'KubeStatefulSetReplicasMismatch', evalTime: '20m',
    firing: [[`kube_statefulset_status_replicas_ready{${KSM},namespace="logging",statefulset="loki"}`, '2x30'], [`kube_statefulset_replicas{${KSM},namespace="logging",statefulset="loki"}`, '3x30']],
    healthy: [[`kube_statefulset_status_replicas_ready{${KSM},namespace="logging",statefulset="loki"}`, '3x30'], [`kube_statefulset_replicas{${KSM},namespace="logging",statefulset="loki"}`, '3x30']],
    labels: { ...ksm, namespace: 'logging', statefulset: 'loki' },
  },
  {
    alert: 'KubePersistentVolumeClaimAlmostFull', evalTime: '10m',
    firing: [
      ['kubelet_volume_stats_available_bytes{job="kubelet",instance="ip-10-0-1-5",node="ip-10-0-1-5",namespace="monitoring",persistentvolumeclaim="data-prometheus-0"}', '5x20'],
      ['kubelet_volume_stats_capacity_bytes{job="kubelet",instance="ip-10-0-1-5",node="ip-10-0-1-5",namespace="monitoring",persistentvolumeclaim="data-prometheus-0"}', '100x20'],
    ],
    healthy: [
      ['kubelet_volume_stats_available_bytes{job="kubelet",instance="ip-10-0-1-5",node="ip-10-0-1-5",namespace="monitoring",persistentvolumeclaim="data-prometheus-0"}', '50x20'],
      ['kubelet_volume_stats_capacity_bytes{job="kubelet",instance="ip-10-0-1-5",node="ip-10-0-1-5",namespace="monitoring",persistentvolumeclaim="data-prometheus-0"}', '100x20'],
    ],
    labels: { job: 'kubelet', instance: 'ip-10-0-1-5', node: 'ip-10-0-1-5', namespace: 'monitoring', persistentvolumeclaim: 'data-prometheus-0' },
  },
  {
    alert: 'KubeJobFailed', evalTime: '20m',
    firing: [[`kube_job_failed{${KSM},namespace="apps",job_name="nightly-report-2911",condition="true"}`, '1x30']],
    healthy: [[`kube_job_failed{${KSM},namespace="apps",job_name="nightly-report-2911",condition="true"}`, '0x30']],
    labels: { ...ksm, namespace: 'apps', job_name: 'nightly-report-2911', condition: 'true' },
  },
  {
    alert: 'CPUThrottlingHigh', evalTime: '30m',
    firing: [
      ['container_cpu_cfs_throttled_periods_total{job="cadvisor",instance="ip-10-0-1-5",node="ip-10-0-1-5",namespace="apps",pod="web-1",container="web"}', '0+50x40'],
      ['container_cpu_cfs_periods_total{job="cadvisor",instance="ip-10-0-1-5",node="ip-10-0-1-5",namespace="apps",pod="web-1",container="web"}', '0+100x40'],
    ],
    healthy: [
      ['container_cpu_cfs_throttled_periods_total{job="cadvisor",instance="ip-10-0-1-5",node="ip-10-0-1-5",namespace="apps",pod="web-1",container="web"}', '0+1x40'],
      ['container_cpu_cfs_periods_total{job="cadvisor",instance="ip-10-0-1-5",node="ip-10-0-1-5",namespace="apps",pod="web-1",container="web"}', '0+100x40'],
    ],
    labels: { namespace: 'apps', pod: 'web-1', container: 'web', node: 'ip-10-0-1-5' },
  },
  {
    alert: 'PrometheusRuleFailures', evalTime: '30m',
    firing: [[`prometheus_rule_evaluation_failures_total{${PROM},rule_group="/etc/prometheus/rules/loki.rules.yml;loki"}`, '0+1x40']],
    healthy: [[`prometheus_rule_evaluation_failures_total{${PROM},rule_group="/etc/prometheus/rules/loki.rules.yml;loki"}`, '0x40']],
    labels: { ...prom, rule_group: '/etc/prometheus/rules/loki.rules.yml;loki' },
  },
  {
    alert: 'PrometheusTSDBCompactionsFailing', evalTime: '6h', interval: '15m',
    firing: [[`prometheus_tsdb_compactions_failed_total{${PROM}}`, '0+1x30']],
    healthy: [[`prometheus_tsdb_compactions_failed_total{${PROM}}`, '0x30']],
    labels: prom,
  },
  {
    alert: 'PrometheusConfigReloadFailed', evalTime: '20m',
    firing: [[`prometheus_config_last_reload_successful{${PROM}}`, '0x30']],
    healthy: [[`prometheus_config_last_reload_successful{${PROM}}`, '1x30']],
    labels: prom,
  },
  {
    alert: 'PrometheusNotificationsDropped', evalTime: '30m',
    firing: [[`prometheus_notifications_dropped_total{${PROM}}`, '0+1x40']],
    healthy: [[`prometheus_notifications_dropped_total{${PROM}}`, '0x40']],
    labels: prom,
  },
  {
    alert: 'AlertmanagerNotificationsFailing', evalTime: '20m',
    firing: [
      ['alertmanager_notifications_failed_total{job="alertmanager",instance="alertmanager-0",integration="slack"}', '0+1x30'],
      ['alertmanager_notifications_total{job="alertmanager",instance="alertmanager-0",integration="slack"}', '0+10x30'],
    ],
    healthy: [
      ['alertmanager_notifications_failed_total{job="alertmanager",instance="alertmanager-0",integration="slack"}', '0x30'],
      ['alertmanager_notifications_total{job="alertmanager",instance="alertmanager-0",integration="slack"}', '0+10x30'],
    ],
    labels: { instance: 'alertmanager-0', integration: 'slack' },
  },
  {
    alert: 'FluentBitOutputRetriesFailed', evalTime: '20m',
    firing: [[`fluentbit_output_retries_failed_total{${FB}}`, '0+1x30']],
    healthy: [[`fluentbit_output_retries_failed_total{${FB}}`, '0x30']],
    labels: fb,
  },
  {
    alert: 'FluentBitRecordsDropped', evalTime: '20m',
    firing: [[`fluentbit_output_dropped_records_total{${FB}}`, '0+7x30']],
    healthy: [[`fluentbit_output_dropped_records_total{${FB}}`, '0x30']],
    labels: fb,
  },
  {
    alert: 'FluentBitOutputStalled', evalTime: '30m',
    firing: [
      [`fluentbit_output_retries_total{${FB}}`, '0+3x40'],
      [`fluentbit_output_proc_records_total{${FB}}`, '100x40'],
    ],
    healthy: [
      [`fluentbit_output_retries_total{${FB}}`, '0+3x40'],
      [`fluentbit_output_proc_records_total{${FB}}`, '100+50x40'],
    ],
    labels: { pod: fb.pod, name: fb.name },
  },
  {
    alert: 'LokiRequestErrors', evalTime: '30m',
    firing: [
      [`loki_request_duration_seconds_count{${LOKI},route="loki_api_v1_push",method="POST",status_code="500"}`, '0+5x40'],
      [`loki_request_duration_seconds_count{${LOKI},route="loki_api_v1_push",method="POST",status_code="204"}`, '0+10x40'],
    ],
    healthy: [
      [`loki_request_duration_seconds_count{${LOKI},route="loki_api_v1_push",method="POST",status_code="500"}`, '0x40'],
      [`loki_request_duration_seconds_count{${LOKI},route="loki_api_v1_push",method="POST",status_code="204"}`, '0+10x40'],
    ],
    labels: { namespace: 'logging', job: 'kubernetes-pods', route: 'loki_api_v1_push' },
  },
  {
    alert: 'LokiIngesterFlushFailures', evalTime: '20m',
    firing: [[`loki_ingester_chunks_flush_failures_total{${LOKI}}`, '0+1x30']],
    healthy: [[`loki_ingester_chunks_flush_failures_total{${LOKI}}`, '0x30']],
    labels: loki,
  },
  {
    alert: 'LokiCompactorNotRunning', evalTime: '45m',
    firing: [[`loki_boltdb_shipper_compactor_running{${LOKI}}`, '0x60'], [`loki_boltdb_shipper_compactor_running{${LOKI_COMPACTOR}}`, '0x60']],
    healthy: [[`loki_boltdb_shipper_compactor_running{${LOKI}}`, '0x60'], [`loki_boltdb_shipper_compactor_running{${LOKI_COMPACTOR}}`, '1x60']],
    labels: { namespace: 'logging' },
  },
  {
    alert: 'LokiDeleteRequestsPending', evalTime: '90m',
    firing: [[`loki_compactor_oldest_pending_delete_request_age_seconds{${LOKI_COMPACTOR}}`, '180000+60x100']],
    healthy: [[`loki_compactor_oldest_pending_delete_request_age_seconds{${LOKI_COMPACTOR}}`, '90000+60x100']],
    labels: { namespace: 'logging' },
  },
  {
    alert: 'ClusterAutoscalerScaleUpFailed', evalTime: '30m',
    firing: [[`cluster_autoscaler_failed_scale_ups_total{${CA},reason="cloudProviderError"}`, '0+1x40']],
    healthy: [[`cluster_autoscaler_failed_scale_ups_total{${CA},reason="cloudProviderError"}`, '0x40']],
    labels: { ...ca, reason: 'cloudProviderError' },
  },
  {
    alert: 'ClusterAutoscalerUnschedulablePods', evalTime: '45m', value: '3',
    firing: [[`cluster_autoscaler_unschedulable_pods_count{${CA}}`, '3x60']],
    healthy: [[`cluster_autoscaler_unschedulable_pods_count{${CA}}`, '0x60']],
    labels: ca,
  },
];
