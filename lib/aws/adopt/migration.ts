/**
 * The tenancy migration of eksctl node groups (pure): `pulumi up` never touches them, so what
 * the library does itself to its own groups (scale to zero and taint in `drain`, delete in
 * `shared`) becomes runbook commands here: `aws eks update-nodegroup-config`, and
 * `eksctl delete nodegroup --drain` once the twins carry the load. `lib/aws/tenancy/plan.ts`
 * appends these to its own changes and commands. The eksctl groups' roles stay mapped in every
 * phase (`nodeRoleArns`), so their nodes never drop off before eksctl removes them.
 */
import {
  effectiveNodeGroups, isEksctlGroup, MIGRATION_TAINT_KEY, type AccountConfig, type ClusterConfig, type EffectiveNodeGroup,
  type MigrationPhase,
} from '../../config';

/** The drain taint in the EKS API's JSON (`aws eks update-nodegroup-config --taints`). */
const DRAIN_TAINT_JSON = { key: MIGRATION_TAINT_KEY, value: 'draining', effect: 'NO_SCHEDULE' };

function hasDrainTaint(g: EffectiveNodeGroup): boolean {
  return (g.taints ?? []).some((t) => t.key === MIGRATION_TAINT_KEY);
}

function eksctlGroups(cluster: ClusterConfig, phase: MigrationPhase): Map<string, EffectiveNodeGroup> {
  return new Map(effectiveNodeGroups(cluster, phase).filter(isEksctlGroup).map((g) => [g.name, g]));
}

/** `--cluster-name ... --nodegroup-name ... --region ... --profile ...` of an `aws eks` nodegroup call. */
function target(account: AccountConfig, cluster: ClusterConfig, group: string): string {
  return `--cluster-name ${cluster.name} --nodegroup-name ${group} --region ${account.region} --profile ${account.profile}`;
}

/** The command that deletes an eksctl node group (its CloudFormation stack), draining its nodes first. */
export function eksctlDeleteCommand(account: AccountConfig, cluster: ClusterConfig, group: string): string {
  return `eksctl delete nodegroup --cluster ${cluster.name} --name ${group} --region ${account.region} --profile ${account.profile} --drain --wait`;
}

/** What `from -> to` means for the eksctl groups: `pulumi up` changes none of them. */
export function eksctlTransitionChanges(cluster: ClusterConfig, from: MigrationPhase, to: MigrationPhase): readonly string[] {
  const before = eksctlGroups(cluster, from);
  const after = eksctlGroups(cluster, to);
  const changes: string[] = [];
  for (const [name, old] of before) {
    const next = after.get(name);
    if (!next) changes.push(`= eksctl node group ${name}: not deleted by pulumi up; the runbook deletes it with eksctl once its twin carries the load (its role stays mapped)`);
    else if (next.scaledToZero && !old.scaledToZero) changes.push(`= eksctl node group ${name}: not changed by pulumi up; the runbook scales it to zero and taints it`);
    else if (old.scaledToZero && !next.scaledToZero) changes.push(`= eksctl node group ${name}: not changed by pulumi up; the runbook restores its sizes${hasDrainTaint(next) ? ' (still pinned and tainted)' : ' and removes the drain taint'}`);
    else if (hasDrainTaint(next) && !hasDrainTaint(old)) changes.push(`= eksctl node group ${name}: not changed by pulumi up; the runbook pins its maxSize to its desired size and taints it NoSchedule`);
    else if (hasDrainTaint(old) && !hasDrainTaint(next)) changes.push(`= eksctl node group ${name}: not changed by pulumi up; the runbook restores its sizes and removes the taint`);
  }
  return changes;
}

/** Runbook commands of `from -> to` for the eksctl groups, run before and after `pulumi up`. */
export function eksctlTransitionCommands(account: AccountConfig, cluster: ClusterConfig, from: MigrationPhase, to: MigrationPhase): { before: string[]; after: string[] } {
  const before: string[] = [];
  const after: string[] = [];
  const prior = eksctlGroups(cluster, from);
  const next = eksctlGroups(cluster, to);
  for (const [name, g] of next) {
    const old = prior.get(name);
    if (!old) continue;
    // What pulumi up does to the library's own sources, by hand: pinned and tainted in 'surge'
    // (maxSize = desiredSize), 0/0/1 (EKS needs max >= 1) and tainted in 'drain', restored on rollback.
    // Before pulumi up, as pulumi up pins and taints the library's own sources while it creates
    // the twins: the autoscaler cannot grow the old group while the drain runs.
    const tainted = hasDrainTaint(g);
    const addTaint = tainted && (!hasDrainTaint(old) || (g.scaledToZero && !old.scaledToZero));
    const taintChange = addTaint ? ` --taints '${JSON.stringify({ addOrUpdateTaints: [DRAIN_TAINT_JSON] })}'`
      : !tainted && hasDrainTaint(old) ? ` --taints '${JSON.stringify({ removeTaints: [DRAIN_TAINT_JSON] })}'` : '';
    const sizesChange = old.minSize !== g.minSize || old.maxSize !== g.maxSize || old.desiredSize !== g.desiredSize;
    if (sizesChange || taintChange !== '') {
      const cmd = `aws eks update-nodegroup-config ${target(account, cluster, name)} --scaling-config minSize=${g.minSize},maxSize=${g.maxSize},desiredSize=${g.desiredSize}${taintChange}`;
      before.push(cmd);
    }
  }
  for (const name of prior.keys()) {
    if (next.has(name)) continue;
    after.push(eksctlDeleteCommand(account, cluster, name));
    after.push(`aws eks describe-nodegroup ${target(account, cluster, name)}   # expect: ResourceNotFoundException`);
  }
  return { before, after };
}
