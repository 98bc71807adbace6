/**
 * The Prometheus server, without the operator and without CRDs: a StatefulSet whose pods each
 * scrape every target and keep their own TSDB volume (two replicas make the HA pair), its
 * read-only RBAC for service discovery, the config and rule ConfigMaps, and a reload sidecar.
 */
import { createHash } from 'node:crypto';
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  PROMETHEUS_DEFAULT_RESOURCES, PROMETHEUS_DEFAULT_RETENTION_DAYS, PROMETHEUS_DEFAULT_SCRAPE_INTERVAL_SECONDS,
  PROMETHEUS_DEFAULT_VOLUME_GIB, validatePrometheusServerConfig, type PrometheusServerConfig,
} from '../../config/addons/metrics';
import { ProblemCollector, show } from '../../config/problems';
import { withResourceDefaults } from '../../config/resources';
import {
  checkNamespace, componentLabels, nonRootPodSecurityContext, objectLabels, resourceRequirements, throwIfProblems, volumeClaimTemplate,
} from '../common';
import { ruleFileYaml, validateAlertRuleGroup, type AlertRuleGroup } from './alert-rule';
import {
  PROMETHEUS_CONFIG_DIR, PROMETHEUS_CONFIG_FILE, PROMETHEUS_DATA_DIR, PROMETHEUS_PORT, PROMETHEUS_RULES_DIR,
  prometheusConfigYaml, type PodTarget,
} from './config';
import { spreadReplicas } from './placement';
import { configReloaderContainer } from './reloader';

export * from './alert-rule';
export * from './config';
export * from './placement';
export * from './reloader';
export * from './rules';

/**
 * Prometheus version; the image tag below. 3.13 is the current LTS line (3.13.0 of 2026-07-01,
 * "a Long Term Support release"; 3.13.2 prepared in prometheus/prometheus#19292, 2026-07-29).
 */
export const PROMETHEUS_VERSION = 'v3.13.2';
/** The pinned Prometheus image (quay.io mirror of Docker Hub `prom/prometheus`). */
export const PROMETHEUS_IMAGE = `quay.io/prometheus/prometheus:${PROMETHEUS_VERSION}`;
/** uid the prometheus image runs as (`nobody`). */
export const PROMETHEUS_UID = 65534;

/** Properties of {@link Prometheus}: the config section plus what the rest of the stack is. */
export interface PrometheusProps extends PrometheusServerConfig {
  /** The cluster's name: the `cluster` external label. */
  readonly clusterName: string;
  /**
   * Alertmanager pods, `host:port` each.
   * @default - none: rules are evaluated, nothing is sent
   */
  readonly alertmanagers?: readonly string[];
  /**
   * Components scraped by their own job (exporters, Alertmanager). Prometheus's own pods are
   * always added.
   * @default - none
   */
  readonly podTargets?: readonly PodTarget[];
  /**
   * Alert rule groups, one rule file each. More can be added with `addRuleGroup()`.
   * @default - none
   */
  readonly ruleGroups?: readonly AlertRuleGroup[];
  /**
   * Namespace of every namespaced object.
   * @default 'monitoring'
   */
  readonly namespace?: string;
}

const NAME = 'prometheus';
const COMPONENT = 'server';

/** The ClusterRole's rules: read what service discovery lists, and the kubelet's and API server's metrics. */
export const PROMETHEUS_CLUSTER_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
  { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
];

/**
 * Prometheus, with defaults applied once here; read the public fields for the values in effect.
 *
 * Objects: ServiceAccount, ClusterRole and ClusterRoleBinding `prometheus`, ConfigMaps
 * `prometheus-config` and `prometheus-rules`, StatefulSet `prometheus`, Services `prometheus`
 * (queries: `url`) and `prometheus-headless`, and with two replicas a PodDisruptionBudget.
 */
