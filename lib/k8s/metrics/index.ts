/**
 * The metrics stack of one cluster, from its `addons.metrics` section: Prometheus (with the
 * platform's alert rules), Alertmanager, node-exporter, kube-state-metrics and Grafana, wired
 * to each other. `PlatformChart` creates it in one line.
 */
import { Construct } from 'constructs';
import { PROMETHEUS_DEFAULT_SCRAPE_INTERVAL_SECONDS, validateMetricsConfig, type MetricsConfig } from '../../config/addons/metrics';
import { validateAlertRulesAddons } from '../../config/addons/alert-rules';
import { ProblemCollector } from '../../config/problems';
import { throwIfProblems } from '../common';
import { Alertmanager } from '../alertmanager';
import { Grafana, type GrafanaLokiSource } from '../grafana';
import { KubeStateMetrics } from '../kube-state-metrics';
import { NodeExporter } from '../node-exporter';
import { Prometheus, platformRuleGroups, resolveAlertSettings, type AlertAddons, type AlertRuleGroup } from '../prometheus';

/** A Secret the stack reads but does not create (created by SOPS or External Secrets). */
export interface ExternalSecretReference {
  /** Always `Secret`. */
  readonly kind: 'Secret';
  /** Its namespace. */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
}

/** Properties of {@link Metrics}: the config section plus what the rest of the platform is. */
export interface MetricsProps extends MetricsConfig {
  /** The cluster's name: the `cluster` external label. */
  readonly clusterName: string;
  /**
   * Which other add-ons are on: their alert rules are added.
   * @default - none
   */
  readonly addons?: Partial<AlertAddons>;
  /**
   * The Loki Grafana reads logs from.
   * @default - no Loki data source
   */
  readonly loki?: GrafanaLokiSource;
  /**
   * More alert rule groups (other add-ons' `AlertRuleGroup`s).
   * @default - none
   */
  readonly ruleGroups?: readonly AlertRuleGroup[];
}

/** Namespace of Prometheus, Alertmanager, kube-state-metrics and Grafana (enforces `baseline`). */
export const MONITORING_NAMESPACE = 'monitoring';

/** The metrics stack. Each component is a public field; `prometheus.addRuleGroup()` adds alerts. */
export class Metrics extends Construct {
  /** Prometheus. */
  public readonly prometheus: Prometheus;
  /** Alertmanager. */
  public readonly alertmanager: Alertmanager;
  /** node-exporter. */
  public readonly nodeExporter: NodeExporter;
  /** kube-state-metrics. */
  public readonly kubeStateMetrics: KubeStateMetrics;
  /** Grafana. */
  public readonly grafana: Grafana;
  /** Secrets the stack references and someone must create before it runs. */
  public readonly externalSecrets: readonly ExternalSecretReference[];

  constructor(scope: Construct, id: string, props: MetricsProps) {
    super(scope, id);
    const problems = new ProblemCollector();
    const addons: AlertAddons = { fluentBit: false, loki: false, clusterAutoscaler: false, ...props.addons };
    validateMetricsConfig(props, '', problems);
    if (props.alerts) validateAlertRulesAddons(props.alerts, new Set(Object.entries(addons).filter(([, on]) => on).map(([name]) => name)), '.alerts', problems);
    throwIfProblems('Metrics', id, problems);

    this.alertmanager = new Alertmanager(this, 'alertmanager', { ...props.alertmanager, namespace: MONITORING_NAMESPACE });
    this.nodeExporter = new NodeExporter(this, 'node-exporter', props.nodeExporter);
    this.kubeStateMetrics = new KubeStateMetrics(this, 'kube-state-metrics', { ...props.kubeStateMetrics, namespace: MONITORING_NAMESPACE });
    this.prometheus = new Prometheus(this, 'prometheus', {
      ...props.prometheus,
      clusterName: props.clusterName,
      namespace: MONITORING_NAMESPACE,
      alertmanagers: this.alertmanager.podAddresses,
      podTargets: [
        { job: 'alertmanager', namespace: MONITORING_NAMESPACE, appName: 'alertmanager', portName: 'web' },
        { job: 'node-exporter', namespace: this.nodeExporter.namespace, appName: 'node-exporter', portName: 'metrics' },
        { job: 'kube-state-metrics', namespace: MONITORING_NAMESPACE, appName: 'kube-state-metrics', portName: 'http-metrics', honorLabels: true },
      ],
      ruleGroups: [...platformRuleGroups(resolveAlertSettings(props.alerts), addons), ...(props.ruleGroups ?? [])],
    });
    this.grafana = new Grafana(this, 'grafana', {
      ...props.grafana,
      namespace: MONITORING_NAMESPACE,
      prometheusUrl: this.prometheus.url,
      scrapeIntervalSeconds: props.prometheus?.scrapeIntervalSeconds ?? PROMETHEUS_DEFAULT_SCRAPE_INTERVAL_SECONDS,
      loki: props.loki,
    });
    this.externalSecrets = [
      { kind: 'Secret', namespace: MONITORING_NAMESPACE, name: this.grafana.adminSecretName },
      ...(this.alertmanager.receiversSecretName ? [{ kind: 'Secret' as const, namespace: MONITORING_NAMESPACE, name: this.alertmanager.receiversSecretName }] : []),
    ];
  }
}
