/**
 * The renderer-neutral identity model: what each mapped IAM principal becomes in Kubernetes.
 * `lib/k8s/aws-auth` renders it to the aws-auth ConfigMap + RBAC; `lib/aws/access` renders the
 * same resolution to EKS access entries and policy associations.
 */
import type { Access, AccountConfig, ClusterConfig, IdentityMapping } from './types';
import { ADDON_NAMESPACES, BUILTIN_NAMESPACES } from './constants';
import { effectiveNodeGroups } from './migration';
import { isRecord, show, type ProblemCollector } from './problems';
import { SERVICE_IDENTITIES, customGroupRoleName } from '../names';
import { eksctlNodeRoleArns, groupNodeRoleArn } from './control-plane';

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

/** IAM role and user names are 1-64 characters of `[\w+=,.@-]`; the path is `/` or `/a/b/`. */
const IAM_ARN = /^arn:aws:iam::(\d{12}):(role|user)((?:\/[\w+=,.@-]+)*\/)?([\w+=,.@-]{1,64})$/;

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

/**
 * The key aws-auth tells principals apart by: the ARN without its IAM path, lower-cased.
 * aws-iam-authenticator looks mapped ARNs up lower-cased, and IAM role and user names are
 * unique in an account whatever their case and path, so `role/Admin` and `role/teams/admin`
 * are one principal: mapping both makes the later entry silently replace the earlier.
 */
export function principalKey(arn: string): string {
  return pathlessArn(arn).toLowerCase();
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
 * the role of each node group alive in that phase, every eksctl group's role (whatever the
 * phase), then `extraNodeRoleArns`. Sorted, unique.
 */
export function nodeRoleArns(account: AccountConfig, cluster: ClusterConfig): readonly string[] {
  const arns = new Set<string>();
  for (const group of effectiveNodeGroups(cluster)) arns.add(groupNodeRoleArn(account.accountId, cluster.name, group));
  // eksctl groups' roles in every phase: the library does not decide when eksctl deletes them.
  for (const arn of eksctlNodeRoleArns(cluster)) arns.add(arn);
  for (const arn of cluster.extraNodeRoleArns ?? []) arns.add(arn);
  return [...arns].sort();
}

/** A role mapped as nodes, which no identity mapping may map again. */
export interface KnownNodeRole {
  /** The role ARN. */
  readonly arn: string;
  /** How a problem names it, e.g. `a node group's role`. */
  readonly description: string;
}

