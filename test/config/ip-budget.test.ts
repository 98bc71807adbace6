import { assertValidAccount, validateAccount, type AccountConfig } from '../../lib/config';
import { maxPodsFor, nodeIpDemand, subnetBudgets } from '../../lib/config/ip-budget';
import { production } from '../../stacks/accounts/production';
import { sandbox } from '../../stacks/accounts/sandbox';
import { validAccount, validCluster } from '../support/fixtures';

/** The fixture account with small (/26: 59 usable) private subnets. */
function smallSubnets() {
  const account = validAccount();
  const network = account.clusters[0].network as { privateSubnets: { cidr: string }[] };
  network.privateSubnets[0].cidr = '10.20.0.0/26';
  network.privateSubnets[1].cidr = '10.20.32.0/26';
  return account;
}

describe('max pods table', () => {
  it('matches the VPC CNI formula for m6i.xlarge (4 ENIs x 15 addresses: 58 pods)', () => {
    expect(maxPodsFor('m6i.xlarge')).toBe(58);
  });

  it('matches eni-max-pods.txt for a spread of families and sizes', () => {
    expect(['t3.medium', 'm6i.large', 'c6i.2xlarge', 'm7g.medium', 'r6i.8xlarge', 'm5.24xlarge', 'c5.9xlarge'].map(maxPodsFor))
      .toEqual([17, 29, 58, 8, 234, 737, 234]);
  });

  it('has no entry for an unknown type', () => {
    expect(maxPodsFor('x9z.large')).toBeUndefined();
  });

});

describe('nodeIpDemand', () => {
  it('counts every address of every ENI of a full node', () => {
    expect(nodeIpDemand({ instanceTypes: ['m6i.large'] })).toBe(30);
  });

  it('counts the largest of several instance types (the Auto Scaling group may launch any)', () => {
    expect(nodeIpDemand({ instanceTypes: ['m6i.large', 'm6i.2xlarge', 'm6i.xlarge'] })).toBe(60);
  });

  it('knows no demand when one of the instance types is not in the table', () => {
    expect(nodeIpDemand({ instanceTypes: ['m6i.large', 'x2iedn.large'] })).toBeUndefined();
  });

  it('counts the pods plus the node address with a maxPods override', () => {
    expect(nodeIpDemand({ instanceTypes: ['m6i.large'], maxPods: 20 })).toBe(21);
  });
});

describe('subnetBudgets', () => {
  it('spreads a group over its AZs, rounding up', () => {
    const budgets = subnetBudgets(production);
    // general: ceil(12/3) = 4 nodes x 60; batch: ceil(8/3) = 3 nodes x 60.
    expect(budgets.map((b) => [b.subnet, b.demand])).toEqual([
      ['subnet-01a1111111111111a', 420], ['subnet-02b2222222222222b', 420], ['subnet-03c3333333333333c', 420],
    ]);
  });

  it('adds the twins at their maxSize in blue-green surge, the old groups at their pinned maxSize (their desired size)', () => {
    const account = structuredClone(production) as AccountConfig & { clusters: { tenancyMigration?: unknown }[] };
    account.clusters[0].tenancyMigration = { strategy: 'blue-green', phase: 'surge' };
    expect(subnetBudgets(account)[0].demand).toBe(600);
  });

  it('counts two clusters that share a VPC and its subnets together', () => {
    const account = validAccount();
    account.clusters.push(validCluster('platform-other'));
    expect(subnetBudgets(account as AccountConfig).map((b) => b.claims.map((c) => c.cluster))).toEqual([
      ['platform-test', 'platform-other'], ['platform-test', 'platform-other'],
    ]);
  });
});

describe('validateIpBudget', () => {
  it('accepts both accounts', () => {
    expect([sandbox, production].flatMap(validateAccount)).toEqual([]);
  });

  it('accepts a subnet that holds its demand exactly', () => {
    const account = smallSubnets();
    account.clusters[0].nodeGroups[0].maxPods = 18; // 2 nodes per subnet x (18 + 1) = 38 <= 59
    expect(validateAccount(account as AccountConfig)).toEqual([]);
  });

  it('rejects a subnet smaller than its node groups can claim at maxSize', () => {
    // 4 nodes over 2 subnets: 2 x 30 = 60 > 59 usable in a /26.
    expect(() => assertValidAccount(smallSubnets() as AccountConfig)).toThrow(
      "clusters[0].network.privateSubnets[0]: subnet 'subnet-0aa1111111111111a' (10.20.0.0/26) has 59 usable addresses (size - 5 AWS-reserved) but its node groups can claim 60 at maxSize (nodes x addresses per node: platform-test/general 2 x 30)",
    );
  });

  it('rejects a shared subnet that only overflows with both clusters counted', () => {
    const account = validAccount();
    const big = account.clusters[0].network as { privateSubnets: { cidr: string }[] };
    big.privateSubnets[0].cidr = '10.20.0.0/25'; // 123 usable
    big.privateSubnets[1].cidr = '10.20.32.0/25';
    const other = validCluster('platform-other');
    other.network = structuredClone(account.clusters[0].network);
    other.nodeGroups[0].maxSize = 6; // 3 x 30 = 90, plus 60 from platform-test = 150 > 123
    account.clusters.push(other);
    expect(() => assertValidAccount(account as AccountConfig)).toThrow('platform-test/general 2 x 30, platform-other/general 3 x 30');
  });

  it('rejects an instance type missing from the table without maxPods', () => {
    const account = validAccount();
    account.clusters[0].nodeGroups[0].instanceTypes = ['x2iedn.large'];
    expect(() => assertValidAccount(account as AccountConfig)).toThrow(
      "clusters[0].nodeGroups[0].instanceTypes[0]: 'x2iedn.large' is not in the library's max-pods table, so its pod IP demand is unknown; set clusters[0].nodeGroups[0].maxPods",
    );
  });

  it('rejects a subnet that only overflows with the group\'s larger second instance type', () => {
    // /25: 123 usable. 4 nodes over 2 subnets: 2 x 30 = 60 for m6i.large, 2 x 120 = 240 for m6i.4xlarge.
    const account = validAccount();
    const network = account.clusters[0].network as { privateSubnets: { cidr: string }[] };
    network.privateSubnets[0].cidr = '10.20.0.0/25';
    network.privateSubnets[1].cidr = '10.20.32.0/25';
    expect(validateAccount(account as AccountConfig)).toEqual([]);
    account.clusters[0].nodeGroups[0].instanceTypes = ['m6i.large', 'm6i.4xlarge'];
    expect(() => assertValidAccount(account as AccountConfig)).toThrow(
      "has 123 usable addresses (size - 5 AWS-reserved) but its node groups can claim 480 at maxSize (nodes x addresses per node: platform-test/general 2 x 240)",
    );
  });

  it('rejects any instance type of a group missing from the table, not only the first', () => {
    const account = validAccount();
    account.clusters[0].nodeGroups[0].instanceTypes = ['m6i.large', 'x2iedn.large'];
    expect(() => assertValidAccount(account as AccountConfig)).toThrow(
      "clusters[0].nodeGroups[0].instanceTypes[1]: 'x2iedn.large' is not in the library's max-pods table",
    );
  });

  it('rejects a maxPods out of range', () => {
    const account = validAccount();
    account.clusters[0].nodeGroups[0].maxPods = 0;
    expect(() => assertValidAccount(account as AccountConfig)).toThrow('clusters[0].nodeGroups[0].maxPods: must be a whole number between 1 and 250');
  });
});
