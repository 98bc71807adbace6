/**
 * Pure helpers of the network component: which subnets a VPC has once the clusters sharing it
 * are merged, and the tags the load balancer controller discovers them by.
 */
import type { ClusterConfig, NetworkConfig } from '../../config';

/** Tag that marks a private subnet for internal load balancers. */
export const INTERNAL_ELB_TAG = 'kubernetes.io/role/internal-elb';
/** Tag that marks a public subnet for internet-facing load balancers. */
export const PUBLIC_ELB_TAG = 'kubernetes.io/role/elb';

/** Tag key that says a subnet is used by cluster `clusterName` (value `shared`). */
export function clusterTagKey(clusterName: string): string {
  return `kubernetes.io/cluster/${clusterName}`;
}

/** A subnet of a merged VPC: its id when it exists already, the clusters that use it. */
export interface VpcSubnet {
  /** `private` (nodes, internal load balancers) or `public` (internet-facing load balancers). */
  readonly kind: 'private' | 'public';
  /** The subnet's availability zone. */
  readonly availabilityZone: string;
  /** The subnet's IPv4 CIDR. */
  readonly cidr: string;
  /** Subnet id for an existing VPC; `undefined` for a managed one (the library creates it). */
  readonly id?: string;
  /** Names of the clusters whose config lists this subnet. */
  readonly clusters: readonly string[];
}

/** One VPC and every cluster in it. */
export interface VpcPlan {
  /** `vpc-...` for an existing VPC; `managed:<cluster>` for one the library creates. */
  readonly key: string;
  /** `existing` (tagged only) or `managed` (created by the library). */
  readonly mode: 'existing' | 'managed';
  /** The VPC id, for an existing VPC. */
  readonly vpcId?: string;
  /** The VPC's IPv4 CIDR. */
  readonly vpcCidr: string;
  /** Names of the clusters in the VPC, in configuration order. */
  readonly clusters: readonly string[];
  /** Every subnet of the VPC, each once. */
  readonly subnets: readonly VpcSubnet[];
}

/** The key that identifies a cluster's VPC in the account. */
export function vpcKeyOf(cluster: ClusterConfig): string {
  return cluster.network.mode === 'existing' ? cluster.network.vpcId : `managed:${cluster.name}`;
}

/**
 * Group the clusters of an account by VPC: clusters with the same `vpcId` share one VPC, and
 * a subnet listed by several of them appears once (keyed by id, or by CIDR when managed).
 */
export function planVpcs(clusters: readonly ClusterConfig[]): readonly VpcPlan[] {
  const vpcs = new Map<string, { network: NetworkConfig; clusters: string[]; subnets: Map<string, VpcSubnet> }>();
  for (const cluster of clusters) {
    const key = vpcKeyOf(cluster);
    const vpc = vpcs.get(key) ?? { network: cluster.network, clusters: [], subnets: new Map<string, VpcSubnet>() };
    vpcs.set(key, vpc);
    vpc.clusters.push(cluster.name);
    const add = (kind: VpcSubnet['kind'], s: { availabilityZone: string; cidr: string; id?: string }) => {
      const id = s.id ?? s.cidr;
      const seen = vpc.subnets.get(id);
      vpc.subnets.set(id, seen
        ? { ...seen, clusters: [...seen.clusters, cluster.name] }
        : { kind, availabilityZone: s.availabilityZone, cidr: s.cidr, id: s.id, clusters: [cluster.name] });
    };
    cluster.network.privateSubnets.forEach((s) => add('private', s));
    (cluster.network.publicSubnets ?? []).forEach((s) => add('public', s));
  }
  return [...vpcs.entries()].map(([key, v]) => ({
    key,
    mode: v.network.mode,
    vpcId: v.network.mode === 'existing' ? v.network.vpcId : undefined,
    vpcCidr: v.network.vpcCidr,
    clusters: v.clusters,
    subnets: [...v.subnets.values()],
  }));
}

/** Tags of a subnet: its load balancer role, and `kubernetes.io/cluster/<name>: shared` per cluster. */
export function subnetTags(subnet: VpcSubnet): Readonly<Record<string, string>> {
  const tags: Record<string, string> = { [subnet.kind === 'private' ? INTERNAL_ELB_TAG : PUBLIC_ELB_TAG]: '1' };
  for (const c of subnet.clusters) tags[clusterTagKey(c)] = 'shared';
  return tags;
}
