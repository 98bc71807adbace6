/**
 * `migrationDot(account)`: the tenancy migration as pictures. Per cluster with a dedicated
 * node group, one panel per phase of its strategy (blue-green: dedicated, surge, drain,
 * shared) with the node groups that exist then (tenancy as fill colour, sizes, cordoned or
 * scaled to zero), the account's monthly EC2 cost under each panel, and between panels the
 * fewest schedulable nodes at any moment of that step. Pure: the numbers come from
 * `lib/aws/tenancy/plan.ts` and `cost.ts`, which load no SDK.
 *
 * Panel ids: `cluster_phase:<cluster>:<phase>`; its cost label's SVG id `cost:<cluster>:<phase>`.
 */
import {
  appliedPhase, currentPhase, effectiveNodeGroups, MIGRATION_PHASES, migrationStrategy,
  type AccountConfig, type ClusterConfig, type EffectiveNodeGroup, type MigrationPhase,
} from '../config';
import { accountCost, DEFAULT_HOURS_PER_MONTH, PRICE_SOURCE } from '../aws/tenancy/cost';
import { baselineCapacity, transitionSteps, transitionViolations } from '../aws/tenancy/plan';
import { defaults, digraph, dotEdge, dotNode, escapeHtml, formatUsd, html, quote, subgraph } from './dot';
import { baseDefaults, legend, tenancyAttributes } from './style';

/** Options of {@link migrationDot}. */
export interface MigrationDotOptions {
  /**
   * Hours per month of the cost estimate.
   * @default 730
   */
  readonly hoursPerMonth?: number;
}

/** Id of the diagram element of node group `group` in `phase` of `cluster`. */
export function phaseGroupId(cluster: string, phase: MigrationPhase, group: string): string {
  return `phase:${cluster}:${phase}:${group}`;
}

/** Id of the panel (Graphviz cluster) of `phase` of `cluster`. */
export function phasePanelId(cluster: string, phase: MigrationPhase): string {
  return `cluster_phase:${cluster}:${phase}`;
}

/** Id of the cost line under the panel of `phase` of `cluster`. */
export function phaseCostId(cluster: string, phase: MigrationPhase): string {
  return `cost:${cluster}:${phase}`;
}

function groupNode(cluster: ClusterConfig, phase: MigrationPhase, g: EffectiveNodeGroup): string {
  const state = g.scaledToZero ? 'scaled to zero, tainted' : g.cordoned ? 'cordoned + drained' : g.migrationRole === 'target' ? 'new twin' : '';
  const lines = [
    `<b>${escapeHtml(g.name)}</b>`,
    escapeHtml(`${g.instanceTypes.join(', ')} · ${g.tenancy}`),
    escapeHtml(`min ${g.minSize} / desired ${g.desiredSize} / max ${g.maxSize}`),
    ...(state ? [`<i>${escapeHtml(state)}</i>`] : []),
  ];
  const extra = g.scaledToZero ? 'scaled-to-zero' : g.cordoned ? 'cordoned' : '';
  return dotNode(phaseGroupId(cluster.name, phase, g.name), {
    ...tenancyAttributes(g.tenancy, extra), ...(g.scaledToZero ? { style: 'rounded,filled,dashed' } : {}), label: html(lines.join('<br/>')),
  });
}

function costLines(account: AccountConfig, cluster: ClusterConfig, phase: MigrationPhase, hours: number): string[] {
  const costOf = (p: MigrationPhase) => accountCost(account, (c) => (c.name === cluster.name ? p : currentPhase(c)), hours);
  const cost = costOf(phase);
  const delta = cost.total - costOf('dedicated').total;
  const lines = [
    `<b>${escapeHtml(formatUsd(cost.total))} a month</b>`,
    escapeHtml(`instances ${formatUsd(cost.instances)} + dedicated fee ${formatUsd(cost.regionFee)}`),
    escapeHtml(phase === 'dedicated' ? 'baseline' : `${delta <= 0 ? '-' : '+'}${formatUsd(Math.abs(delta))} vs 'dedicated'`),
  ];
  if (cost.missingPrices.length > 0) lines.push(escapeHtml(`no price for ${cost.missingPrices.join(', ')}`));
  return lines;
}

