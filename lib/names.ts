/**
 * Deterministic names shared by the AWS and Kubernetes sides, so the Kubernetes side can
 * compute an ARN (for an IRSA annotation, say) without a Pulumi Output.
 *
 * Only the `aws` partition is supported (GovCloud and China use other ARN prefixes).
 */
import { createHash } from 'node:crypto';

/** IAM role names are at most 64 characters. */
export const IAM_ROLE_NAME_MAX = 64;
/** S3 bucket names are at most 63 characters. */
export const BUCKET_NAME_MAX = 63;

/**
 * Join `parts` with `-`; when the result is longer than `max`, cut it and end it with an
 * 8-hex-digit hash of the whole, so long inputs still give distinct, stable names.
 */
export function boundedName(parts: readonly string[], max: number): string {
  const full = parts.join('-');
  if (full.length <= max) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, max - 9).replace(/[-_.]+$/, '')}-${hash}`;
}

/** Lower-case a cluster name and turn characters S3 and DNS refuse into `-`. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Kubernetes object names (Role, ClusterRole, their bindings, most kinds) are at most 253 characters. */
export const KUBERNETES_NAME_MAX = 253;

/**
 * Name of the ClusterRole, and of its bindings, that carry the rules of a custom Kubernetes
 * group: `eks-platform-group-<slug of the group>` (`acme:oncall` -> `eks-platform-group-acme-oncall`).
 * Groups that slug alike (`acme:oncall`, `acme-oncall`, `Acme:OnCall`) get the same name;
 * `validateIdentityMappings()` rejects such a pair. A group without a letter or digit is named
 * by a hash of it.
 */
export function customGroupRoleName(group: string): string {
  const s = slug(group) || createHash('sha256').update(group).digest('hex').slice(0, 8);
  return boundedName(['eks-platform-group', s], KUBERNETES_NAME_MAX);
}

/** IAM role name of a node group's nodes. */
export function nodeRoleName(clusterName: string, nodeGroupName: string): string {
  return boundedName([clusterName, nodeGroupName, 'node'], IAM_ROLE_NAME_MAX);
}

/** ARN of an IAM role of `accountId`. */
export function roleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** ARN of a node group's node role. */
export function nodeRoleArn(accountId: string, clusterName: string, nodeGroupName: string): string {
  return roleArn(accountId, nodeRoleName(clusterName, nodeGroupName));
}

/** An in-cluster identity that talks to AWS through IRSA. */
export interface ServiceIdentity {
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Service account name. */
  readonly serviceAccount: string;
}

/**
 * Add-ons that call AWS APIs, each bound by IRSA to exactly one `namespace:serviceaccount`.
 * Both sides read this table: the AWS side writes the trust policy, the Kubernetes side names
 * and annotates the service account.
 */
export const SERVICE_IDENTITIES = {
  /** syslog-ng's archiver sidecar: uploads finished days to the log-archive bucket. */
  'syslog-archiver': { namespace: 'logging', serviceAccount: 'syslog-ng' },
  /** Loki: chunks and index in its bucket. */
  loki: { namespace: 'logging', serviceAccount: 'loki' },
  /** The EBS CSI driver's controller (name fixed by the EKS add-on). */
  'ebs-csi-driver': { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
  /** Cluster autoscaler: resizes node groups' Auto Scaling groups. */
  'cluster-autoscaler': { namespace: 'kube-system', serviceAccount: 'cluster-autoscaler' },
  /** Jenkins controller and agents: deploy rights. */
  jenkins: { namespace: 'jenkins', serviceAccount: 'jenkins' },
  /** The EFS CSI driver's controller (name fixed by the EKS add-on): the build caches. */
  'efs-csi-driver': { namespace: 'kube-system', serviceAccount: 'efs-csi-controller-sa' },
} as const satisfies Record<string, ServiceIdentity>;

/** Add-ons with an IRSA role. */
export type ServiceIdentityName = keyof typeof SERVICE_IDENTITIES;

/** IAM role name of an add-on's IRSA role in one cluster. */
export function serviceRoleName(clusterName: string, addon: ServiceIdentityName): string {
  return boundedName([clusterName, addon], IAM_ROLE_NAME_MAX);
}

/** IAM role ARN of an add-on's IRSA role: the value of its service account's annotation. */
export function serviceRoleArn(accountId: string, clusterName: string, addon: ServiceIdentityName): string {
  return roleArn(accountId, serviceRoleName(clusterName, addon));
}

/** The annotation that binds a Kubernetes service account to an IAM role (IRSA). */
export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** Name of the account's log-archive bucket (daily syslog archives; one per account and region). */
export function logArchiveBucketName(accountId: string, region: string): string {
  return boundedName(['eksp-log-archive', accountId, region], BUCKET_NAME_MAX);
}

/** Name of a cluster's Loki chunk/index bucket. */
export function lokiBucketName(accountId: string, region: string, clusterName: string): string {
  return boundedName(['eksp-loki', slug(clusterName), accountId, region], BUCKET_NAME_MAX);
}

/** KMS alias of the account's key for sops/helm-secrets. */
export function sopsKeyAlias(accountName: string): string {
  return `alias/eks-platform/${accountName}/sops`;
}

/** The label every object the library emits carries. */
export const MANAGED_BY_LABEL = { 'app.kubernetes.io/managed-by': 'eks-platform' } as const;

/**
 * Tag key the cluster autoscaler's auto-discovery looks for on every node group's Auto Scaling
 * group (`--node-group-auto-discovery=asg:tag=<this>,<autoscalerClusterTagKey>`).
 */
export const AUTOSCALER_ENABLED_TAG_KEY = 'k8s.io/cluster-autoscaler/enabled';

/** Tag key that marks an Auto Scaling group as belonging to `clusterName` for the autoscaler. */
export function autoscalerClusterTagKey(clusterName: string): string {
  return `k8s.io/cluster-autoscaler/${clusterName}`;
}

/**
 * The tags that let the cluster autoscaler discover a node group, with the values EKS itself
 * puts on a managed node group's Auto Scaling group. The autoscaler's IAM policy only allows
 * resizing groups tagged `<autoscalerClusterTagKey>: owned`, so node groups and the policy
 * must agree: both sides read this function.
 */
export function autoscalerDiscoveryTags(clusterName: string): Readonly<Record<string, string>> {
  return { [AUTOSCALER_ENABLED_TAG_KEY]: 'true', [autoscalerClusterTagKey(clusterName)]: 'owned' };
}

/**
 * Key prefix of a cluster's objects in the log-archive bucket (`<cluster>/`). The syslog
 * archiver writes under it; its IAM policy allows nothing else.
 */
export function logArchivePrefix(clusterName: string): string {
  return `${clusterName}/`;
}

/** KMS alias of the key that encrypts the account's log-archive bucket. */
export function logArchiveKeyAlias(accountName: string): string {
  return `alias/eks-platform/${accountName}/log-archive`;
}

/** KMS alias of the key that encrypts a cluster's Loki bucket. */
export function lokiKeyAlias(accountName: string, clusterName: string): string {
  return `alias/eks-platform/${accountName}/${clusterName}/loki`;
}

/**
 * IAM role name of the role Jenkins assumes to deploy into a cluster (created in the cluster's
 * own account, trusted by the Jenkins IRSA role of the account that runs Jenkins).
 */
export function jenkinsDeployRoleName(clusterName: string): string {
  return boundedName([clusterName, 'jenkins-deploy'], IAM_ROLE_NAME_MAX);
}

/** ARN of a cluster's Jenkins deploy role: both accounts compute it, no stack reads another's outputs. */
export function jenkinsDeployRoleArn(accountId: string, clusterName: string): string {
  return roleArn(accountId, jenkinsDeployRoleName(clusterName));
}

/** KMS alias of the key that encrypts a cluster's build-cache EFS file system. */
export function buildCacheKeyAlias(accountName: string, clusterName: string): string {
  return `alias/eks-platform/${accountName}/${clusterName}/build-cache`;
}

/** Name of the StorageClass of the build caches (EFS access points, ReadWriteMany). */
export const BUILD_CACHE_STORAGE_CLASS = 'efs';
/** Reclaim policy of that StorageClass (created by the Pulumi side, `lib/aws/efs`): caches outlive their claim. */
export const BUILD_CACHE_RECLAIM_POLICY = 'Retain';
