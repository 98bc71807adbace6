/**
 * Pure planning of a tenancy migration step (no Pulumi): the schedulable capacity at every
 * moment of a transition, what `pulumi up` changes, and the operator's commands.
 *
 * A transition `from -> to` is modelled as five states: the end of `from`; after the
 * runbook's pre-steps (uncordon, for a rollback); during `pulumi up` (new groups not Ready
 * yet, groups being removed or scaled to zero already gone; a group EKS rolls onto a new
 * launch template counts fully, because EKS adds replacement nodes before draining old
 * ones); after `pulumi up`; the end of `to` (after the runbook's cordon/drain).
 */
import {
  effectiveNodeGroups, isEksctlGroup, legalTransitions, migrationStrategy, MIGRATION_PHASES,
  type AccountConfig, type ClusterConfig, type EffectiveNodeGroup, type MigrationPhase,
} from '../../config';
import { eksctlTransitionChanges, eksctlTransitionCommands } from '../adopt/migration';
import { authenticationModeOf, usesAccessEntries } from '../cluster/config';
import { eksNameOf } from '../node-group/generation';

/** A node group at one moment of a transition. */
export interface GroupState {
  /** Node group name. */
  readonly name: string;
  /** Running nodes at this moment. */
  readonly nodes: number;
  /** AZs its nodes run in. */
  readonly availabilityZones: readonly string[];
  /** True when pods may be scheduled on its nodes. */
  readonly schedulable: boolean;
}

/** One moment of a transition and the capacity pods can use then. */
export interface CapacityStep {
  /** What the moment is, e.g. `during pulumi up`. */
  readonly label: string;
  /** Every node group that exists at this moment. */
  readonly groups: readonly GroupState[];
  /** Nodes of schedulable groups. */
  readonly capacity: number;
  /** AZs with at least one schedulable node. */
  readonly availabilityZones: readonly string[];
}

function azsOf(cluster: ClusterConfig, group: EffectiveNodeGroup): readonly string[] {
  return group.availabilityZones ?? [...new Set(cluster.network.privateSubnets.map((s) => s.availabilityZone))];
}

function step(label: string, groups: GroupState[]): CapacityStep {
  const live = groups.filter((g) => g.schedulable && g.nodes > 0);
  return {
    label,
    groups,
    capacity: live.reduce((n, g) => n + g.nodes, 0),
    availabilityZones: [...new Set(live.flatMap((g) => g.availabilityZones))].sort(),
  };
}

/** The node groups at the end of `phase` (after its runbook steps). */
export function phaseEndState(cluster: ClusterConfig, phase: MigrationPhase): GroupState[] {
  return effectiveNodeGroups(cluster, phase).map((g) => ({
    name: g.name,
    nodes: g.scaledToZero ? 0 : g.desiredSize,
    availabilityZones: azsOf(cluster, g),
    schedulable: !g.cordoned && !g.scaledToZero,
  }));
}

/** The schedulable capacity before any migration: the declared groups at their desired size. */
export function baselineCapacity(cluster: ClusterConfig): CapacityStep {
  return step('before the migration', phaseEndState(cluster, 'dedicated'));
}

/** Every state of the transition `from -> to` (see the module comment). */
export function transitionSteps(cluster: ClusterConfig, from: MigrationPhase, to: MigrationPhase): readonly CapacityStep[] {
  const target = new Map(effectiveNodeGroups(cluster, to).map((g) => [g.name, g]));
  const end = phaseEndState(cluster, from);
  const afterPre = end.map((g) => {
    const next = target.get(g.name);
    const uncordon = !g.schedulable && g.nodes > 0 && next !== undefined && !next.cordoned && !next.scaledToZero;
    return uncordon ? { ...g, schedulable: true } : g;
  });
  const during = afterPre.filter((g) => {
    const next = target.get(g.name);
    return next !== undefined && !next.scaledToZero;
  });
  const before = new Map(afterPre.map((g) => [g.name, g]));
  const afterUp = [...target.values()].map((g) => ({
    name: g.name,
    nodes: g.scaledToZero ? 0 : (before.get(g.name)?.nodes || g.desiredSize),
    availabilityZones: azsOf(cluster, g),
    schedulable: !g.scaledToZero && (before.get(g.name)?.schedulable ?? true),
  }));
  return [
    step(`end of '${from}'`, end),
    step('after the pre-steps', afterPre),
    step('during pulumi up', during),
    step('after pulumi up', afterUp),
    step(`end of '${to}'`, phaseEndState(cluster, to)),
  ];
}

/**
 * Problems with the transition `from -> to`: a moment where schedulable capacity drops below
 * the pre-migration desired size, or an AZ that had capacity loses it. Empty when safe.
 */
