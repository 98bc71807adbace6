/**
 * Node group generations: a change EKS cannot make in place renames the EKS node group (so
 * Pulumi creates the new group before deleting the old one) under the same Pulumi resource
 * name; a change EKS makes in place keeps the name.
 */
import type { AccountConfig } from '../../../lib/config';
import {
  eksNodeGroupName, forceNewChanges, forceNewInputs, nodeGroupGeneration, nodeGroupSubnetKeys, replacedGroups,
} from '../../../lib/aws/node-group/generation';
import { validAccount, validCluster, type Draft } from '../../support/fixtures';
import { installMocks } from '../../support/pulumi-mocks';

const mocks = installMocks();
let Platform: typeof import('../../../lib/platform/aws-platform').Platform;
beforeAll(async () => {
  ({ Platform } = await import('../../../lib/platform/aws-platform'));
});
afterAll(() => mocks.settle());

const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';

interface Built {
  /** Pulumi resource name -> EKS node group name. */
  readonly names: Record<string, string>;
  /** Pulumi resource name -> deleteBeforeReplace option. */
  readonly deleteFirst: Record<string, unknown>;
}

let seq = 0;
async function build(account: Draft<AccountConfig>): Promise<Built> {
  mocks.reset();
  const deleteFirst: Record<string, unknown> = {};
  new Platform('p', { account: account as AccountConfig }, {
    transformations: [({ type, name, opts }) => {
      if (type === NODE_GROUP) deleteFirst[name] = (opts as { deleteBeforeReplace?: boolean }).deleteBeforeReplace;
      return undefined;
    }],
  });
  seq++;
  await mocks.settle();
  const names = Object.fromEntries(mocks.ofType(NODE_GROUP).map((ng) => [ng.name, ng.inputs.nodeGroupName as string]));
  return { names, deleteFirst };
}

function changed(edit: (a: Draft<AccountConfig>) => void): Draft<AccountConfig> {
  const a = validAccount();
  a.clusters[0].nodeGroups[0].tenancy = 'default';
  edit(a);
  return a;
}

describe('EKS node group name', () => {
  let base: Built;
  beforeAll(async () => { base = await build(changed(() => undefined)); });

  it('is <group>-<generation> under the Pulumi name <cluster>-nodes-<group>', () => {
    expect(Object.keys(base.names)).toEqual(['p-platform-test-nodes-general']);
    expect(base.names['p-platform-test-nodes-general']).toMatch(/^general-[0-9a-f]{8}$/);
  });

  it('never asks Pulumi to delete a node group before its replacement exists', () => {
    expect(base.deleteFirst).toEqual({ 'p-platform-test-nodes-general': undefined });
  });

  const forceNew: readonly [string, (a: Draft<AccountConfig>) => void][] = [
    ['instance types', (a) => { a.clusters[0].nodeGroups[0].instanceTypes = ['m6i.xlarge']; }],
    ['subnets (a private subnet added to the network)', (a) => {
      a.clusters[0].network.privateSubnets.push({ id: 'subnet-0ee5555555555555e', availabilityZone: 'us-east-1c', cidr: '10.20.64.0/19' });
    }],
    ['subnets (availability zones narrowed)', (a) => { a.clusters[0].nodeGroups[0].availabilityZones = ['us-east-1a']; }],
    ['capacity type', (a) => { a.clusters[0].nodeGroups[0].capacityType = 'SPOT'; }],
    ['AMI type (Graviton instance types)', (a) => { a.clusters[0].nodeGroups[0].instanceTypes = ['m7g.large']; }],
  ];
  for (const [what, edit] of forceNew) {
    it(`changes when the ${what} change, under the same Pulumi name`, async () => {
      const after = await build(changed(edit));
      expect(Object.keys(after.names)).toEqual(Object.keys(base.names));
      expect(after.names['p-platform-test-nodes-general']).not.toBe(base.names['p-platform-test-nodes-general']);
    });
  }

  const inPlace: readonly [string, (a: Draft<AccountConfig>) => void][] = [
    ['sizes', (a) => { Object.assign(a.clusters[0].nodeGroups[0], { minSize: 1, desiredSize: 3, maxSize: 9 }); }],
    ['labels', (a) => { a.clusters[0].nodeGroups[0].labels = { 'acme.io/pool': 'other' }; }],
    ['taints', (a) => { a.clusters[0].nodeGroups[0].taints = [{ key: 'acme.io/x', effect: 'NoSchedule' }]; }],
    ['tenancy (a new launch template version)', (a) => { a.clusters[0].nodeGroups[0].tenancy = 'dedicated'; }],
    ['disk size (a new launch template version)', (a) => { a.clusters[0].nodeGroups[0].diskSizeGiB = 200; }],
    ['Kubernetes version', (a) => { a.clusters[0].version = '1.35'; }],
  ];
  for (const [what, edit] of inPlace) {
    it(`stays when the ${what} change`, async () => {
      expect((await build(changed(edit))).names).toEqual(base.names);
    });
  }
});