export class Prometheus extends Construct {
  /** Number of pods. */
  public readonly replicas: number;
  /** Retention in days. */
  public readonly retentionDays: number;
  /** Size-based retention, in GiB. */
  public readonly retentionSizeGiB: number;
  /** Size of each TSDB volume, in GiB. */
  public readonly volumeSizeGiB: number;
  /** Namespace of every namespaced object. */
  public readonly namespace: string;
  /** Base URL for clients (Grafana): `http://prometheus.<namespace>.svc.cluster.local:9090`. */
  public readonly url: string;
  /** The rendered `prometheus.yml`. */
  public readonly configYaml: string;
  /** The StatefulSet (id `Resource`). */
  public readonly statefulSet: k8s.KubeStatefulSet;
  private readonly groups: AlertRuleGroup[] = [];

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    super(scope, id);
    assertValidProps(id, props);
    this.replicas = props.replicas ?? 1;
    this.retentionDays = props.retentionDays ?? PROMETHEUS_DEFAULT_RETENTION_DAYS;
    this.volumeSizeGiB = props.volumeSizeGiB ?? PROMETHEUS_DEFAULT_VOLUME_GIB;
    this.retentionSizeGiB = props.retentionSizeGiB ?? Math.max(1, Math.floor(this.volumeSizeGiB * 0.8));
    this.namespace = props.namespace ?? 'monitoring';
    this.url = `http://${NAME}.${this.namespace}.svc.cluster.local:${PROMETHEUS_PORT}`;
    const resources = withResourceDefaults(props.resources, PROMETHEUS_DEFAULT_RESOURCES);

    this.configYaml = prometheusConfigYaml({
      clusterName: props.clusterName,
      scrapeIntervalSeconds: props.scrapeIntervalSeconds ?? PROMETHEUS_DEFAULT_SCRAPE_INTERVAL_SECONDS,
      alertmanagers: props.alertmanagers ?? [],
      podTargets: [
        { job: 'prometheus', namespace: this.namespace, appName: NAME, portName: 'web' },
        ...(props.podTargets ?? []),
      ],
    });
    for (const group of props.ruleGroups ?? []) this.addRuleGroup(group);

