/**
 * One optional section per add-on. Each section's type lives in `lib/config/addons/<addon>.ts`
 * beside its validator; a section left out means the add-on is not installed.
 */
import type { ArgoWorkflowsConfig } from './addons/argo-workflows';
import type { ClusterAutoscalerConfig } from './addons/cluster-autoscaler';
import type { FluentBitConfig } from './addons/fluent-bit';
import type { JenkinsConfig } from './addons/jenkins';
import type { JenkinsDeployRoleConfig } from './addons/jenkins-deploy';
import type { LokiConfig } from './addons/loki';
import type { MetricsConfig } from './addons/metrics';
import type { SyslogNgConfig } from './addons/syslog-ng';

/** Add-on sections of a cluster. */
export interface AddonsConfig {
  /**
   * Argo Workflows: controller, server, workflow namespaces, shared templates and scheduled workflows.
   * @default - not installed
   */
  readonly argoWorkflows?: ArgoWorkflowsConfig;
  /**
   * Cluster autoscaler, discovering node groups by tag.
   * @default - not installed
   */
  readonly clusterAutoscaler?: ClusterAutoscalerConfig;
  /**
   * fluent-bit DaemonSet shipping pod logs to Loki.
   * @default - not installed
   */
  readonly fluentBit?: FluentBitConfig;
  /**
   * Loki log store.
   * @default - not installed
   */
  readonly loki?: LokiConfig;
  /**
   * Prometheus, Alertmanager, node-exporter, kube-state-metrics and Grafana.
   * @default - not installed
   */
  readonly metrics?: MetricsConfig;
  /**
   * Central syslog-ng server with a daily S3 archive.
   * @default - not installed
   */
  readonly syslogNg?: SyslogNgConfig;
  /**
   * Jenkins controller with Kubernetes agents.
   * @default - not installed
   */
  readonly jenkins?: JenkinsConfig;
  /**
   * The role a Jenkins (of this or another account) assumes to deploy into this cluster.
   * @default - no Jenkins deploys here
   */
  readonly jenkinsDeployRole?: JenkinsDeployRoleConfig;
}
