/**
 * The text of `npm run plan -- <account>`: per cluster, the node groups of the configured
 * phase, what `pulumi up` changes, the runbook commands, the capacity check, the subnet IP
 * budget, and the account's monthly cost in every phase. Pure: returns a string.
 */
import {
  appliedPhase, currentPhase, effectiveNodeGroups, MIGRATION_PHASES, migrationStrategy, nextPhase,
  type AccountConfig, type ClusterConfig, type MigrationPhase,
} from '../../config';
import { subnetBudgets } from '../../config/ip-budget';
import { accountCost, DEFAULT_HOURS_PER_MONTH, PRICE_SOURCE } from './cost';
import {
  allTransitions, baselineCapacity, kubeconfigCommand, transitionChanges, transitionCommands, transitionSteps, transitionViolations,
} from './plan';

/** Options of {@link renderPlan}. */
export interface RenderPlanOptions {
  /**
   * Print the changes and commands of every forward step of each strategy, not only the
   * configured (or next) one.
   * @default false
   */
  readonly allPhases?: boolean;
  /**
   * Hours per month of the cost estimate.
   * @default 730
   */
  readonly hoursPerMonth?: number;
}

const usd = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = (n: number) => `${n >= 0 ? '+' : '-'}${usd(Math.abs(n))}`;
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

function groupTable(cluster: ClusterConfig, phase: MigrationPhase): string[] {
  const allAzs = [...new Set(cluster.network.privateSubnets.map((s) => s.availabilityZone))];
  return effectiveNodeGroups(cluster, phase).map((g) => {
    const state = g.scaledToZero ? ' (scaled to zero, tainted)' : g.cordoned ? ' (cordoned and drained by the runbook)' : '';
    return `    ${pad(g.name, 22)} ${pad(g.tenancy, 10)} ${pad(g.instanceTypes.join('/'), 14)} ` +
      `min ${g.minSize} / desired ${g.desiredSize} / max ${g.maxSize}   ${(g.availabilityZones ?? allAzs).join(', ')}${state}`;
  });
}

function transitionSection(account: AccountConfig, cluster: ClusterConfig, from: MigrationPhase, to: MigrationPhase): string[] {
  const out: string[] = [];
  const changes = transitionChanges(cluster, from, to);
  out.push(`  pulumi up (${from} -> ${to}) ${changes.length === 0 ? 'changes no node group.' : 'will:'}`);
  changes.forEach((c) => out.push(`    ${c}`));
  const cmds = transitionCommands(account, cluster, from, to);
  if (cmds.before.length + cmds.after.length > 0) {
    out.push('  Runbook:');
    out.push(`    ${kubeconfigCommand(account, cluster)}`);
    cmds.before.forEach((c) => out.push(`    ${c}`));
    out.push(`    npm run build && pulumi up --stack ${account.name}`);
    cmds.after.forEach((c) => out.push(`    ${c}`));
  }
  const base = baselineCapacity(cluster);
  const steps = transitionSteps(cluster, from, to);
  const min = Math.min(...steps.map((s) => s.capacity));
  const problems = transitionViolations(cluster, from, to);
  out.push(`  Capacity: at least ${min} schedulable nodes at every moment (${base.capacity} before the migration); ` +
    `AZs with capacity kept: ${base.availabilityZones.join(', ')}. ${problems.length === 0 ? 'OK.' : 'VIOLATED:'}`);
  problems.forEach((p) => out.push(`    ! ${p}`));
  const budgets = subnetBudgets(account, (c) => effectiveNodeGroups(c, c.name === cluster.name ? to : currentPhase(c)))
    .filter((b) => b.claims.some((claim) => claim.cluster === cluster.name));
  out.push(`  Subnet IP budget in '${to}' (addresses claimable at maxSize / usable):`);
  budgets.forEach((b) => out.push(`    ${pad(b.subnet, 26)} ${pad(b.cidr, 18)} ${b.demand} / ${b.usable}${b.demand > b.usable ? '   ! EXCEEDED' : ''}`));
  return out;
}

