/**
 * Tenancy migration (dedicated -> default): the phase model both renderers share.
 *
 * Each strategy is a fixed sequence of phases; a cluster's config names the phase it should
 * be in (`phase`) and the one the last `pulumi up` applied (`previousPhase`), so a skipped
 * step is rejected before anything is built. `effectiveNodeGroups()` answers "which node
 * groups exist, with which tenancy and sizes, in this phase": the Pulumi side creates exactly
 * those, and aws-auth maps exactly their roles (nodes never lose their mapping).
 *
 * - `blue-green`: `dedicated` -> `surge` (a default-tenancy twin `<group>-shared` of every
 *   dedicated group, same instance types, AZs, labels, taints and sizes; the old groups get the
 *   `NoSchedule` migration taint, which evicts nothing but keeps new pods off, and their
 *   `maxSize` pinned to their desired size, so the cluster autoscaler cannot add dedicated
 *   nodes; the operator cordons and drains the old nodes) -> `drain` (old groups scaled to
 *   zero, still tainted) -> `shared` (old groups deleted).
 * - `rolling`: `dedicated` -> `rolling` (a new launch template version with default tenancy;
 *   EKS replaces the nodes itself, surging before it drains) -> `shared` (bookkeeping: the
 *   same resources as `rolling`, recorded once the EKS update has finished).
 *
 * `shared` is the resting state: keep the `tenancyMigration` section afterwards (the twins'
 * names derive from it). Pure: no Pulumi, no cdk8s.
 */
import type { ClusterConfig, NodeGroupConfig, NodeTaint, Tenancy } from './types';
import { show, type ProblemCollector } from './problems';

/** How dedicated node groups move to default tenancy. */
export type MigrationStrategy = 'blue-green' | 'rolling';

/** Phases of a migration; which ones apply, and their order, depend on the strategy. */
export type MigrationPhase = 'dedicated' | 'surge' | 'drain' | 'shared' | 'rolling';

/** The phases of each strategy, in order. */
export const MIGRATION_PHASES: Readonly<Record<MigrationStrategy, readonly MigrationPhase[]>> = {
  'blue-green': ['dedicated', 'surge', 'drain', 'shared'],
  rolling: ['dedicated', 'rolling', 'shared'],
};

/** The migration section of a cluster. */
export interface TenancyMigrationConfig {
  /** `blue-green`: default-tenancy twins, then drain and remove the old groups. `rolling`: EKS replaces nodes in place. */
  readonly strategy: MigrationStrategy;
  /** The phase `pulumi up` should bring the cluster to. */
  readonly phase: MigrationPhase;
  /**
   * The phase the last successful `pulumi up` applied. `phase` may equal it, be the next
   * phase of the strategy, or (rollback) the one before it, except after `shared`.
   * Update it to `phase` once `pulumi up` and the runbook steps of that phase are done.
   * @default 'dedicated'
   */
  readonly previousPhase?: MigrationPhase;
}

/** Key of the taint that keeps pods (and the cluster autoscaler) off groups being retired. */
export const MIGRATION_TAINT_KEY = 'eks-platform.io/tenancy-migration';

/** Suffix of a blue-green twin's name. */
export const TWIN_SUFFIX = '-shared';

/** Name of the default-tenancy twin of node group `groupName` (blue-green). */
export function twinName(groupName: string): string {
  return `${groupName}${TWIN_SUFFIX}`;
}

/** What a node group is to the migration. */
export type MigrationRole =
  /** A dedicated group being retired (blue-green). */
  | 'source'
  /** The default-tenancy twin replacing a source (blue-green). */
  | 'target'
  /** A dedicated group whose launch template switched to default tenancy (rolling). */
  | 'rolled';

