/**
 * The platform's alert rules: the cluster, its nodes and workloads, Prometheus and
 * Alertmanager themselves, and the logging and autoscaling add-ons when they are on.
 *
 * Label conventions the rules rely on (set by the scrape jobs of `config.ts`):
 * - kube-state-metrics is scraped with `honor_labels`, so `namespace`/`pod` are the object's.
 * - kubelet/cAdvisor and node-exporter series carry `node` (the node's name), which is what
 *   Alertmanager's inhibition matches: a node that is down silences its pods' alerts.
 * - Pod alerts from kube-state-metrics get `node` by joining `kube_pod_info`.
 *
 * syslog-ng's daily S3 archive has no rule: the archiver is a shell loop in a sidecar and
 * syslog-ng (3.x/4.x) has no HTTP metrics endpoint, so nothing exposes "last upload".
 */
import { platformRule as rule, type AlertRuleGroup, type AlertSettings } from './alert-rule';

/** Which add-ons are on: their rule groups are added only then. */
export interface AlertAddons {
  /** fluent-bit ships logs. */
  readonly fluentBit: boolean;
  /** Loki stores logs. */
  readonly loki: boolean;
  /** The cluster autoscaler runs. */
  readonly clusterAutoscaler: boolean;
}

/** Real filesystems only (node-exporter also reports tmpfs, overlay, ...). */
const FS = 'fstype!~"tmpfs|overlay|squashfs|nsfs|ramfs",mountpoint!=""';
/** Adds the `node` of each pod (kube-state-metrics series have none) to a pod-level expression. */
const WITH_NODE = '* on (namespace, pod) group_left (node) max by (namespace, pod, node) (kube_pod_info)';

