/**
 * The adopted production account under Pulumi mocks, whose `getCluster` answers what eksctl
 * created: no EKS cluster, no OIDC provider and no node group for eksctl's groups are created;
 * they are referenced. Every phase keeps every node role mapped, in aws-auth and access entries.
 */
import { Testing } from 'cdk8s';
import type { AccountConfig, MigrationPhase } from '../../../lib/config';
import { PlatformChart } from '../../../lib/platform/k8s-platform';
import { production } from '../../../stacks/accounts/production';
import { type Draft } from '../../support/fixtures';
import { eksNameOf } from '../../../lib/aws/node-group/generation';
import { eksctlClusterLookup, installMocks, MOCK_OIDC_ID, outputValue, type Recorded } from '../../support/pulumi-mocks';

/** The issuer id the mocked lookup answers (another one shows the ARN follows the lookup). */
let issuerId = MOCK_OIDC_ID;
const mocks = installMocks({
  invokes: {
    'aws:eks/getCluster:getCluster': (inputs) => eksctlClusterLookup(inputs.name, issuerId === MOCK_OIDC_ID ? {} : {
      identities: [{ oidcs: [{ issuer: `https://oidc.eks.us-east-1.amazonaws.com/id/${issuerId}` }] }],
    }),
  },
});
let Platform: typeof import('../../../lib/platform/aws-platform').Platform;
beforeAll(async () => {
  ({ Platform } = await import('../../../lib/platform/aws-platform'));
});
afterAll(() => mocks.settle());

const T = {
  eksCluster: 'eks:index:Cluster',
  awsCluster: 'aws:eks/cluster:Cluster',
  oidc: 'aws:iam/openIdConnectProvider:OpenIdConnectProvider',
  nodeGroup: 'aws:eks/nodeGroup:NodeGroup',
  launchTemplate: 'aws:ec2/launchTemplate:LaunchTemplate',
  entry: 'aws:eks/accessEntry:AccessEntry',
  patch: 'kubernetes:core/v1:ConfigMapPatch',
  configMap: 'kubernetes:core/v1:ConfigMap',
  key: 'aws:kms/key:Key',
} as const;

const cluster = production.clusters[0];
const EKSCTL_ROLES = cluster.nodeGroups.map((g) => g.nodeRoleArn!);
/** EKS names of the library-owned twins of eksctl's groups (`<twin>-<generation>`). */
const TWIN_EKS_NAMES = Object.fromEntries(cluster.nodeGroups.map((g) => {
  const { managedBy: _owner, nodeRoleArn: _role, ...twin } = g;
  return [g.name, eksNameOf(cluster, { ...twin, name: `${g.name}-shared`, tenancy: 'default' })];
})) as Record<'general' | 'batch', string>;

let seq = 0;
async function build(account: AccountConfig): Promise<{ resources: Recorded[]; platform: InstanceType<typeof Platform> }> {
  mocks.reset();
  const platform = new Platform(`p${++seq}`, { account });
  await mocks.settle();
  return { resources: [...mocks.resources], platform };
}

const ofType = (rs: readonly Recorded[], type: string) => rs.filter((r) => r.type === type);

function inPhase(phase: MigrationPhase, previousPhase: MigrationPhase = phase, change?: (c: Draft<AccountConfig>) => void): AccountConfig {
  const copy = JSON.parse(JSON.stringify(production)) as Draft<AccountConfig>;
  copy.clusters[0].tenancyMigration = { strategy: 'blue-green', phase, previousPhase };
  change?.(copy);
  return copy as AccountConfig;
}

/** The rolearns of the aws-auth patch's mapRoles. */
function patchedRoles(rs: readonly Recorded[]): string[] {
  const [patch] = ofType(rs, T.patch);
  return [...patch.inputs.data.mapRoles.matchAll(/rolearn: (\S+)/g)].map((m) => m[1]);
}

