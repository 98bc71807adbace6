/**
 * The `Platform` under Pulumi mocks: what each account builds in every migration phase.
 * (`@pulumi/eks` `Cluster` is remote: it is one recorded resource with its inputs.)
 */
import type { AccountConfig, MigrationPhase, MigrationStrategy } from '../../lib/config';
import { production as adoptedProduction } from '../../stacks/accounts/production';
import { sandbox } from '../../stacks/accounts/sandbox';
import { libraryCreated, validAccount, validCluster, type Draft } from '../support/fixtures';
import { installMocks, type Recorded } from '../support/pulumi-mocks';

/** Production's shape, library-created (the real production adopts eksctl's cluster: test/aws/adopt). */
const production = libraryCreated(adoptedProduction);

const mocks = installMocks();
let Platform: typeof import('../../lib/platform/aws-platform').Platform;
beforeAll(async () => {
  ({ Platform } = await import('../../lib/platform/aws-platform'));
});
afterAll(() => mocks.settle());

const T = {
  cluster: 'eks:index:Cluster',
  nodeGroup: 'aws:eks/nodeGroup:NodeGroup',
  launchTemplate: 'aws:ec2/launchTemplate:LaunchTemplate',
  role: 'aws:iam/role:Role',
  attachment: 'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
  entry: 'aws:eks/accessEntry:AccessEntry',
  association: 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation',
  key: 'aws:kms/key:Key',
  tag: 'aws:ec2/tag:Tag',
  vpc: 'aws:ec2/vpc:Vpc',
  subnet: 'aws:ec2/subnet:Subnet',
  nat: 'aws:ec2/natGateway:NatGateway',
} as const;

interface Built {
  readonly resources: readonly Recorded[];
  ofType(type: string): Recorded[];
  count(type: string): number;
}

let seq = 0;
/** Build `account` in a fresh recording and return what was registered. */
async function build(account: AccountConfig): Promise<Built> {
  mocks.reset();
  new Platform(`p${++seq}`, { account });
  await mocks.settle();
  const resources = [...mocks.resources];
  // Roles and policy attachments of node groups (service roles of add-ons are counted apart).
  const ofType = (type: string) => resources.filter((r) => r.type === type && (![T.role, T.attachment].includes(type as never) || r.name.includes('-nodes-')));
  return { resources, ofType, count: (type) => ofType(type).length };
}

function migrating(account: AccountConfig, strategy: MigrationStrategy, phase: MigrationPhase): AccountConfig {
  const copy = structuredClone(account) as Draft<AccountConfig>;
  copy.clusters[0].tenancyMigration = { strategy, phase, previousPhase: phase };
  return copy as AccountConfig;
}

/** The group's config name: its EKS name without the generation suffix (see lib/aws/node-group/generation.ts). */
function base(eksName: string): string {
  return eksName.replace(/-[0-9a-f]{8}$/, '');
}

/** Launch template tenancy by node group name. */
function tenancyByGroup(b: Built): Record<string, string> {
  const lts = new Map(b.ofType(T.launchTemplate).map((lt) => [`${lt.name}-id`, lt.inputs.placement.tenancy]));
  return Object.fromEntries(b.ofType(T.nodeGroup).map((ng) => [base(ng.inputs.nodeGroupName), lts.get(ng.inputs.launchTemplate.id)]));
}

const PHASES: readonly [MigrationStrategy, MigrationPhase, number, number][] = [
  // strategy, phase, node groups in sandbox, node groups in production
  ['blue-green', 'dedicated', 1, 2],
  ['blue-green', 'surge', 2, 4],
  ['blue-green', 'drain', 2, 4],
  ['blue-green', 'shared', 1, 2],
  ['rolling', 'rolling', 1, 2],
  ['rolling', 'shared', 1, 2],
];

describe('resource counts', () => {
  it('builds the sandbox account without a migration', async () => {
    const b = await build(sandbox);
    expect([T.cluster, T.key, T.nodeGroup, T.launchTemplate, T.role, T.attachment, T.entry, T.association, T.tag].map(b.count))
      .toEqual([1, 6, 1, 1, 1, 4, 6, 5, 8]); // issue 8 (log key, node + deployer entries) and Jenkins (EFS key, deploy role) together
  });

  it('builds the production account without a migration', async () => {
    const b = await build(production);
    expect([T.cluster, T.key, T.nodeGroup, T.launchTemplate, T.role, T.attachment, T.entry, T.association, T.tag].map(b.count))
      .toEqual([1, 5, 2, 2, 2, 8, 8, 5, 12]); // issue 8 (node + deployer entries) and the Jenkins deploy role together
  });

  for (const [strategy, phase, inSandbox, inProduction] of PHASES) {
    for (const [account, groups] of [[sandbox, inSandbox], [production, inProduction]] as const) {
      it(`builds ${groups} node groups, each with a role, 4 policies and a launch template, in ${account.name} ${strategy} '${phase}'`, async () => {
        const b = await build(migrating(account, strategy, phase));
        expect([T.nodeGroup, T.role, T.attachment, T.launchTemplate].map(b.count)).toEqual([groups, groups, groups * 4, groups]);
      });
    }
  }
});