/** What {@link validateIdentityMappings} checks the mappings against. */
export interface IdentityCheckOptions {
  /**
   * The cluster's account: a principal of another account then needs `crossAccount: true`.
   * @default - principals of any account are accepted
   */
  readonly accountId?: string;
  /**
   * Roles mapped as nodes. Mapping one again would replace its node entry in aws-auth (the
   * later entry wins), so its nodes would drop off the cluster or an identity's groups reach them.
   * @default []
   */
  readonly nodeRoles?: readonly KnownNodeRole[];
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Username prefixes EKS refuses in access entries (`system:` is refused by Kubernetes too). */
const EKS_RESERVED_USERNAME_PREFIXES = ['eks:', 'aws:', 'amazon:', 'iam:'] as const;
/** RBAC verbs that let a group grant itself, or act as, more than its rules say. */
const ESCALATION_VERBS = ['escalate', 'bind', 'impersonate'];
/** Namespaces the platform's own add-ons run in (their service accounts hold IAM roles, their Secrets credentials). */
const PLATFORM_NAMESPACES: ReadonlySet<string> = new Set([...Object.values(SERVICE_IDENTITIES).map((s) => s.namespace), ...ADDON_NAMESPACES]);

/**
 * Check identity mappings; report problems under `path` (e.g. `clusters[0].identities`).
 * Beyond each mapping's own fields: one mapping per principal (compared as aws-auth does, see
 * {@link principalKey}); no mapping of a node role; deployers kept out of system and platform
 * namespaces; custom rules that name what they grant (no `*`, no `escalate`/`bind`/`impersonate`);
 * a custom group's rules given once (they apply to every principal in the group); no two
 * groups whose RBAC objects would share a name. Never throws, whatever it is given.
 */
export function validateIdentityMappings(identities: unknown, path: string, problems: ProblemCollector, options: IdentityCheckOptions = {}): void {
  if (identities === undefined) return;
  if (!Array.isArray(identities)) {
    problems.add(path, `must be a list of identity mappings ({ arn, access }), got ${show(identities)}.`);
    return;
  }
  const nodeRoles = new Map((options.nodeRoles ?? []).map((r) => [principalKey(r.arn), r.description]));
  const principals = new Map<string, number>();
  const groups: GroupRegistry = { definitions: new Map(), roleNames: new Map() };
  identities.forEach((m: unknown, i) => {
    const ip = `${path}[${i}]`;
    if (!isRecord(m)) {
      problems.add(ip, `must be an identity mapping ({ arn, access }), got ${show(m)}.`);
      return;
    }
    checkPrincipal(m, ip, problems, options.accountId);
    checkUsername(m.username, `${ip}.username`, problems);
    checkAccess(m.access, `${ip}.access`, problems, groups);
    if (typeof m.arn !== 'string') return;
    const key = principalKey(m.arn);
    const first = principals.get(key);
    if (first !== undefined) {
      problems.add(`${ip}.arn`, `maps ${show(m.arn)} again (already mapped at ${path}[${first}]); give each principal one mapping, with the widest access it needs.`);
    } else {
      principals.set(key, i);
    }
    const nodeRole = nodeRoles.get(key);
    if (nodeRole !== undefined) problems.add(`${ip}.arn`, `${show(m.arn)} is ${nodeRole}; node roles are mapped automatically, remove this mapping.`);
  });
}

function checkPrincipal(m: Record<string, unknown>, path: string, p: ProblemCollector, accountId: string | undefined): void {
  const parsed = typeof m.arn === 'string' ? parseIamArn(m.arn) : undefined;
  if (!parsed) {
    const hint = typeof m.arn === 'string' && m.arn.includes(':assumed-role/')
      ? " This is an STS assumed-role session ARN: map the role itself, 'arn:aws:iam::<account>:role/<name>'."
      : '';
    p.add(`${path}.arn`, `must be an IAM role or user ARN like 'arn:aws:iam::111122223333:role/platform-admin', got ${show(m.arn)}.${hint}`);
  } else if (typeof accountId === 'string' && /^\d{12}$/.test(accountId) && parsed.accountId !== accountId && m.crossAccount !== true) {
    p.add(`${path}.arn`, `${show(m.arn)} belongs to account ${parsed.accountId}, not this account (${accountId}); set crossAccount: true if that is intended.`);
  }
  if (m.crossAccount !== undefined && typeof m.crossAccount !== 'boolean') {
    p.add(`${path}.crossAccount`, `must be true or false, got ${show(m.crossAccount)}.`);
  }
}

function checkUsername(username: unknown, path: string, p: ProblemCollector): void {
  if (username === undefined) return;
  if (typeof username !== 'string' || username.trim() === '' || username.startsWith('system:')) {
    p.add(path, `must be non-empty and must not start with 'system:' (reserved for Kubernetes), got ${show(username)}.`);
    return;
  }
  const reserved = EKS_RESERVED_USERNAME_PREFIXES.find((prefix) => username.startsWith(prefix));
  if (reserved !== undefined) {
    p.add(path, `must not start with '${reserved}': EKS refuses access entry usernames starting with ${EKS_RESERVED_USERNAME_PREFIXES.map((x) => `'${x}'`).join(', ')}, got ${show(username)}.`);
  }
}

/** The custom groups given rules so far: first definition of each group, and which group owns each RBAC name. */
interface GroupRegistry {
  readonly definitions: Map<string, { readonly canonical: string; readonly path: string }>;
  readonly roleNames: Map<string, { readonly group: string; readonly path: string }>;
}

function checkAccess(access: unknown, path: string, p: ProblemCollector, groups: GroupRegistry): void {
  if (access === undefined) {
    p.add(`${path}.kind`, "must be 'admin', 'view', 'deploy' or 'custom', got undefined.");
    return;
  }
  if (!isRecord(access)) {
    p.add(path, `must be an object like { kind: 'view' }, got ${show(access)}.`);
    return;
  }
  switch (access.kind) {
    case 'admin':
    case 'view':
      return;
    case 'deploy':
      checkNamespaces(access.namespaces, `${path}.namespaces`, true, p);
      return;
    case 'custom':
      checkCustomAccess(access, path, p, groups);
      return;
    default:
      p.add(`${path}.kind`, `must be 'admin', 'view', 'deploy' or 'custom', got ${show(access.kind)}.`);
  }
}

function checkCustomAccess(access: Record<string, unknown>, path: string, p: ProblemCollector, registry: GroupRegistry): void {
  const groups = Array.isArray(access.groups) ? access.groups as unknown[] : [];
  if (groups.length === 0) p.add(`${path}.groups`, `must list at least one Kubernetes group, got ${show(access.groups)}.`);
  let groupsOk = groups.length > 0;
  groups.forEach((g, j) => {
    const gp = `${path}.groups[${j}]`;
    if (typeof g !== 'string' || g.trim() === '') p.add(gp, `must be a non-empty group name, got ${show(g)}.`);
    else if (g.startsWith('system:')) p.add(gp, `must not be a 'system:' group, got ${show(g)}; use access kind 'admin' for cluster administrators.`);
    else if (g.startsWith('eks-platform:')) p.add(gp, `must not use the library's reserved 'eks-platform:' prefix, got ${show(g)}; use access kind 'view' or 'deploy'.`);
    else return;
    groupsOk = false;
  });
  const rulesOk = checkRules(access.rules, `${path}.rules`, p);
  if (access.namespaces !== undefined) checkNamespaces(access.namespaces, `${path}.namespaces`, false, p);
  if (access.namespaces !== undefined && access.rules === undefined) {
    p.add(`${path}.namespaces`, 'only scopes rules, but no rules are given; add rules or remove namespaces.');
  }
  if (!groupsOk || !rulesOk || access.rules === undefined) return;
  const namespaces = Array.isArray(access.namespaces) ? [...new Set(access.namespaces as unknown[])].map(String).sort() : null;
  const canonical = JSON.stringify({ rules: (access.rules as Record<string, unknown>[]).map((r) => [r.apiGroups, r.resources, r.verbs]), namespaces });
  (groups as string[]).forEach((group, j) => {
    const first = registry.definitions.get(group);
    if (first === undefined) {
      registry.definitions.set(group, { canonical, path });
    } else if (first.canonical !== canonical) {
      p.add(`${path}.rules`, `give group ${show(group)} other rules or namespaces than ${first.path} does; a group's rules apply to every principal in the group, so give them identically, or in one mapping only.`);
    }
    const name = customGroupRoleName(group);
    const owner = registry.roleNames.get(name);
    if (owner === undefined) {
      registry.roleNames.set(name, { group, path: `${path}.groups[${j}]` });
    } else if (owner.group !== group) {
      p.add(`${path}.groups[${j}]`, `${show(group)} would be rendered as ClusterRole ${show(name)}, like group ${show(owner.group)} at ${owner.path}; RBAC names are lower-case with ':' and other symbols turned into '-', so rename one of the groups.`);
    }
  });
}

/** Checks custom rules; true when they are well-formed. */
function checkRules(rules: unknown, path: string, p: ProblemCollector): boolean {
  if (rules === undefined) return true;
  if (!Array.isArray(rules)) {
    p.add(path, `must be a list of RBAC rules ({ apiGroups, resources, verbs }), got ${show(rules)}.`);
    return false;
  }
  const before = p.problems.length;
  rules.forEach((r: unknown, j) => {
    const rp = `${path}[${j}]`;
    if (!isRecord(r)) {
      p.add(rp, `must be an RBAC rule ({ apiGroups, resources, verbs }), got ${show(r)}.`);
      return;
    }
    for (const f of ['apiGroups', 'resources', 'verbs'] as const) {
      const list = r[f];
      if (!Array.isArray(list) || list.length === 0) {
        p.add(`${rp}.${f}`, `must list at least one entry, got ${show(list)}.`);
        continue;
      }
      list.forEach((x: unknown, k) => {
        if (typeof x !== 'string' || (f !== 'apiGroups' && x === '')) {
          p.add(`${rp}.${f}[${k}]`, `must be a ${f === 'apiGroups' ? "string ('' is the core group)" : 'non-empty string'}, got ${show(x)}.`);
        } else if (x.includes('*')) {
          p.add(`${rp}.${f}[${k}]`, `must not be a wildcard, got ${show(x)}: it grants every current and future one, Secrets and RBAC included. Name them, or use access kind 'admin' for full control.`);
        } else if (f === 'verbs' && ESCALATION_VERBS.includes(x)) {
          p.add(`${rp}.${f}[${k}]`, `must not be ${show(x)}: 'escalate', 'bind' and 'impersonate' let a group take more rights than its rules give; use access kind 'admin'.`);
        }
      });
    }
  });
  return p.problems.length === before;
}

function checkNamespaces(namespaces: unknown, path: string, forDeploy: boolean, p: ProblemCollector): void {
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    p.add(path, 'must list at least one namespace.');
    return;
  }
  const seen = new Set<unknown>();
  namespaces.forEach((ns: unknown, i) => {
    if (typeof ns !== 'string' || !NAMESPACE.test(ns)) p.add(`${path}[${i}]`, `must be a DNS-1123 label, got ${show(ns)}.`);
    else if (forDeploy && (BUILTIN_NAMESPACES as readonly string[]).includes(ns) && ns !== 'default') {
      p.add(`${path}[${i}]`, `must not be a system namespace, got ${show(ns)}; deployers get edit rights there, which would let them change cluster components.`);
    } else if (forDeploy && PLATFORM_NAMESPACES.has(ns)) {
      p.add(`${path}[${i}]`, `must not be ${show(ns)}, a namespace the platform's add-ons run in; deployers get edit rights there, which would let them run pods as the add-ons' service accounts (and so use their IAM roles) and read their Secrets.`);
    }
    if (seen.has(ns)) p.add(`${path}[${i}]`, `lists ${show(ns)} twice.`);
    seen.add(ns);
  });
}
