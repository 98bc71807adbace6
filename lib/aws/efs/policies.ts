/**
 * Pure builders of the build-cache file system's settings: its resource policy and the
 * StorageClass parameters of the EFS CSI driver.
 */
import { policyDocument, type PolicyDocument } from '../service-roles/policy-document';

/** The AWS managed policy the EKS user guide gives the EFS CSI driver's role. */
export const EFS_CSI_MANAGED_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy';

/** NFS, the only port of the mount targets' security group. */
export const NFS_PORT = 2049;

/**
 * The file system's policy: clients reaching it through a mount target may mount and write
 * (not root: every claim goes through an access point owned by the agents' uid), and nothing
 * without TLS (the EFS CSI driver mounts with TLS through efs-utils by default). The Allow is
 * needed: a file system policy replaces EFS's default one, which is what grants anonymous
 * clients (the CSI driver mounts without the `iam` option) their access. Everything else is
 * left to IAM and the security group.
 */
export function efsTlsOnlyPolicy(fileSystemArn: string): PolicyDocument {
  return policyDocument({
    Sid: 'AllowMountThroughMountTargets',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
    Resource: fileSystemArn,
    Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
  }, {
    Sid: 'DenyWithoutTls',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: '*',
    Resource: fileSystemArn,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  });
}

/**
 * Parameters of the `efs` StorageClass (EFS CSI driver dynamic provisioning): one access point
 * per claim under `/build-cache`, owned by uid/gid `uid` (the agents' user), mode 700.
 */
export function efsStorageClassParameters(fileSystemId: string, uid: number): Record<string, string> {
  return {
    provisioningMode: 'efs-ap',
    fileSystemId,
    directoryPerms: '700',
    uid: String(uid),
    gid: String(uid),
    basePath: '/build-cache',
  };
}

/** One subnet per availability zone (EFS allows one mount target per zone), first one wins. */
export function oneSubnetPerZone<T extends { availabilityZone: string }>(subnets: readonly T[]): T[] {
  const seen = new Set<string>();
  return subnets.filter((s) => !seen.has(s.availabilityZone) && !!seen.add(s.availabilityZone));
}