describe('launch template tenancy per phase', () => {
  const cases: readonly [MigrationStrategy, MigrationPhase, Record<string, string>][] = [
    ['blue-green', 'dedicated', { general: 'dedicated', batch: 'dedicated' }],
    ['blue-green', 'surge', { general: 'dedicated', 'general-shared': 'default', batch: 'dedicated', 'batch-shared': 'default' }],
    ['blue-green', 'drain', { general: 'dedicated', 'general-shared': 'default', batch: 'dedicated', 'batch-shared': 'default' }],
    ['blue-green', 'shared', { 'general-shared': 'default', 'batch-shared': 'default' }],
    ['rolling', 'rolling', { general: 'default', batch: 'default' }],
    ['rolling', 'shared', { general: 'default', batch: 'default' }],
  ];
  for (const [strategy, phase, expected] of cases) {
    it(`sets each group's tenancy in production ${strategy} '${phase}'`, async () => {
      expect(tenancyByGroup(await build(migrating(production, strategy, phase)))).toEqual(expected);
    });
  }

  it('scales the old groups to zero in drain and leaves the twins at their size', async () => {
    const b = await build(migrating(production, 'blue-green', 'drain'));
    expect(Object.fromEntries(b.ofType(T.nodeGroup).map((ng) => [base(ng.inputs.nodeGroupName), ng.inputs.scalingConfig]))).toEqual({
      general: { minSize: 0, desiredSize: 0, maxSize: 1 },
      'general-shared': { minSize: 3, desiredSize: 6, maxSize: 12 },
      batch: { minSize: 0, desiredSize: 0, maxSize: 1 },
      'batch-shared': { minSize: 0, desiredSize: 2, maxSize: 8 },
    });
  });

  it('maps the role of every node group it builds in aws-auth, in every phase', async () => {
    const unmapped: string[] = [];
    for (const [strategy, phase] of PHASES) {
      const b = await build(migrating(production, strategy, phase));
      const mapped = b.ofType(T.cluster)[0].inputs.roleMappings.map((m: { roleArn: string }) => m.roleArn.split('/').pop());
      for (const ng of b.ofType(T.nodeGroup)) {
        const role = ng.inputs.nodeRoleArn.split('/').pop();
        if (!mapped.includes(role)) unmapped.push(`${strategy}/${phase}: ${role}`);
      }
    }
    expect(unmapped).toEqual([]);
  });
});

