/**
 * The subnet IP budget. With the Amazon VPC CNI every pod takes a VPC address from its node's
 * subnet, so a node group at `maxSize` can exhaust a small subnet long before the nodes run
 * out of CPU. This module computes, per private subnet, the addresses the node groups of the
 * configured migration phase can claim (blue-green `surge` doubles them: both generations
 * run) and reports subnets that cannot hold them. Clusters sharing a VPC (same `vpcId`) are
 * counted together. Pure: no Pulumi.
 */
import { closestKey } from './unknown-keys';
import { effectiveNodeGroups, type EffectiveNodeGroup } from './migration';
import { parseCidr, usableSubnetAddresses } from './network';
import { show, type ProblemCollector } from './problems';
import type { AccountConfig, ClusterConfig, NodeGroupConfig } from './types';

/** ENIs and IPv4 addresses per ENI of an instance type: what the VPC CNI can attach. */
export interface EniLimits {
  /** Network interfaces the instance type can attach. */
  readonly enis: number;
  /** IPv4 addresses per network interface. */
  readonly ipv4PerEni: number;
}

const BY_SIZE: Readonly<Record<string, EniLimits>> = {
  small: { enis: 3, ipv4PerEni: 4 },
  medium: { enis: 2, ipv4PerEni: 4 },
  large: { enis: 3, ipv4PerEni: 10 },
  xlarge: { enis: 4, ipv4PerEni: 15 },
  '2xlarge': { enis: 4, ipv4PerEni: 15 },
  '4xlarge': { enis: 8, ipv4PerEni: 30 },
  '8xlarge': { enis: 8, ipv4PerEni: 30 },
  '9xlarge': { enis: 8, ipv4PerEni: 30 },
  '12xlarge': { enis: 8, ipv4PerEni: 30 },
  '16xlarge': { enis: 15, ipv4PerEni: 50 },
  '18xlarge': { enis: 15, ipv4PerEni: 50 },
  '24xlarge': { enis: 15, ipv4PerEni: 50 },
  '32xlarge': { enis: 15, ipv4PerEni: 50 },
  '48xlarge': { enis: 15, ipv4PerEni: 50 },
};

const INTEL_AMD = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const GRAVITON = ['medium', ...INTEL_AMD];
const FAMILIES: Readonly<Record<string, readonly string[]>> = {
  c5: ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '12xlarge', '18xlarge', '24xlarge'],
  m5: [...INTEL_AMD, '24xlarge'],
  r5: [...INTEL_AMD, '24xlarge'],
  m5a: [...INTEL_AMD, '24xlarge'],
  c6i: [...INTEL_AMD, '24xlarge', '32xlarge'],
  m6i: [...INTEL_AMD, '24xlarge', '32xlarge'],
  r6i: [...INTEL_AMD, '24xlarge', '32xlarge'],
  c6a: [...INTEL_AMD, '24xlarge', '32xlarge', '48xlarge'],
  m6a: [...INTEL_AMD, '24xlarge', '32xlarge', '48xlarge'],
  r6a: [...INTEL_AMD, '24xlarge', '32xlarge', '48xlarge'],
  c7i: [...INTEL_AMD, '24xlarge', '48xlarge'],
  m7i: [...INTEL_AMD, '24xlarge', '48xlarge'],
  c7a: ['medium', ...INTEL_AMD, '24xlarge', '32xlarge', '48xlarge'],
  m7a: ['medium', ...INTEL_AMD, '24xlarge', '32xlarge', '48xlarge'],
  c6g: GRAVITON, m6g: GRAVITON, r6g: GRAVITON, c7g: GRAVITON, m7g: GRAVITON,
  t3: ['small', 'medium', 'large', 'xlarge', '2xlarge'],
};
const T3: Readonly<Record<string, EniLimits>> = {
  't3.small': { enis: 3, ipv4PerEni: 4 },
  't3.medium': { enis: 3, ipv4PerEni: 6 },
  't3.large': { enis: 3, ipv4PerEni: 12 },
};

