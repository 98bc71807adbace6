import { AccountConfigError, assertValidAccount, validateAccount, type AccountConfig } from '../../lib/config';
import { ACCOUNTS } from '../../stacks/accounts';
import { fullAccount, validAccount, type Draft } from '../support/fixtures';

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
    a.clusters[0].version = '1.24' as never;
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
    a.clusters[0].version = '1.10' as never;
    a.clusters[0].nodeGroups[0].instanceTypes = [];
    expect(problems(a).map((p) => p.split(':')[0])).toEqual(['accountId', 'profile', 'clusters[0].version', 'clusters[0].nodeGroups[0].instanceTypes']);
  });

  it('throws an AccountConfigError listing each problem on its own line', () => {
    const a = validAccount();
    a.accountId = 'x';
    a.clusters[0].version = '1.10' as never;
    expect(() => assertValidAccount(a as AccountConfig)).toThrow(AccountConfigError);
    expect(() => assertValidAccount(a as AccountConfig)).toThrow("Account 'test' has 2 configuration problems:\n  - accountId: must be the 12-digit");
  });
});

/** Every (path, value) of `o`, depth first. */
function fieldPaths(o: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof o !== 'object' || o === null) return [];
  return Object.keys(o).flatMap((k) => [[...prefix, k], ...fieldPaths((o as Record<string, unknown>)[k], [...prefix, k])]);
}

