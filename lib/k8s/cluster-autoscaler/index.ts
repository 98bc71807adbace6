/**
 * The Kubernetes cluster autoscaler for EKS: one Deployment in kube-system that discovers the
 * cluster's node groups by their Auto Scaling group tags and resizes them, with the RBAC of
 * the upstream `cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml`
 * and an IRSA-annotated service account.
 */
import type { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  CLUSTER_AUTOSCALER_DEFAULT_RESOURCES, clusterAutoscalerImage, validateClusterAutoscalerConfig,
  type ClusterAutoscalerConfig, type ClusterAutoscalerExpander,
} from '../../config/addons/cluster-autoscaler';
import { ProblemCollector } from '../../config/problems';
import {
  AUTOSCALER_ENABLED_TAG_KEY, autoscalerClusterTagKey, IRSA_ANNOTATION, SERVICE_IDENTITIES, serviceRoleArn,
} from '../../names';
import {
  componentLabels, nonRootPodSecurityContext, objectLabels, prometheusScrapeAnnotations, resourceRequirements, spreadAcrossZonesAndNodes, throwIfProblems,
} from '../common';

/** Props of {@link ClusterAutoscaler}: the config section plus what the cluster is. */
export interface ClusterAutoscalerProps extends ClusterAutoscalerConfig {
  /** The EKS cluster's name: the discovery tag `k8s.io/cluster-autoscaler/<name>` and the IRSA role name. */
  readonly clusterName: string;
  /** The cluster's Kubernetes minor version, e.g. `'1.33'`: picks the image. */
  readonly kubernetesVersion: string;
  /** The AWS account id: with `clusterName`, gives the IRSA role ARN (`serviceRoleArn`). */
  readonly accountId: string;
  /** The AWS region of the cluster (`AWS_REGION`). */
  readonly region: string;
}

/** The metrics and health port of the autoscaler (`--address=:8085`). */
export const CLUSTER_AUTOSCALER_METRICS_PORT = 8085;
/** uid and gid the autoscaler runs as: `nobody`, as in the upstream manifest. */
export const CLUSTER_AUTOSCALER_UID = 65534;

const NAME = 'cluster-autoscaler';
const COMPONENT = 'autoscaler';

/**
 * ClusterRole rules of the upstream autodiscover manifest, plus what the pinned releases
 * (1.32 to 1.36) watch beyond it.
 */
const CLUSTER_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['events', 'endpoints'], verbs: ['create', 'patch'] },
  { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
  { apiGroups: [''], resources: ['endpoints'], resourceNames: [NAME], verbs: ['get', 'update'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['watch', 'list', 'get', 'update'] },
  {
    apiGroups: [''],
    resources: ['namespaces', 'pods', 'services', 'replicationcontrollers', 'persistentvolumeclaims', 'persistentvolumes'],
    verbs: ['watch', 'list', 'get'],
  },
  { apiGroups: ['extensions'], resources: ['replicasets', 'daemonsets'], verbs: ['watch', 'list', 'get'] },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['watch', 'list'] },
  { apiGroups: ['apps'], resources: ['statefulsets', 'replicasets', 'daemonsets'], verbs: ['watch', 'list', 'get'] },
  // volumeattachments: 1.32 and later watch them and wait for that cache to fill before their
  // first loop; without the grant the autoscaler runs, looks healthy and never scales
  // (kubernetes/autoscaler#7663).
  {
    apiGroups: ['storage.k8s.io'],
    resources: ['storageclasses', 'csinodes', 'csidrivers', 'csistoragecapacities', 'volumeattachments'],
    verbs: ['watch', 'list', 'get'],
  },
  // Dynamic resource allocation: always on from 1.35 (the flag can no longer be turned off),
  // which then lists and watches these (kubernetes/autoscaler#9244, #9487).
  { apiGroups: ['resource.k8s.io'], resources: ['deviceclasses', 'resourceslices', 'resourceclaims'], verbs: ['watch', 'list', 'get'] },
  { apiGroups: ['batch', 'extensions'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'patch'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
  { apiGroups: ['coordination.k8s.io'], resourceNames: [NAME], resources: ['leases'], verbs: ['get', 'update'] },
];

/** Role rules (kube-system) of the upstream autodiscover manifest: its status ConfigMaps. */
const NAMESPACE_RULES: k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'list', 'watch'] },
  {
    apiGroups: [''],
    resources: ['configmaps'],
    resourceNames: ['cluster-autoscaler-status', 'cluster-autoscaler-priority-expander'],
    verbs: ['delete', 'get', 'update', 'watch'],
  },
];

/**
 * The cluster autoscaler. Runs as `nobody` (65534, as upstream) with a read-only root file
 * system and no capabilities, at `system-cluster-critical` priority, never evicted by itself
 * (`safe-to-evict: false`), metrics on 8085 scraped through the `prometheus.io/*` annotations.
 * The upstream manifest's hostPath mount of the node's CA bundle is left out: the
 * registry.k8s.io image carries its own CA certificates.
 */
