/**
 * Tenancy migration settings (dedicated -> default). The planning logic lives in
 * `lib/aws/tenancy`; this file holds the plain types and the pure "which node groups exist in
 * this phase" answer that both renderers need (aws-auth must map every live node role).
 */
import type { ClusterConfig, NodeGroupConfig, Tenancy } from './types';
import { show, type ProblemCollector } from './problems';

/** How dedicated node groups move to default tenancy. */
export type MigrationStrategy = 'blue-green' | 'rolling';

/** Phases of a migration, in order. */
export type MigrationPhase = 'dedicated' | 'surge' | 'drain' | 'shared';

/** The migration section of a cluster. */
export interface TenancyMigrationConfig {
  /** `blue-green`: default-tenancy twins, then drain and remove the old groups. `rolling`: EKS replaces nodes in place. */
  readonly strategy: MigrationStrategy;
  /** Where the migration stands. */
  readonly phase: MigrationPhase;
}

/** A node group as it exists in the current migration phase. */
export interface EffectiveNodeGroup extends NodeGroupConfig {
  /** Tenancy in this phase (may differ from the declared one while migrating). */
  readonly tenancy: Tenancy;
  /** The group's name in the config it derives from. */
  readonly sourceName: string;
}

/**
 * The node groups that exist for a cluster in its configured migration phase.
 * Without a migration, exactly the declared groups.
 */
export function effectiveNodeGroups(cluster: ClusterConfig): readonly EffectiveNodeGroup[] {
  return cluster.nodeGroups.map((g) => ({ ...g, sourceName: g.name }));
}

const PHASES: readonly MigrationPhase[] = ['dedicated', 'surge', 'drain', 'shared'];

/** Check the tenancy migration section of a cluster; report problems under `path`. */
export function validateTenancyMigration(cluster: ClusterConfig, path: string, problems: ProblemCollector): void {
  const m = cluster.tenancyMigration;
  if (m === undefined) return;
  if (m.strategy !== 'blue-green' && m.strategy !== 'rolling') {
    problems.add(`${path}.strategy`, `must be 'blue-green' or 'rolling', got ${show(m.strategy)}.`);
  }
  if (!PHASES.includes(m.phase)) {
    problems.add(`${path}.phase`, `must be one of ${PHASES.join(', ')}, got ${show(m.phase)}.`);
  }
}
