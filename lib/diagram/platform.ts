/**
 * `platformDot(account)`: the Graphviz DOT source of an account's platform diagram, from its
 * config alone. The account (id, region, profile); each VPC with its subnets per AZ, CIDR and
 * IP budget; each cluster (version, endpoint access, authentication mode, migration phase) with
 * its node groups (tenancy as fill colour), add-ons in their namespaces, identity mappings
 * counted by access kind; the AWS resources the add-ons use; the log and metrics paths.
 *
 * Pure and deterministic: no clock, no randomness, ids derived from names, so the same config
 * gives the same bytes. Every element the tests look for has a stable SVG `id`:
 * `nodegroup:<cluster>:<group>`, `addon:<cluster>:<key>`, `subnet:<vpc>:<subnet>`.
 */
import {
  appliedPhase, currentPhase, effectiveNodeGroups, migrationStrategy, nodeRoleArns, resolveEksAddons, twinName,
  type AccountConfig, type ClusterConfig, type EffectiveNodeGroup,
} from '../config';
import { subnetBudgets, type SubnetBudget } from '../config/ip-budget';
import { serviceRoleName, sopsKeyAlias } from '../names';
import {
  addonDiagramRow, enabledAddons, type AddonContext, type AddonFlow, type AddonResource, type FlowEnd,
} from './addons';
import { digraph, dotEdge, dotNode, escapeHtml, formatCount, html, quote, subgraph } from './dot';
import { identitySummary } from './identities';
import { RESOURCE_STYLE, baseDefaults, flowAttributes, legend, tenancyAttributes } from './style';

/** Id of the diagram element of node group `group` of `cluster`. */
export function nodeGroupId(cluster: string, group: string): string {
  return `nodegroup:${cluster}:${group}`;
}

/** Id of the diagram element of add-on `key` of `cluster`. */
export function addonId(cluster: string, key: string): string {
  return `addon:${cluster}:${key}`;
}

/** The VPC a cluster uses, as the diagram (and the IP budget) groups clusters: by VPC id, or one managed VPC per cluster. */
export function vpcKey(cluster: ClusterConfig): string {
  return cluster.network.mode === 'existing' ? cluster.network.vpcId : `managed:${cluster.name}`;
}

/** Id of the diagram element of a subnet (its id in an existing VPC, its CIDR in a managed one). */
export function subnetId(cluster: ClusterConfig, subnet: { readonly cidr: string; readonly id?: string }): string {
  return `subnet:${vpcKey(cluster)}:${subnet.id ?? subnet.cidr}`;
}

const resourceId = (name: string) => `aws:${name}`;

const EDGE_KINDS = ['logs', 'metrics', 'control', 'aws', 'placement'] as const;

function subnetNode(cluster: ClusterConfig, s: { readonly cidr: string; readonly id?: string }, kind: 'private' | 'public', budget?: SubnetBudget): string {
  const rows = [`<b>${kind} subnet</b>`, escapeHtml(s.id ?? '(managed)'), escapeHtml(s.cidr)];
  let fill = kind === 'private' ? '#f2f2f2' : '#ffffff';
  if (budget) {
    const pct = budget.usable > 0 ? Math.ceil((budget.demand / budget.usable) * 100) : 100;
    rows.push(escapeHtml(`IPs at maxSize: ${formatCount(budget.demand)} / ${formatCount(budget.usable)} usable (${pct}%)`));
    if (budget.demand > budget.usable) {
      rows.push('<font color="#c00000"><b>IP budget exceeded</b></font>');
      fill = '#ffd7d7';
    }
  }
  return dotNode(subnetId(cluster, s), { class: `subnet subnet-${kind}`, fillcolor: fill, style: 'filled', label: html(rows.join('<br/>')) });
}