describe('generation', () => {
  const cluster = validCluster();
  const group = cluster.nodeGroups[0];
  const base = forceNewInputs(cluster.name, group, nodeGroupSubnetKeys(cluster, group));

  it('hashes the subnets as a set (their order does not matter)', () => {
    const reversed = forceNewInputs(cluster.name, group, [...nodeGroupSubnetKeys(cluster, group)].reverse());
    expect(nodeGroupGeneration(reversed)).toBe(nodeGroupGeneration(base));
  });

  it('changes with the node role (a cluster of another name)', () => {
    const other = forceNewInputs('platform-other', group, nodeGroupSubnetKeys(cluster, group));
    expect([other.nodeRole, nodeGroupGeneration(other) === nodeGroupGeneration(base)]).toEqual(['platform-other-general-node', false]);
  });

  it('changes with the launch template that would replace the template', () => {
    expect(nodeGroupGeneration({ ...base, launchTemplate: 'general-lt-2' })).not.toBe(nodeGroupGeneration(base));
  });

  it('names managed subnets by AZ and CIDR (their ids are not known before they exist)', () => {
    const managed = { ...cluster, network: { mode: 'managed' as const, vpcCidr: '10.0.0.0/16', privateSubnets: [{ availabilityZone: 'us-east-1b', cidr: '10.0.1.0/24' }, { availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24' }] } };
    expect(nodeGroupSubnetKeys(managed, group)).toEqual(['us-east-1a/10.0.0.0/24', 'us-east-1b/10.0.1.0/24']);
  });

  it('says which force-new inputs changed', () => {
    const graviton = forceNewInputs(cluster.name, { ...group, instanceTypes: ['m7g.large'] }, base.subnets);
    expect(forceNewChanges(base, graviton)).toEqual(['instance types m6i.large -> m7g.large', 'AMI type AL2023_x86_64_STANDARD -> AL2023_ARM_64_STANDARD']);
  });

  it('keeps EKS node group names within 63 characters for the longest group name', () => {
    expect(eksNodeGroupName('g'.repeat(40), nodeGroupGeneration(base)).length).toBeLessThanOrEqual(63);
  });
});

describe('plan and program agree', () => {
  it('names every node group in EKS exactly as npm run plan prints it, in every phase of both accounts', async () => {
    const { eksNameOf } = await import('../../../lib/aws/node-group/generation');
    const { effectiveNodeGroups, isEksctlGroup } = await import('../../../lib/config');
    const { production } = await import('../../../stacks/accounts/production');
    const { sandbox } = await import('../../../stacks/accounts/sandbox');
    const mismatches: string[] = [];
    for (const account of [sandbox, production]) {
      for (const phase of ['dedicated', 'surge', 'drain', 'shared'] as const) {
        const a = structuredClone(account) as Draft<AccountConfig>;
        a.clusters[0].tenancyMigration = { strategy: 'blue-green', phase, previousPhase: phase };
        mocks.reset();
        const platform = new Platform(`agree${++seq}`, { account: a as AccountConfig });
        await mocks.settle();
        const cluster = a.clusters[0] as AccountConfig['clusters'][number];
        const built = platform.nodeGroupGenerations[cluster.name];
        for (const g of effectiveNodeGroups(cluster)) {
          // eksctl's groups (adopted production) are never built: they must not be exported either.
          const expected = isEksctlGroup(g) ? undefined : eksNameOf(cluster, g);
          if (built[g.name]?.eksName !== expected) mismatches.push(`${account.name}/${phase}/${g.name}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('replacedGroups', () => {
  const cluster = validCluster();
  const group = cluster.nodeGroups[0];
  const inputs = forceNewInputs(cluster.name, group, nodeGroupSubnetKeys(cluster, group));
  const applied = { general: { eksName: eksNodeGroupName('general', nodeGroupGeneration(inputs)), forceNewInputs: inputs } };

  it('names a group whose force-new inputs changed since the applied stack, and why', () => {
    const now = forceNewInputs(cluster.name, { ...group, instanceTypes: ['m6i.xlarge'] }, inputs.subnets);
    expect(replacedGroups([{ name: 'general', forceNewInputs: now }], applied)).toEqual([
      `+- replace node group general (EKS ${applied.general.eksName} -> ${eksNodeGroupName('general', nodeGroupGeneration(now))}; instance types m6i.large -> m6i.xlarge): the new group is created first, then the old one is drained and deleted`,
    ]);
  });

  it('names nothing when the inputs are unchanged, or for a group the stack does not have yet', () => {
    expect(replacedGroups([{ name: 'general', forceNewInputs: inputs }, { name: 'new', forceNewInputs: inputs }], applied)).toEqual([]);
  });
});