describe('adopted production, no migration', () => {
  let rs: Recorded[];
  let platform: InstanceType<typeof Platform>;
  beforeAll(async () => { ({ resources: rs, platform } = await build(production)); });

  it('creates no EKS cluster, no OIDC provider, no node group and no Secrets key for the control plane', () => {
    expect([T.eksCluster, T.awsCluster, T.oidc, T.nodeGroup, T.launchTemplate].map((t) => ofType(rs, t).length)).toEqual([0, 0, 0, 0, 0]);
    expect(ofType(rs, T.key).map((k) => k.name)).not.toContainEqual(expect.stringContaining('secrets'));
  });

  it('looks the cluster up by its name with the account provider', () => {
    expect(mocks.calls.filter((c) => c.token === 'aws:eks/getCluster:getCluster').map((c) => c.inputs.name)).toEqual(['platform-production']);
  });

  it('references the existing OIDC provider by the ARN of its issuer', async () => {
    expect(await outputValue(platform.oidcProviderArns)).toEqual({
      'platform-production': `arn:aws:iam::444455556666:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/${MOCK_OIDC_ID}`,
    });
  });

  it('builds the kubeconfig from the looked-up endpoint and CA, with the account profile', async () => {
    const kc = JSON.parse((await outputValue(platform.kubeconfigs))['platform-production']);
    expect([kc.clusters[0].cluster.server, kc.users[0].user.exec.args]).toEqual([
      `https://${MOCK_OIDC_ID}.gr7.us-east-1.eks.amazonaws.com`,
      ['eks', 'get-token', '--cluster-name', 'platform-production', '--region', 'us-east-1', '--output', 'json', '--profile', 'acme-production'],
    ]);
  });

  it('trusts the looked-up issuer in the IRSA roles', () => {
    const loki = rs.find((r) => r.type === 'aws:iam/role:Role' && r.inputs.name === 'platform-production-loki')!;
    expect(JSON.parse(loki.inputs.assumeRolePolicy).Statement[0].Principal.Federated)
      .toBe(`arn:aws:iam::444455556666:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/${MOCK_OIDC_ID}`);
  });

  it('patches aws-auth (forced server-side apply) instead of creating the ConfigMap', () => {
    const [patch] = ofType(rs, T.patch);
    expect([ofType(rs, T.patch).length, ofType(rs, T.configMap).filter((c) => c.inputs.metadata.name === 'aws-auth').length]).toEqual([1, 0]);
    expect(patch.inputs.metadata).toMatchObject({
      name: 'aws-auth', namespace: 'kube-system', annotations: { 'pulumi.com/patchForce': 'true', 'pulumi.com/patchFieldManager': 'eks-platform' },
    });
  });

  it('patches the same mapRoles the cdk8s chart renders', () => {
    const chart = new PlatformChart(Testing.app(), 'platform', { account: production, clusterName: cluster.name });
    const cm = Testing.synth(chart).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'aws-auth')!;
    expect(ofType(rs, T.patch)[0].inputs.data.mapRoles).toBe(cm.data.mapRoles);
  });

  it('keeps aws-auth as it is when the patch is deleted (a deleted SSA patch removes its fields, nodes included)', async () => {
    const opts: { retainOnDelete?: boolean }[] = [];
    mocks.reset();
    new Platform(`p${++seq}`, { account: production }, {
      transformations: [({ type, opts: o }) => { if (type === T.patch) opts.push(o); return undefined; }],
    });
    await mocks.settle();
    expect(opts.map((o) => o.retainOnDelete)).toEqual([true]);
  });

  it('writes mapUsers too, so the library owns both lists', () => {
    expect(ofType(rs, T.patch)[0].inputs.data.mapUsers).toBe('[]\n');
  });

  it('manages the control-plane log group EKS made (imported by --adopt) with the configured retention and its own key', () => {
    const groups = ofType(rs, 'aws:cloudwatch/logGroup:LogGroup').filter((g) => g.inputs.name === '/aws/eks/platform-production/cluster');
    expect(groups.map((g) => [g.name, g.inputs.retentionInDays, String(g.inputs.kmsKeyId).includes('-logs-key')])).toEqual([
      [expect.stringMatching(/-platform-production-control-plane-logs$/), 2192, true],
    ]);
  });

  it('still adds what the cluster lacks: access entries, IRSA roles, add-ons, the Loki bucket', () => {
    const count = (type: string) => ofType(rs, type).length;
    expect([count(T.entry), count('aws:eks/addon:Addon'), count('aws:s3/bucketV2:BucketV2') + count('aws:s3/bucket:Bucket')]).toEqual([8, 4, 2]); // 8: the identities (the Jenkins deploy role among them) and the deployer's entry
  });
});

describe.each(['dedicated', 'surge', 'drain', 'shared'] as const)('adopted production in phase %s', (phase) => {
  let rs: Recorded[];
  beforeAll(async () => { ({ resources: rs } = await build(inPhase(phase))); });

  it('creates no node group for eksctl\'s groups, only the library-owned twins', () => {
    expect(ofType(rs, T.nodeGroup).map((n) => n.inputs.nodeGroupName)).toEqual(phase === 'dedicated' ? [] : [TWIN_EKS_NAMES.general, TWIN_EKS_NAMES.batch]);
  });

  it('names the twins <twin>-<generation>, as npm run plan prints them', () => {
    expect(Object.values(TWIN_EKS_NAMES).map((n) => /^(general|batch)-shared-[0-9a-f]{8}$/.test(n))).toEqual([true, true]);
  });

  it('maps every eksctl node role in aws-auth', () => {
    expect(patchedRoles(rs)).toEqual(expect.arrayContaining(EKSCTL_ROLES));
  });

  it('keeps an EC2_LINUX access entry for every eksctl node role', () => {
    expect(ofType(rs, T.entry).filter((e) => e.inputs.type === 'EC2_LINUX').map((e) => e.inputs.principalArn).filter((a) => EKSCTL_ROLES.includes(a))).toEqual(EKSCTL_ROLES);
  });

  it('gives the twins\' library roles their EC2_LINUX entries from their node groups (issue 8)', () => {
    const twins = ofType(rs, T.entry).filter((e) => e.inputs.type === 'EC2_LINUX' && !EKSCTL_ROLES.includes(e.inputs.principalArn));
    expect(twins.map((e) => String(e.inputs.principalArn).split('/').pop())).toEqual(
      phase === 'dedicated' ? [] : ['platform-production-general-shared-node', 'platform-production-batch-shared-node'],
    );
  });

  it('gives no principal two access entries (EKS refuses the second)', () => {
    const principals = ofType(rs, T.entry).map((e) => e.inputs.principalArn);
    expect(principals.length - new Set(principals).size).toBe(0);
  });
});

