/**
 * `ManagedNodeGroup`: one EKS managed node group with its IAM role and launch template, made
 * with `@pulumi/aws` directly (visible to mocks; `@pulumi/eks` has no rolling-update settings).
 *
 * Sizes: the cluster autoscaler owns `desiredSize` after creation: Pulumi sends the group's
 * live desired size clamped into the configured bounds (`./scaling.ts`), except for a group
 * being scaled to zero by a tenancy migration, or coming back from zero (a rollback from
 * `drain`), where Pulumi sets the configured size (see `manageDesiredSize`).
 * Tenancy: the launch template's `placement.tenancy`; changing it creates a new template
 * version, and EKS rolls the group onto it (`updateConfig.maxUnavailablePercentage`).
 * Name: `<group>-<generation>` in EKS, the generation a hash of the inputs EKS cannot change
 * in place, so their change replaces the group create-first (`./generation.ts`).
 * Access: the node role's `EC2_LINUX` access entry lives and dies with the role.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { EffectiveNodeGroup } from '../../config';
import { nodeRoleArn, nodeRoleName } from '../../names';
import { desiredSizeFor, isNodeGroupNotFound } from './scaling';
import { eksNodeGroupName, forceNewInputs, nodeGroupGeneration, type ForceNewInputs } from './generation';
import {
  DEFAULT_MAX_UNAVAILABLE_PERCENTAGE, DEFAULT_METADATA_HOP_LIMIT, eksTaint, launchTemplateData, NODE_ROLE_POLICIES, nodeGroupTimeouts,
} from './settings';

export * from './settings';
export * from './generation';
export * from './scaling';

/** Arguments of {@link ManagedNodeGroup}. */
export interface ManagedNodeGroupArgs {
  /** Name of the EKS cluster (config name; the IAM role name derives from it). */
  readonly clusterName: string;
  /**
   * The cluster's name as an Output of the control plane, so the group waits for it.
   * @default - `clusterName` (order with `dependsOn` instead)
   */
  readonly clusterNameOutput?: pulumi.Input<string>;
  /**
   * Kubernetes version of the nodes: the control plane's, so a control-plane upgrade is
   * followed, in the same `pulumi up` (node groups depend on the control plane), by a rolling
   * upgrade of every group (`updateConfig`, PodDisruptionBudgets respected).
   * @default - none: EKS keeps the nodes' version (a new group gets the control plane's)
   */
  readonly kubernetesVersion?: string;
  /** The group in its migration phase (`effectiveNodeGroups()`). */
  readonly group: EffectiveNodeGroup;
  /** Private subnets of the group's availability zones. */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /**
   * Stable identities of those subnets for the generation hash (`nodeGroupSubnetKeys()`): the
   * subnet id of an existing subnet, `<az>/<cidr>` of a managed one. Required when a subnet id
   * is an Output (not known while the program runs).
   * @default - `subnetIds`, when every one is a plain string
   */
  readonly subnetKeys?: readonly string[];
  /**
   * Share of the group's nodes EKS may replace at once during an update (1-100).
   * @default 33
   */
  readonly maxUnavailablePercentage?: number;
  /**
   * IMDS hop limit: 1 keeps pod-network pods away from the node role (see `./settings.ts`).
   * @default 1
   */
  readonly metadataHopLimit?: number;
  /**
   * Let this `pulumi up` set `scalingConfig.desiredSize` to the configured size instead of
   * the live one (clamped). Required for a group that the previously applied phase scaled to
   * zero: its live size (0) clamped would be the minimum, not the size it had before.
   * @default - true only when `group.scaledToZero`
   */
  readonly manageDesiredSize?: boolean;
  /**
   * Create the node role's `EC2_LINUX` access entry here (authentication modes `API` and
   * `API_AND_CONFIG_MAP`). EKS would create one itself for a managed node group, but never
   * deletes it: a role deleted and created again under the same name (a rollback from
   * `surge`, then a new `surge`) would meet the old entry, which no longer matches it, and
   * its nodes could not join. Managed here, the entry goes and comes back with its role.
   * @default false
   */
  readonly nodeAccessEntry?: boolean;
  /**
   * Adopt the `EC2_LINUX` entry EKS made for this group's role (Pulumi `import`, id
   * `<cluster>:<role ARN>`) instead of creating it: for the first `pulumi up` of a running
   * group under a library version that manages these entries. Only with `nodeAccessEntry`.
   * @default false
   */
  readonly adoptNodeAccessEntry?: boolean;
  /**
   * The AWS account id (the node role's ARN, for `adoptNodeAccessEntry`).
   * @default - none; required with `adoptNodeAccessEntry`
   */
  readonly accountId?: string;
  /**
   * Tags of the group, its role, its template, its instances and their volumes.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** One EKS managed node group, its node role and its launch template. */
export class ManagedNodeGroup extends pulumi.ComponentResource {
  /** The node IAM role (named by `nodeRoleName()`, so aws-auth can map it before it exists). */
  public readonly role: aws.iam.Role;
  /** The launch template (tenancy, IMDSv2, root volume). */
  public readonly launchTemplate: aws.ec2.LaunchTemplate;
  /** The node group. */
  public readonly nodeGroup: aws.eks.NodeGroup;
  /** The node role's `EC2_LINUX` access entry, when `nodeAccessEntry` is set. */
  public readonly accessEntry?: aws.eks.AccessEntry;
  /** `maxUnavailablePercentage` with its default applied. */
  public readonly maxUnavailablePercentage: number;
  /** `metadataHopLimit` with its default applied. */
  public readonly metadataHopLimit: number;
  /** `manageDesiredSize` with its default applied. */
  public readonly manageDesiredSize: boolean;
  /** The inputs EKS cannot change in place, which the generation hashes. */
  public readonly forceNewInputs: ForceNewInputs;
  /** The generation id (see `./generation.ts`). */
  public readonly generation: string;
  /** The group's name in EKS: `<group>-<generation>`. */
  public readonly eksName: string;