export class ClusterAutoscaler extends Construct {
  /** The namespace everything lives in. */
  public readonly namespace: string;
  /** The image, pinned by tag. */
  public readonly image: string;
  /** The IRSA role ARN on the service account. */
  public readonly roleArn: string;
  /** Replicas, default applied. */
  public readonly replicas: number;
  /** The expander, default applied. */
  public readonly expander: ClusterAutoscalerExpander;
  /** The container's arguments. */
  public readonly args: readonly string[];
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The ServiceAccount. */
  public readonly serviceAccount: ApiObject;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const problems = new ProblemCollector();
    validateClusterAutoscalerConfig(props, '', problems);
    throwIfProblems('ClusterAutoscaler', id, problems);
    const identity = SERVICE_IDENTITIES[NAME];
    this.namespace = identity.namespace;
    this.image = clusterAutoscalerImage(props.kubernetesVersion, props.imageTag);
    this.roleArn = serviceRoleArn(props.accountId, props.clusterName, NAME);
    this.replicas = props.replicas ?? 1;
    this.expander = props.expander ?? 'least-waste';
    const cpu = props.cpuMillicores ?? CLUSTER_AUTOSCALER_DEFAULT_RESOURCES.cpuMillicores;
    const memory = props.memoryMiB ?? CLUSTER_AUTOSCALER_DEFAULT_RESOURCES.memoryMiB;
    this.args = [
      '--v=4',
      '--cloud-provider=aws',
      `--node-group-auto-discovery=asg:tag=${AUTOSCALER_ENABLED_TAG_KEY},${autoscalerClusterTagKey(props.clusterName)}`,
      '--balance-similar-node-groups',
      '--skip-nodes-with-local-storage=false',
      `--expander=${this.expander}`,
      `--scale-down-unneeded-time=${props.scaleDownUnneededMinutes ?? 10}m`,
      `--address=:${CLUSTER_AUTOSCALER_METRICS_PORT}`,
    ];

    const tag = this.image.slice(this.image.lastIndexOf(':') + 1);
    const metadata = (extra: { namespace?: string } = {}) => ({ name: NAME, ...extra, labels: objectLabels(NAME, COMPONENT, tag) });
    const namespaced = metadata({ namespace: this.namespace });
    const selector = componentLabels(NAME, COMPONENT);

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { ...namespaced, name: identity.serviceAccount, annotations: { [IRSA_ANNOTATION]: this.roleArn } },
    });
    const subjects = [{ kind: 'ServiceAccount', name: identity.serviceAccount, namespace: this.namespace }];
    new k8s.KubeClusterRole(this, 'ClusterRole', { metadata: metadata(), rules: CLUSTER_RULES });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: metadata(),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects,
    });
    new k8s.KubeRole(this, 'Role', { metadata: namespaced, rules: NAMESPACE_RULES });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: namespaced,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: NAME },
      subjects,
    });

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: namespaced,
      spec: {
        replicas: this.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: {
            labels: objectLabels(NAME, COMPONENT, tag),
            annotations: {
              ...prometheusScrapeAnnotations(CLUSTER_AUTOSCALER_METRICS_PORT),
              'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false',
            },
          },
          spec: {
            serviceAccountName: identity.serviceAccount,
            priorityClassName: 'system-cluster-critical',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            topologySpreadConstraints: spreadAcrossZonesAndNodes(selector),
            securityContext: nonRootPodSecurityContext(CLUSTER_AUTOSCALER_UID),
            containers: [{
              name: NAME,
              image: this.image,
              imagePullPolicy: 'IfNotPresent',
              command: ['./cluster-autoscaler'],
              args: [...this.args],
              env: [{ name: 'AWS_REGION', value: props.region }],
              ports: [{ name: 'metrics', containerPort: CLUSTER_AUTOSCALER_METRICS_PORT, protocol: 'TCP' }],
              livenessProbe: {
                httpGet: { path: '/health-check', port: k8s.IntOrString.fromString('metrics') },
                initialDelaySeconds: 30,
                periodSeconds: 30,
              },
              // A replica that is not the leader answers /health-check too, so the readiness
              // probe never holds a standby out of its PodDisruptionBudget's count.
              readinessProbe: {
                httpGet: { path: '/health-check', port: k8s.IntOrString.fromString('metrics') },
                periodSeconds: 10,
              },
              // Requests equal limits (Guaranteed QoS), as upstream.
              resources: resourceRequirements({ cpuMillicores: cpu, cpuLimitMillicores: cpu, memoryMiB: memory }),
              securityContext: {
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            }],
          },
        },
      },
    });
    new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
      metadata: namespaced,
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });
  }
}