function costTable(account: AccountConfig, cluster: ClusterConfig, hours: number, before: MigrationPhase, after: MigrationPhase, afterLabel: string): string[] {
  const phases = MIGRATION_PHASES[migrationStrategy(cluster)];
  const costOf = (phase: MigrationPhase) => accountCost(account, (c) => (c.name === cluster.name ? phase : currentPhase(c)), hours);
  const baseline = costOf('dedicated');
  const out = [
    `  Monthly EC2 cost of the account, USD at desired size, ${hours} h/month (other clusters at their configured phase):`,
    `    ${pad('phase', 10)} ${lpad('instances', 11)} ${lpad('dedicated fee', 14)} ${lpad('total', 11)} ${lpad("vs 'dedicated'", 15)}`,
  ];
  for (const phase of phases) {
    const c = costOf(phase);
    const mark = phase === before && phase === after ? '   <- applied and configured' : phase === before ? '   <- before (applied)' : phase === after ? `   <- after (${afterLabel})` : '';
    out.push(`    ${pad(phase, 10)} ${lpad(usd(c.instances), 11)} ${lpad(usd(c.regionFee), 14)} ${lpad(usd(c.total), 11)} ${lpad(signed(c.total - baseline.total), 15)}${mark}`);
  }
  const [from, to] = [costOf(before).total, costOf(after).total];
  if (before !== after) out.push(`    '${before}' -> '${after}': ${usd(from)} -> ${usd(to)} a month (${signed(to - from)}).`);
  const missing = [...new Set(phases.flatMap((p) => costOf(p).missingPrices))];
  if (missing.length > 0) out.push(`    (no price for ${missing.join(', ')}: those groups are left out)`);
  return out;
}

function clusterSection(account: AccountConfig, cluster: ClusterConfig, options: RenderPlanOptions): string[] {
  const strategy = migrationStrategy(cluster);
  const phase = currentPhase(cluster);
  const applied = appliedPhase(cluster);
  const hours = options.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH;
  const out = [`== Cluster ${cluster.name} ==`];
  const hasDedicated = cluster.nodeGroups.some((g) => g.tenancy === 'dedicated');
  if (cluster.tenancyMigration === undefined) {
    out.push(hasDedicated
      ? `  No tenancyMigration configured: treated as strategy 'blue-green', phase 'dedicated' (applied).`
      : '  No dedicated node group: nothing to migrate.');
  } else {
    out.push(`  Strategy '${strategy}' (${MIGRATION_PHASES[strategy].join(' -> ')}); phase '${phase}', previousPhase '${applied}'.`);
  }
  out.push(`  Node groups in '${phase}':`, ...groupTable(cluster, phase));
  let after = phase;
  let afterLabel = 'configured';
  if (applied !== phase) {
    out.push(...transitionSection(account, cluster, applied, phase));
  } else {
    out.push(`  pulumi up (${phase} -> ${phase}) changes no node group.`);
    const next = hasDedicated ? nextPhase(strategy, phase) : undefined;
    if (next !== undefined && !options.allPhases) {
      after = next;
      afterLabel = 'next phase';
      out.push('', `  Next phase '${next}': set tenancyMigration: { strategy: '${strategy}', phase: '${next}', previousPhase: '${phase}' }`);
      out.push(...transitionSection(account, cluster, phase, next));
    }
  }
  if (options.allPhases && hasDedicated) {
    const phases = MIGRATION_PHASES[strategy];
    for (let i = 0; i + 1 < phases.length; i++) {
      out.push('', `  Step ${i + 1} of ${phases.length - 1}: '${phases[i]}' -> '${phases[i + 1]}'`);
      out.push(...transitionSection(account, cluster, phases[i], phases[i + 1]));
      const back = allTransitions(cluster).some(([from, to]) => from === phases[i + 1] && to === phases[i]);
      out.push('', back
        ? `  Rollback of step ${i + 1}: '${phases[i + 1]}' -> '${phases[i]}' (set phase: '${phases[i]}', previousPhase: '${phases[i + 1]}')`
        : `  No rollback of step ${i + 1}: '${phases[i + 1]}' is final.`);
      if (back) out.push(...transitionSection(account, cluster, phases[i + 1], phases[i]));
    }
  }
  if (hasDedicated) out.push('', ...costTable(account, cluster, hours, applied, after, afterLabel));
  return out;
}

/** The whole plan of an account, as printed by `npm run plan -- <account>`. */
export function renderPlan(account: AccountConfig, options: RenderPlanOptions = {}): string {
  const lines = [
    `Tenancy migration plan for account '${account.name}' (${account.accountId}, ${account.region}, profile ${account.profile})`,
    '',
  ];
  for (const cluster of account.clusters) lines.push(...clusterSection(account, cluster, options), '');
  lines.push(`Prices: ${PRICE_SOURCE}. Dedicated = shared rate x 1.1 plus $2/hour per region while any dedicated instance runs.`);
  return lines.join('\n');
}
