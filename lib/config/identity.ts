/**
 * The renderer-neutral identity model: what each mapped IAM principal becomes in Kubernetes.
 * `lib/k8s/aws-auth` renders it to the aws-auth ConfigMap + RBAC; `lib/aws/access` renders the
 * same resolution to EKS access entries and policy associations.
 */
import type { Access, AccountConfig, ClusterConfig, IdentityMapping } from './types';
import { effectiveNodeGroups } from './migration';
import { nodeRoleArn } from '../names';

/** An IAM ARN taken apart. */
export interface ParsedIamArn {
  /** The 12-digit account the principal belongs to. */
  readonly accountId: string;
  /** Whether the ARN names an IAM role or an IAM user. */
  readonly principalType: 'role' | 'user';
  /** IAM path, `/` when none, e.g. `/teams/platform/`. */
  readonly path: string;
  /** Role or user name. */
  readonly name: string;
}

const IAM_ARN = /^arn:aws:iam::(\d{12}):(role|user)((?:\/[\w+=,.@-]+)*\/)?([\w+=,.@-]{1,128})$/;

/** Parse an IAM role or user ARN; `undefined` when it is not one. */
export function parseIamArn(arn: string): ParsedIamArn | undefined {
  const m = IAM_ARN.exec(arn);
  if (!m) return undefined;
  return { accountId: m[1], principalType: m[2] as 'role' | 'user', path: m[3] ?? '/', name: m[4] };
}

/**
 * The ARN without its IAM path. aws-auth matches the role ARN EKS sees at authentication,
 * which never carries the path (`role/a/b/name` must be mapped as `role/name`).
 */
export function pathlessArn(arn: string): string {
  const p = parseIamArn(arn);
  return p ? `arn:aws:iam::${p.accountId}:${p.principalType}/${p.name}` : arn;
}

/** Kubernetes group of principals with `view` access. */
export const VIEW_GROUP = 'eks-platform:view';
/** Kubernetes group of principals that may deploy into `namespace`. */
export function deployGroup(namespace: string): string {
  return `eks-platform:deploy:${namespace}`;
}
/** The built-in group that bypasses RBAC. Only `admin` principals get it, and only in aws-auth. */
export const MASTERS_GROUP = 'system:masters';

/** EKS access policies the model uses (names under `arn:aws:eks::aws:cluster-access-policy/`). */
export type EksAccessPolicy = 'AmazonEKSClusterAdminPolicy' | 'AmazonEKSViewPolicy' | 'AmazonEKSEditPolicy';

/** An EKS access policy association: a policy and where it applies. */
export interface AccessPolicyGrant {
  /** The EKS access policy. */
  readonly policy: EksAccessPolicy;
  /** `undefined` for cluster scope, else the namespaces. */
  readonly namespaces?: readonly string[];
}

/** What one mapped principal becomes, for both renderers. */
export interface ResolvedIdentity {
  /** The ARN as configured. */
  readonly arn: string;
  /** Whether the ARN names an IAM role or an IAM user. */
  readonly principalType: 'role' | 'user';
  /** Kubernetes username (default applied). */
  readonly username: string;
  /** The access as configured. */
  readonly access: Access;
  /** Groups for aws-auth (may include `system:masters` for admins). */
  readonly configMapGroups: readonly string[];
  /** Groups for an access entry: never `system:` groups (EKS rejects them there). */
  readonly accessEntryGroups: readonly string[];
  /** Access policies to associate with the principal's access entry. */
  readonly accessPolicies: readonly AccessPolicyGrant[];
}

function defaultUsername(parsed: ParsedIamArn): string {
  return parsed.principalType === 'role' ? `${parsed.name}:{{SessionName}}` : parsed.name;
}

/** Groups a principal gets that the library's RBAC gives meaning to (no `system:` group). */
function libraryGroups(access: Access): string[] {
  switch (access.kind) {
    case 'admin':
      return [];
    case 'view':
      return [VIEW_GROUP];
    case 'deploy':
      return access.namespaces.map(deployGroup);
    case 'custom':
      return [...access.groups];
  }
}

function accessPolicies(access: Access): AccessPolicyGrant[] {
  switch (access.kind) {
    case 'admin':
      return [{ policy: 'AmazonEKSClusterAdminPolicy' }];
    case 'view':
      return [{ policy: 'AmazonEKSViewPolicy' }];
    case 'deploy':
      return [{ policy: 'AmazonEKSEditPolicy', namespaces: [...access.namespaces] }];
    case 'custom':
      return [];
  }
}

/** Resolve one mapping. Throws on an ARN that is not an IAM role or user (validate first). */
export function resolveIdentity(mapping: IdentityMapping): ResolvedIdentity {
  const parsed = parseIamArn(mapping.arn);
  if (!parsed) {
    throw new Error(`Identity mapping: '${mapping.arn}' is not an IAM role or user ARN; run validateAccount() first.`);
  }
  const groups = libraryGroups(mapping.access);
  return {
    arn: mapping.arn,
    principalType: parsed.principalType,
    username: mapping.username ?? defaultUsername(parsed),
    access: mapping.access,
    configMapGroups: mapping.access.kind === 'admin' ? [MASTERS_GROUP] : groups,
    accessEntryGroups: groups,
    accessPolicies: accessPolicies(mapping.access),
  };
}

/** Every identity mapping of a cluster, resolved, in configuration order. */
export function resolveIdentities(cluster: ClusterConfig): readonly ResolvedIdentity[] {
  return (cluster.identities ?? []).map(resolveIdentity);
}

/**
 * ARNs of every node role that must be mapped for the cluster's current migration phase:
 * the role of each node group alive in that phase, then `extraNodeRoleArns`. Sorted, unique.
 */
export function nodeRoleArns(account: AccountConfig, cluster: ClusterConfig): readonly string[] {
  const arns = new Set<string>();
  for (const group of effectiveNodeGroups(cluster)) arns.add(nodeRoleArn(account.accountId, cluster.name, group.name));
  for (const arn of cluster.extraNodeRoleArns ?? []) arns.add(arn);
  return [...arns].sort();
}