describe('twins of eksctl groups', () => {
  it('run on default tenancy with their own library roles, mapped in aws-auth', async () => {
    const { resources: rs } = await build(inPhase('surge', 'dedicated'));
    expect(ofType(rs, T.launchTemplate).map((lt) => lt.inputs.placement.tenancy)).toEqual(['default', 'default']);
    expect(patchedRoles(rs)).toEqual(expect.arrayContaining([
      'arn:aws:iam::444455556666:role/platform-production-general-shared-node',
      'arn:aws:iam::444455556666:role/platform-production-batch-shared-node',
    ]));
  });
});

describe('oidcProvider: existing', () => {
  afterEach(() => { issuerId = MOCK_OIDC_ID; });

  it('computes the provider ARN from whatever issuer the lookup answers', async () => {
    issuerId = 'FEDCBA9876543210FEDCBA9876543210';
    const { platform } = await build(production);
    expect(await outputValue(platform.oidcProviderArns)).toEqual({
      'platform-production': 'arn:aws:iam::444455556666:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210',
    });
  });
});

describe('oidcProvider: create', () => {
  it('creates one OIDC provider for the looked-up issuer', async () => {
    const { resources: rs } = await build(inPhase('dedicated', 'dedicated', (a) => {
      a.clusters[0].controlPlane = { mode: 'existing', oidcProvider: 'create' };
    }));
    expect(ofType(rs, T.oidc).map((o) => [o.inputs.url, o.inputs.clientIdLists])).toEqual([
      [`https://oidc.eks.us-east-1.amazonaws.com/id/${MOCK_OIDC_ID}`, ['sts.amazonaws.com']],
    ]);
  });
});

describe('ExistingEksCluster', () => {
  it('throws for a cluster whose control plane the library creates', async () => {
    const { ExistingEksCluster } = await import('../../../lib/aws/cluster');
    const managed = { ...cluster, controlPlane: { mode: 'managed' as const } };
    expect(() => new ExistingEksCluster('cp-managed', { account: production, cluster: managed })).toThrow(
      "ExistingEksCluster 'cp-managed': cluster 'platform-production' must have controlPlane { mode: 'existing' }, got mode 'managed'; use EksCluster for a control plane the library creates.",
    );
  });
});

describe('oidcIssuerOf', () => {
  it('throws for a cluster without an OIDC issuer', async () => {
    const { oidcIssuerOf } = await import('../../../lib/aws/cluster');
    expect(() => oidcIssuerOf('cp', eksctlClusterLookup('platform-production', { identities: [] }) as never))
      .toThrow("ExistingEksCluster 'cp': cluster 'platform-production' reports no OIDC issuer; IRSA needs one.");
  });
});

describe('a running cluster that differs from the config', () => {
  it('refuses another authentication mode, naming the fix', async () => {
    const { assertLookupMatches } = await import('../../../lib/aws/cluster');
    const found = eksctlClusterLookup('platform-production', { accessConfigs: [{ authenticationMode: 'CONFIG_MAP' }] });
    expect(() => assertLookupMatches('cp', production, cluster, found as never)).toThrow(
      "ExistingEksCluster 'cp': the running cluster differs from the config: authenticationMode stated API_AND_CONFIG_MAP, observed CONFIG_MAP (state authenticationMode 'CONFIG_MAP', or",
    );
  });

  it('refuses another version', async () => {
    const { assertLookupMatches } = await import('../../../lib/aws/cluster');
    const found = eksctlClusterLookup('platform-production', { version: '1.31' });
    expect(() => assertLookupMatches('cp', production, cluster, found as never)).toThrow('version stated 1.35, observed 1.31');
  });

  it('accepts what eksctl created as configured', async () => {
    const { assertLookupMatches } = await import('../../../lib/aws/cluster');
    const found = eksctlClusterLookup('platform-production');
    expect(assertLookupMatches('cp', production, cluster, found as never)).toBe(found);
  });
});
