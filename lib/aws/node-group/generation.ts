/**
 * Node group generations: how a change EKS cannot make in place becomes create-before-delete.
 *
 * EKS cannot change these inputs of a managed node group; the provider replaces the group
 * (`ForceNew` in the `aws_eks_node_group` schema the Pulumi provider is bridged from):
 * `clusterName`, `instanceTypes`, `subnetIds`, `capacityType`, `amiType`, `nodeRoleArn`,
 * `launchTemplate.id`/`name`, `diskSize`, `remoteAccess` and `nodeGroupName` itself. With a
 * fixed explicit `nodeGroupName` a replacement has to delete the running group first (the new
 * one cannot take the name while the old one holds it), so every node of the group goes at once.
 *
 * So the EKS name carries a *generation*: a short hash of exactly those inputs
 * (`<group>-<generation>`). When one of them changes, the name changes with it, the new group
 * can be created while the old one still runs, and Pulumi replaces create-first (its default;
 * the bridge only deletes first when an explicit name is unchanged). The Pulumi resource name
 * (URN) stays `<cluster>-nodes-<group>`, so it is a replacement of the same resource, not a
 * delete plus an unrelated create. Changes EKS makes in place (sizes, labels, taints, the
 * launch template's data such as tenancy or IMDS, the Kubernetes version) keep the generation.
 *
 * Not hashed, on purpose: `diskSize` and `remoteAccess` (never set: the disk is in the launch
 * template, SSH is off), and the launch template's id (the template is auto-named and only
 * ever updated to a new version; its logical name is hashed instead, which is what would
 * replace it). Pure: no Pulumi.
 */
import { createHash } from 'node:crypto';
import type { ClusterConfig, NodeGroupConfig } from '../../config';
import { nodeRoleName } from '../../names';
import { amiTypeFor, type AmiType } from './settings';

/** Length of a generation id (hex digits of a SHA-256). */
export const GENERATION_LENGTH = 8;

/** The inputs of a node group that EKS cannot change in place, as the generation hashes them. */
export interface ForceNewInputs {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** EC2 instance types, in order (EKS keeps a list). */
  readonly instanceTypes: readonly string[];
  /**
   * The subnets, by stable identity, sorted (EKS keeps a set): the subnet id of an existing
   * subnet, `<az>/<cidr>` of one the library creates (a new CIDR replaces that subnet).
   */
  readonly subnets: readonly string[];
  /** `ON_DEMAND` or `SPOT`. */
  readonly capacityType: 'ON_DEMAND' | 'SPOT';
  /** The AMI type (from the instance types' architecture). */
  readonly amiType: AmiType;
  /** The node role's name (its ARN follows from it). */
  readonly nodeRole: string;
  /** Logical name of the launch template; its id changes only if this does. */
  readonly launchTemplate: string;
}

/** The stable identities of the private subnets a group spans, sorted (see {@link ForceNewInputs.subnets}). */
export function nodeGroupSubnetKeys(cluster: ClusterConfig, group: Pick<NodeGroupConfig, 'availabilityZones'>): string[] {
  const subnets = cluster.network.privateSubnets as readonly { id?: string; availabilityZone: string; cidr: string }[];
  return subnets
    .filter((s) => group.availabilityZones === undefined || group.availabilityZones.includes(s.availabilityZone))
    .map((s) => s.id ?? `${s.availabilityZone}/${s.cidr}`)
    .sort();
}

/**
 * The force-new inputs of group `group` of cluster `clusterName` whose subnets are
 * `subnetKeys` (see {@link nodeGroupSubnetKeys}). The launch template is named by its logical
 * name relative to the group (`<group>-lt`, as `ManagedNodeGroup` names it).
 */
export function forceNewInputs(
  clusterName: string,
  group: Pick<NodeGroupConfig, 'name' | 'instanceTypes' | 'capacityType'>,
  subnetKeys: readonly string[],
): ForceNewInputs {
  return {
    clusterName,
    instanceTypes: [...group.instanceTypes],
    subnets: [...subnetKeys].sort(),
    capacityType: group.capacityType ?? 'ON_DEMAND',
    amiType: amiTypeFor(group.name, group.instanceTypes),
    nodeRole: nodeRoleName(clusterName, group.name),
    launchTemplate: `${group.name}-lt`,
  };
}