describe('validateAccount: one exact message per rule', () => {
  const longLabel = `acme.example.com/${'p'.repeat(50)}`;
  it.each<[string, (a: Draft<AccountConfig>) => void, string[]]>([
    ['a tag key with the reserved aws: prefix, in any case', (a) => { a.tags = { 'AWS:team': 'x' }; },
      ["tags.AWS:team: tag keys must be 1-128 characters and not start with 'aws:', got 'AWS:team'."]],
    ['a tag value that is not a string', (a) => { a.tags = { team: 42 as unknown as string }; },
      ['tags.team: tag values must be strings of at most 256 characters, got 42.']],
    ['an account without clusters', (a) => { a.clusters = []; },
      ['clusters: must list at least one cluster, got [].']],
    ['an unknown authentication mode', (a) => { (a.clusters[0] as { authenticationMode?: string }).authenticationMode = 'IAM'; },
      ["clusters[0].authenticationMode: must be one of CONFIG_MAP, API_AND_CONFIG_MAP, API, got 'IAM'."]],
    ['a malformed public access CIDR', (a) => { a.clusters[0].endpoint = { publicAccessCidrs: ['203.0.113.0'] }; },
      ["clusters[0].endpoint.publicAccessCidrs[0]: must be an IPv4 CIDR like '203.0.113.0/24', got '203.0.113.0'."]],
    ['a cluster name longer than a label value', (a) => { a.clusters[0].name = 'p'.repeat(64); },
      [`clusters[0].name: must be at most 63 characters and end with a letter or digit, got '${'p'.repeat(64)}': it is the value of the 'eks-platform.io/cluster' label on every Kubernetes object, and label values have those limits.`]],
    ['a cluster name ending with a dash', (a) => { a.clusters[0].name = 'platform-'; },
      ["clusters[0].name: must be at most 63 characters and end with a letter or digit, got 'platform-': it is the value of the 'eks-platform.io/cluster' label on every Kubernetes object, and label values have those limits."]],
    ['an unknown network mode', (a) => { (a.clusters[0].network as { mode: string }).mode = 'shared'; },
      ["clusters[0].network.mode: must be 'existing' (a VPC by id) or 'managed' (the library creates one), got 'shared'."]],
    ['a malformed VPC id', (a) => { (a.clusters[0].network as { vpcId: string }).vpcId = 'vpc-xyz'; },
      ["clusters[0].network.vpcId: must be a VPC id like 'vpc-0123456789abcdef0', got 'vpc-xyz'."]],
    ['a VPC CIDR larger than /16', (a) => { a.clusters[0].network.vpcCidr = '10.0.0.0/8'; },
      ["clusters[0].network.vpcCidr: must have a prefix between /16 and /28 (the VPC limits), got '10.0.0.0/8'."]],
    ['a malformed subnet id', (a) => { (a.clusters[0].network.privateSubnets[0] as { id: string }).id = 'subnet-1'; },
      ["clusters[0].network.privateSubnets[0].id: must be a subnet id like 'subnet-0123456789abcdef0', got 'subnet-1'."]],
    ['one VPC id given two CIDRs', (a) => {
      const second = structuredClone(a.clusters[0]);
      second.name = 'platform-two';
      second.network.vpcCidr = '10.20.0.0/17';
      a.clusters.push(second);
    }, ["clusters[1].network.vpcCidr: VPC 'vpc-0a1b2c3d4e5f60718' is given CIDR '10.20.0.0/17' here but '10.20.0.0/16' at clusters[0].network.vpcCidr; one VPC has one CIDR."]],
    ['a cluster without node groups', (a) => { a.clusters[0].nodeGroups = []; },
      ['clusters[0].nodeGroups: must list at least one managed node group, got [].']],
    ['a node group name longer than 40 characters', (a) => { a.clusters[0].nodeGroups[0].name = 'g'.repeat(41); },
      [`clusters[0].nodeGroups[0].name: must be a DNS-1123 label of at most 40 characters (it names IAM roles and launch templates), got '${'g'.repeat(41)}'.`]],
    ['a fractional size', (a) => { a.clusters[0].nodeGroups[0].maxSize = 4.5; },
      ['clusters[0].nodeGroups[0].maxSize: must be a whole number of at least 0, got 4.5.']],
    ['a maximum size of zero', (a) => { Object.assign(a.clusters[0].nodeGroups[0], { minSize: 0, desiredSize: 0, maxSize: 0 }); },
      ['clusters[0].nodeGroups[0].maxSize: must be at least 1 (EKS requires it), got 0.']],
    ['a disk below 20 GiB', (a) => { a.clusters[0].nodeGroups[0].diskSizeGiB = 8; },
      ['clusters[0].nodeGroups[0].diskSizeGiB: must be a whole number of GiB between 20 and 16384, got 8.']],
    ['an unknown capacity type', (a) => { (a.clusters[0].nodeGroups[0] as { capacityType?: string }).capacityType = 'RESERVED'; },
      ["clusters[0].nodeGroups[0].capacityType: must be 'ON_DEMAND' or 'SPOT', got 'RESERVED'."]],
    ['an empty list of availability zones', (a) => { a.clusters[0].nodeGroups[0].availabilityZones = []; },
      ['clusters[0].nodeGroups[0].availabilityZones: must list at least one availability zone, or be left out to use every AZ of the private subnets.']],
    ['an invalid label value', (a) => { a.clusters[0].nodeGroups[0].labels = { 'acme.io/pool': 'general pool' }; },
      ["clusters[0].nodeGroups[0].labels.acme.io/pool: must be a valid label value (1-63 letters, digits, '-', '_', '.', starting and ending with a letter or digit; EKS refuses empty values), got 'general pool'."]],
    ['an empty label value, which EKS refuses', (a) => { a.clusters[0].nodeGroups[0].labels = { 'acme.io/gpu': '' }; },
      ["clusters[0].nodeGroups[0].labels.acme.io/gpu: must be a valid label value (1-63 letters, digits, '-', '_', '.', starting and ending with a letter or digit; EKS refuses empty values), got ''."]],
    ['a label key longer than EKS allows', (a) => { a.clusters[0].nodeGroups[0].labels = { [longLabel]: 'x' }; },
      [`clusters[0].nodeGroups[0].labels: key '${longLabel}' is 67 characters; EKS limits node group label keys, prefix included, to 63.`]],
    ['a node-role label kubelet refuses', (a) => { a.clusters[0].nodeGroups[0].labels = { 'node-role.kubernetes.io/worker': 'true' }; },
      ["clusters[0].nodeGroups[0].labels: key 'node-role.kubernetes.io/worker' is in a namespace kubelet refuses for node labels (kubernetes.io and k8s.io, but for kubelet.kubernetes.io/ and node.kubernetes.io/), so the group's nodes would never join; use your own prefix, e.g. 'acme.io/role'."]],
    ['a label in the k8s.io namespace', (a) => { a.clusters[0].nodeGroups[0].labels = { 'example.k8s.io/team': 'a' }; },
      ["clusters[0].nodeGroups[0].labels: key 'example.k8s.io/team' is in a namespace kubelet refuses for node labels (kubernetes.io and k8s.io, but for kubelet.kubernetes.io/ and node.kubernetes.io/), so the group's nodes would never join; use your own prefix, e.g. 'acme.io/role'."]],
    ['an invalid taint key', (a) => { a.clusters[0].nodeGroups[0].taints = [{ key: 'bad key', effect: 'NoSchedule' }]; },
      ["clusters[0].nodeGroups[0].taints[0].key: must be a valid Kubernetes taint key, got 'bad key'."]],
    ['a taint key longer than EKS allows', (a) => { a.clusters[0].nodeGroups[0].taints = [{ key: longLabel, effect: 'NoSchedule' }]; },
      [`clusters[0].nodeGroups[0].taints[0].key: must be at most 63 characters, prefix included (the EKS limit), got '${longLabel}'.`]],
    ['an invalid taint value', (a) => { a.clusters[0].nodeGroups[0].taints = [{ key: 'acme.io/gpu', value: 'yes please', effect: 'NoSchedule' }]; },
      ["clusters[0].nodeGroups[0].taints[0].value: must be a valid taint value, got 'yes please'."]],
    ['two taints with one key and effect', (a) => {
      a.clusters[0].nodeGroups[0].taints = [{ key: 'acme.io/gpu', value: 'a', effect: 'NoSchedule' }, { key: 'acme.io/gpu', value: 'b', effect: 'NoSchedule' }];
    }, ["clusters[0].nodeGroups[0].taints[1]: repeats the key 'acme.io/gpu' and effect 'NoSchedule' of clusters[0].nodeGroups[0].taints[0]; a node holds one taint per key and effect."]],
    ['more taints than EKS allows', (a) => {
      a.clusters[0].nodeGroups[0].taints = Array.from({ length: 51 }, (_, i) => ({ key: `acme.io/t${i}`, effect: 'NoSchedule' as const }));
    }, ['clusters[0].nodeGroups[0].taints: must hold at most 50 taints (the EKS limit per node group), got 51.']],
    ['an extra node role that is not a role', (a) => { a.clusters[0].extraNodeRoleArns = ['arn:aws:iam::111122223333:user/node']; },
      ["clusters[0].extraNodeRoleArns[0]: must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got 'arn:aws:iam::111122223333:user/node'."]],
    ['an extra node role that repeats a node group role', (a) => { a.clusters[0].extraNodeRoleArns = ['arn:aws:iam::111122223333:role/nodes/Platform-Test-General-Node']; },
      ["clusters[0].extraNodeRoleArns[0]: 'arn:aws:iam::111122223333:role/nodes/Platform-Test-General-Node' is already mapped as a node group's role; list each node role once."]],
    ['an unknown access kind', (a) => { (a.clusters[0].identities![1] as { access: unknown }).access = { kind: 'read' }; },
      ["clusters[0].identities[1].access.kind: must be 'admin', 'view', 'deploy' or 'custom', got 'read'."]],
    ['a deploy namespace that is not a DNS label', (a) => { a.clusters[0].identities![2].access = { kind: 'deploy', namespaces: ['Apps'] }; },
      ["clusters[0].identities[2].access.namespaces[0]: must be a DNS-1123 label, got 'Apps'."]],
    ['a deploy namespace listed twice', (a) => { a.clusters[0].identities![2].access = { kind: 'deploy', namespaces: ['apps', 'apps'] }; },
      ["clusters[0].identities[2].access.namespaces[1]: lists 'apps' twice."]],
    ['a deployer in a namespace the platform add-ons run in', (a) => { a.clusters[0].identities![2].access = { kind: 'deploy', namespaces: ['logging'] }; },
      ["clusters[0].identities[2].access.namespaces[0]: must not be 'logging', a namespace the platform's add-ons run in; deployers get edit rights there, which would let them run pods as the add-ons' service accounts (and so use their IAM roles) and read their Secrets."]],
    ['a deployer in monitoring, where Prometheus and Grafana run', (a) => { a.clusters[0].identities![2].access = { kind: 'deploy', namespaces: ['monitoring'] }; },
      ["clusters[0].identities[2].access.namespaces[0]: must not be 'monitoring', a namespace the platform's add-ons run in; deployers get edit rights there, which would let them run pods as the add-ons' service accounts (and so use their IAM roles) and read their Secrets."]],
    ["a deployer in argo, where Argo's controller and server run", (a) => { a.clusters[0].identities![2].access = { kind: 'deploy', namespaces: ['argo'] }; },
      ["clusters[0].identities[2].access.namespaces[0]: must not be 'argo', a namespace the platform's add-ons run in; deployers get edit rights there, which would let them run pods as the add-ons' service accounts (and so use their IAM roles) and read their Secrets."]],
    ['a deployer in node-exporter, where the privileged node-exporter pods run', (a) => { a.clusters[0].identities![2].access = { kind: 'deploy', namespaces: ['node-exporter'] }; },
      ["clusters[0].identities[2].access.namespaces[0]: must not be 'node-exporter', a namespace the platform's add-ons run in; deployers get edit rights there, which would let them run pods as the add-ons' service accounts (and so use their IAM roles) and read their Secrets."]],
    ['custom access without groups', (a) => { a.clusters[0].identities![1].access = { kind: 'custom', groups: [] }; },
      ['clusters[0].identities[1].access.groups: must list at least one Kubernetes group, got [].']],
    ['an empty custom group name', (a) => { a.clusters[0].identities![1].access = { kind: 'custom', groups: [' '] }; },
      ["clusters[0].identities[1].access.groups[0]: must be a non-empty group name, got ' '."]],
    ["a custom group with the library's prefix", (a) => { a.clusters[0].identities![1].access = { kind: 'custom', groups: ['eks-platform:view'] }; },
      ["clusters[0].identities[1].access.groups[0]: must not use the library's reserved 'eks-platform:' prefix, got 'eks-platform:view'; use access kind 'view' or 'deploy'."]],
    ['a custom rule without verbs', (a) => { a.clusters[0].identities![1].access = { kind: 'custom', groups: ['acme:ops'], rules: [{ apiGroups: [''], resources: ['pods'], verbs: [] }] }; },
      ['clusters[0].identities[1].access.rules[0].verbs: must list at least one entry, got [].']],
    ['custom namespaces without rules', (a) => { a.clusters[0].identities![1].access = { kind: 'custom', groups: ['acme:ops'], namespaces: ['apps'] }; },
      ['clusters[0].identities[1].access.namespaces: only scopes rules, but no rules are given; add rules or remove namespaces.']],
    ['a wildcard resource in a custom rule', (a) => { a.clusters[0].identities![1].access = { kind: 'custom', groups: ['acme:ops'], rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] }; },
      ["clusters[0].identities[1].access.rules[0].resources[0]: must not be a wildcard, got '*': it grants every current and future one, Secrets and RBAC included. Name them, or use access kind 'admin' for full control."]],
    ['a wildcard verb in a custom rule', (a) => { a.clusters[0].identities![1].access = { kind: 'custom', groups: ['acme:ops'], rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }] }; },
      ["clusters[0].identities[1].access.rules[0].verbs[0]: must not be a wildcard, got '*': it grants every current and future one, Secrets and RBAC included. Name them, or use access kind 'admin' for full control."]],
    ['a wildcard API group in a custom rule', (a) => { a.clusters[0].identities![1].access = { kind: 'custom', groups: ['acme:ops'], rules: [{ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }] }; },
      ["clusters[0].identities[1].access.rules[0].apiGroups[0]: must not be a wildcard, got '*': it grants every current and future one, Secrets and RBAC included. Name them, or use access kind 'admin' for full control."]],
    ['a custom rule that lets the group escalate', (a) => {
      a.clusters[0].identities![1].access = { kind: 'custom', groups: ['acme:ops'], rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate'] }] };
    }, ["clusters[0].identities[1].access.rules[0].verbs[0]: must not be 'escalate': 'escalate', 'bind' and 'impersonate' let a group take more rights than its rules give; use access kind 'admin'."]],
    ['a custom rule that lets the group impersonate', (a) => { a.clusters[0].identities![1].access = { kind: 'custom', groups: ['acme:ops'], rules: [{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }] }; },
      ["clusters[0].identities[1].access.rules[0].verbs[0]: must not be 'impersonate': 'escalate', 'bind' and 'impersonate' let a group take more rights than its rules give; use access kind 'admin'."]],
    ['an empty resource name in a custom rule', (a) => { a.clusters[0].identities![1].access = { kind: 'custom', groups: ['acme:ops'], rules: [{ apiGroups: [''], resources: [''], verbs: ['get'] }] }; },
      ["clusters[0].identities[1].access.rules[0].resources[0]: must be a non-empty string, got ''."]],
    ['a username EKS reserves', (a) => { a.clusters[0].identities![1].username = 'eks:viewer'; },
      ["clusters[0].identities[1].username: must not start with 'eks:': EKS refuses access entry usernames starting with 'eks:', 'aws:', 'amazon:', 'iam:', got 'eks:viewer'."]],
    ['a crossAccount flag that is not a boolean', (a) => {
      (a.clusters[0].identities![2] as { crossAccount?: unknown }).crossAccount = 'yes';
      a.clusters[0].identities![2].arn = 'arn:aws:iam::777788889999:role/ci-deployer';
    }, [
      "clusters[0].identities[2].arn: 'arn:aws:iam::777788889999:role/ci-deployer' belongs to account 777788889999, not this account (111122223333); set crossAccount: true if that is intended.",
      "clusters[0].identities[2].crossAccount: must be true or false, got 'yes'.",
    ]],
    ['an IAM role name longer than IAM allows', (a) => { a.clusters[0].identities![1].arn = `arn:aws:iam::111122223333:role/${'r'.repeat(65)}`; },
      [`clusters[0].identities[1].arn: must be an IAM role or user ARN like 'arn:aws:iam::111122223333:role/platform-admin', got 'arn:aws:iam::111122223333:role/${'r'.repeat(65)}'.`]],
    ['a malformed KMS key', (a) => { a.clusters[0].storage = { kmsKeyArn: 'alias/ebs' }; },
      ["clusters[0].storage.kmsKeyArn: must be a KMS key or alias ARN like 'arn:aws:kms:us-east-1:111122223333:key/<uuid>', got 'alias/ebs'."]],
    ['a KMS key of another region', (a) => { a.clusters[0].storage = { kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' }; },
      ["clusters[0].storage.kmsKeyArn: is a key of region 'eu-west-1', but EBS volumes of this account live in 'us-east-1' and can only use a key of their own region; use a key (or a multi-Region replica) in 'us-east-1'."]],
    ['an unknown reclaim policy', (a) => { (a.clusters[0] as { storage?: unknown }).storage = { reclaimPolicy: 'Recycle' }; },
      ["clusters[0].storage.reclaimPolicy: must be 'Retain' or 'Delete', got 'Recycle'."]],
  ])('rejects %s', (_what, breakIt, expected) => {
    const a = validAccount();
    breakIt(a);
    expect(problems(a)).toEqual(expected);
  });

  it.each<[string, (a: Draft<AccountConfig>) => void]>([
    ['node.kubernetes.io and kubelet.kubernetes.io labels, which kubelet accepts', (a) => { a.clusters[0].nodeGroups[0].labels = { 'node.kubernetes.io/pool': 'a', 'x.kubelet.kubernetes.io/y': 'b' }; }],
    ['a multi-Region KMS key and an alias of the account region', (a) => { a.clusters[0].storage = { kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab' }; }],
    ['a KMS alias ARN', (a) => { a.clusters[0].storage = { kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/eks/ebs' }; }],
    ['custom rules that name Secrets explicitly', (a) => {
      a.clusters[0].identities![1].access = { kind: 'custom', groups: ['acme:secrets-reader'], rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }], namespaces: ['apps'] };
    }],
    ['two mappings giving one group the same rules, and a third listing it without rules', (a) => {
      const access = { kind: 'custom' as const, groups: ['acme:oncall'], rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }], namespaces: ['apps'] };
      a.clusters[0].identities!.push(
        { arn: 'arn:aws:iam::111122223333:role/oncall-a', access },
        { arn: 'arn:aws:iam::111122223333:role/oncall-b', access: structuredClone(access) },
        { arn: 'arn:aws:iam::111122223333:role/oncall-c', access: { kind: 'custom', groups: ['acme:oncall'] } },
      );
    }],
    ['a 63-character cluster name with an underscore', (a) => { a.clusters[0].name = `platform_${'x'.repeat(54)}`; }],
  ])('accepts %s', (_what, change) => {
    const a = validAccount();
    change(a);
    expect(problems(a)).toEqual([]);
  });
});

describe('validateAccount: principals, node roles and custom groups', () => {
  it('rejects the same principal mapped twice when the ARNs differ only in case (aws-auth compares them lower-cased)', () => {
    const a = validAccount();
    a.clusters[0].identities!.push({ arn: 'arn:aws:iam::111122223333:role/ReadOnly', access: { kind: 'admin' } });
    expect(problems(a)).toEqual([
      "clusters[0].identities[3].arn: maps 'arn:aws:iam::111122223333:role/ReadOnly' again (already mapped at clusters[0].identities[1]); give each principal one mapping, with the widest access it needs.",
    ]);
  });

  it('rejects an identity that maps a role listed in extraNodeRoleArns', () => {
    const a = validAccount();
    a.clusters[0].extraNodeRoleArns = ['arn:aws:iam::111122223333:role/karpenter-node'];
    a.clusters[0].identities!.push({ arn: 'arn:aws:iam::111122223333:role/karpenter-node', access: { kind: 'admin' } });
    expect(problems(a)).toEqual([
      "clusters[0].identities[3].arn: 'arn:aws:iam::111122223333:role/karpenter-node' is listed in extraNodeRoleArns; node roles are mapped automatically, remove this mapping.",
    ]);
  });

  it('rejects an identity that maps the node role of a tenancy-migration twin', () => {
    const a = validAccount();
    a.clusters[0].identities!.push({ arn: 'arn:aws:iam::111122223333:role/platform-test-general-shared-node', access: { kind: 'view' } });
    expect(problems(a)).toEqual([
      "clusters[0].identities[3].arn: 'arn:aws:iam::111122223333:role/platform-test-general-shared-node' is the role of the tenancy-migration twin of node group 'general'; node roles are mapped automatically, remove this mapping.",
    ]);
  });

  it('rejects a node group role mapped in another case and under a path', () => {
    const a = validAccount();
    a.clusters[0].identities!.push({ arn: 'arn:aws:iam::111122223333:role/nodes/PLATFORM-TEST-GENERAL-NODE', access: { kind: 'admin' } });
    expect(problems(a)).toEqual([
      "clusters[0].identities[3].arn: 'arn:aws:iam::111122223333:role/nodes/PLATFORM-TEST-GENERAL-NODE' is a node group's role; node roles are mapped automatically, remove this mapping.",
    ]);
  });

  it('rejects two custom groups whose RBAC objects would share a name', () => {
    const a = validAccount();
    const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }];
    a.clusters[0].identities!.push(
      { arn: 'arn:aws:iam::111122223333:role/oncall', access: { kind: 'custom', groups: ['acme:oncall'], rules } },
      { arn: 'arn:aws:iam::111122223333:role/oncall-2', access: { kind: 'custom', groups: ['acme-oncall'], rules } },
    );
    expect(problems(a)).toEqual([
      "clusters[0].identities[4].access.groups[0]: 'acme-oncall' would be rendered as ClusterRole 'eks-platform-group-acme-oncall', like group 'acme:oncall' at clusters[0].identities[3].access.groups[0]; RBAC names are lower-case with ':' and other symbols turned into '-', so rename one of the groups.",
    ]);
  });

  it('rejects a custom group given other rules or namespaces by a second mapping (one would widen the other)', () => {
    const a = validAccount();
    const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }];
    a.clusters[0].identities!.push(
      { arn: 'arn:aws:iam::111122223333:role/oncall', access: { kind: 'custom', groups: ['acme:oncall'], rules, namespaces: ['apps'] } },
      { arn: 'arn:aws:iam::111122223333:role/oncall-2', access: { kind: 'custom', groups: ['acme:oncall'], rules } },
    );
    expect(problems(a)).toEqual([
      "clusters[0].identities[4].access.rules: give group 'acme:oncall' other rules or namespaces than clusters[0].identities[3].access does; a group's rules apply to every principal in the group, so give them identically, or in one mapping only.",
    ]);
  });
});

