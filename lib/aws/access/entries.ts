/**
 * Pure mapping from the identity model to EKS access entries and access policy associations.
 *
 * - admin  -> AmazonEKSClusterAdminPolicy, cluster scope (no `system:masters` group: EKS
 *   rejects `system:` groups in access entries);
 * - view   -> AmazonEKSViewPolicy, cluster scope, plus the library's view group;
 * - deploy -> AmazonEKSEditPolicy scoped to the namespaces, plus the deploy groups;
 * - custom -> Kubernetes groups only (their RBAC is rendered by the cdk8s side).
 * Node roles never get entries here: `ManagedNodeGroup` creates each node role's `EC2_LINUX` entry with the role.
 * Entries use the ARN as configured, IAM path included (access entries need the real ARN;
 * only aws-auth wants it pathless).
 */
import { parseIamArn, resolveIdentities, type ClusterConfig } from '../../config';
import { authenticationModeOf, usesAccessEntries } from '../cluster/config';

/** Username prefixes EKS reserves: an access entry's username must not start with one. */
export const RESERVED_ACCESS_ENTRY_USERNAME_PREFIXES: readonly string[] = ['system:', 'eks:', 'aws:', 'amazon:', 'iam:'];

/**
 * Why EKS would refuse `username` in a `STANDARD` access entry, or `undefined` when it is
 * accepted (EKS user guide, "Create access entries"): it must not start with a reserved prefix,
 * and `{{SessionName}}` / `{{SessionNameRaw}}` must come after a `:`. aws-auth has neither rule,
 * so a username valid there can fail here.
 */
export function accessEntryUsernameProblem(username: string): string | undefined {
  const reserved = RESERVED_ACCESS_ENTRY_USERNAME_PREFIXES.find((prefix) => username.startsWith(prefix));
  if (reserved !== undefined) {
    return `must not start with '${reserved}' (EKS reserves ${RESERVED_ACCESS_ENTRY_USERNAME_PREFIXES.join(', ')} in access entries), got '${username}'.`;
  }
  const session = username.indexOf('{{SessionName');
  if (session >= 0 && !username.slice(0, session).includes(':')) {
    return `must have a ':' before {{SessionName}} in an access entry (e.g. 'ops:{{SessionName}}'), got '${username}'.`;
  }
  return undefined;
}

/** ARN of an EKS access policy. */
export function accessPolicyArn(policy: string): string {
  return `arn:aws:eks::aws:cluster-access-policy/${policy}`;
}

/** One access policy association of an entry. */
export interface PlannedAssociation {
  /** ARN of the EKS access policy (`accessPolicyArn()`). */
  readonly policyArn: string;
  /** Where it applies: the whole cluster, or the listed namespaces. */
  readonly accessScope: { readonly type: 'cluster' } | { readonly type: 'namespace'; readonly namespaces: readonly string[] };
}

/** One access entry and its policy associations. */
export interface PlannedAccessEntry {
  /** Stable resource-name suffix: `<role|user>-<account>-<name>` (unique per principal). */
  readonly id: string;
  /** The IAM role or user ARN, IAM path included. */
  readonly principalArn: string;
  /** Kubernetes username of the principal. */
  readonly userName: string;
  /** Kubernetes groups (never `system:` ones). */
  readonly kubernetesGroups: readonly string[];
  /** Access policies to associate. */
  readonly associations: readonly PlannedAssociation[];
}

/**
 * The access entries of a cluster, in configuration order; empty when its authentication
 * mode is `CONFIG_MAP` (access entries need `API` or `API_AND_CONFIG_MAP`). Throws on a
 * username EKS refuses in an access entry (see {@link accessEntryUsernameProblem}).
 */
export function planAccessEntries(cluster: ClusterConfig): readonly PlannedAccessEntry[] {
  if (!usesAccessEntries(authenticationModeOf(cluster))) return [];
  return resolveIdentities(cluster).map((id, i) => {
    const problem = accessEntryUsernameProblem(id.username);
    if (problem !== undefined) {
      throw new Error(`ClusterAccess '${cluster.name}': identities[${i}].username ${problem} Change the username, or use authenticationMode 'CONFIG_MAP'.`);
    }
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
