/**
 * Taking over a running cluster's aws-auth ConfigMap without loss: compare the live ConfigMap
 * (`kubectl get configmap aws-auth -n kube-system -o yaml`) with what the library renders for the
 * cluster, entry by entry, and refuse while an entry that maps `system:nodes` would go away
 * (its nodes would drop off the cluster). Pure: no Pulumi, no cdk8s, no cluster access.
 *
 * Entries are told apart as aws-auth does: by ARN without IAM path, lower-cased
 * ({@link principalKey}). Keys the library does not write (`mapAccounts`) are left as they are.
 */
import { load } from 'js-yaml';
import { toYaml } from '../yaml';
import type { AccountConfig, ClusterConfig } from './types';
import { nodeRoleArns, principalKey, resolveIdentities } from './identity';
import { renderAwsAuthEntries, type MapRoleEntry, type MapUserEntry } from './aws-auth-entries';
import { isRecord } from './problems';

/** The `system:nodes` group: an entry carrying it lets nodes join. */
export const NODES_GROUP = 'system:nodes';

/** One aws-auth entry, role or user, in a shape both sides share. */
export interface AwsAuthEntry {
  /** `mapRoles` or `mapUsers`. */
  readonly kind: 'role' | 'user';
  /** The role or user ARN as written. */
  readonly arn: string;
  /** Kubernetes username. */
  readonly username: string;
  /** Kubernetes groups. */
  readonly groups: readonly string[];
}

/** The entries of an aws-auth ConfigMap and the data keys the library does not write. */
export interface AwsAuthContent {
  /** `mapRoles` and `mapUsers` entries, in order. */
  readonly entries: readonly AwsAuthEntry[];
  /** Other `data` keys (e.g. `mapAccounts`): left untouched by the library. */
  readonly otherKeys: readonly string[];
}

/** What taking over the ConfigMap would do. */
export interface AwsAuthDiff {
  /** Entries the library adds. */
  readonly added: readonly AwsAuthEntry[];
  /** Live entries the library would drop. */
  readonly removed: readonly AwsAuthEntry[];
  /** Entries of one principal whose username or groups change. */
  readonly changed: readonly { readonly before: AwsAuthEntry; readonly after: AwsAuthEntry }[];
  /** Entries that stay as they are. */
  readonly unchanged: readonly AwsAuthEntry[];
  /** Live data keys the library leaves alone. */
  readonly otherKeys: readonly string[];
  /** Why the takeover must not happen yet (an entry mapping `system:nodes` would go); empty when safe. */
  readonly refusals: readonly string[];
}

/**
 * The ConfigMap `data` the library writes: `mapRoles` and `mapUsers` as YAML lists. Both keys
 * are always written, so the library owns both (an empty `mapUsers` is `[]`).
 */
export function awsAuthConfigMapData(mapRoles: readonly MapRoleEntry[], mapUsers: readonly MapUserEntry[]): { mapRoles: string; mapUsers: string } {
  return { mapRoles: toYaml(mapRoles), mapUsers: toYaml(mapUsers) };
}

/** The entries the library renders for `cluster` in its configured migration phase. */
export function renderedAwsAuth(account: AccountConfig, cluster: ClusterConfig): AwsAuthContent {
  const { mapRoles, mapUsers } = renderAwsAuthEntries(nodeRoleArns(account, cluster), resolveIdentities(cluster));
  return {
    entries: [
      ...mapRoles.map((r) => ({ kind: 'role' as const, arn: r.rolearn, username: r.username, groups: [...r.groups] })),
      ...mapUsers.map((u) => ({ kind: 'user' as const, arn: u.userarn, username: u.username, groups: [...u.groups] })),
    ],
    otherKeys: [],
  };
}

function parseList(text: unknown, key: 'mapRoles' | 'mapUsers', where: string): AwsAuthEntry[] {
  if (text === undefined || text === null || text === '') return [];
  if (typeof text !== 'string') throw new Error(`${where}: data.${key} must be a YAML string, got ${typeof text}.`);
  const list = load(text);
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`${where}: data.${key} must be a YAML list of entries, got ${JSON.stringify(list)}.`);
  const arnKey = key === 'mapRoles' ? 'rolearn' : 'userarn';
  return list.map((e: unknown, i) => {
    if (!isRecord(e) || typeof e[arnKey] !== 'string') {
      throw new Error(`${where}: data.${key}[${i}] must have a string '${arnKey}', got ${JSON.stringify(e)}.`);
    }
    const groups = Array.isArray(e.groups) ? e.groups.map(String) : [];
    return { kind: key === 'mapRoles' ? 'role' as const : 'user' as const, arn: e[arnKey] as string, username: typeof e.username === 'string' ? e.username : '', groups };
  });
}

