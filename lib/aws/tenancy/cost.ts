/**
 * Monthly EC2 cost of an account's node groups in a migration phase (pure; no AWS calls).
 *
 * Dedicated Instances cost a per-instance premium plus a per-region fee of $2 per hour for
 * every hour in which at least one dedicated instance runs in the region (per account, not
 * per cluster). Moving the last dedicated group off dedicated tenancy removes both.
 */
import { effectiveNodeGroups, type AccountConfig, type ClusterConfig, type MigrationPhase, type Tenancy } from '../../config';

/** Where the prices come from. Re-check them when the table is used for a budget decision. */
export const PRICE_SOURCE =
  'Amazon EC2 On-Demand pricing, Linux, shared tenancy (aws.amazon.com/ec2/pricing/on-demand), and EC2 Dedicated ' +
  'Instances pricing (aws.amazon.com/ec2/pricing/dedicated-instances): published rates written down on 2026-11-22, ' +
  'not read from the live price list; re-check before budgeting';

/** The dedicated per-region fee, USD per hour while any dedicated instance runs in the region. */
export const DEDICATED_REGION_FEE_PER_HOUR = 2;

/** Dedicated Instance on-demand rate relative to the shared-tenancy rate of the same type (+10%). */
export const DEDICATED_PRICE_FACTOR = 1.1;

/** Hours per month in the estimates (365 x 24 / 12). */
export const DEFAULT_HOURS_PER_MONTH = 730;

/** On-demand Linux USD per hour, shared (default) tenancy, by region and instance type. */
export const ON_DEMAND_HOURLY_USD: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'us-east-1': {
    't3.medium': 0.0416, 't3.large': 0.0832,
    'm5.large': 0.096, 'm5.xlarge': 0.192, 'm5.2xlarge': 0.384, 'm5.4xlarge': 0.768,
    'm6i.large': 0.096, 'm6i.xlarge': 0.192, 'm6i.2xlarge': 0.384, 'm6i.4xlarge': 0.768, 'm6i.8xlarge': 1.536,
    'm6a.large': 0.0864, 'm6a.xlarge': 0.1728, 'm6a.2xlarge': 0.3456,
    'm7i.large': 0.1008, 'm7i.xlarge': 0.2016, 'm7i.2xlarge': 0.4032,
    'm7g.large': 0.0816, 'm7g.xlarge': 0.1632, 'm7g.2xlarge': 0.3264,
    'c6i.large': 0.085, 'c6i.xlarge': 0.17, 'c6i.2xlarge': 0.34, 'c6i.4xlarge': 0.68,
    'c7i.large': 0.08925, 'c7i.xlarge': 0.1785, 'c7i.2xlarge': 0.357,
    'c7g.large': 0.0725, 'c7g.xlarge': 0.145, 'c7g.2xlarge': 0.29,
    'r6i.large': 0.126, 'r6i.xlarge': 0.252, 'r6i.2xlarge': 0.504,
  },
};

/** USD per hour of one instance; `undefined` when the table has no price for it. */
export function hourlyPrice(region: string, instanceType: string, tenancy: Tenancy): number | undefined {
  const shared = ON_DEMAND_HOURLY_USD[region]?.[instanceType];
  if (shared === undefined) return undefined;
  return tenancy === 'dedicated' ? Math.round(shared * DEDICATED_PRICE_FACTOR * 1e5) / 1e5 : shared;
}

/** The cost of one node group in a phase. */
export interface CostLine {
  /** Cluster name. */
  readonly cluster: string;
  /** Node group name. */
  readonly group: string;
  /** The group's first instance type, the one priced. */
  readonly instanceType: string;
  /** The group's tenancy in the phase. */
  readonly tenancy: Tenancy;
  /** Running nodes (desired size; zero when scaled to zero). */
  readonly nodes: number;
  /** USD per hour of one node; absent when the table has no price. */
  readonly hourly?: number;
  /** USD per month of all its nodes; absent when the table has no price. */
  readonly monthly?: number;
}

/** The monthly EC2 cost of an account with each cluster in a given phase. */
export interface AccountCost {
  /** One line per node group of every cluster. */
  readonly lines: readonly CostLine[];
  /** Instances, USD per month. */
  readonly instances: number;
  /** The dedicated per-region fee, USD per month (zero without dedicated instances). */
  readonly regionFee: number;
  /** Instances plus the dedicated fee, USD per month. */
  readonly total: number;
  /** `<type> in <region>` for every price missing from the table (those lines are left out). */
  readonly missingPrices: readonly string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Monthly cost at desired size. `phaseOf` gives each cluster's phase (e.g. one cluster at a
 * hypothetical phase, the others where they are). Priced by each group's first instance type.
 */
export function accountCost(
  account: AccountConfig,
  phaseOf: (cluster: ClusterConfig) => MigrationPhase,
  hoursPerMonth: number = DEFAULT_HOURS_PER_MONTH,
): AccountCost {
  if (!(hoursPerMonth > 0)) throw new Error(`accountCost: 'hoursPerMonth' must be a positive number, got ${hoursPerMonth}.`);
  const lines: CostLine[] = [];
  const missing = new Set<string>();
  for (const cluster of account.clusters) {
    for (const g of effectiveNodeGroups(cluster, phaseOf(cluster))) {
      const type = g.instanceTypes[0];
      const nodes = g.scaledToZero ? 0 : g.desiredSize;
      const hourly = hourlyPrice(account.region, type, g.tenancy);
      if (hourly === undefined) missing.add(`${type} in ${account.region}`);
      lines.push({
        cluster: cluster.name, group: g.name, instanceType: type, tenancy: g.tenancy, nodes,
        ...(hourly !== undefined ? { hourly, monthly: round2(hourly * nodes * hoursPerMonth) } : {}),
      });
    }
  }
  const instances = round2(lines.reduce((sum, l) => sum + (l.monthly ?? 0), 0));
  const anyDedicated = lines.some((l) => l.tenancy === 'dedicated' && l.nodes > 0);
  const regionFee = anyDedicated ? round2(DEDICATED_REGION_FEE_PER_HOUR * hoursPerMonth) : 0;
  return { lines, instances, regionFee, total: round2(instances + regionFee), missingPrices: [...missing] };
}
