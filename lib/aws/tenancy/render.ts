/**
 * The text of `npm run plan -- <account>`: per cluster, the node groups of the configured
 * phase, what `pulumi up` changes, the runbook commands, the capacity check, the subnet IP
 * budget, and the account's monthly cost in every phase. Pure: returns a string.
 */
import {
  EKS_VERSION_SUPPORT, pastStandardSupport, supportTypeOf,
  appliedPhase, currentPhase, effectiveNodeGroups, isEksctlGroup, MIGRATION_PHASES, migrationStrategy, nextPhase,
  type AccountConfig, type ClusterConfig, type MigrationPhase,
} from '../../config';
import { subnetBudgets } from '../../config/ip-budget';
import {
  clusterForceNewInputs, describeForceNewInputs, eksNameOf, replacedGroups, type AppliedGeneration,
} from '../node-group/generation';
import { accountCost, DEFAULT_HOURS_PER_MONTH, PRICE_SOURCE } from './cost';
import {
  allTransitions, baselineCapacity, BLUE_GREEN_ROLLBACK_PATHS, kubeconfigCommand, pathViolations, transitionChanges, transitionCommands, transitionSteps, transitionViolations,
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
   * What the last `pulumi up` built (the stack output `nodeGroupGenerations`, by cluster and
   * group): the plan then names every node group `pulumi up` would replace, and why.
   * @default - none: the plan prints each group's EKS name and generation inputs only
   */
  readonly applied?: Readonly<Record<string, Readonly<Record<string, AppliedGeneration>>>>;
  /**
   * The day (ISO, UTC) the version support line is judged on.
   * @default - today
   */
  readonly today?: string;
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
  return effectiveNodeGroups(cluster, phase).flatMap((g) => {
    const state = (g.scaledToZero ? ' (scaled to zero, tainted)' : g.cordoned ? ' (cordoned and drained by the runbook)' : '') +
      (isEksctlGroup(g) ? ' [eksctl: never changed by pulumi up]' : '');
    return [
      `    ${pad(g.name, 22)} ${pad(g.tenancy, 10)} ${pad(g.instanceTypes.join('/'), 14)} ` +
        `min ${g.minSize} / desired ${g.desiredSize} / max ${g.maxSize}   ${(g.availabilityZones ?? allAzs).join(', ')}${state}`,
      isEksctlGroup(g)
        ? `      EKS name ${g.name} (eksctl's; no generation)`
        : `      EKS name ${eksNameOf(cluster, g)} (generation of: ${describeForceNewInputs(clusterForceNewInputs(cluster, g))})`,
    ];
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

/** The cluster's version, its EKS support, its upgrade policy and how an upgrade is done. */
export function versionLine(cluster: ClusterConfig, today: string): string {
  const support = (EKS_VERSION_SUPPORT as Readonly<Record<string, { standardUntil?: string } | undefined>>)[cluster.version];
  const until = support?.standardUntil !== undefined ? `standard support until ${support.standardUntil}` : 'standard support (no end date published yet)';
  const past = pastStandardSupport(cluster.version, today) ? ' PAST STANDARD SUPPORT TODAY: plan the upgrade now.' : '';
  const policy = supportTypeOf(cluster) === 'EXTENDED'
    ? 'upgrade policy EXTENDED (EKS keeps the version and bills extended support)'
    : 'upgrade policy STANDARD (EKS upgrades the control plane itself when standard support ends)';
  return `  Kubernetes ${cluster.version}: ${until}; ${policy}.${past} To upgrade: set version to the next minor and pulumi up ` +
    '(control plane first, then every node group rolls onto it, 33% at a time, PodDisruptionBudgets respected); one minor per pulumi up.';
}

function clusterSection(account: AccountConfig, cluster: ClusterConfig, options: RenderPlanOptions): string[] {
  const strategy = migrationStrategy(cluster);
  const phase = currentPhase(cluster);
  const applied = appliedPhase(cluster);
  const hours = options.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH;
  const out = [`== Cluster ${cluster.name} ==`, versionLine(cluster, options.today ?? new Date().toISOString().slice(0, 10))];
  const hasDedicated = cluster.nodeGroups.some((g) => g.tenancy === 'dedicated');
  if (cluster.tenancyMigration === undefined) {
    out.push(hasDedicated
      ? `  No tenancyMigration configured: treated as strategy 'blue-green', phase 'dedicated' (applied).`
      : '  No dedicated node group: nothing to migrate.');
  } else {
    out.push(`  Strategy '${strategy}' (${MIGRATION_PHASES[strategy].join(' -> ')}); phase '${phase}', previousPhase '${applied}'.`);
  }
  out.push(`  Node groups in '${phase}' (a changed EKS name is a replacement: the new generation is created before the old one is deleted):`, ...groupTable(cluster, phase));
  const built = options.applied?.[cluster.name];
  if (built !== undefined) {
    const groups = effectiveNodeGroups(cluster, phase).map((g) => ({ name: g.name, forceNewInputs: clusterForceNewInputs(cluster, g) }));
    const replaced = replacedGroups(groups, built);
    out.push(`  Against the applied stack, pulumi up ${replaced.length === 0 ? 'replaces no node group.' : 'replaces:'}`, ...replaced.map((r) => `    ${r}`));
  }
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
    if (strategy === 'blue-green') {
      out.push('', '  Rollback and retry (capacity and AZs checked at every moment of every step):');
      for (const path of BLUE_GREEN_ROLLBACK_PATHS) {
        const problems = pathViolations(cluster, path);
        out.push(`    ${path.join(' -> ')}: ${problems.length === 0 ? 'OK.' : 'VIOLATED:'}`);
        problems.forEach((p) => out.push(`      ! ${p}`));
      }
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
