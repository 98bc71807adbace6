/**
 * kube-state-metrics: one Deployment turning the state of Kubernetes objects (node conditions,
 * replicas, pod phases, job results) into metrics, with read-only RBAC. Its collectors are
 * limited to the kinds its ClusterRole can list: never Secrets or ConfigMaps.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KUBE_STATE_METRICS_DEFAULT_RESOURCES, type KubeStateMetricsConfig } from '../../config/addons/metrics';
import { ProblemCollector } from '../../config/problems';
import { validateContainerResources, withResourceDefaults } from '../../config/resources';
import { checkNamespace, componentLabels, nonRootPodSecurityContext, objectLabels, resourceRequirements, throwIfProblems } from '../common';

/**
 * kube-state-metrics version; the image tag below (v2.19.0 of 2026-05, e.g.
 * shaman007/home-k3s#250 "Update registry.k8s.io/kube-state-metrics/kube-state-metrics Docker
 * tag to v2.19.0"; releases at https://github.com/kubernetes/kube-state-metrics/releases).
 */
export const KUBE_STATE_METRICS_VERSION = 'v2.19.0';
/** The pinned kube-state-metrics image. */
export const KUBE_STATE_METRICS_IMAGE = `registry.k8s.io/kube-state-metrics/kube-state-metrics:${KUBE_STATE_METRICS_VERSION}`;
/** Port of the object metrics. */
export const KUBE_STATE_METRICS_PORT = 8080;
/** Port of kube-state-metrics' own metrics and readiness. */
export const KUBE_STATE_METRICS_TELEMETRY_PORT = 8081;
/** uid kube-state-metrics runs as (`nobody`, as upstream's manifests). */
export const KUBE_STATE_METRICS_UID = 65534;

/** Properties of {@link KubeStateMetrics}. */
export interface KubeStateMetricsProps extends KubeStateMetricsConfig {
  /**
   * Namespace of every namespaced object.
   * @default 'monitoring'
   */
  readonly namespace?: string;
}

const NAME = 'kube-state-metrics';
const COMPONENT = 'exporter';

/** What kube-state-metrics may list and watch, by API group; its `--resources` are exactly these. */
const WATCHED: readonly { group: string; resources: readonly string[] }[] = [
  { group: '', resources: ['namespaces', 'nodes', 'persistentvolumeclaims', 'persistentvolumes', 'pods', 'services'] },
  { group: 'apps', resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'] },
  { group: 'batch', resources: ['cronjobs', 'jobs'] },
  { group: 'autoscaling', resources: ['horizontalpodautoscalers'] },
  { group: 'policy', resources: ['poddisruptionbudgets'] },
];

/**
 * kube-state-metrics. Objects: ServiceAccount, ClusterRole and ClusterRoleBinding and
 * Deployment `kube-state-metrics`.
 */
export class KubeStateMetrics extends Construct {
  /** Namespace of every namespaced object. */
  public readonly namespace: string;
  /** The Deployment (id `Resource`). */
  public readonly deployment: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: KubeStateMetricsProps = {}) {
    super(scope, id);
    const problems = new ProblemCollector();
    validateContainerResources(props.resources ?? {}, 'resources', problems, KUBE_STATE_METRICS_DEFAULT_RESOURCES);
    checkNamespace(props.namespace, problems);
    throwIfProblems('KubeStateMetrics', id, problems);
    this.namespace = props.namespace ?? 'monitoring';
    const selector = componentLabels(NAME, COMPONENT);
    const labels = objectLabels(NAME, COMPONENT, KUBE_STATE_METRICS_VERSION);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: this.namespace, labels }, automountServiceAccountToken: false });
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: NAME, labels },
      rules: WATCHED.map((w) => ({ apiGroups: [w.group], resources: [...w.resources], verbs: ['list', 'watch'] })),
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: this.namespace }],
    });
    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: NAME, namespace: this.namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            securityContext: nonRootPodSecurityContext(KUBE_STATE_METRICS_UID),
            containers: [{
              name: NAME,
              image: KUBE_STATE_METRICS_IMAGE,
              args: [
                `--port=${KUBE_STATE_METRICS_PORT}`,
                `--telemetry-port=${KUBE_STATE_METRICS_TELEMETRY_PORT}`,
                `--resources=${WATCHED.flatMap((w) => w.resources).sort().join(',')}`,
              ],
              ports: [
                { name: 'http-metrics', containerPort: KUBE_STATE_METRICS_PORT, protocol: 'TCP' },
                { name: 'telemetry', containerPort: KUBE_STATE_METRICS_TELEMETRY_PORT, protocol: 'TCP' },
              ],
              livenessProbe: { httpGet: { path: '/livez', port: k8s.IntOrString.fromString('http-metrics') }, initialDelaySeconds: 5, timeoutSeconds: 5 },
              readinessProbe: { httpGet: { path: '/readyz', port: k8s.IntOrString.fromString('telemetry') }, initialDelaySeconds: 5, timeoutSeconds: 5 },
              resources: resourceRequirements(withResourceDefaults(props.resources, KUBE_STATE_METRICS_DEFAULT_RESOURCES)),
              securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    });
  }
}