export function transitionViolations(cluster: ClusterConfig, from: MigrationPhase, to: MigrationPhase): readonly string[] {
  const base = baselineCapacity(cluster);
  const problems: string[] = [];
  for (const s of transitionSteps(cluster, from, to)) {
    if (s.capacity < base.capacity) {
      problems.push(`${cluster.name} ${from} -> ${to}, ${s.label}: ${s.capacity} schedulable nodes, fewer than the ${base.capacity} before the migration.`);
    }
    const lost = base.availabilityZones.filter((az) => !s.availabilityZones.includes(az));
    if (lost.length > 0) problems.push(`${cluster.name} ${from} -> ${to}, ${s.label}: no schedulable node in ${lost.join(', ')}.`);
  }
  return problems;
}

/** Every legal transition of a cluster's strategy, forward and rollback. */
export function allTransitions(cluster: ClusterConfig): readonly (readonly [MigrationPhase, MigrationPhase])[] {
  const strategy = migrationStrategy(cluster);
  return MIGRATION_PHASES[strategy].flatMap((from) => legalTransitions(strategy, from).filter((to) => to !== from).map((to) => [from, to] as const));
}

/** Paths with a rollback that a blue-green migration must survive, each checked step by step. */
export const BLUE_GREEN_ROLLBACK_PATHS: readonly (readonly MigrationPhase[])[] = [
  ['dedicated', 'surge', 'dedicated', 'surge'],
  ['dedicated', 'surge', 'drain', 'surge', 'drain', 'shared'],
];

/**
 * Problems along a sequence of `pulumi up`s (`path[0] -> path[1] -> ...`): an illegal step, or
 * a capacity or AZ violation in any step. The state of a phase does not depend on the path to
 * it (each role's `EC2_LINUX` access entry is deleted and created with the role), so a
 * rollback and retry rebuilds what the first attempt built. Empty when safe.
 */
export function pathViolations(cluster: ClusterConfig, path: readonly MigrationPhase[]): readonly string[] {
  const strategy = migrationStrategy(cluster);
  const problems: string[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const [from, to] = [path[i], path[i + 1]];
    if (!legalTransitions(strategy, from).includes(to)) problems.push(`${cluster.name} ${path.join(' -> ')}: step ${from} -> ${to} is not a legal transition of '${strategy}'.`);
    else problems.push(...transitionViolations(cluster, from, to));
  }
  return problems;
}

function describe(g: EffectiveNodeGroup): string {
  const azs = g.availabilityZones ? ` in ${g.availabilityZones.join(', ')}` : '';
  return `${g.tenancy} tenancy, ${g.instanceTypes.join('/')}, min ${g.minSize} / desired ${g.desiredSize} / max ${g.maxSize}${azs}`;
}