function clusterPanels(account: AccountConfig, cluster: ClusterConfig, hours: number): { body: string[]; edges: string[] } {
  const strategy = migrationStrategy(cluster);
  const phases = MIGRATION_PHASES[strategy];
  const configured = currentPhase(cluster);
  const applied = appliedPhase(cluster);
  const body: string[] = [];
  for (const phase of phases) {
    const marks = [phase === applied ? 'last applied' : '', phase === configured ? 'configured' : ''].filter(Boolean);
    const title = `<b>${escapeHtml(phase)}</b>${marks.length > 0 ? ` (${escapeHtml(marks.join(', '))})` : ''}`;
    const groups = effectiveNodeGroups(cluster, phase, strategy);
    body.push(...subgraph(phasePanelId(cluster.name, phase), {
      label: html(title), labelloc: 't', style: phase === configured ? 'rounded,bold' : 'rounded', color: phase === configured ? '#1f4e79' : '#7f7f7f',
    }, [
      ...groups.map((g) => groupNode(cluster, phase, g)),
      dotNode(phaseCostId(cluster.name, phase), { class: 'cost', shape: 'plaintext', style: 'solid', label: html(costLines(account, cluster, phase, hours).join('<br/>')) }),
    ]));
  }
  const costs = phases.map((p) => quote(phaseCostId(cluster.name, p)));
  const edges: string[] = [`{ rank=same; ${costs.join('; ')}; }`];
  for (const phase of phases) {
    // Invisible chain: the groups stack top to bottom, the cost line under them.
    const chain = [...effectiveNodeGroups(cluster, phase, strategy).map((g) => phaseGroupId(cluster.name, phase, g.name)), phaseCostId(cluster.name, phase)];
    for (let i = 0; i + 1 < chain.length; i++) edges.push(dotEdge(chain[i], chain[i + 1], { style: 'invis' }));
  }
  const base = baselineCapacity(cluster).capacity;
  for (let i = 0; i + 1 < phases.length; i++) {
    const [from, to] = [phases[i], phases[i + 1]];
    const min = Math.min(...transitionSteps(cluster, from, to).map((s) => s.capacity));
    const ok = transitionViolations(cluster, from, to).length === 0;
    const label = `pulumi up\n+ runbook\nfewest schedulable\nnodes: ${min} of ${base}${ok ? '' : '\nCAPACITY VIOLATED'}`;
    edges.push(dotEdge(phaseCostId(cluster.name, from), phaseCostId(cluster.name, to), {
      class: 'transition', label, color: ok ? '#1f4e79' : '#c00000', fontcolor: ok ? '#1f4e79' : '#c00000', penwidth: 1.5,
    }));
  }
  return { body, edges };
}

/** True when the cluster has a migration to draw: a dedicated node group (declared) or a migration section. */
export function hasMigration(cluster: ClusterConfig): boolean {
  return cluster.tenancyMigration !== undefined || cluster.nodeGroups.some((g) => g.tenancy === 'dedicated');
}

/** The DOT source of the account's tenancy migration diagram (see the module comment). */
export function migrationDot(account: AccountConfig, options: MigrationDotOptions = {}): string {
  const hours = options.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH;
  const clusters = account.clusters.map((c) => {
    if (!hasMigration(c)) {
      return { edges: [], body: subgraph(`cluster_migration:${c.name}`, { label: html(`<b>${escapeHtml(c.name)}</b>`), style: 'rounded' }, [
        dotNode(`nothing:${c.name}`, { shape: 'plaintext', style: 'solid', label: 'no dedicated node group: nothing to migrate' }),
      ]) };
    }
    const { body, edges } = clusterPanels(account, c, hours);
    const strategy = migrationStrategy(c);
    const title = `<b>Cluster ${escapeHtml(c.name)}</b>: ${escapeHtml(strategy)} (${escapeHtml(MIGRATION_PHASES[strategy].join(' -> '))})`;
    return { edges, body: subgraph(`cluster_migration:${c.name}`, { label: html(title), labelloc: 't', style: 'rounded', color: '#404040' }, body) };
  });
  const caption = `Tenancy migration of account ${account.name} (${account.accountId}, ${account.region}), one panel per phase.\n` +
    `Under each panel: the account's monthly EC2 cost at desired size, ${hours} h/month, other clusters at their configured phase.\n` +
    `Prices: ${PRICE_SOURCE.replace(/ \(aws.amazon.com[^)]*\)/g, '')}.`;
  return digraph(`tenancy-migration-${account.name}`, [
    ...baseDefaults(),
    defaults('graph', { rankdir: 'TB', nodesep: 0.3, ranksep: 0.15 }),
    `label=${quote(caption)};`,
    'labelloc="b";',
    'labeljust="l";',
    ...clusters.flatMap((c) => c.body),
    ...clusters.flatMap((c) => c.edges),
    ...legend([]),
  ]);
}