/** A node group as it exists in one migration phase. */
export interface EffectiveNodeGroup extends NodeGroupConfig {
  /** Tenancy in this phase (may differ from the declared one while migrating). */
  readonly tenancy: Tenancy;
  /** The name of the declared group it derives from. */
  readonly sourceName: string;
  /**
   * Its part in the migration.
   * @default - none: the group is not migrating
   */
  readonly migrationRole?: MigrationRole;
  /** True when the runbook cordons and drains its nodes in this phase (blue-green `surge`). */
  readonly cordoned: boolean;
  /** True when this phase scales it to zero nodes (blue-green `drain`). */
  readonly scaledToZero: boolean;
}

/** The phase a cluster is in: its configured phase, or `dedicated` without a migration. */
export function currentPhase(cluster: ClusterConfig): MigrationPhase {
  return cluster.tenancyMigration?.phase ?? 'dedicated';
}

/** The phase the last `pulumi up` applied (`previousPhase`, default `dedicated`). */
export function appliedPhase(cluster: ClusterConfig): MigrationPhase {
  return cluster.tenancyMigration?.previousPhase ?? 'dedicated';
}

/** The strategy of a cluster's migration; `blue-green` when none is configured. */
export function migrationStrategy(cluster: ClusterConfig): MigrationStrategy {
  return cluster.tenancyMigration?.strategy ?? 'blue-green';
}

/** The phase after `phase` in `strategy`, or `undefined` at the end (or for a foreign phase). */
export function nextPhase(strategy: MigrationStrategy, phase: MigrationPhase): MigrationPhase | undefined {
  const phases = MIGRATION_PHASES[strategy];
  const i = phases.indexOf(phase);
  return i >= 0 && i < phases.length - 1 ? phases[i + 1] : undefined;
}

/** Phases `pulumi up` may move to from `from`: stay, the next one, or back one (not from `shared`). */
export function legalTransitions(strategy: MigrationStrategy, from: MigrationPhase): readonly MigrationPhase[] {
  const phases = MIGRATION_PHASES[strategy];
  const i = phases.indexOf(from);
  if (i < 0) return [];
  const legal: MigrationPhase[] = [from];
  if (i < phases.length - 1) legal.push(phases[i + 1]);
  if (i > 0 && from !== 'shared') legal.push(phases[i - 1]);
  return legal;
}

const DRAIN_TAINT: NodeTaint = { key: MIGRATION_TAINT_KEY, value: 'draining', effect: 'NoSchedule' };

function plain(group: NodeGroupConfig): EffectiveNodeGroup {
  return { ...group, sourceName: group.name, cordoned: false, scaledToZero: false };
}

/** One declared dedicated group in a blue-green phase: the groups it stands for. */
function blueGreen(group: NodeGroupConfig, phase: MigrationPhase): EffectiveNodeGroup[] {
  // The twin is always the library's, even when eksctl owns its source.
  const { managedBy: _owner, nodeRoleArn: _role, ...own } = group;
  const twin: EffectiveNodeGroup = {
    ...own, name: twinName(group.name), tenancy: 'default',
    sourceName: group.name, migrationRole: 'target', cordoned: false, scaledToZero: false,
  };
  const source: EffectiveNodeGroup = { ...plain(group), migrationRole: 'source' };
  switch (phase) {
    case 'surge':
      // Pinned, not scaled: maxSize = desiredSize keeps the autoscaler from adding nodes.
      return [{
        ...source, cordoned: true, minSize: Math.min(group.minSize, group.desiredSize), maxSize: Math.max(1, group.desiredSize),
        taints: [...(group.taints ?? []), DRAIN_TAINT],
      }, twin];
    case 'drain':
      return [
        { ...source, minSize: 0, desiredSize: 0, maxSize: 1, taints: [...(group.taints ?? []), DRAIN_TAINT], scaledToZero: true },
        twin,
      ];
    case 'shared':
      return [twin];
    default:
      return [plain(group)];
  }
}

