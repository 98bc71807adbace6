/**
 * Pure settings of a managed node group: AMI type by CPU architecture, the launch template's
 * data (tenancy, IMDSv2, encrypted root volume, tags), taints in the EKS API's spelling, and
 * the kubelet `maxPods` override as nodeadm user data.
 *
 * IMDS hop limit 1 (default): instance metadata answers only the node itself and host-network
 * pods (aws-node, kube-proxy), so a pod on the pod network cannot read the node role's
 * credentials. That is the HIPAA-friendly default because every add-on that calls AWS gets
 * its own IRSA role (the EKS pod identity webhook also injects `AWS_REGION`, so SDKs need no
 * IMDS for the region). The EBS CSI node plugin is the one pod that wanted IMDS (to count
 * attached ENIs); it gets an explicit volume attach limit instead (the decision and its
 * trade-off: `lib/config/ebs-attach-limit.ts`). Set 2 only for a workload that truly needs
 * IMDS and has no IRSA role, and then deny it egress to 169.254.169.254 everywhere else.
 */
import type { EffectiveNodeGroup, NodeTaint } from '../../config';

/** EKS AMI types the library uses. */
export type AmiType = 'AL2023_x86_64_STANDARD' | 'AL2023_ARM_64_STANDARD';

/** The IAM policies every node role gets. */
export const NODE_ROLE_POLICIES: readonly string[] = [
  'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
  'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
  // Session Manager instead of SSH: no key pairs, no port 22, every session logged.
  'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
];

/** Default share of a group's nodes EKS may replace at once during an update. */
export const DEFAULT_MAX_UNAVAILABLE_PERCENTAGE = 33;
/** Default IMDS hop limit (see the module comment). */
export const DEFAULT_METADATA_HOP_LIMIT = 1;
/** Default root volume size. */
export const DEFAULT_DISK_SIZE_GIB = 50;
/** Root device of the AL2023 EKS AMIs. */
export const ROOT_DEVICE_NAME = '/dev/xvda';

/**
 * True for AWS Graviton (arm64) instance types: a family with `g` after its generation digit,
 * e.g. `m7g`, `c6gn`, `r6gd`, `t4g`, `x2gd`, `im4gn`, `g5g` (but not `g5`, `g4dn`).
 */
export function isGraviton(instanceType: string): boolean {
  const family = instanceType.split('.')[0].replace(/-flex$/, '');
  return /^[a-z]+\d+[a-z]*g[a-z]*$/.test(family);
}

/**
 * The AL2023 AMI type for a group's instance types. Throws when they mix architectures (one
 * managed node group has one AMI).
 */
export function amiTypeFor(groupName: string, instanceTypes: readonly string[]): AmiType {
  const arm = instanceTypes.filter(isGraviton);
  if (arm.length > 0 && arm.length < instanceTypes.length) {
    throw new Error(`ManagedNodeGroup '${groupName}': 'instanceTypes' must all be Graviton (arm64) or all x86_64, got ${JSON.stringify(instanceTypes)}; split them into two node groups.`);
  }
  return arm.length > 0 ? 'AL2023_ARM_64_STANDARD' : 'AL2023_x86_64_STANDARD';
}

/** A Kubernetes taint in the EKS API's form (`NoSchedule` -> `NO_SCHEDULE`). */
export function eksTaint(taint: NodeTaint): { key: string; value?: string; effect: string } {
  const effect = taint.effect.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
  return { key: taint.key, ...(taint.value !== undefined && taint.value !== '' ? { value: taint.value } : {}), effect };
}

/**
 * MIME multi-part user data with a nodeadm `NodeConfig` that sets the kubelet's `maxPods`;
 * EKS merges it with its own for AL2023 managed node groups. Base64, as launch templates want.
 */
export function maxPodsUserData(maxPods: number): string {
  const boundary = 'EKSPLATFORM';
  const body = [
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: application/node.eks.aws',
    '',
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  kubelet:',
    '    config:',
    `      maxPods: ${maxPods}`,
    '',
    `--${boundary}--`,
    '',
  ].join('\n');
  return Buffer.from(body, 'utf8').toString('base64');
}

/** Options of {@link launchTemplateData}. */
export interface LaunchTemplateOptions {
  /** Tags of the instances and their volumes. */
  readonly tags: Readonly<Record<string, string>>;
  /** IMDS hop limit. */
  readonly metadataHopLimit: number;
}

/**
 * The launch template of a group: tenancy in `placement`, IMDSv2 only, an encrypted gp3 root
 * volume, tags on instances and volumes. No AMI and no instance type: EKS picks the AMI from
 * `amiType` and the types from the node group, and adds the cluster security group.
 */
export function launchTemplateData(group: EffectiveNodeGroup, options: LaunchTemplateOptions) {
  return {
    placement: { tenancy: group.tenancy },
    metadataOptions: {
      httpEndpoint: 'enabled',
      httpTokens: 'required',
      httpPutResponseHopLimit: options.metadataHopLimit,
    },
    blockDeviceMappings: [{
      deviceName: ROOT_DEVICE_NAME,
      ebs: {
        volumeSize: group.diskSizeGiB ?? DEFAULT_DISK_SIZE_GIB,
        volumeType: 'gp3',
        encrypted: 'true',
        deleteOnTermination: 'true',
      },
    }],
    tagSpecifications: ['instance', 'volume'].map((resourceType) => ({ resourceType, tags: { ...options.tags } })),
    ...(group.maxPods !== undefined ? { userData: maxPodsUserData(group.maxPods) } : {}),
  };
}

/** Minutes allowed per batch of a rolling node group update: a node's boot and join, plus up to 15 minutes of PodDisruptionBudget-respecting eviction (EKS's own limit per node). */
export const ROLLING_BATCH_MINUTES = 20;

/**
 * `customTimeouts` of a node group, long enough for a rolling update of the whole group at
 * `maxSize` (a tenancy change of a large group replaces every node): one batch per
 * `maxUnavailablePercentage` of the nodes, {@link ROLLING_BATCH_MINUTES} each, plus 30
 * minutes; never under the provider's 60-minute default. Delete drains every node the same way.
 */
export function nodeGroupTimeouts(maxSize: number, maxUnavailablePercentage: number): { create: string; update: string; delete: string } {
  const perBatch = Math.max(1, Math.floor((maxSize * maxUnavailablePercentage) / 100));
  const minutes = Math.max(60, Math.ceil(maxSize / perBatch) * ROLLING_BATCH_MINUTES + 30);
  return { create: '60m', update: `${minutes}m`, delete: `${minutes}m` };
}