/** The VPC boxes of the account: one per VPC, one box per AZ, its subnets inside. */
function vpcs(account: AccountConfig): string[] {
  // subnetBudgets() reports each subnet once, under the path of the first cluster declaring it.
  const byPath = new Map(subnetBudgets(account).map((b) => [b.path, b]));
  const seen = new Map<string, SubnetBudget | undefined>();
  account.clusters.forEach((cluster, i) => cluster.network.privateSubnets.forEach((s, j) => {
    if (!seen.has(subnetId(cluster, s))) seen.set(subnetId(cluster, s), byPath.get(`clusters[${i}].network.privateSubnets[${j}]`));
  }));
  const out: string[] = [];
  const drawn = new Set<string>();
  for (const cluster of account.clusters) {
    const vpc = vpcKey(cluster);
    if (drawn.has(vpc)) continue;
    drawn.add(vpc);
    const sharing = account.clusters.filter((c) => vpcKey(c) === vpc);
    const all = (pick: (c: ClusterConfig) => readonly { readonly availabilityZone: string; readonly cidr: string; readonly id?: string }[]) =>
      sharing.flatMap((c) => pick(c).map((s) => ({ c, s })));
    const privates = all((c) => c.network.privateSubnets);
    const publics = all((c) => c.network.publicSubnets ?? []);
    const azs = [...new Set([...privates, ...publics].map((x) => x.s.availabilityZone))].sort();
    const body = azs.flatMap((az) => {
      const nodes = new Map<string, string>();
      for (const { c, s } of privates.filter((x) => x.s.availabilityZone === az)) nodes.set(subnetId(c, s), subnetNode(c, s, 'private', seen.get(subnetId(c, s))));
      for (const { c, s } of publics.filter((x) => x.s.availabilityZone === az)) if (!nodes.has(subnetId(c, s))) nodes.set(subnetId(c, s), subnetNode(c, s, 'public'));
      return subgraph(`cluster_az:${vpc}:${az}`, { label: az, style: 'dashed', color: '#7f7f7f' }, [...nodes.values()]);
    });
    const mode = cluster.network.mode === 'existing' ? `existing ${cluster.network.vpcId}` : 'managed by eks-platform';
    out.push(...subgraph(`cluster_vpc:${vpc}`, {
      label: html(`<b>VPC</b> ${escapeHtml(cluster.network.vpcCidr)} (${escapeHtml(mode)}), default tenancy`),
      style: 'rounded', color: '#7f7f7f', bgcolor: '#fafafa',
    }, body));
  }
  return out;
}

function migrationText(cluster: ClusterConfig, g: EffectiveNodeGroup): string {
  if (!g.migrationRole) return cluster.tenancyMigration ? 'not migrating' : '';
  const state = g.scaledToZero ? ', scaled to zero' : g.cordoned ? ', cordoned + drained' : '';
  const role = { source: `retiring (twin ${twinName(g.name)})`, target: `twin of ${g.sourceName}`, rolled: 'relaunched on default tenancy' }[g.migrationRole];
  return `${role}${state}`;
}

function nodeGroupNode(cluster: ClusterConfig, g: EffectiveNodeGroup): string {
  const azs = g.availabilityZones ?? [...new Set(cluster.network.privateSubnets.map((s) => s.availabilityZone))];
  const lines = [
    `<b>${escapeHtml(g.name)}</b>`,
    escapeHtml(`${g.instanceTypes.join(', ')} · ${g.capacityType ?? 'ON_DEMAND'} · ${g.diskSizeGiB ?? 50} GiB`),
    escapeHtml(`min ${g.minSize} / desired ${g.desiredSize} / max ${g.maxSize}`),
    `tenancy: <b>${g.tenancy}</b>`,
    escapeHtml(azs.join(', ')),
  ];
  const migration = migrationText(cluster, g);
  if (migration) lines.push(escapeHtml(`migration: ${migration}`));
  const extra = g.scaledToZero ? 'scaled-to-zero' : g.cordoned ? 'cordoned' : '';
  return dotNode(nodeGroupId(cluster.name, g.name), { ...tenancyAttributes(g.tenancy, extra), label: html(lines.join('<br/>')) });
}

function clusterLabel(cluster: ClusterConfig): string {
  const e = cluster.endpoint ?? {};
  const pub = e.publicAccessCidrs ?? [];
  const endpoint = [(e.privateAccess ?? true) ? 'private' : '', pub.length > 0 ? `public from ${pub.join(', ')}` : ''].filter(Boolean).join(' + ');
  const auth = cluster.authenticationMode ?? 'API_AND_CONFIG_MAP';
  const m = cluster.tenancyMigration;
  const migration = m
    ? `tenancy migration ${m.strategy}: phase '${currentPhase(cluster)}' (last applied '${appliedPhase(cluster)}')`
    : cluster.nodeGroups.some((g) => g.tenancy === 'dedicated') ? `tenancy migration: not started (${migrationStrategy(cluster)} by default)` : 'no dedicated node group';
  return [
    `<b>EKS cluster ${escapeHtml(cluster.name)}</b>`,
    escapeHtml(`Kubernetes ${cluster.version} · endpoint: ${endpoint || 'none'} · authentication: ${auth}`),
    escapeHtml(migration),
  ].join('<br/>');
}

