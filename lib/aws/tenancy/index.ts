/**
 * `TenancyMigration`: the managed node groups of one cluster in its current migration phase
 * (every declared group when no migration is configured). The phase model is in
 * `lib/config/migration.ts`; the plan, costs and runbook commands are pure functions here.
 */
import * as pulumi from '@pulumi/pulumi';
import {
  appliedPhase, currentPhase, effectiveNodeGroups, isEksctlGroup, type ClusterConfig, type EffectiveNodeGroup, type MigrationPhase,
} from '../../config';
import { authenticationModeOf, usesAccessEntries } from '../cluster/config';
import { ManagedNodeGroup, nodeGroupSubnetKeys } from '../node-group';

export * from './plan';
export * from './cost';
export * from './render';

/** A private subnet the node groups may use. */
export interface NodeSubnet {
  /** The subnet's availability zone. */
  readonly availabilityZone: string;
  /** The subnet's id. */
  readonly subnetId: pulumi.Input<string>;
}

/** Arguments of {@link TenancyMigration}. */
export interface TenancyMigrationArgs {
  /** The cluster's configuration (node groups and `tenancyMigration`). */
  readonly cluster: ClusterConfig;
  /** The cluster's name as an Output of the control plane, so node groups wait for it. */
  readonly clusterNameOutput?: pulumi.Input<string>;
  /**
   * The AWS account id (node role ARNs, to adopt existing node access entries).
   * @default - none: `cluster.adoptNodeAccessEntries` cannot be used
   */
  readonly accountId?: string;
  /** The cluster's private subnets. */
  readonly privateSubnets: readonly NodeSubnet[];
  /**
   * Tags of every resource.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The node groups alive in a cluster's configured migration phase. */
export class TenancyMigration extends pulumi.ComponentResource {
  /** The phase built. */
  public readonly phase: MigrationPhase;
  /** The groups of that phase, as planned. */
  public readonly groups: readonly EffectiveNodeGroup[];
  /** The node group components, by group name (the library's groups only: never eksctl's). */
  public readonly nodeGroups: Readonly<Record<string, ManagedNodeGroup>>;

  constructor(name: string, args: TenancyMigrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:TenancyMigration', name, {}, opts);
    const { cluster } = args;
    this.phase = currentPhase(cluster);
    this.groups = effectiveNodeGroups(cluster);
    const allAzs = [...new Set(args.privateSubnets.map((s) => s.availabilityZone))];
    // Groups the last `pulumi up` left at zero nodes: coming back (rollback from `drain`),
    // Pulumi must set their desired size, not the autoscaler (see ManagedNodeGroup).
    const wasScaledToZero = new Set(effectiveNodeGroups(cluster, appliedPhase(cluster)).filter((g) => g.scaledToZero).map((g) => g.name));
    const nodeGroups: Record<string, ManagedNodeGroup> = {};
    // eksctl's groups are never created, changed or deleted here: only the library's (twins included).
    for (const group of this.groups.filter((g) => !isEksctlGroup(g))) {
      const azs = group.availabilityZones ?? allAzs;
      nodeGroups[group.name] = new ManagedNodeGroup(`${name}-${group.name}`, {
        clusterName: cluster.name,
        kubernetesVersion: cluster.version,
        clusterNameOutput: args.clusterNameOutput,
        group,
        manageDesiredSize: group.scaledToZero || wasScaledToZero.has(group.name),
        subnetIds: args.privateSubnets.filter((s) => azs.includes(s.availabilityZone)).map((s) => s.subnetId),
        subnetKeys: nodeGroupSubnetKeys(cluster, group),
        nodeAccessEntry: usesAccessEntries(authenticationModeOf(cluster)),
        adoptNodeAccessEntry: cluster.adoptNodeAccessEntries === true && usesAccessEntries(authenticationModeOf(cluster)),
        accountId: args.accountId,
        tags: args.tags,
      }, { parent: this });
    }
    this.nodeGroups = nodeGroups;
    this.registerOutputs({ phase: this.phase, nodeGroupNames: this.groups.map((g) => g.name) });
  }
}
