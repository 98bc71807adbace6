/**
 * The identity mappings of a cluster for the diagram: principals counted per access kind
 * (admin, view, deploy, custom) with the namespaces or groups they reach, and the node roles;
 * counts rather than a wall of ARNs.
 */
import type { ClusterConfig, IdentityMapping } from '../config';
import { escapeHtml, tableRow } from './dot';

/** The access kinds in the order the table lists them. */
export const ACCESS_KINDS = ['admin', 'view', 'deploy', 'custom'] as const;

/** Principals of one access kind. */
export interface AccessKindSummary {
  /** The access kind. */
  readonly kind: (typeof ACCESS_KINDS)[number];
  /** How many principals have it. */
  readonly principals: number;
  /** Of those, how many are in another AWS account. */
  readonly crossAccount: number;
  /** Namespaces (deploy, namespaced custom) or groups (custom) they reach, sorted. */
  readonly reach: readonly string[];
}

function reachOf(m: IdentityMapping): string[] {
  const a = m.access;
  if (a.kind === 'deploy') return a.namespaces.map((ns) => `ns ${ns}`);
  if (a.kind === 'custom') return [...a.groups.map((g) => `group ${g}`), ...(a.namespaces ?? []).map((ns) => `ns ${ns}`)];
  return [];
}

/** The cluster's identity mappings counted per access kind (kinds without a principal left out). */
export function accessKindSummaries(cluster: ClusterConfig): readonly AccessKindSummary[] {
  const identities = cluster.identities ?? [];
  return ACCESS_KINDS.map((kind) => {
    const of = identities.filter((m) => m.access.kind === kind);
    return { kind, principals: of.length, crossAccount: of.filter((m) => m.crossAccount).length, reach: [...new Set(of.flatMap(reachOf))].sort() };
  }).filter((s) => s.principals > 0);
}

const WHERE: Readonly<Record<string, string>> = {
  CONFIG_MAP: 'aws-auth ConfigMap',
  API: 'EKS access entries',
  API_AND_CONFIG_MAP: 'EKS access entries + aws-auth ConfigMap',
};

/** The identity table of the diagram (HTML-like label markup). */
export function identitySummary(cluster: ClusterConfig, nodeRoles: number): string {
  const auth = cluster.authenticationMode ?? 'API_AND_CONFIG_MAP';
  const rows = accessKindSummaries(cluster).map((s) => {
    const cross = s.crossAccount > 0 ? ` (${s.crossAccount} cross-account)` : '';
    return tableRow([s.kind, `${s.principals} principal${s.principals === 1 ? '' : 's'}${cross}`, s.reach.join(', ')], ' align="left"');
  });
  rows.push(tableRow(['nodes', `${nodeRoles} node role${nodeRoles === 1 ? '' : 's'}`, 'system:nodes (always mapped)'], ' align="left"'));
  return `<table border="1" cellborder="0" cellspacing="0" cellpadding="3" bgcolor="#ffffff" color="#7f7f7f">` +
    `<tr><td colspan="3"><b>Identity mappings</b> (${escapeHtml(WHERE[auth] ?? auth)})</td></tr>${rows.join('')}</table>`;
}