/**
 * ENI limits of common instance types (the ones the VPC CNI's max-pods formula uses).
 * Source: aws/amazon-vpc-cni-k8s `misc/eni-max-pods.txt` (max pods = ENIs x (IPv4 per ENI - 1)
 * + 2) and the EC2 user guide table "IP addresses per network interface per instance type",
 * checked 2026-11-22. Types not listed need `maxPods` on their node group.
 */
export const ENI_LIMITS: Readonly<Record<string, EniLimits>> = Object.freeze({
  ...Object.fromEntries(Object.entries(FAMILIES).flatMap(([family, sizes]) => sizes.map((size) => [`${family}.${size}`, BY_SIZE[size]]))),
  ...T3,
});

/** Pods per node the VPC CNI allows on `instanceType` (`undefined` when not in the table). */
export function maxPodsFor(instanceType: string): number | undefined {
  const l = ENI_LIMITS[instanceType];
  return l && l.enis * (l.ipv4PerEni - 1) + 2;
}

/**
 * VPC addresses one node of `group` can hold. From the table: every address of every ENI
 * (the CNI keeps a warm ENI, so a full node holds them all), for the largest of the group's
 * instance types (the Auto Scaling group may launch any of them). With a `maxPods` override:
 * the pods plus the node's primary address. `undefined` when neither is known for every type.
 */
export function nodeIpDemand(group: Pick<EffectiveNodeGroup, 'instanceTypes' | 'maxPods'>): number | undefined {
  if (group.maxPods !== undefined) return group.maxPods + 1;
  const limits = group.instanceTypes.map((t) => ENI_LIMITS[t]);
  if (limits.length === 0 || limits.some((l) => l === undefined)) return undefined;
  return Math.max(...limits.map((l) => l.enis * l.ipv4PerEni));
}

/** One node group's claim on one subnet. */
export interface SubnetClaim {
  /** Cluster of the node group. */
  readonly cluster: string;
  /** Node group name. */
  readonly group: string;
  /** Nodes of the group that can land in this subnet at maxSize. */
  readonly nodes: number;
  /** VPC addresses each node takes (its own plus one per pod). */
  readonly ipsPerNode: number;
}

/** Demand on one private subnet at every group's `maxSize`. */
export interface SubnetBudget {
  /** Subnet id (existing VPC) or CIDR (managed VPC). */
  readonly subnet: string;
  /** The subnet's CIDR. */
  readonly cidr: string;
  /** Path of the first cluster's entry for this subnet, e.g. `clusters[0].network.privateSubnets[1]`. */
  readonly path: string;
  /** Addresses EC2 lets you use (size - 5). */
  readonly usable: number;
  /** Addresses claimable at every group's maxSize. */
  readonly demand: number;
  /** Who claims them, group by group. */
  readonly claims: readonly SubnetClaim[];
}

function vpcKey(cluster: ClusterConfig): string {
  return cluster.network.mode === 'existing' ? cluster.network.vpcId : `managed:${cluster.name}`;
}

/**
 * IP demand per private subnet of every VPC of the account, for each cluster's configured
 * phase. A group's nodes spread evenly over the private subnets of its AZs (rounded up, as
 * the Auto Scaling group may place the odd node anywhere). Groups whose demand is unknown
 * are left out (validation reports them). `groupsOf` picks the groups of another phase
 * (the plan uses it to preview the next one).
 */