/**
 * The node groups that exist for a cluster in a migration phase, in declaration order, each
 * twin right after its source. `phase` defaults to the configured one (`dedicated` without a
 * migration, i.e. exactly the declared groups); `strategy` to the configured one, else
 * `blue-green` (so a plan can preview a migration not configured yet). Groups declared with
 * default tenancy never change. Assumes a valid config (run `validateAccount()` first).
 */
export function effectiveNodeGroups(
  cluster: ClusterConfig,
  phase: MigrationPhase = currentPhase(cluster),
  strategy: MigrationStrategy = migrationStrategy(cluster),
): readonly EffectiveNodeGroup[] {
  return cluster.nodeGroups.flatMap((g): EffectiveNodeGroup[] => {
    if (g.tenancy !== 'dedicated' || phase === 'dedicated') return [plain(g)];
    if (strategy === 'rolling') return [{ ...plain(g), tenancy: 'default', migrationRole: 'rolled' }];
    return blueGreen(g, phase);
  });
}

/** Check the tenancy migration section of a cluster; report problems under `path`. */
export function validateTenancyMigration(cluster: ClusterConfig, path: string, problems: ProblemCollector): void {
  const m = cluster.tenancyMigration;
  if (m === undefined) return;
  const strategies = Object.keys(MIGRATION_PHASES) as MigrationStrategy[];
  if (!strategies.includes(m.strategy)) {
    problems.add(`${path}.strategy`, `must be 'blue-green' or 'rolling', got ${show(m.strategy)}.`);
    return;
  }
  const phases = MIGRATION_PHASES[m.strategy];
  const order = phases.join(' -> ');
  if (!phases.includes(m.phase)) {
    problems.add(`${path}.phase`, `must be a phase of strategy '${m.strategy}' (${order}), got ${show(m.phase)}.`);
    return;
  }
  if (m.previousPhase !== undefined && !phases.includes(m.previousPhase)) {
    problems.add(`${path}.previousPhase`, `must be a phase of strategy '${m.strategy}' (${order}), got ${show(m.previousPhase)}.`);
    return;
  }
  const from = m.previousPhase ?? 'dedicated';
  if (!legalTransitions(m.strategy, from).includes(m.phase)) {
    const next = nextPhase(m.strategy, from);
    const fix = next !== undefined
      ? `the next legal phase is '${next}' (phases: ${order}).`
      : `'${from}' is the last phase; a finished migration cannot be rolled back.`;
    problems.add(`${path}.phase`, `cannot go from '${from}' (previousPhase) to ${show(m.phase)} with strategy '${m.strategy}': ${fix}`);
  }
  const groups = Array.isArray(cluster.nodeGroups) ? cluster.nodeGroups : [];
  if (cluster.adoptNodeAccessEntries === true && m.phase !== from) {
    problems.add(path, `moves from '${from}' to ${show(m.phase)} while adoptNodeAccessEntries is set: adopting imports an entry for every node role, and the roles this step creates have none yet; adopt first (phase '${from}'), then move.`);
  }
  if (!groups.some((g) => g.tenancy === 'dedicated')) {
    problems.add(path, m.phase === 'dedicated' && from === 'dedicated'
      ? "is set, but no node group has tenancy 'dedicated': there is nothing to migrate; remove tenancyMigration."
      : `is at phase ${show(m.phase)}, but no node group is declared 'dedicated' any more: the migrated groups derive from those declarations (blue-green twins are '<group>${TWIN_SUFFIX}'), so keep them declared 'dedicated'; changing them would replace the running groups.`);
  }
  if (m.strategy === 'blue-green') {
    const names = new Map(groups.map((g, i) => [g.name, i]));
    groups.forEach((g, i) => {
      const clash = g.tenancy === 'dedicated' ? names.get(twinName(g.name)) : undefined;
      if (clash !== undefined) {
        problems.add(`${path}`, `the blue-green twin of nodeGroups[${i}] would be named ${show(twinName(g.name))}, which nodeGroups[${clash}] already uses; rename that group.`);
      }
    });
  }
}