describe('nodes', () => {
  let b: Built;
  beforeAll(async () => { b = await build(production); });

  it('requires IMDSv2 with hop limit 1 on every launch template', () => {
    expect(b.ofType(T.launchTemplate).map((lt) => lt.inputs.metadataOptions)).toEqual([
      { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
    ]);
  });

  it('encrypts every root volume (gp3, diskSizeGiB)', () => {
    expect(b.ofType(T.launchTemplate).map((lt) => lt.inputs.blockDeviceMappings[0].ebs)).toEqual([
      { volumeSize: 100, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
      { volumeSize: 100, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
    ]);
  });

  it('tags instances and volumes', () => {
    expect(b.ofType(T.launchTemplate)[0].inputs.tagSpecifications.map((t: { resourceType: string; tags: Record<string, string> }) => [t.resourceType, t.tags['data-classification']]))
      .toEqual([['instance', 'phi'], ['volume', 'phi']]);
  });

  it('configures the node group for rolling updates, the autoscaler and its taints', () => {
    expect(b.ofType(T.nodeGroup).find((ng) => base(ng.inputs.nodeGroupName) === 'batch')!.inputs).toMatchObject({
      clusterName: 'platform-production',
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      updateConfig: { maxUnavailablePercentage: 33 },
      labels: { 'acme.io/pool': 'batch' },
      taints: [{ key: 'acme.io/batch', value: 'true', effect: 'NO_SCHEDULE' }],
      subnetIds: ['subnet-01a1111111111111a', 'subnet-02b2222222222222b', 'subnet-03c3333333333333c'],
    });
  });

  it('names each node role for aws-auth and gives it the worker, CNI, ECR and SSM policies', () => {
    const general = b.ofType(T.role).find((r) => r.inputs.name === 'platform-production-general-node')!;
    const policies = b.ofType(T.attachment).filter((a) => a.name.startsWith(general.name.replace(/-role$/, ''))).map((a) => a.inputs.policyArn.split('/').pop());
    expect(policies).toEqual(['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonSSMManagedInstanceCore']);
  });

  it('uses the ARM AMI for a Graviton group', async () => {
    const account = validAccount();
    account.clusters[0].nodeGroups[0].instanceTypes = ['m7g.large'];
    expect((await build(account as AccountConfig)).ofType(T.nodeGroup)[0].inputs.amiType).toBe('AL2023_ARM_64_STANDARD');
  });

  it('places a group only in the subnets of its availability zones', async () => {
    const account = validAccount();
    account.clusters[0].nodeGroups[0].availabilityZones = ['us-east-1b'];
    expect((await build(account as AccountConfig)).ofType(T.nodeGroup)[0].inputs.subnetIds).toEqual(['subnet-0bb2222222222222b']);
  });
});

describe('control plane', () => {
  let b: Built;
  beforeAll(async () => { b = await build(production); });
  const eks = () => b.ofType(T.cluster)[0].inputs;

  it('turns on all five control-plane log types', () => {
    expect(eks().enabledClusterLogTypes).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
  });

  it('encrypts Secrets with a rotated customer managed key of its own', () => {
    const key = b.ofType(T.key).find((k) => k.name.endsWith('-secrets-key'))!;
    expect([eks().encryptionConfigKeyArn, key.inputs.enableKeyRotation]).toEqual([`arn:aws:mock:::${T.key}/${key.name}`, true]);
  });

  it('creates no default node group, an OIDC provider and leaves add-ons to EksAddons', () => {
    expect(eks()).toMatchObject({
      skipDefaultNodeGroup: true, createOidcProvider: true, useDefaultVpcCni: true,
      corednsAddonOptions: { enabled: false }, kubeProxyAddonOptions: { enabled: false },
    });
  });

  it('keeps the private endpoint and opens the public one to the configured CIDRs', () => {
    expect(eks()).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.16/28'] });
  });

  it('uses the configured version, mode, VPC and subnets', () => {
    expect(eks()).toMatchObject({
      name: 'platform-production', version: '1.35', authenticationMode: 'API_AND_CONFIG_MAP', vpcId: 'vpc-0f1e2d3c4b5a69788',
      privateSubnetIds: ['subnet-01a1111111111111a', 'subnet-02b2222222222222b', 'subnet-03c3333333333333c'],
      publicSubnetIds: ['subnet-04d4444444444444d', 'subnet-05e5555555555555e', 'subnet-06f6666666666666f'],
    });
  });

  it('gives the kubeconfig the account profile', () => {
    expect(eks().providerCredentialOpts).toEqual({ profileName: 'acme-production' });
  });

  it('turns the public endpoint off without CIDRs', async () => {
    const account = validAccount();
    expect((await build(account as AccountConfig)).ofType(T.cluster)[0].inputs).toMatchObject({ endpointPublicAccess: false, endpointPrivateAccess: true });
  });
});

describe('access entries', () => {
  let b: Built;
  beforeAll(async () => { b = await build(production); });

  it('creates one STANDARD entry per mapping with its username and groups', () => {
    expect(b.ofType(T.entry).filter((e) => e.inputs.type === 'STANDARD' && !e.name.endsWith('-access-deployer')).map((e) => [e.inputs.principalArn, e.inputs.type, e.inputs.userName, e.inputs.kubernetesGroups])).toEqual([
      ['arn:aws:iam::444455556666:role/platform-admin', 'STANDARD', 'platform-admin:{{SessionName}}', []],
      ['arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0123456789abcdef', 'STANDARD', 'sso-readonly:{{SessionName}}', ['eks-platform:view']],
      ['arn:aws:iam::777788889999:role/ci-deployer', 'STANDARD', 'ci-deployer:{{SessionName}}', ['eks-platform:deploy:apps']],
      ['arn:aws:iam::444455556666:role/oncall', 'STANDARD', 'oncall:{{SessionName}}', ['acme:oncall']],
      ['arn:aws:iam::444455556666:role/platform-production-jenkins-deploy', 'STANDARD', 'platform-production-jenkins-deploy:{{SessionName}}', ['eks-platform:deploy:apps']],
    ]);
  });

  it('associates admin, view and deploy policies with their scopes, and nothing for custom', () => {
    expect(b.ofType(T.association).filter((a) => !a.name.includes('-access-deployer-')).map((a) => [a.inputs.principalArn.split('/').pop(), a.inputs.policyArn.split('/').pop(), a.inputs.accessScope])).toEqual([
      ['platform-admin', 'AmazonEKSClusterAdminPolicy', { type: 'cluster' }],
      ['AWSReservedSSO_ReadOnly_0123456789abcdef', 'AmazonEKSViewPolicy', { type: 'cluster' }],
      ['ci-deployer', 'AmazonEKSEditPolicy', { type: 'namespace', namespaces: ['apps'] }],
      ['platform-production-jenkins-deploy', 'AmazonEKSEditPolicy', { type: 'namespace', namespaces: ['apps'] }],
    ]);
  });

  it('creates no access entry in CONFIG_MAP mode', async () => {
    const account = validAccount();
    account.clusters[0].authenticationMode = 'CONFIG_MAP';
    expect((await build(account as AccountConfig)).count(T.entry)).toBe(0);
  });

  it('leaves aws-auth empty in API mode', async () => {
    const account = validAccount();
    account.clusters[0].authenticationMode = 'API';
    expect((await build(account as AccountConfig)).ofType(T.cluster)[0].inputs.roleMappings).toEqual([]);
  });
});

describe('network', () => {
  it('tags an existing subnet once per role even when two clusters share it', async () => {
    const account = validAccount();
    account.clusters.push(validCluster('platform-other'));
    const tags = (await build(account as AccountConfig)).ofType(T.tag).map((t) => `${t.inputs.resourceId} ${t.inputs.key}=${t.inputs.value}`);
    expect(tags.sort()).toEqual([
      'subnet-0aa1111111111111a kubernetes.io/cluster/platform-other=shared',
      'subnet-0aa1111111111111a kubernetes.io/cluster/platform-test=shared',
      'subnet-0aa1111111111111a kubernetes.io/role/internal-elb=1',
      'subnet-0bb2222222222222b kubernetes.io/cluster/platform-other=shared',
      'subnet-0bb2222222222222b kubernetes.io/cluster/platform-test=shared',
      'subnet-0bb2222222222222b kubernetes.io/role/internal-elb=1',
    ]);
  });

  it('creates a managed VPC with default tenancy, tagged subnets and a NAT gateway per public AZ', async () => {
    const account = validAccount();
    account.clusters[0].network = {
      mode: 'managed', vpcCidr: '10.30.0.0/16',
      privateSubnets: [{ availabilityZone: 'us-east-1a', cidr: '10.30.0.0/19' }, { availabilityZone: 'us-east-1b', cidr: '10.30.32.0/19' }],
      publicSubnets: [{ availabilityZone: 'us-east-1a', cidr: '10.30.128.0/24' }, { availabilityZone: 'us-east-1b', cidr: '10.30.129.0/24' }],
    };
    const b = await build(account as AccountConfig);
    expect([b.ofType(T.vpc)[0].inputs.instanceTenancy, b.count(T.subnet), b.count(T.nat), b.count(T.tag),
      b.ofType(T.subnet).map((s) => Object.keys(s.inputs.tags).find((k) => k.startsWith('kubernetes.io/role/')))]).toEqual([
      'default', 4, 2, 0,
      ['kubernetes.io/role/internal-elb', 'kubernetes.io/role/internal-elb', 'kubernetes.io/role/elb', 'kubernetes.io/role/elb'],
    ]);
  });
});

describe('Platform', () => {
  it('rejects an invalid account before creating anything', async () => {
    const account = validAccount();
    account.clusters[0].nodeGroups[0].maxSize = 0;
    mocks.reset();
    expect(() => new Platform('bad', { account: account as AccountConfig })).toThrow("Account 'test' has");
  });

  it('rejects an access entry username EKS would refuse before creating anything', async () => {
    const account = validAccount();
    account.clusters[0].identities![0].username = 'admin{{SessionName}}';
    mocks.reset();
    expect(() => new Platform(`p${++seq}`, { account: account as AccountConfig }))
      .toThrow("ClusterAccess 'platform-test': identities[0].username must have a ':' before {{SessionName}} in an access entry");
    await mocks.settle();
    expect(mocks.resources.filter((r) => r.type !== 'eks-platform:platform:Platform')).toEqual([]);
  });

  it('rejects a node group that mixes CPU architectures', () => {
    const account = validAccount();
    account.clusters[0].nodeGroups[0].instanceTypes = ['m6i.large', 'm7g.large'];
    expect(() => new Platform(`p${++seq}`, { account: account as AccountConfig })).toThrow("must all be Graviton (arm64) or all x86_64");
  });
});
