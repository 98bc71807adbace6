/**
 * In-process Pulumi mocks for tests: every registered resource is recorded as
 * `{ type, name, inputs }`, every invoke as `{ token, inputs }`. (The SDK's mock monitor has no resource
 * methods: `eks.Cluster.getKubeconfig()` cannot run under mocks; the library does not call it.)
 *
 * Usage (mocks must be installed before the modules under test are imported):
 *
 *   const mocks = installMocks({ stack: 'production' });
 *   let Platform: typeof import('../../lib/platform/aws-platform').Platform;
 *   beforeAll(async () => { ({ Platform } = await import('../../lib/platform/aws-platform')); });
 *   beforeEach(() => mocks.reset());
 *   it('...', async () => { new Platform(...); await mocks.settle(); expect(mocks.ofType(...)) });
 *
 * `@pulumi/eks` components are remote: under mocks they are one recorded resource
 * (`eks:index:Cluster`) with their inputs, and no children.
 */
import * as pulumi from '@pulumi/pulumi';

/** One registered resource. */
export interface Recorded {
  readonly type: string;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: any;
}

/** One invoke or resource-method call. */
export interface RecordedCall {
  readonly token: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: any;
}

/** Options of {@link installMocks}. */
export interface MockOptions {
  /** @default 'test' */
  readonly project?: string;
  /** @default 'test' */
  readonly stack?: string;
  /** Extra outputs per resource type, merged over the defaults. */
  readonly outputs?: Readonly<Record<string, (r: Recorded) => Record<string, unknown>>>;
  /**
   * Results of invokes by token (e.g. `aws:eks/getNodeGroup:getNodeGroup`); may throw to fail
   * the invoke; checked before `invokes`. Tokens in neither return `{}` (or the defaults of `invokes`). Read at call time, so a test may change it.
   */
  readonly calls?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
  /**
   * Results of invokes by token, replacing the defaults (`aws:eks/getCluster:getCluster` answers
   * {@link eksctlClusterLookup}; other invokes answer `{}`).
   */
  readonly invokes?: Readonly<Record<string, (inputs: any) => Record<string, unknown>>>;
}

/** The OIDC issuer id the mocked lookups give every cluster. */
export const MOCK_OIDC_ID = '0123456789ABCDEF0123456789ABCDEF';

/**
 * The role eksctl makes for the nodes of managed node group `nodeGroup`: its CloudFormation stack
 * `eksctl-<cluster>-nodegroup-<nodeGroup>` names it `<stack>-NodeInstanceRole-<random suffix>`,
 * cutting the stack name so the role name fits IAM's 64 characters.
 */
export function eksctlNodeRoleArn(accountId: string, cluster: string, nodeGroup: string, suffix = 'AbCdEf123456'): string {
  const tail = `-NodeInstanceRole-${suffix}`;
  return `arn:aws:iam::${accountId}:role/${`eksctl-${cluster}-nodegroup-${nodeGroup}`.slice(0, 64 - tail.length)}${tail}`;
}

/**
 * What `aws.eks.getCluster` returns for a cluster eksctl created (`eksctl create cluster`):
 * its service role and security groups are those of the `eksctl-<cluster>-cluster` stack, its
 * issuer the cluster's OIDC issuer, all five log types on, `API_AND_CONFIG_MAP`, private and
 * public endpoint (public for 203.0.113.0/24), in `us-east-1`. `overrides` replace top-level fields.
 */