describe('validateAccount: reports, never throws', () => {
  it.each<[string, (a: Draft<AccountConfig>) => void, string[]]>([
    ['no node groups at all', (a) => { delete (a.clusters[0] as { nodeGroups?: unknown }).nodeGroups; },
      ['clusters[0].nodeGroups: must list at least one managed node group, got undefined.']],
    ['an identity without access', (a) => { delete (a.clusters[0].identities![1] as { access?: unknown }).access; },
      ["clusters[0].identities[1].access.kind: must be 'admin', 'view', 'deploy' or 'custom', got undefined."]],
    ['an access that is a bare string', (a) => { (a.clusters[0].identities![1] as { access: unknown }).access = 'view'; },
      ["clusters[0].identities[1].access: must be an object like { kind: 'view' }, got 'view'."]],
    ['an ARN that is not a string', (a) => { (a.clusters[0].identities![1] as { arn: unknown }).arn = 42; },
      ["clusters[0].identities[1].arn: must be an IAM role or user ARN like 'arn:aws:iam::111122223333:role/platform-admin', got 42."]],
    ['a username that is not a string', (a) => { (a.clusters[0].identities![1] as { username?: unknown }).username = 7; },
      ["clusters[0].identities[1].username: must be non-empty and must not start with 'system:' (reserved for Kubernetes), got 7."]],
    ['a network left out', (a) => { delete (a.clusters[0] as { network?: unknown }).network; },
      ["clusters[0].network.mode: must be 'existing' (a VPC by id) or 'managed' (the library creates one), got undefined."]],
    ['private subnets that are not a list', (a) => { (a.clusters[0].network as { privateSubnets: unknown }).privateSubnets = {}; },
      ['clusters[0].network.privateSubnets: must be a list of subnets, got {}.', 'clusters[0].network.privateSubnets: must span at least two availability zones (EKS requires it), got 0 (none).']],
    ['a subnet that is null', (a) => { (a.clusters[0].network.privateSubnets as unknown[])[1] = null; },
      ['clusters[0].network.privateSubnets[1]: must be a subnet ({ id, availabilityZone, cidr }), got null.', 'clusters[0].network.privateSubnets: must span at least two availability zones (EKS requires it), got 1 (us-east-1a).']],
    ['a cluster that is null', (a) => { (a.clusters as unknown[])[0] = null; },
      ['clusters[0]: must be a cluster object ({ name, version, network, nodeGroups, ... }), got null.']],
    ['a node group that is null', (a) => { (a.clusters[0].nodeGroups as unknown[])[0] = null; },
      ['clusters[0].nodeGroups[0]: must be a node group ({ name, instanceTypes, tenancy, minSize, desiredSize, maxSize }), got null.']],
    ['identities that are not a list', (a) => { (a.clusters[0] as { identities?: unknown }).identities = { arn: 'x' }; },
      ['clusters[0].identities: must be a list of identity mappings ({ arn, access }), got {"arn":"x"}.']],
    ['an identity that is null', (a) => { (a.clusters[0].identities as unknown[])[0] = null; },
      ['clusters[0].identities[0]: must be an identity mapping ({ arn, access }), got null.']],
    ['taints that are not a list', (a) => { (a.clusters[0].nodeGroups[0] as { taints?: unknown }).taints = 'NoSchedule'; },
      ["clusters[0].nodeGroups[0].taints: must be a list of taints ({ key, value?, effect }), got 'NoSchedule'."]],
    ['a taint without a key', (a) => { (a.clusters[0].nodeGroups[0] as { taints?: unknown }).taints = [{ effect: 'NoSchedule' }]; },
      ['clusters[0].nodeGroups[0].taints[0].key: must be a valid Kubernetes taint key, got undefined.']],
    ['custom rules that are not a list', (a) => { (a.clusters[0].identities![1] as { access: unknown }).access = { kind: 'custom', groups: ['acme:ops'], rules: { verbs: ['get'] } }; },
      ['clusters[0].identities[1].access.rules: must be a list of RBAC rules ({ apiGroups, resources, verbs }), got {"verbs":["get"]}.']],
    ['custom groups that are not a list', (a) => { (a.clusters[0].identities![1] as { access: unknown }).access = { kind: 'custom', groups: 'acme:ops' }; },
      ["clusters[0].identities[1].access.groups: must list at least one Kubernetes group, got 'acme:ops'."]],
    ['public access CIDRs that are not a list', (a) => { a.clusters[0].endpoint = { publicAccessCidrs: '203.0.113.0/24' as unknown as string[] }; },
      ["clusters[0].endpoint.publicAccessCidrs: must be a list of IPv4 CIDRs, got '203.0.113.0/24'."]],
    ['extra node roles that are not a list', (a) => { (a.clusters[0] as { extraNodeRoleArns?: unknown }).extraNodeRoleArns = 'arn:aws:iam::111122223333:role/x'; },
      ["clusters[0].extraNodeRoleArns: must be a list of IAM role ARNs, got 'arn:aws:iam::111122223333:role/x'."]],
    ['a tenancy migration that is null', (a) => { (a.clusters[0] as { tenancyMigration?: unknown }).tenancyMigration = null; },
      ['clusters[0].tenancyMigration: must be an object, got null.']],
    ['an account id that is a bigint', (a) => { (a as { accountId: unknown }).accountId = 111122223333n; },
      ['accountId: must be the 12-digit AWS account id (as a string, to keep leading zeros), got 111122223333n.']],
    ['tags that are not a map', (a) => { (a as { tags?: unknown }).tags = ['team']; },
      ['tags: must map tag keys to values, got ["team"].']],
    ['services that are not an object', (a) => { (a as { services?: unknown }).services = 'default'; },
      ["services: must be an object, got 'default'."]],
    ['an endpoint that is not an object', (a) => { (a.clusters[0] as { endpoint?: unknown }).endpoint = 'private'; },
      ["clusters[0].endpoint: must be an object, got 'private'."]],
    ['a privateAccess that is not a boolean', (a) => { a.clusters[0].endpoint = { privateAccess: 'yes' as unknown as boolean }; },
      ["clusters[0].endpoint.privateAccess: must be true or false, got 'yes'."]],
    ['storage that is not an object', (a) => { (a.clusters[0] as { storage?: unknown }).storage = 'gp3'; },
      ["clusters[0].storage: must be an object, got 'gp3'."]],
    ['add-ons that are not an object', (a) => { (a.clusters[0] as { addons?: unknown }).addons = ['loki']; },
      ['clusters[0].addons: must be an object, got ["loki"].']],
    ['an add-on section that is not an object', (a) => { (a.clusters[0] as { addons?: unknown }).addons = { loki: true }; },
      ['clusters[0].addons.loki: must be an object, got true.']],
    ['EKS add-ons that are not an object', (a) => { (a.clusters[0] as { eksAddons?: unknown }).eksAddons = 'latest'; },
      ["clusters[0].eksAddons: must be an object, got 'latest'."]],
    ['fluent-bit without Loki', (a) => { a.clusters[0].addons = { fluentBit: {} }; },
      ['clusters[0].addons.fluentBit: ships logs to Loki, but addons.loki is not configured; add a loki section or remove fluentBit.']],
    ['availability zones that are not a list', (a) => { (a.clusters[0].nodeGroups[0] as { availabilityZones?: unknown }).availabilityZones = 'us-east-1a'; },
      ["clusters[0].nodeGroups[0].availabilityZones: must be a list of availability zones, got 'us-east-1a'."]],
    ['labels that are not a map', (a) => { (a.clusters[0].nodeGroups[0] as { labels?: unknown }).labels = 'pool=general'; },
      ["clusters[0].nodeGroups[0].labels: must map label keys to values, got 'pool=general'."]],
    ['a taint that is not an object', (a) => { (a.clusters[0].nodeGroups[0] as { taints?: unknown }).taints = ['dedicated=true:NoSchedule']; },
      ["clusters[0].nodeGroups[0].taints[0]: must be a taint ({ key, value?, effect }), got 'dedicated=true:NoSchedule'."]],
    ['a custom rule that is not an object', (a) => { (a.clusters[0].identities![1] as { access: unknown }).access = { kind: 'custom', groups: ['acme:ops'], rules: ['get pods'] }; },
      ["clusters[0].identities[1].access.rules[0]: must be an RBAC rule ({ apiGroups, resources, verbs }), got 'get pods'."]],
    ['an API group that is not a string', (a) => { (a.clusters[0].identities![1] as { access: unknown }).access = { kind: 'custom', groups: ['acme:ops'], rules: [{ apiGroups: [null], resources: ['pods'], verbs: ['get'] }] }; },
      ["clusters[0].identities[1].access.rules[0].apiGroups[0]: must be a string ('' is the core group), got null."]],
    ['an add-on field set to null', (a) => { a.clusters[0].addons = { syslogNg: { volumeSizeGiB: 20, loadBalancer: null as unknown as undefined } }; },
      ['clusters[0].addons.syslogNg.loadBalancer: must be left out or hold a value of its type (a string, number, boolean, list or object), got null.']],
    ['an add-on field set to a bigint', (a) => { a.clusters[0].addons = { loki: { mode: 'single-binary', resultsCacheMB: 64n as unknown as number } }; },
      ['clusters[0].addons.loki.resultsCacheMB: must be left out or hold a value of its type (a string, number, boolean, list or object), got 64n.']],
  ])('reports %s', (_what, breakIt, expected) => {
    const a = validAccount();
    breakIt(a);
    expect(problems(a)).toEqual(expected);
  });

  it('reports a region that would not even be a regular expression', () => {
    const a = validAccount();
    a.region = '(us-east-1';
    expect(problems(a)).toEqual([expect.stringContaining("region: must be an AWS region where EKS runs, e.g. 'us-east-1', got '(us-east-1'. Known regions: us-east-1, ")]);
  });

  it('reports an account that is not an object', () => {
    expect(validateAccount(null as unknown as AccountConfig)).toEqual([{ path: '(account)', message: 'must be an AccountConfig object, got null.' }]);
  });

  it('never throws, whatever any field of a full account is replaced with', () => {
    const base = fullAccount();
    base.clusters[0].addons = structuredClone(ACCOUNTS.production.clusters[0].addons) as Draft<AccountConfig>['clusters'][0]['addons'];
    // Production's jenkinsDeployRole section needs its role mapped in this cluster too.
    base.clusters[0].identities!.push({ arn: `arn:aws:iam::${base.accountId}:role/${base.clusters[0].name}-jenkins-deploy`, access: { kind: 'deploy', namespaces: ['apps'] } });
    expect(problems(base)).toEqual([]);
    const values: unknown[] = [undefined, null, -1, 1.5, NaN, '', 'x', true, {}, [], [null], 10n, Symbol('s')];
    for (const path of fieldPaths(base)) {
      for (const value of values) {
        const a = structuredClone(base) as Record<string | number, any>;
        let parent = a;
        for (const k of path.slice(0, -1)) parent = parent[k];
        parent[path[path.length - 1]] = value;
        expect(() => validateAccount(a as AccountConfig)).not.toThrow();
      }
    }
  });
});
