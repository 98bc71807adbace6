/**
 * The control-plane log group (`/aws/eks/<cluster>/cluster`) and its KMS key, for both a
 * control plane the library creates (`EksCluster`, made before the cluster so EKS does not make
 * it without retention or key) and an adopted one (`ExistingEksCluster`: EKS made the group when
 * eksctl turned logging on, so it is imported, never created; `npm run plan -- <account> --adopt`
 * lists the import).
 */
import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import { controlPlaneLogGroupName, resolveControlPlaneLogs, type AccountConfig, type ClusterConfig } from '../../config';
import { KmsKey, logGroupKeyPolicy } from '../kms';

/** The log group and its key. */
export interface ControlPlaneLogs {
  /** The log group. */
  readonly logGroup: aws.cloudwatch.LogGroup;
  /** The log group's key. */
  readonly logsKey: KmsKey;
}

/**
 * The log group `<name>-control-plane-logs` and key `<name>-logs` of `cluster`, children of
 * `parent`, with the retention of `controlPlaneLogs` (`importExisting`: adopt EKS's own group).
 */
export function controlPlaneLogs(
  name: string, account: AccountConfig, cluster: ClusterConfig, tags: Record<string, string>, parent: pulumi.Resource,
): ControlPlaneLogs {
  const logs = resolveControlPlaneLogs(cluster);
  const logGroupName = controlPlaneLogGroupName(cluster.name);
  const logsKey = new KmsKey(`${name}-logs`, {
    description: `Encrypts the control-plane log group of EKS cluster ${cluster.name}`,
    alias: `alias/eks-platform/${account.name}/${cluster.name}/control-plane-logs`,
    policy: logGroupKeyPolicy(account.accountId, account.region, logGroupName),
    tags,
  }, { parent });
  // Adopting EKS's own group: Pulumi imports only when the inputs match the live group, which
  // has no retention, key or tags; the next pulumi up (importExisting off) sets them.
  const logGroup = new aws.cloudwatch.LogGroup(`${name}-control-plane-logs`, logs.importExisting
    ? { name: logGroupName }
    : { name: logGroupName, retentionInDays: logs.retentionDays, kmsKeyId: logsKey.arn, tags },
  { parent, ...(logs.importExisting ? { import: logGroupName } : {}) });
  return { logGroup, logsKey };
}