interface ClusterParts {
  readonly body: string[];
  readonly edges: string[];
  readonly resources: Map<string, AddonResource>;
  readonly usesSyslogClients: boolean;
}

function endpoint(cluster: ClusterConfig, key: string, end: FlowEnd, enabled: readonly string[]): string | undefined {
  if (end === 'self') return addonId(cluster.name, key);
  if (end === 'pods' || end === 'node-groups') return `${end}:${cluster.name}`;
  if (end === 'syslog-clients') return 'syslog-clients';
  if (end.startsWith('addon:')) return enabled.includes(end.slice(6)) ? addonId(cluster.name, end.slice(6)) : undefined;
  return resourceId(end.slice('resource:'.length));
}

function clusterParts(account: AccountConfig, cluster: ClusterConfig): ClusterParts {
  const groups = effectiveNodeGroups(cluster);
  const body: string[] = [];
  const edges: string[] = [];
  const resources = new Map<string, AddonResource>();
  body.push(...subgraph(`cluster_nodegroups:${cluster.name}`, { label: html('<b>Managed node groups</b>'), style: 'rounded', color: '#7f7f7f' }, [
    dotNode(`node-groups:${cluster.name}`, { shape: 'point', style: 'invis', width: 0.01 }),
    ...groups.map((g) => nodeGroupNode(cluster, g)),
  ]));
  for (const g of groups) {
    const azs = g.availabilityZones ?? cluster.network.privateSubnets.map((s) => s.availabilityZone);
    for (const s of cluster.network.privateSubnets.filter((x) => azs.includes(x.availabilityZone))) {
      edges.push(dotEdge(subnetId(cluster, s), nodeGroupId(cluster.name, g.name), flowAttributes('placement')));
    }
  }
  body.push(dotNode(`pods:${cluster.name}`, { class: 'pods', shape: 'box3d', fillcolor: '#ffffff', style: 'filled', label: 'application pods' }));
  body.push(dotNode(`identities:${cluster.name}`, { class: 'identities', shape: 'plaintext', style: 'solid', label: html(identitySummary(cluster, nodeRoleArns(account, cluster).length)) }));

  const enabled = enabledAddons(cluster);
  const byNamespace = new Map<string, string[]>();
  const loose: string[] = [];
  let usesSyslogClients = false;
  const eksAddons = resolveEksAddons(cluster).map((a) => `${a.addonName} ${a.version}${a.configurationValues ? ' (network policy)' : ''}`);
  const ebsRole: AddonResource = { kind: 'iam-role', name: serviceRoleName(cluster.name, 'ebs-csi-driver'), label: 'IRSA kube-system/ebs-csi-controller-sa' };
  byNamespace.set('kube-system', [dotNode(`eks-addons:${cluster.name}`, {
    class: 'eks-addons', fillcolor: '#eeeeee', label: html(['<b>EKS managed add-ons</b>', ...eksAddons.map(escapeHtml)].join('<br/>')),
  })]);
  resources.set(ebsRole.name, ebsRole);
  edges.push(dotEdge(`eks-addons:${cluster.name}`, resourceId(ebsRole.name), flowAttributes('aws', ebsRole.label)));
  for (const key of enabled) {
    const config = (cluster.addons as Record<string, unknown>)[key];
    const row = addonDiagramRow(key, config);
    const ctx: AddonContext = { account, cluster, config };
    const details = row.details?.(ctx) ?? [];
    const node = dotNode(addonId(cluster.name, key), {
      class: `addon addon-${key}`, fillcolor: '#ffffff',
      label: html([`<b>${escapeHtml(row.label)}</b>`, ...details.map(escapeHtml), escapeHtml(`addons.${key}`)].join('<br/>')),
    });
    if (row.namespace) byNamespace.set(row.namespace, [...(byNamespace.get(row.namespace) ?? []), node]);
    else loose.push(node);
    const flows: readonly AddonFlow[] = row.flows?.(ctx) ?? [];
    for (const r of row.resources?.(ctx) ?? []) {
      resources.set(r.name, r);
      if (r.encrypts) edges.push(dotEdge(resourceId(r.name), resourceId(r.encrypts), flowAttributes('aws', 'encrypts')));
      else if (!flows.some((f) => f.to === `resource:${r.name}`)) edges.push(dotEdge(addonId(cluster.name, key), resourceId(r.name), flowAttributes('aws', r.label)));
    }
    for (const f of flows) {
      const from = endpoint(cluster, key, f.from, enabled);
      const to = endpoint(cluster, key, f.to, enabled);
      if (from === undefined || to === undefined) continue;
      usesSyslogClients ||= from === 'syslog-clients';
      const lhead = to === `node-groups:${cluster.name}` ? { lhead: `cluster_nodegroups:${cluster.name}` } : {};
      edges.push(dotEdge(from, to, { ...flowAttributes(f.kind, f.label), ...lhead }));
    }
  }
  for (const [ns, nodes] of [...byNamespace.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    body.push(...subgraph(`cluster_ns:${cluster.name}:${ns}`, { label: html(`namespace <b>${escapeHtml(ns)}</b>`), style: 'rounded,dashed', color: '#7f7f7f' }, nodes));
  }
  body.push(...loose);
  return { body, edges, resources, usesSyslogClients };
}

function resourceNode(r: AddonResource): string {
  const s = RESOURCE_STYLE[r.kind];
  return dotNode(resourceId(r.name), { class: `aws-resource ${r.kind}`, shape: s.shape, fillcolor: s.fill, label: html(`<b>${s.caption}</b><br/>${escapeHtml(r.name)}`) });
}

/** The DOT source of the account's platform diagram (see the module comment). */
export function platformDot(account: AccountConfig): string {
  const clusters = account.clusters.map((c) => ({ c, parts: clusterParts(account, c) }));
  const resources = new Map<string, AddonResource>();
  for (const { parts } of clusters) for (const [k, r] of parts.resources) resources.set(k, r);
  const sops: AddonResource = { kind: 'kms-key', name: sopsKeyAlias(account.name), label: 'sops / helm-secrets' };
  resources.set(sops.name, sops);
  const byKind = (kind: AddonResource['kind']) => [...resources.values()].filter((r) => r.kind === kind).sort((a, b) => a.name.localeCompare(b.name)).map(resourceNode);
  const accountBody = [
    ...vpcs(account),
    ...clusters.flatMap(({ c, parts }) => subgraph(`cluster_eks:${c.name}`, { label: html(clusterLabel(c)), style: 'rounded,bold', color: '#1f4e79', bgcolor: '#f7fbff' }, parts.body)),
    ...subgraph('cluster_aws-resources', { label: html('<b>AWS resources</b> (names from lib/names.ts)'), style: 'rounded', color: '#bf9000' }, [
      ...byKind('iam-role'), ...byKind('s3-bucket'), ...byKind('kms-key'),
    ]),
  ];
  const accountLabel = `<b>AWS account ${escapeHtml(account.name)}</b> · ${escapeHtml(account.accountId)} · ${escapeHtml(account.region)} · profile ${escapeHtml(account.profile)}`;
  const outside = clusters.some(({ parts }) => parts.usesSyslogClients)
    ? [dotNode('syslog-clients', { class: 'syslog-clients', shape: 'box3d', fillcolor: '#ffffff', style: 'filled', label: 'syslog clients (hosts, apps)' })]
    : [];
  const edges = clusters.flatMap(({ parts }) => parts.edges);
  return digraph(`platform-${account.name}`, [
    ...baseDefaults(),
    `label=${quote(`eks-platform: account ${account.name}, generated from stacks/accounts/${account.name}.ts by npm run diagram`)};`,
    'labelloc="t";',
    ...outside,
    ...subgraph(`cluster_account:${account.name}`, { label: html(accountLabel), style: 'rounded', color: '#404040', penwidth: 2 }, accountBody),
    ...edges,
    ...legend(EDGE_KINDS.filter((k) => edges.some((e) => e.includes(`class="flow-${k}"`)))),
  ]);
}