/** The rule groups of the platform, for `addons`. */
export function platformRuleGroups(s: AlertSettings, addons: AlertAddons): AlertRuleGroup[] {
  const t = s.thresholds;
  const groups: AlertRuleGroup[] = [
    {
      name: 'targets',
      rules: [
        rule(s, 'TargetDown', 'warning', 'up == 0',
          'Target {{ $labels.instance }} of job {{ $labels.job }} is down',
          'Prometheus cannot scrape {{ $labels.instance }} (job {{ $labels.job }}): its metrics and the alerts on them are blind. Check the pod is running and ready, its port and path, and NetworkPolicies between monitoring and its namespace.'),
      ],
    },
    {
      name: 'kubernetes-nodes',
      rules: [
        rule(s, 'KubeNodeNotReady', 'critical', 'kube_node_status_condition{condition="Ready",status="true"} == 0',
          'Node {{ $labels.node }} is not ready',
          'The kubelet of {{ $labels.node }} has not reported Ready: its pods are being evicted or are unreachable. Check the EC2 instance status, the kubelet and containerd logs, and the node group. Alerts of the pods on this node are inhibited while this fires.'),
        rule(s, 'KubeNodeMemoryPressure', 'warning', 'kube_node_status_condition{condition="MemoryPressure",status="true"} == 1',
          'Node {{ $labels.node }} is under memory pressure',
          'The kubelet of {{ $labels.node }} is evicting pods to reclaim memory. Look for pods without memory limits or with limits above requests, and for a node group too small for its workload.'),
        rule(s, 'KubeNodeDiskPressure', 'warning', 'kube_node_status_condition{condition="DiskPressure",status="true"} == 1',
          'Node {{ $labels.node }} is under disk pressure',
          'The kubelet of {{ $labels.node }} is evicting pods and deleting images to free disk. Check emptyDir usage, container logs and image sizes; grow the node volume in the launch template if needed.'),
        rule(s, 'NodeFilesystemAlmostFull', 'critical',
          `(node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}} * 100 < ${t.filesystemFreePercent}) and on (instance, device, mountpoint) node_filesystem_readonly{${FS}} == 0`,
          'Filesystem {{ $labels.mountpoint }} on node {{ $labels.node }} has less than ' + `${t.filesystemFreePercent}% free`,
          'Filesystem {{ $labels.mountpoint }} ({{ $labels.device }}) of {{ $labels.node }} is almost full; when it fills the kubelet evicts pods and writes fail. Find what grows (logs, emptyDir, images) and free it or grow the volume.'),
        rule(s, 'NodeFilesystemPredictedFull', 'warning',
          `(node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}} * 100 < 40) and predict_linear(node_filesystem_avail_bytes{${FS}}[6h], ${t.filesystemPredictHours * 3600}) < 0 and on (instance, device, mountpoint) node_filesystem_readonly{${FS}} == 0`,
          'Filesystem {{ $labels.mountpoint }} on node {{ $labels.node }} will be full within ' + `${t.filesystemPredictHours} hours`,
          'At the rate of the last 6 hours, {{ $labels.mountpoint }} ({{ $labels.device }}) of {{ $labels.node }} fills up soon. Find the writer before it does.'),
      ],
    },
    {
      name: 'kubernetes-workloads',
      rules: [
        rule(s, 'KubePodCrashLooping', 'warning',
          `(max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1) ${WITH_NODE}`,
          'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping',
          'The container keeps exiting and Kubernetes backs off restarting it. Read its previous logs (kubectl logs --previous) and its last termination reason (OOMKilled, exit code).'),
        rule(s, 'KubeDeploymentReplicasMismatch', 'warning', 'kube_deployment_spec_replicas != kube_deployment_status_replicas_available',
          'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} does not have its desired replicas available',
          'Fewer pods are available than the Deployment asks for: pods are pending (no capacity, unbound volume), crashing or not ready. Check kubectl describe on its pods and the cluster autoscaler.'),
        rule(s, 'KubeStatefulSetReplicasMismatch', 'warning', 'kube_statefulset_status_replicas_ready != kube_statefulset_replicas',
          'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} does not have its desired replicas ready',
          'Fewer pods are ready than the StatefulSet asks for. A pod stuck Pending is often a volume in another availability zone than the free capacity.'),
        rule(s, 'KubePersistentVolumeClaimAlmostFull', 'critical',
          `kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes * 100 < ${t.pvcFreePercent}`,
          'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than ' + `${t.pvcFreePercent}% free`,
          'The claim is almost full; the application writing it will fail. Grow the claim (gp3 volumes expand online) or clean its data.'),
        rule(s, 'KubeJobFailed', 'warning', 'kube_job_failed > 0',
          'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed',
          'The Job reached its backoff limit or deadline without succeeding. Read the logs of its last pods; delete the Job once handled to clear the alert.'),
        rule(s, 'CPUThrottlingHigh', 'info',
          'sum by (namespace, pod, container, node) (increase(container_cpu_cfs_throttled_periods_total{container!=""}[5m])) / sum by (namespace, pod, container, node) (increase(container_cpu_cfs_periods_total{container!=""}[5m])) * 100 > ' + `${t.cpuThrottlingPercent}`,
          'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} is CPU throttled',
          `More than ${t.cpuThrottlingPercent}% of the container's CPU periods hit its CPU limit: it runs slower than it could. Raise or remove the CPU limit.`),
      ],
    },
    {
      name: 'prometheus',
      rules: [
        rule(s, 'PrometheusRuleFailures', 'warning', 'increase(prometheus_rule_evaluation_failures_total[5m]) > 0',
          'Prometheus {{ $labels.instance }} failed to evaluate rules of group {{ $labels.rule_group }}',
          'Rule evaluations fail, so alerts of this group may not fire. See the rule health in Prometheus (/rules) and its log; often a query that returns duplicate series after a label change.'),
        rule(s, 'PrometheusTSDBCompactionsFailing', 'warning', 'increase(prometheus_tsdb_compactions_failed_total[3h]) > 0',
          'Prometheus {{ $labels.instance }} fails to compact its TSDB',
          'Block compaction keeps failing: the disk fills and queries slow down. Check the log for corrupted blocks and free space on the volume.'),
        rule(s, 'PrometheusConfigReloadFailed', 'warning', 'max_over_time(prometheus_config_last_reload_successful[5m]) == 0',
          'Prometheus {{ $labels.instance }} failed to reload its configuration',
          'The last configuration reload failed, so Prometheus runs the previous one. Its log names the error; promtool check config on the ConfigMap reproduces it.'),
        rule(s, 'PrometheusNotificationsDropped', 'critical', 'increase(prometheus_notifications_dropped_total[5m]) > 0',
          'Prometheus {{ $labels.instance }} dropped alert notifications',
          'Alerts did not reach Alertmanager (queue full or Alertmanager unreachable): people were not told. Check the Alertmanager pods and Service.'),
      ],
    },
    {
      name: 'alertmanager',
      rules: [
        rule(s, 'AlertmanagerNotificationsFailing', 'critical',
          'sum by (instance, integration) (rate(alertmanager_notifications_failed_total[5m])) / sum by (instance, integration) (rate(alertmanager_notifications_total[5m])) > 0.01',
          'Alertmanager {{ $labels.instance }} fails to send {{ $labels.integration }} notifications',
          'Notifications to {{ $labels.integration }} fail: check the receiver Secret (webhook URL, routing key), egress to the provider, and the Alertmanager log.'),
      ],
    },
  ];
  if (addons.fluentBit) {
    groups.push({
      name: 'fluent-bit',
      rules: [
        rule(s, 'FluentBitOutputRetriesFailed', 'warning', 'increase(fluentbit_output_retries_failed_total[5m]) > 0',
          'fluent-bit {{ $labels.pod }} gave up retrying output {{ $labels.name }}',
          'Chunks were discarded after their last retry: logs are lost. Check that Loki accepts pushes (rate limits, 5xx) and the fluent-bit log.'),
        rule(s, 'FluentBitRecordsDropped', 'critical', 'increase(fluentbit_output_dropped_records_total[5m]) > 0',
          'fluent-bit {{ $labels.pod }} dropped records of output {{ $labels.name }}',
          'Log records were dropped instead of delivered: an audit gap. Check Loki (rejections for old samples, rate limits) and the fluent-bit buffer.'),
        // The outage fluent-bit rides out: it retries without limit and buffers on disk, so it stays
        // ready and never restarts (issue 9); this is where the outage becomes visible.
        rule(s, 'FluentBitOutputStalled', 'warning', 'sum by (pod, name) (rate(fluentbit_output_retries_total[5m])) > 0 and sum by (pod, name) (rate(fluentbit_output_proc_records_total[5m])) == 0',
          'fluent-bit {{ $labels.pod }} keeps retrying output {{ $labels.name }} and delivers nothing',
          'Every push fails and is retried: logs pile up in the filesystem buffer (bounded by its total size) until Loki accepts them again. Check that Loki is up and accepts pushes (5xx, 429), and the fluent-bit log.'),
      ],
    });
  }
  if (addons.loki) {
    groups.push({
      name: 'loki',
      rules: [
        rule(s, 'LokiRequestErrors', 'critical',
          '100 * sum by (namespace, job, route) (rate(loki_request_duration_seconds_count{status_code=~"5.."}[5m])) / sum by (namespace, job, route) (rate(loki_request_duration_seconds_count[5m])) > ' + `${t.lokiErrorPercent}`,
          'Loki route {{ $labels.route }} fails more than ' + `${t.lokiErrorPercent}% of its requests`,
          'Loki answers 5xx on this route: pushes (logs lost upstream) or queries fail. Check the Loki pods, their ring, and S3 access through IRSA.'),
        rule(s, 'LokiIngesterFlushFailures', 'warning', 'increase(loki_ingester_chunks_flush_failures_total[5m]) > 0',
          'Loki {{ $labels.pod }} fails to flush chunks to S3',
          'Chunks stay in memory and in the WAL: a pod loss then loses logs. Check S3 access (IRSA role, KMS key policy) in the Loki log.'),
        rule(s, 'LokiCompactorNotRunning', 'warning', 'sum by (namespace) (loki_boltdb_shipper_compactor_running) == 0',
          'No Loki compactor runs in {{ $labels.namespace }}',
          'Every process with the compactor module reports that it is not the elected compactor: retention and delete requests are not applied, so logs outlive the retention period. Check the compactor ring (/compactor/ring) and the compactor pod\'s log.'),
        rule(s, 'LokiDeleteRequestsPending', 'warning', 'max by (namespace) (loki_compactor_oldest_pending_delete_request_age_seconds) > 172800',
          'A Loki delete request in {{ $labels.namespace }} has waited more than two days',
          'Delete requests are applied after their 24-hour cancel period, at the next compaction; one older than two days is stuck, and lines that must be erased are still in S3. Check the compactor pod\'s log and its S3 access.'),
      ],
    });
  }
  if (addons.clusterAutoscaler) {
    groups.push({
      name: 'cluster-autoscaler',
      rules: [
        rule(s, 'ClusterAutoscalerScaleUpFailed', 'warning', 'increase(cluster_autoscaler_failed_scale_ups_total[15m]) > 0',
          'The cluster autoscaler failed to scale up ({{ $labels.reason }})',
          'A scale-up of a node group failed: pods stay pending. Check EC2 capacity and quotas for the instance types, and the autoscaler log.'),
        rule(s, 'ClusterAutoscalerUnschedulablePods', 'warning', 'cluster_autoscaler_unschedulable_pods_count > 0',
          'The cluster autoscaler cannot place {{ $value }} pods',
          'Pods are unschedulable and no node group can take them: node groups at their maxSize, or pods asking for what no instance type offers. Raise maxSize or fix the pod requests.'),
      ],
    });
  }
  return groups;
}
