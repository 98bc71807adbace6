/**
 * Closed sets the configuration is checked against. Each states its source and date; update
 * them when AWS adds a region or an EKS version.
 */

/**
 * Kubernetes minor versions EKS supports (standard or extended support).
 * Source: EKS user guide "Understand the Kubernetes version lifecycle on EKS" and its release
 * calendar, checked 2026-11-22 (1.31 leaves extended support on 2026-11-26, so it is left out).
 */
export const SUPPORTED_KUBERNETES_VERSIONS = ['1.32', '1.33', '1.34', '1.35', '1.36'] as const;

/**
 * Commercial AWS regions where EKS runs (partition `aws`).
 * Source: AWS general reference, "Amazon EKS endpoints and quotas", checked 2026-11-22.
 */
export const AWS_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-north-1', 'eu-south-1', 'eu-south-2',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
  'sa-east-1',
] as const;

/** Kubernetes namespaces that exist in every cluster. */
export const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/**
 * Namespaces the platform's add-ons run in (their default names): logging (fluent-bit, Loki,
 * syslog-ng), monitoring (Prometheus, Alertmanager, Grafana, kube-state-metrics), node-exporter
 * (privileged), jenkins (controller and agents), argo (workflow controller and server). Edit
 * rights there would let a deployer run pods as the add-ons' service accounts and read their
 * Secrets; a tenant's quota and policies there would apply to the add-ons' pods.
 */
export const ADDON_NAMESPACES = ['logging', 'monitoring', 'node-exporter', 'jenkins', 'argo'] as const;

/**
 * EKS limits a managed node group's label keys and taint keys (prefix included), and its label
 * and taint values, to 63 characters; label values must not be empty.
 * Source: EKS API reference, `CreateNodegroup` labels and `Taint`, checked 2026-11-22.
 */
export const EKS_NODE_LABEL_MAX = 63;

/** Most taints of one EKS managed node group. Source: EKS API reference, `CreateNodegroup`. */
export const EKS_MAX_TAINTS = 50;

/**
 * Labels in the `kubernetes.io` and `k8s.io` namespaces that kubelet accepts in `--node-labels`
 * (where EKS puts a managed node group's labels) besides the `kubelet.kubernetes.io` and
 * `node.kubernetes.io` namespaces: the ones kubelet sets itself. Any other key in those
 * namespaces makes kubelet exit at start. Source: kubelet flag validation (`IsKubeletLabel`).
 */
export const KUBELET_OWN_LABELS: ReadonlySet<string> = new Set([
  'beta.kubernetes.io/arch', 'beta.kubernetes.io/instance-type', 'beta.kubernetes.io/os',
  'failure-domain.beta.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone',
  'kubernetes.io/arch', 'kubernetes.io/hostname', 'kubernetes.io/os', 'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/region', 'topology.kubernetes.io/zone',
]);
