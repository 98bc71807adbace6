/**
 * The EBS CSI node plugin's volume attach limit, set explicitly because of IMDS hop limit 1.
 *
 * Decision (IMDS hop limit): the launch templates keep `httpPutResponseHopLimit: 1`. A pod on
 * the pod network then cannot reach instance metadata, so it cannot take the node role's
 * credentials (the node role holds the VPC CNI's ENI rights and ECR read); every add-on that
 * calls AWS has its own IRSA role instead. The alternative, hop limit 2 plus NetworkPolicies
 * denying egress to 169.254.169.254, is weaker: NetworkPolicies are unions of allows, so any
 * other policy allowing wide egress in a namespace reopens IMDS, and every namespace (tenants
 * included) would need the deny from the day it is created.
 *
 * The cost: the EBS CSI node plugin (not on the host network) cannot read IMDS either and
 * falls back to Kubernetes metadata, which knows the instance type but not how many ENIs are
 * attached. On Nitro instances ENIs, EBS volumes and the root volume share one pool of 28
 * attachments, so the fallback's limit is too high: pods would be scheduled onto a node whose
 * volumes cannot attach. So the add-on gets `node.volumeAttachLimit` (a field of its EKS
 * configuration schema): 28, minus the most ENIs any of the cluster's instance types can
 * attach (the VPC CNI may attach them all), minus the root volume, the smallest over the
 * cluster's node groups. Instance types with their own, larger EBS limit only lose headroom;
 * none can be over-committed. Pure: no Pulumi.
 */
import { ENI_LIMITS } from './ip-budget';
import type { ClusterConfig } from './types';

/** Attachments (ENIs, EBS volumes, NVMe instance store) a Nitro instance shares, most types. */
export const NITRO_SHARED_ATTACHMENTS = 28;

/** ENIs assumed for an instance type missing from `ENI_LIMITS` (the most any type has there). */
export const UNKNOWN_TYPE_ENIS = 15;

/** Volumes (besides the root volume) the EBS CSI driver may attach to a node of `instanceType`. */
export function volumeAttachLimitFor(instanceType: string): number {
  const enis = ENI_LIMITS[instanceType]?.enis ?? UNKNOWN_TYPE_ENIS;
  return NITRO_SHARED_ATTACHMENTS - enis - 1;
}

/**
 * The cluster-wide `node.volumeAttachLimit` of the EBS CSI add-on: the smallest limit over the
 * instance types of the cluster's node groups (a tenancy migration's twins have the same
 * types, so the limit does not change while migrating).
 */
export function ebsVolumeAttachLimit(cluster: ClusterConfig): number {
  const types = new Set(cluster.nodeGroups.flatMap((g) => g.instanceTypes));
  return Math.min(...[...types].map(volumeAttachLimitFor));
}