function taintsText(g: EffectiveNodeGroup): string {
  return JSON.stringify((g.taints ?? []).map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`));
}

/** What `pulumi up` changes in the node groups when the cluster goes from `from` to `to`. */
export function transitionChanges(cluster: ClusterConfig, from: MigrationPhase, to: MigrationPhase): readonly string[] {
  // eksctl's groups are never changed by pulumi up: `eksctlTransitionChanges` says what happens to them.
  const before = new Map(effectiveNodeGroups(cluster, from).filter((g) => !isEksctlGroup(g)).map((g) => [g.name, g]));
  const after = effectiveNodeGroups(cluster, to).filter((g) => !isEksctlGroup(g));
  const changes: string[] = [];
  const entry = usesAccessEntries(authenticationModeOf(cluster));
  for (const g of after) {
    const old = before.get(g.name);
    if (!old) {
      changes.push(`+ create node group ${g.name} (${describe(g)}) with its node role, mapped in aws-auth first, ${entry ? 'its EC2_LINUX access entry, ' : ''}and launch template`);
      continue;
    }
    if (old.tenancy !== g.tenancy) {
      changes.push(`~ node group ${g.name}: new launch template version with ${g.tenancy} tenancy; EKS replaces its nodes (adds new ones first, at most 33% unavailable at a time, respecting PodDisruptionBudgets)`);
    }
    if (old.minSize !== g.minSize || old.desiredSize !== g.desiredSize || old.maxSize !== g.maxSize) {
      changes.push(`~ node group ${g.name}: scaling ${old.minSize}/${old.desiredSize}/${old.maxSize} -> ${g.minSize}/${g.desiredSize}/${g.maxSize} (min/desired/max)`);
    }
    if (taintsText(old) !== taintsText(g)) changes.push(`~ node group ${g.name}: taints ${taintsText(old)} -> ${taintsText(g)}`);
  }
  const names = new Set(after.map((g) => g.name));
  for (const g of before.values()) {
    if (!names.has(g.name)) changes.push(`- delete node group ${g.name} with its launch template, node role (unmapped from aws-auth)${entry ? " and the role's EC2_LINUX access entry" : ''}`);
  }
  changes.push(...eksctlTransitionChanges(cluster, from, to));
  return changes;
}

/** Commands the operator runs around `pulumi up` for one transition. */
export interface TransitionCommands {
  /** Before `pulumi up`. */
  readonly before: readonly string[];
  /** After `pulumi up`. */
  readonly after: readonly string[];
}

/** `--context` of the cluster's kubeconfig entry (see {@link kubeconfigCommand}). */
function ctx(cluster: ClusterConfig): string {
  return `--context ${cluster.name}`;
}

/** The command that writes the cluster's kubeconfig entry, named after the cluster. */
export function kubeconfigCommand(account: AccountConfig, cluster: ClusterConfig): string {
  return `aws eks update-kubeconfig --name ${cluster.name} --region ${account.region} --profile ${account.profile} --alias ${cluster.name}`;
}

/** Label selector of a managed node group's nodes by its EKS name (EKS sets this label on every node). */
export function nodeGroupSelector(eksName: string): string {
  return `eks.amazonaws.com/nodegroup=${eksName}`;
}

/** The runbook commands of `from -> to`: cordon/drain by label selector, checks, rollbacks. */
export function transitionCommands(account: AccountConfig, cluster: ClusterConfig, from: MigrationPhase, to: MigrationPhase): TransitionCommands {
  const before: string[] = [];
  const after: string[] = [];
  const fromGroups = new Map(effectiveNodeGroups(cluster, from).map((g) => [g.name, g]));
  const toGroups = effectiveNodeGroups(cluster, to);
  const k = ctx(cluster);
  const eks = (g: EffectiveNodeGroup) => eksNameOf(cluster, g);
  for (const g of toGroups) {
    const old = fromGroups.get(g.name);
    if (old?.cordoned && !g.cordoned && !g.scaledToZero) before.push(`kubectl ${k} uncordon -l ${nodeGroupSelector(eks(g))}`);
    if (old?.scaledToZero && !g.scaledToZero && !isEksctlGroup(g)) {
      before.push(`aws eks update-nodegroup-config --cluster-name ${cluster.name} --nodegroup-name ${eks(g)} --scaling-config minSize=${g.minSize},maxSize=${g.maxSize},desiredSize=${g.desiredSize} --region ${account.region} --profile ${account.profile}`);
    }
  }
  for (const g of toGroups.filter((t) => t.scaledToZero && fromGroups.get(t.name)?.cordoned)) {
    before.push(`kubectl ${k} drain -l ${nodeGroupSelector(eks(g))} --ignore-daemonsets --delete-emptydir-data --timeout=30m   # again: must end with nothing left to evict`);
  }
  const newlyCordoned = toGroups.filter((g) => g.cordoned && !fromGroups.get(g.name)?.cordoned);
  for (const g of toGroups.filter((t) => !fromGroups.has(t.name))) {
    after.push(`kubectl ${k} wait --for=condition=Ready node -l ${nodeGroupSelector(eks(g))} --timeout=20m`);
  }
  for (const g of newlyCordoned) after.push(`kubectl ${k} cordon -l ${nodeGroupSelector(eks(g))}`);
  for (const g of newlyCordoned) {
    after.push(`kubectl ${k} drain -l ${nodeGroupSelector(eks(g))} --ignore-daemonsets --delete-emptydir-data --timeout=30m`);
  }
  for (const g of toGroups.filter((t) => t.scaledToZero && !fromGroups.get(t.name)?.scaledToZero)) {
    after.push(`kubectl ${k} get nodes -l ${nodeGroupSelector(eks(g))}   # expect: No resources found`);
  }
  const rolled = toGroups.filter((t) => t.tenancy !== fromGroups.get(t.name)?.tenancy && fromGroups.has(t.name));
  if (rolled.length > 0) before.push(`kubectl ${k} get pdb -A   # ALLOWED DISRUPTIONS 0 stalls the EKS update (it fails after 15 minutes)`);
  for (const g of rolled) {
    after.push(`aws eks list-updates --name ${cluster.name} --nodegroup-name ${eks(g)} --region ${account.region} --profile ${account.profile}`);
    after.push(`kubectl ${k} get nodes -l ${nodeGroupSelector(eks(g))} -L node.kubernetes.io/instance-type --watch`);
  }
  const eksctl = eksctlTransitionCommands(account, cluster, from, to);
  before.push(...eksctl.before);
  after.push(...eksctl.after);
  if (to === 'shared') {
    after.push(`aws ec2 describe-instances --filters Name=tenancy,Values=dedicated Name=instance-state-name,Values=pending,running --query 'Reservations[].Instances[].InstanceId' --region ${account.region} --profile ${account.profile}   # expect: [] (then the per-region dedicated fee stops)`);
  }
  return { before, after };
}
