/**
 * Pure mapping from the identity model to EKS access entries and access policy associations.
 *
 * - admin  -> AmazonEKSClusterAdminPolicy, cluster scope (no `system:masters` group: EKS
 *   rejects `system:` groups in access entries);
 * - view   -> AmazonEKSViewPolicy, cluster scope, plus the library's view group;
 * - deploy -> AmazonEKSEditPolicy scoped to the namespaces, plus the deploy groups;
 * - custom -> Kubernetes groups only (their RBAC is rendered by the cdk8s side).
 * Node roles never get entries here: EKS creates them for managed node groups.
 * Entries use the ARN as configured, IAM path included (access entries need the real ARN;
 * only aws-auth wants it pathless).
 */
import { parseIamArn, resolveIdentities, type ClusterConfig } from '../../config';
import { authenticationModeOf, usesAccessEntries } from '../cluster/config';

/** ARN of an EKS access policy. */
export function accessPolicyArn(policy: string): string {
  return `arn:aws:eks::aws:cluster-access-policy/${policy}`;
}

/** One access policy association of an entry. */
export interface PlannedAssociation {
  readonly policyArn: string;
  readonly accessScope: { readonly type: 'cluster' } | { readonly type: 'namespace'; readonly namespaces: readonly string[] };
}

/** One access entry and its policy associations. */
export interface PlannedAccessEntry {
  /** Stable resource-name suffix: `<role|user>-<account>-<name>` (unique per principal). */
  readonly id: string;
  readonly principalArn: string;
  readonly userName: string;
  readonly kubernetesGroups: readonly string[];
  readonly associations: readonly PlannedAssociation[];
}

/**
 * The access entries of a cluster, in configuration order; empty when its authentication
 * mode is `CONFIG_MAP` (access entries need `API` or `API_AND_CONFIG_MAP`).
 */
export function planAccessEntries(cluster: ClusterConfig): readonly PlannedAccessEntry[] {
  if (!usesAccessEntries(authenticationModeOf(cluster))) return [];
  return resolveIdentities(cluster).map((id) => {
    const parsed = parseIamArn(id.arn)!;
    return {
      id: `${parsed.principalType}-${parsed.accountId}-${parsed.name}`,
      principalArn: id.arn,
      userName: id.username,
      kubernetesGroups: [...id.accessEntryGroups],
      associations: id.accessPolicies.map((grant) => ({
        policyArn: accessPolicyArn(grant.policy),
        accessScope: grant.namespaces === undefined
          ? { type: 'cluster' as const }
          : { type: 'namespace' as const, namespaces: [...grant.namespaces] },
      })),
    };
  });
}