    const selector = componentLabels(NAME, COMPONENT);
    const labels = objectLabels(NAME, COMPONENT, PROMETHEUS_VERSION);
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });
    const headless = `${NAME}-headless`;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(NAME), automountServiceAccountToken: false });
    new k8s.KubeClusterRole(this, 'ClusterRole', { metadata: { name: NAME, labels }, rules: [...PROMETHEUS_CLUSTER_RULES] });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: this.namespace }],
    });
    new k8s.KubeConfigMap(this, 'Config', { metadata: meta(`${NAME}-config`), data: { [PROMETHEUS_CONFIG_FILE]: this.configYaml } });
    new k8s.KubeConfigMap(this, 'Rules', {
      metadata: meta(`${NAME}-rules`),
      data: Lazy.any({ produce: () => Object.fromEntries(this.groups.map((g) => [`${g.name}.rules.yml`, ruleFileYaml(g)])) }),
    });

    const ports = [{ name: 'web', port: PROMETHEUS_PORT, targetPort: k8s.IntOrString.fromString('web'), protocol: 'TCP' }];
    new k8s.KubeService(this, 'Service', { metadata: meta(NAME), spec: { type: 'ClusterIP', selector, ports } });
    new k8s.KubeService(this, 'Headless', { metadata: meta(headless), spec: { clusterIp: 'None', selector, ports } });

    const replicated = this.replicas > 1;
    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: meta(NAME),
      spec: {
        replicas: this.replicas,
        serviceName: headless,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        template: {
          // The config's checksum restarts pods only when prometheus.yml changes shape; rules reload live.
          metadata: { labels: { ...labels }, annotations: { 'checksum/config': createHash('sha256').update(this.configYaml).digest('hex') } },
          spec: {
            serviceAccountName: NAME,
            // Service discovery and the kubelet/API server scrapes authenticate with this token.
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 600,
            securityContext: nonRootPodSecurityContext(PROMETHEUS_UID),
            ...(replicated ? spreadReplicas(selector) : {}),
            containers: [
              {
                name: NAME,
                image: PROMETHEUS_IMAGE,
                args: [
                  `--config.file=${PROMETHEUS_CONFIG_DIR}/${PROMETHEUS_CONFIG_FILE}`,
                  `--storage.tsdb.path=${PROMETHEUS_DATA_DIR}`,
                  `--storage.tsdb.retention.time=${this.retentionDays}d`,
                  `--storage.tsdb.retention.size=${this.retentionSizeGiB}GB`,
                  `--web.listen-address=:${PROMETHEUS_PORT}`,
                  '--web.enable-lifecycle',
                ],
                env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
                ports: [{ name: 'web', containerPort: PROMETHEUS_PORT, protocol: 'TCP' }],
                // WAL replay after a restart can take minutes: the startup probe allows 15.
                startupProbe: { httpGet: { path: '/-/ready', port: k8s.IntOrString.fromString('web') }, periodSeconds: 10, failureThreshold: 90 },
                readinessProbe: { httpGet: { path: '/-/ready', port: k8s.IntOrString.fromString('web') }, periodSeconds: 10, timeoutSeconds: 3 },
                livenessProbe: { httpGet: { path: '/-/healthy', port: k8s.IntOrString.fromString('web') }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 6 },
                resources: resourceRequirements(resources),
                securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                volumeMounts: [
                  { name: 'config', mountPath: PROMETHEUS_CONFIG_DIR, readOnly: true },
                  { name: 'rules', mountPath: PROMETHEUS_RULES_DIR, readOnly: true },
                  { name: 'data', mountPath: PROMETHEUS_DATA_DIR },
                ],
              },
              configReloaderContainer(`http://127.0.0.1:${PROMETHEUS_PORT}/-/reload`, [
                { volume: 'config', path: PROMETHEUS_CONFIG_DIR },
                { volume: 'rules', path: PROMETHEUS_RULES_DIR },
              ]),
            ],
            volumes: [
              { name: 'config', configMap: { name: `${NAME}-config` } },
              { name: 'rules', configMap: { name: `${NAME}-rules` } },
            ],
          },
        },
        volumeClaimTemplates: [volumeClaimTemplate('data', selector, this.volumeSizeGiB, props.storageClassName)],
      },
    });

    if (replicated) {
      new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: meta(NAME),
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
      });
    }
  }

  /**
   * Add a rule group (one rule file). Throws when the group is invalid or its name is taken:
   * the extension point for other add-ons' alerts (`jenkinsAlertRules()`, `argoAlertRules()`).
   */
  public addRuleGroup(group: AlertRuleGroup): void {
    const problems = new ProblemCollector();
    validateAlertRuleGroup(group, `ruleGroups['${group?.name}']`, problems);
    if (this.groups.some((g) => g.name === group?.name)) {
      problems.add(`ruleGroups['${group.name}']`, `is added twice: every rule group needs its own name, got ${show(group.name)} again.`);
    }
    throwIfProblems('Prometheus', this.node.id, problems);
    this.groups.push(group);
  }

  /** The rule groups, in the order added. */
  public get ruleGroups(): readonly AlertRuleGroup[] {
    return [...this.groups];
  }
}

/** Throws one error listing every problem of `props`, in the library's message style. */
function assertValidProps(id: string, props: PrometheusProps): void {
  const problems = new ProblemCollector();
  validatePrometheusServerConfig(props, '', problems);
  if (typeof props.clusterName !== 'string' || props.clusterName === '') problems.add('clusterName', `must be the cluster's name, got ${show(props.clusterName)}.`);
  checkNamespace(props.namespace, problems);
  throwIfProblems('Prometheus', id, problems);
}