/**
 * Read the live ConfigMap from `kubectl get configmap aws-auth -n kube-system -o yaml` (or `-o json`).
 * Throws naming `source` when it is not the aws-auth ConfigMap or an entry is malformed.
 */
export function parseAwsAuthConfigMap(text: string, source = 'aws-auth file'): AwsAuthContent {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    throw new Error(`${source}: not YAML or JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); give the output of 'kubectl get configmap aws-auth -n kube-system -o yaml'.`);
  }
  const meta = isRecord(doc) && isRecord(doc.metadata) ? doc.metadata : undefined;
  if (!isRecord(doc) || doc.kind !== 'ConfigMap' || meta?.name !== 'aws-auth' || (meta.namespace ?? 'kube-system') !== 'kube-system') {
    throw new Error(`${source}: must be the kube-system/aws-auth ConfigMap ('kubectl get configmap aws-auth -n kube-system -o yaml'), got kind ${JSON.stringify(isRecord(doc) ? doc.kind : doc)} named ${JSON.stringify(meta?.name)}.`);
  }
  const data = isRecord(doc.data) ? doc.data : {};
  return {
    entries: [...parseList(data.mapRoles, 'mapRoles', source), ...parseList(data.mapUsers, 'mapUsers', source)],
    otherKeys: Object.keys(data).filter((k) => k !== 'mapRoles' && k !== 'mapUsers').sort(),
  };
}

function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** Compare the live ConfigMap with the rendered one (see the module comment). */
export function diffAwsAuth(live: AwsAuthContent, rendered: AwsAuthContent): AwsAuthDiff {
  const key = (e: AwsAuthEntry) => `${e.kind}|${principalKey(e.arn)}`;
  // aws-auth lets the later of two entries for one principal win; compare with that one.
  const liveByKey = new Map(live.entries.map((e) => [key(e), e]));
  const renderedKeys = new Set(rendered.entries.map(key));
  const added: AwsAuthEntry[] = [];
  const changed: { before: AwsAuthEntry; after: AwsAuthEntry }[] = [];
  const unchanged: AwsAuthEntry[] = [];
  for (const after of rendered.entries) {
    const before = liveByKey.get(key(after));
    if (!before) added.push(after);
    else if (before.username === after.username && sameGroups(before.groups, after.groups)) unchanged.push(after);
    else changed.push({ before, after });
  }
  const removed = [...liveByKey.values()].filter((e) => !renderedKeys.has(key(e)));
  const refusals = [
    ...removed.filter((e) => e.groups.includes(NODES_GROUP)).map((e) =>
      `${e.arn} maps ${NODES_GROUP} and would be removed: its nodes would drop off the cluster. Declare its node group (managedBy: 'eksctl' with nodeRoleArn) or add the role to extraNodeRoleArns.`),
    ...changed.filter((c) => c.before.groups.includes(NODES_GROUP) && !c.after.groups.includes(NODES_GROUP)).map((c) =>
      `${c.before.arn} maps ${NODES_GROUP} now and would lose it: its nodes would drop off the cluster. Add the role to extraNodeRoleArns instead of identities.`),
  ];
  return { added, removed, changed, unchanged, otherKeys: live.otherKeys, refusals };
}

function describe(e: AwsAuthEntry): string {
  return `${e.kind} ${e.arn} as '${e.username}' in [${e.groups.join(', ')}]`;
}

/** The comparison as printed by `npm run plan -- <account> --aws-auth <file>`. */
export function renderAwsAuthDiff(clusterName: string, diff: AwsAuthDiff): string {
  const out = [`aws-auth takeover of cluster '${clusterName}' (live ConfigMap -> what the library applies):`];
  for (const e of diff.removed) out.push(`  - remove ${describe(e)}`);
  for (const e of diff.added) out.push(`  + add    ${describe(e)}`);
  for (const c of diff.changed) out.push(`  ~ change ${describe(c.before)}`, `        to ${describe(c.after)}`);
  out.push(`  = ${diff.unchanged.length} entr${diff.unchanged.length === 1 ? 'y' : 'ies'} unchanged.`);
  if (diff.otherKeys.length > 0) out.push(`  data keys left as they are: ${diff.otherKeys.join(', ')}.`);
  if (diff.refusals.length > 0) {
    out.push('', 'REFUSED: the takeover would drop nodes. Fix the config, then compare again:', ...diff.refusals.map((r) => `  ! ${r}`));
  } else if (diff.removed.length > 0) {
    out.push('', 'The removed entries lose access at the next pulumi up: add them to identities if they must keep it.');
  }
  return out.join('\n');
}