export function eksctlClusterLookup(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const stack = `eksctl-${name}-cluster`;
  return {
    id: name,
    name,
    arn: `arn:aws:eks:us-east-1:444455556666:cluster/${name}`,
    version: '1.35',
    platformVersion: 'eks.9',
    status: 'ACTIVE',
    endpoint: `https://${MOCK_OIDC_ID}.gr7.us-east-1.eks.amazonaws.com`,
    certificateAuthorities: [{ data: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1PQ0sKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=' }],
    roleArn: `arn:aws:iam::444455556666:role/${stack}-ServiceRole-AbCdEf123456`,
    identities: [{ oidcs: [{ issuer: `https://oidc.eks.us-east-1.amazonaws.com/id/${MOCK_OIDC_ID}` }] }],
    accessConfigs: [{ authenticationMode: 'API_AND_CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: true }],
    enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    vpcConfig: {
      vpcId: 'vpc-0f1e2d3c4b5a69788',
      subnetIds: ['subnet-01a1111111111111a', 'subnet-02b2222222222222b', 'subnet-03c3333333333333c'],
      clusterSecurityGroupId: 'sg-0c1a2b3c4d5e6f708',
      securityGroupIds: ['sg-0d1a2b3c4d5e6f709'],
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ['203.0.113.0/24'],
    },
    tags: { 'alpha.eksctl.io/cluster-name': name, 'eksctl.cluster.k8s.io/v1alpha1/cluster-name': name, 'aws:cloudformation:stack-name': stack },
    ...overrides,
  };
}

/** The handle returned by {@link installMocks}. */
export interface Mocks {
  /** Every resource registered since the last `reset()`. */
  readonly resources: Recorded[];
  /** Every invoke and method call since the last `reset()`. */
  readonly calls: RecordedCall[];
  /** Forget what was recorded. */
  reset(): void;
  /** Wait until every pending registration has reached the mocks. */
  settle(): Promise<void>;
  /** Recorded resources of one type token, e.g. `aws:eks/nodeGroup:NodeGroup`. */
  ofType(type: string): Recorded[];
  /** The one recorded resource of `type` called `name`; throws listing the names when missing. */
  named(type: string, name: string): Recorded;
  /** Number of recorded resources per type. */
  countsByType(): Record<string, number>;
}

/** Default mock outputs: ids, ARNs and the few computed values the library reads. */
function defaultOutputs(r: Recorded): Record<string, unknown> {
  switch (r.type) {
    case 'aws:iam/role:Role':
      return { arn: `arn:aws:iam::123456789012:role/${r.inputs.name ?? r.name}`, name: r.inputs.name ?? r.name };
    case 'aws:ec2/launchTemplate:LaunchTemplate':
      return { latestVersion: 1, arn: `arn:aws:ec2:us-east-1:123456789012:launch-template/${r.name}` };
    case 'eks:index:Cluster':
      return {
        kubeconfigJson: mockKubeconfig(r.inputs.name),
        oidcProviderArn: `arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/${r.inputs.name}`,
        oidcProviderUrl: `https://oidc.eks.us-east-1.amazonaws.com/id/${r.inputs.name}`,
        oidcIssuer: `oidc.eks.us-east-1.amazonaws.com/id/${r.inputs.name}`,
        eksCluster: null,
      };
    default:
      return { arn: `arn:aws:mock:::${r.type}/${r.name}` };
  }
}

/** A kubeconfig shaped like the one `@pulumi/eks` emits (multi-user form: no profile). */
function mockKubeconfig(clusterName: string): string {
  const args = ['--region', 'us-east-1', 'eks', 'get-token', '--cluster-name', clusterName, '--output', 'json'];
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'aws',
    clusters: [{ name: 'kubernetes', cluster: { server: `https://${clusterName}.eks.mock` } }],
    users: [{ name: 'aws', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args } } }],
  });
}

/**
 * Install mocks with `pulumi.runtime.setMocks` and return the recorder. Call it at module
 * level or in `beforeAll`, then import the modules under test.
 */
export function installMocks(options: MockOptions = {}): Mocks {
  const resources: Recorded[] = [];
  const calls: RecordedCall[] = [];
  // Every resource constructor records its source position by parsing `new Error().stack`
  // with an unbounded stack limit; under Jest, whose stack hook maps every frame through
  // source maps, that costs ~10 ms per resource. Positions only feed diagnostics: skip them.
  (pulumi.Resource as unknown as { callsites: () => unknown[] }).callsites = () => [];
  // Likewise every internal promise records `new Error().stack` for the leak detector.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const debuggable = require('@pulumi/pulumi/runtime/debuggable') as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };
  debuggable.debuggablePromise = (p) => p;
  void pulumi.runtime.setMocks({
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
      const recorded: Recorded = { type: args.type, name: args.name, inputs: args.inputs };
      resources.push(recorded);
      const extra = options.outputs?.[args.type]?.(recorded) ?? {};
      return { id: `${args.name}-id`, state: { ...args.inputs, ...defaultOutputs(recorded), ...extra } };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
      calls.push({ token: args.token, inputs: args.inputs });
      const call = options.calls?.[args.token];
      if (call) return call(args.inputs);
      const invoke = options.invokes?.[args.token];
      if (invoke) return invoke(args.inputs);
      if (args.token === 'aws:eks/getCluster:getCluster') return eksctlClusterLookup(args.inputs.name);
      return {};
    },
  }, options.project ?? 'test', options.stack ?? 'test', false);
  const mocks: Mocks = {
    resources,
    calls,
    reset() {
      resources.length = 0;
      calls.length = 0;
    },
    async settle() {
      // Registrations resolve over a few turns of the event loop; wait until the count is stable.
      let last = -1;
      for (let i = 0; i < 50 && last !== resources.length + calls.length; i++) {
        last = resources.length + calls.length;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    ofType: (type) => resources.filter((r) => r.type === type),
    named(type, name) {
      const found = resources.find((r) => r.type === type && r.name === name);
      if (!found) throw new Error(`No ${type} named '${name}'; recorded: ${resources.filter((r) => r.type === type).map((r) => r.name).join(', ') || 'none'}.`);
      return found;
    },
    countsByType() {
      const counts: Record<string, number> = {};
      for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
      return counts;
    },
  };
  return mocks;
}

/** Resolve an Output's value in a test (mocks installed). */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}