/** The force-new inputs of a group of `cluster`, its subnets taken from the cluster's network. */
export function clusterForceNewInputs(cluster: ClusterConfig, group: NodeGroupConfig): ForceNewInputs {
  return forceNewInputs(cluster.name, group, nodeGroupSubnetKeys(cluster, group));
}

/**
 * The EKS name of group `group` of `cluster`: `<group>-<generation>` for a group `pulumi up`
 * creates; an eksctl group (`managedBy: 'eksctl'`) keeps the name eksctl gave it.
 */
export function eksNameOf(cluster: ClusterConfig, group: NodeGroupConfig): string {
  if (group.managedBy === 'eksctl') return group.name;
  return eksNodeGroupName(group.name, nodeGroupGeneration(clusterForceNewInputs(cluster, group)));
}

/** The generation id of a set of force-new inputs: the first 8 hex digits of their SHA-256. */
export function nodeGroupGeneration(inputs: ForceNewInputs): string {
  const canonical = JSON.stringify([
    inputs.clusterName, inputs.instanceTypes, [...inputs.subnets].sort(), inputs.capacityType, inputs.amiType, inputs.nodeRole, inputs.launchTemplate,
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, GENERATION_LENGTH);
}

/** The EKS node group name of generation `generation` of group `groupName`: `<group>-<generation>`. */
export function eksNodeGroupName(groupName: string, generation: string): string {
  return `${groupName}-${generation}`;
}

const LABELS: Readonly<Record<keyof ForceNewInputs, string>> = {
  clusterName: 'cluster',
  instanceTypes: 'instance types',
  subnets: 'subnets',
  capacityType: 'capacity type',
  amiType: 'AMI type',
  nodeRole: 'node role',
  launchTemplate: 'launch template',
};

/** `field a -> b` for every force-new input that differs between two generations; empty when none does. */
export function forceNewChanges(before: ForceNewInputs, after: ForceNewInputs): string[] {
  const text = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
  return (Object.keys(LABELS) as (keyof ForceNewInputs)[])
    .filter((k) => text(before[k]) !== text(after[k]))
    .map((k) => `${LABELS[k]} ${text(before[k])} -> ${text(after[k])}`);
}

/** One line describing the inputs of a generation, for the plan. */
export function describeForceNewInputs(inputs: ForceNewInputs): string {
  return `instance types ${inputs.instanceTypes.join(',')}; subnets ${inputs.subnets.join(',')}; ` +
    `${inputs.capacityType}; ${inputs.amiType}; role ${inputs.nodeRole}`;
}

/** A node group as the last `pulumi up` built it (the stack output `nodeGroupGenerations`). */
export interface AppliedGeneration {
  /** Its EKS name. */
  readonly eksName: string;
  /** The inputs its generation hashed. */
  readonly forceNewInputs: ForceNewInputs;
}

/**
 * The node groups of `groups` (each with its config name and current force-new inputs) that a
 * `pulumi up` would replace, compared with what was applied (`applied`, by group name): one
 * line each, naming the old and new EKS names and the inputs that changed. Groups not in
 * `applied` are new, not replaced, and are left out.
 */
export function replacedGroups(
  groups: readonly { readonly name: string; readonly forceNewInputs: ForceNewInputs }[],
  applied: Readonly<Record<string, AppliedGeneration>>,
): string[] {
  return groups.flatMap((g) => {
    const was = applied[g.name];
    const eksName = eksNodeGroupName(g.name, nodeGroupGeneration(g.forceNewInputs));
    if (was === undefined || was.eksName === eksName) return [];
    const why = forceNewChanges(was.forceNewInputs, g.forceNewInputs);
    return [`+- replace node group ${g.name} (EKS ${was.eksName} -> ${eksName}; ${why.length > 0 ? why.join('; ') : 'name'}): the new group is created first, then the old one is drained and deleted`];
  });
}