export function subnetBudgets(
  account: AccountConfig,
  groupsOf: (cluster: ClusterConfig) => readonly EffectiveNodeGroup[] = (c) => effectiveNodeGroups(c),
): readonly SubnetBudget[] {
  const budgets = new Map<string, { subnet: string; cidr: string; path: string; usable: number; claims: SubnetClaim[] }>();
  account.clusters.forEach((cluster, i) => {
    const vpc = vpcKey(cluster);
    const subnets = cluster.network.privateSubnets.map((s, j) => {
      const subnet = 'id' in s ? s.id : s.cidr;
      const key = `${vpc}/${subnet}`;
      if (!budgets.has(key)) {
        const parsed = parseCidr(s.cidr);
        budgets.set(key, { subnet, cidr: s.cidr, path: `clusters[${i}].network.privateSubnets[${j}]`, usable: parsed ? usableSubnetAddresses(parsed) : 0, claims: [] });
      }
      return { az: s.availabilityZone, key };
    });
    for (const group of groupsOf(cluster)) {
      const ips = nodeIpDemand(group);
      if (ips === undefined) continue;
      const azs = group.availabilityZones ?? [...new Set(subnets.map((s) => s.az))];
      const mine = subnets.filter((s) => azs.includes(s.az));
      if (mine.length === 0) continue;
      const nodes = Math.ceil(group.maxSize / mine.length);
      for (const s of mine) budgets.get(s.key)!.claims.push({ cluster: cluster.name, group: group.name, nodes, ipsPerNode: ips });
    }
  });
  return [...budgets.values()].map((b) => ({ ...b, demand: b.claims.reduce((sum, c) => sum + c.nodes * c.ipsPerNode, 0) }));
}

/** Malformed types are reported by `validateAccount` already; only well-formed ones are looked up. */
const WELL_FORMED_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

function validateMaxPods(account: AccountConfig, p: ProblemCollector): void {
  account.clusters.forEach((cluster, i) => {
    (Array.isArray(cluster.nodeGroups) ? cluster.nodeGroups : []).forEach((g, j) => {
      const path = `clusters[${i}].nodeGroups[${j}]`;
      if (g.maxPods !== undefined) {
        if (!Number.isInteger(g.maxPods) || g.maxPods < 1 || g.maxPods > 250) {
          p.add(`${path}.maxPods`, `must be a whole number between 1 and 250 (EKS's recommended ceiling), got ${show(g.maxPods)}.`);
        }
      } else if (Array.isArray(g.instanceTypes)) {
        (g.instanceTypes as readonly unknown[]).forEach((type: unknown, k: number) => {
          if (typeof type !== 'string' || !WELL_FORMED_TYPE.test(type) || maxPodsFor(type) !== undefined) return;
          const guess = closestKey(type, Object.keys(ENI_LIMITS));
          if (guess !== undefined) {
            p.add(`${path}.instanceTypes[${k}]`, `${show(type)} is not an instance type the library knows; did you mean '${guess}'? (If ${show(type)} is right, set ${path}.maxPods: its pod IP demand is not in the library's table.)`);
            return;
          }
          p.add(`${path}.instanceTypes[${k}]`, `${show(type)} is not in the library's max-pods table, so its pod IP demand is unknown; set ${path}.maxPods (ENIs x (IPv4 addresses per ENI - 1) + 2, see aws/amazon-vpc-cni-k8s misc/eni-max-pods.txt).`);
        });
      }
    });
  });
}

/**
 * Check that every private subnet can hold the pod and node addresses of the node groups
 * using it at `maxSize` (all clusters of the VPC, in their configured migration phase).
 * Skips the arithmetic when the account has structural problems elsewhere.
 */
export function validateIpBudget(account: AccountConfig, problems: ProblemCollector): void {
  if (!Array.isArray(account.clusters)) return;
  validateMaxPods(account, problems);
  const wellFormed = account.clusters.every((c) =>
    c?.network && Array.isArray(c.network.privateSubnets) && Array.isArray(c.nodeGroups) &&
    c.nodeGroups.every((g: NodeGroupConfig) => Array.isArray(g.instanceTypes) && g.instanceTypes.length > 0 && Number.isInteger(g.maxSize)));
  if (!wellFormed) return;
  for (const b of subnetBudgets(account)) {
    if (b.demand <= b.usable || parseCidr(b.cidr) === undefined) continue;
    const claims = b.claims.map((c) => `${c.cluster}/${c.group} ${c.nodes} x ${c.ipsPerNode}`).join(', ');
    problems.add(b.path, `subnet ${show(b.subnet)} (${b.cidr}) has ${b.usable} usable addresses (size - 5 AWS-reserved) but its node groups can claim ${b.demand} at maxSize (nodes x addresses per node: ${claims}); use a larger subnet, lower maxSize or maxPods, or spread the groups over more AZs.`);
  }
}
