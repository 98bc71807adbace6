import { AccountConfigError, assertValidAccount, validateAccount, type AccountConfig } from '../../lib/config';
import { ACCOUNTS } from '../../stacks/accounts';
import { validAccount, type Draft } from '../support/fixtures';

/** The problems of `account` rendered as `path: message` lines. */
function problems(account: Draft<AccountConfig>): string[] {
  return validateAccount(account as AccountConfig).map((p) => `${p.path}: ${p.message}`);
}

/** Expect exactly one problem, at `path`, whose message contains `fragment`. */
function expectOnly(account: Draft<AccountConfig>, path: string, fragment: string): void {
  const found = problems(account);
  expect(found).toHaveLength(1);
  expect(found[0]).toContain(`${path}: `);
  expect(found[0]).toContain(fragment);
}

describe('validateAccount', () => {
  it('accepts the fixture and both shipped accounts', () => {
    expect(problems(validAccount())).toEqual([]);
    for (const account of Object.values(ACCOUNTS)) expect(validateAccount(account)).toEqual([]);
  });

  it('rejects an account id that is not 12 digits', () => {
    const a = validAccount();
    a.accountId = '12345';
    expectOnly(a, 'accountId', "must be the 12-digit AWS account id (as a string, to keep leading zeros), got '12345'.");
  });

  it('rejects an unknown region', () => {
    const a = validAccount();
    a.region = 'us-central-9';
    const found = problems(a);
    expect(found[0]).toContain("region: must be an AWS region where EKS runs, e.g. 'us-east-1', got 'us-central-9'.");
  });

  it('rejects an empty profile', () => {
    const a = validAccount();
    a.profile = '  ';
    expectOnly(a, 'profile', "must name the AWS CLI profile that reaches account '111122223333' (see ~/.aws/config), got '  '.");
  });

  it('rejects an account name that cannot name a stack folder', () => {
    const a = validAccount();
    a.name = 'Prod_Account';
    expectOnly(a, 'name', "must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got 'Prod_Account'");
  });

  it('rejects an invalid EKS cluster name', () => {
    const a = validAccount();
    a.clusters[0].name = '-platform!';
    expectOnly(a, 'clusters[0].name', "must be a valid EKS cluster name (1-100 letters, digits, '-' or '_', starting with a letter or digit), got '-platform!'.");
  });

  it('rejects an unsupported Kubernetes version', () => {
    const a = validAccount();
    a.clusters[0].version = '1.24';
    expectOnly(a, 'clusters[0].version', "must be a Kubernetes version EKS supports (1.32, 1.33, 1.34, 1.35, 1.36), got '1.24'.");
  });

  it('rejects duplicate cluster names', () => {
    const a = validAccount();
    a.clusters.push(structuredClone(a.clusters[0]));
    expect(problems(a)).toContain("clusters[1].name: duplicates clusters[0].name 'platform-test'; cluster names must be unique in an account.");
  });

  it('rejects a malformed CIDR', () => {
    const a = validAccount();
    a.clusters[0].network.privateSubnets[1].cidr = '10.20.32.0/33';
    expectOnly(a, 'clusters[0].network.privateSubnets[1].cidr', "must be an IPv4 CIDR on its network boundary, like '10.20.0.0/19', got '10.20.32.0/33'.");
  });

  it('rejects a CIDR with host bits set', () => {
    const a = validAccount();
    a.clusters[0].network.vpcCidr = '10.20.0.1/16';
    expect(problems(a)[0]).toBe("clusters[0].network.vpcCidr: must be an IPv4 CIDR on its network boundary, like '10.20.0.0/16', got '10.20.0.1/16'.");
  });

  it('rejects overlapping subnets', () => {
    const a = validAccount();
    a.clusters[0].network.privateSubnets[1].cidr = '10.20.16.0/20';
    expectOnly(a, 'clusters[0].network.privateSubnets[1].cidr', "'10.20.16.0/20' overlaps clusters[0].network.privateSubnets[0].cidr '10.20.0.0/19'; subnets of a VPC must not overlap.");
  });

  it('rejects a subnet outside its VPC', () => {
    const a = validAccount();
    a.clusters[0].network.privateSubnets[1].cidr = '10.21.0.0/19';
    expectOnly(a, 'clusters[0].network.privateSubnets[1].cidr', "'10.21.0.0/19' is not inside the VPC CIDR '10.20.0.0/16'.");
  });

  it('rejects overlapping VPCs of two clusters in one account', () => {
    const a = validAccount();
    const second = structuredClone(a.clusters[0]);
    second.name = 'platform-two';
    second.network = { mode: 'managed', vpcCidr: '10.20.128.0/17', privateSubnets: [
      { availabilityZone: 'us-east-1a', cidr: '10.20.128.0/19' }, { availabilityZone: 'us-east-1b', cidr: '10.20.160.0/19' },
    ] };
    a.clusters.push(second);
    expect(problems(a)).toContain("clusters[1].network.vpcCidr: '10.20.128.0/17' overlaps the VPC CIDR '10.20.0.0/16' at clusters[0].network.vpcCidr; VPCs of one account must not overlap.");
  });

  it('rejects a network with private subnets in one AZ only', () => {
    const a = validAccount();
    a.clusters[0].network.privateSubnets[1].availabilityZone = 'us-east-1a';
    expectOnly(a, 'clusters[0].network.privateSubnets', 'must span at least two availability zones (EKS requires it), got 1 (us-east-1a).');
  });

  it('rejects an availability zone of another region', () => {
    const a = validAccount();
    a.clusters[0].network.privateSubnets[1].availabilityZone = 'eu-west-1b';
    expect(problems(a)).toContain("clusters[0].network.privateSubnets[1].availabilityZone: must be an availability zone of region 'us-east-1' (e.g. 'us-east-1a'), got 'eu-west-1b'.");
  });

  it('rejects a public endpoint open to the internet', () => {
    const a = validAccount();
    a.clusters[0].endpoint = { publicAccessCidrs: ['0.0.0.0/0'] };
    expectOnly(a, 'clusters[0].endpoint.publicAccessCidrs[0]', "must not open the API server to the whole internet, got '0.0.0.0/0'");
  });

  it('rejects an endpoint nothing can reach', () => {
    const a = validAccount();
    a.clusters[0].endpoint = { privateAccess: false };
    expectOnly(a, 'clusters[0].endpoint.privateAccess', 'nothing could reach the API server; set privateAccess to true.');
  });

  it('rejects a node group with minSize above desiredSize', () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].minSize = 3;
    expectOnly(a, 'clusters[0].nodeGroups[0].minSize', 'must not exceed desiredSize (2), got 3.');
  });

  it('rejects a node group with desiredSize above maxSize', () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].desiredSize = 5;
    expectOnly(a, 'clusters[0].nodeGroups[0].desiredSize', 'must not exceed maxSize (4), got 5.');
  });

  it('rejects a node group without instance types', () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].instanceTypes = [];
    expectOnly(a, 'clusters[0].nodeGroups[0].instanceTypes', "must list at least one EC2 instance type, e.g. ['m6i.xlarge'].");
  });

  it('rejects a malformed instance type', () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].instanceTypes = ['m6i large'];
    expectOnly(a, 'clusters[0].nodeGroups[0].instanceTypes[0]', "must be an EC2 instance type like 'm6i.xlarge', got 'm6i large'.");
  });

  it('rejects duplicate node group names', () => {
    const a = validAccount();
    a.clusters[0].nodeGroups.push(structuredClone(a.clusters[0].nodeGroups[0]));
    expect(problems(a)).toContain("clusters[0].nodeGroups[1].name: duplicates nodeGroups[0].name 'general'; node group names must be unique in a cluster.");
  });

  it('rejects spot capacity on dedicated tenancy', () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].capacityType = 'SPOT';
    expectOnly(a, 'clusters[0].nodeGroups[0].capacityType', "dedicated tenancy needs on-demand instances; use 'ON_DEMAND' or tenancy 'default'.");
  });

  it('rejects an unknown tenancy', () => {
    const a = validAccount();
    (a.clusters[0].nodeGroups[0] as { tenancy: string }).tenancy = 'host';
    expectOnly(a, 'clusters[0].nodeGroups[0].tenancy', "must be 'dedicated' or 'default', got 'host'.");
  });

  it('rejects a node group AZ without a private subnet', () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].availabilityZones = ['us-east-1c'];
    expectOnly(a, 'clusters[0].nodeGroups[0].availabilityZones[0]', "'us-east-1c' has no private subnet in this cluster's network (private subnet AZs: us-east-1a, us-east-1b).");
  });

  it('rejects invalid node labels and taints', () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].labels = { 'bad key!': 'x' };
    a.clusters[0].nodeGroups[0].taints = [{ key: 'dedicated', effect: 'NoWhere' as 'NoSchedule' }];
    expect(problems(a)).toEqual([
      "clusters[0].nodeGroups[0].labels: key 'bad key!' is not a valid Kubernetes label key ([prefix/]name, name at most 63 characters).",
      "clusters[0].nodeGroups[0].taints[0].effect: must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute', got 'NoWhere'.",
    ]);
  });

  it('rejects a malformed IAM ARN', () => {
    const a = validAccount();
    a.clusters[0].identities![0].arn = 'arn:aws:iam::111122223333:group/admins';
    expectOnly(a, 'clusters[0].identities[0].arn', "must be an IAM role or user ARN like 'arn:aws:iam::111122223333:role/platform-admin', got 'arn:aws:iam::111122223333:group/admins'.");
  });

  it('rejects an assumed-role session ARN with the fix', () => {
    const a = validAccount();
    a.clusters[0].identities![0].arn = 'arn:aws:sts::111122223333:assumed-role/platform-admin/alice';
    expect(problems(a)[0]).toContain("This is an STS assumed-role session ARN: map the role itself, 'arn:aws:iam::<account>:role/<name>'.");
  });

  it('rejects an ARN from another account unless crossAccount is set', () => {
    const a = validAccount();
    a.clusters[0].identities![2].arn = 'arn:aws:iam::777788889999:role/ci-deployer';
    expectOnly(a, 'clusters[0].identities[2].arn', "'arn:aws:iam::777788889999:role/ci-deployer' belongs to account 777788889999, not this account (111122223333); set crossAccount: true if that is intended.");
    a.clusters[0].identities![2].crossAccount = true;
    expect(problems(a)).toEqual([]);
  });

  it('rejects the same principal mapped twice, also through an IAM path', () => {
    const a = validAccount();
    a.clusters[0].identities!.push({ arn: 'arn:aws:iam::111122223333:role/teams/readonly', access: { kind: 'view' } });
    expectOnly(a, 'clusters[0].identities[3].arn', "maps 'arn:aws:iam::111122223333:role/teams/readonly' again (already mapped at clusters[0].identities[1]); give each principal one mapping, with the widest access it needs.");
  });

  it('rejects mapping a node role by hand', () => {
    const a = validAccount();
    a.clusters[0].identities!.push({ arn: 'arn:aws:iam::111122223333:role/platform-test-general-node', access: { kind: 'view' } });
    expectOnly(a, 'clusters[0].identities[3].arn', "is a node group's role; node roles are mapped automatically, remove this mapping.");
  });

  it('rejects a deployer without namespaces or into kube-system', () => {
    const a = validAccount();
    a.clusters[0].identities![2].access = { kind: 'deploy', namespaces: [] };
    expectOnly(a, 'clusters[0].identities[2].access.namespaces', 'must list at least one namespace.');
    a.clusters[0].identities![2].access = { kind: 'deploy', namespaces: ['kube-system'] };
    expectOnly(a, 'clusters[0].identities[2].access.namespaces[0]', "must not be a system namespace, got 'kube-system'");
  });

  it('rejects custom access that tries to grant system:masters', () => {
    const a = validAccount();
    a.clusters[0].identities![1].access = { kind: 'custom', groups: ['system:masters'] };
    expectOnly(a, 'clusters[0].identities[1].access.groups[0]', "must not be a 'system:' group, got 'system:masters'; use access kind 'admin' for cluster administrators.");
  });

  it('rejects a reserved username', () => {
    const a = validAccount();
    a.clusters[0].identities![1].username = 'system:admin';
    expectOnly(a, 'clusters[0].identities[1].username', "must be non-empty and must not start with 'system:' (reserved for Kubernetes), got 'system:admin'.");
  });

  it('reports every problem at once', () => {
    const a = validAccount();
    a.accountId = 'x';
    a.profile = '';
    a.clusters[0].version = '1.10';
    a.clusters[0].nodeGroups[0].instanceTypes = [];
    expect(problems(a).map((p) => p.split(':')[0])).toEqual(['accountId', 'profile', 'clusters[0].version', 'clusters[0].nodeGroups[0].instanceTypes']);
  });

  it('throws an AccountConfigError listing each problem on its own line', () => {
    const a = validAccount();
    a.accountId = 'x';
    a.clusters[0].version = '1.10';
    expect(() => assertValidAccount(a as AccountConfig)).toThrow(AccountConfigError);
    expect(() => assertValidAccount(a as AccountConfig)).toThrow("Account 'test' has 2 configuration problems:\n  - accountId: must be the 12-digit");
  });
});