  constructor(name: string, args: ManagedNodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:ManagedNodeGroup', name, {}, opts);
    const { group, clusterName } = args;
    this.maxUnavailablePercentage = args.maxUnavailablePercentage ?? DEFAULT_MAX_UNAVAILABLE_PERCENTAGE;
    this.metadataHopLimit = args.metadataHopLimit ?? DEFAULT_METADATA_HOP_LIMIT;
    this.manageDesiredSize = args.manageDesiredSize ?? group.scaledToZero;
    const p = this.maxUnavailablePercentage;
    if (!Number.isInteger(p) || p < 1 || p > 100) {
      throw new Error(`ManagedNodeGroup '${name}': 'maxUnavailablePercentage' must be a whole number from 1 to 100, got ${p}.`);
    }
    const hop = this.metadataHopLimit;
    if (!Number.isInteger(hop) || hop < 1 || hop > 64) {
      throw new Error(`ManagedNodeGroup '${name}': 'metadataHopLimit' must be a whole number from 1 to 64, got ${hop}.`);
    }
    if (args.adoptNodeAccessEntry && (!args.nodeAccessEntry || args.accountId === undefined)) {
      throw new Error(`ManagedNodeGroup '${name}': 'adoptNodeAccessEntry' needs 'nodeAccessEntry' and 'accountId'.`);
    }
    if (args.subnetIds.length === 0) {
      throw new Error(`ManagedNodeGroup '${name}': 'subnetIds' must list at least one subnet, got none; the group's availabilityZones have no private subnet.`);
    }
    const subnetKeys = args.subnetKeys ?? args.subnetIds.map((id) => {
      if (typeof id !== 'string') throw new Error(`ManagedNodeGroup '${name}': 'subnetKeys' is required when a subnet id is not a plain string (an Output); pass nodeGroupSubnetKeys() of the cluster.`);
      return id;
    });
    this.forceNewInputs = forceNewInputs(clusterName, group, subnetKeys);
    this.generation = nodeGroupGeneration(this.forceNewInputs);
    this.eksName = eksNodeGroupName(group.name, this.generation);
    const amiType = this.forceNewInputs.amiType;
    const tags = { ...args.tags, 'eks-platform.io/node-group': group.name, 'eks-platform.io/tenancy': group.tenancy };

    this.role = new aws.iam.Role(`${name}-role`, {
      name: nodeRoleName(clusterName, group.name),
      description: `Nodes of EKS managed node group ${group.name} of cluster ${clusterName}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      tags,
    }, { parent: this });
    const attachments = NODE_ROLE_POLICIES.map((policyArn) => new aws.iam.RolePolicyAttachment(
      `${name}-${policyArn.split('/').pop()}`,
      { role: this.role.name, policyArn },
      { parent: this },
    ));

    // Created before the group, deleted after it (dependsOn), and with the role (same parent).
    // No tags: an entry EKS made has none, and adopting it (import) needs matching inputs.
    this.accessEntry = args.nodeAccessEntry ? new aws.eks.AccessEntry(`${name}-access-entry`, {
      clusterName: args.clusterNameOutput ?? clusterName,
      principalArn: this.role.arn,
      type: 'EC2_LINUX',
    }, {
      parent: this,
      ...(args.adoptNodeAccessEntry ? { import: `${clusterName}:${nodeRoleArn(args.accountId ?? '', clusterName, group.name)}` } : {}),
    }) : undefined;

    this.launchTemplate = new aws.ec2.LaunchTemplate(`${name}-lt`, {
      description: `EKS ${clusterName}/${group.name}: ${group.tenancy} tenancy, IMDSv2, encrypted gp3 root volume`,
      updateDefaultVersion: true,
      ...launchTemplateData(group, { tags, metadataHopLimit: hop }),
      tags,
    }, { parent: this });

    const desiredSize: pulumi.Input<number> = this.manageDesiredSize
      ? group.desiredSize
      : pulumi.output(aws.eks.getNodeGroup({ clusterName, nodeGroupName: this.eksName }, { parent: this }).then(
        (live) => live.scalingConfigs?.[0]?.desiredSize,
        (e: unknown) => {
          if (isNodeGroupNotFound(e)) return undefined;
          throw e;
        },
      )).apply((live) => desiredSizeFor(group, live));

    this.nodeGroup = new aws.eks.NodeGroup(name, {
      clusterName: args.clusterNameOutput ?? clusterName,
      // The generation in the name makes a force-new change create-before-delete (./generation.ts).
      nodeGroupName: this.eksName,
      nodeRoleArn: this.role.arn,
      subnetIds: [...args.subnetIds],
      instanceTypes: [...group.instanceTypes],
      amiType,
      ...(args.kubernetesVersion !== undefined ? { version: args.kubernetesVersion } : {}),
      capacityType: group.capacityType ?? 'ON_DEMAND',
      scalingConfig: { minSize: group.minSize, desiredSize, maxSize: group.maxSize },
      updateConfig: { maxUnavailablePercentage: p },
      labels: { ...group.labels },
      taints: (group.taints ?? []).map(eksTaint),
      launchTemplate: { id: this.launchTemplate.id, version: this.launchTemplate.latestVersion.apply((v) => String(v)) },
      // No autoscaler discovery tags: EKS puts them on the group's Auto Scaling group itself,
      // and a node group's tags never reach that group, so they would change nothing.
      tags,
    }, {
      parent: this,
      dependsOn: [...attachments, ...(this.accessEntry ? [this.accessEntry] : [])],
      customTimeouts: nodeGroupTimeouts(group.maxSize, p),
    });
    this.registerOutputs({ nodeGroupName: this.nodeGroup.nodeGroupName, generation: this.generation, roleArn: this.role.arn });
  }
}
