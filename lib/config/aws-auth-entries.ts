/**
 * The aws-auth ConfigMap's content from the identity model, for both renderers: the cdk8s
 * `AwsAuth` construct writes it as YAML, and the Pulumi control plane hands the same entries to
 * `@pulumi/eks` (which owns the ConfigMap on the Pulumi path). No cdk8s, no Pulumi here.
 */
import { pathlessArn, type ResolvedIdentity } from './identity';

/** Groups every node role gets in aws-auth, and the username pattern EKS expects for nodes. */
export const NODE_GROUPS = ['system:bootstrappers', 'system:nodes'] as const;
/** Username of node roles in aws-auth. */
export const NODE_USERNAME = 'system:node:{{EC2PrivateDNSName}}';

/** One entry of aws-auth's `mapRoles`. */
export interface MapRoleEntry {
  /** Role ARN without its IAM path. */
  readonly rolearn: string;
  /** Kubernetes username. */
  readonly username: string;
  /** Kubernetes groups. */
  readonly groups: readonly string[];
}

/** One entry of aws-auth's `mapUsers`. */
export interface MapUserEntry {
  /** User ARN. */
  readonly userarn: string;
  /** Kubernetes username. */
  readonly username: string;
  /** Kubernetes groups. */
  readonly groups: readonly string[];
}

/**
 * The `mapRoles` and `mapUsers` entries: node roles first, then each principal. Role ARNs lose
 * their IAM path (aws-auth matches path-less ARNs).
 */
export function renderAwsAuthEntries(nodeRoleArns: readonly string[], identities: readonly ResolvedIdentity[]): {
  mapRoles: MapRoleEntry[];
  mapUsers: MapUserEntry[];
} {
  const mapRoles: MapRoleEntry[] = [...new Set(nodeRoleArns.map(pathlessArn))].map((rolearn) => ({
    rolearn,
    username: NODE_USERNAME,
    groups: [...NODE_GROUPS],
  }));
  const mapUsers: MapUserEntry[] = [];
  for (const id of identities) {
    if (id.principalType === 'role') {
      mapRoles.push({ rolearn: pathlessArn(id.arn), username: id.username, groups: [...id.configMapGroups] });
    } else {
      mapUsers.push({ userarn: id.arn, username: id.username, groups: [...id.configMapGroups] });
    }
  }
  return { mapRoles, mapUsers };
}
