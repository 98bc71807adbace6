/**
 * Node group sizes under Pulumi mocks: the live desired size kept (clamped) across a min/max
 * change, the configured one for groups scaled to zero or coming back from zero, and the
 * `surge` guard against the cluster autoscaler (migration taint, maxSize pinned).
 */
import type { AccountConfig, MigrationPhase } from '../../../lib/config';
import { desiredSizeFor, isNodeGroupNotFound } from '../../../lib/aws/node-group/scaling';
import { nodeGroupTimeouts } from '../../../lib/aws/node-group/settings';
import { production as adoptedProduction } from '../../../stacks/accounts/production';
import { libraryCreated, type Draft } from '../../support/fixtures';
import { installMocks } from '../../support/pulumi-mocks';

/** Production's shape, library-created (the real production adopts eksctl's cluster: test/aws/adopt). */
const production = libraryCreated(adoptedProduction);

/** Live desired size by group (config name); a group not listed does not exist. */
let live: Record<string, number> = {};
const mocks = installMocks({
  calls: {
    'aws:eks/getNodeGroup:getNodeGroup': (inputs) => {
      const group = String(inputs.nodeGroupName).replace(/-[0-9a-f]{8}$/, '');
      // The SDK turns a failed invoke into `new Error(<gRPC details>)`, as the engine sends it.
      const details = `reading EKS Node Group: ResourceNotFoundException: No node group found for name: ${String(inputs.nodeGroupName)}.`;
      if (!(group in live)) throw Object.assign(new Error(details), { details });
      return { scalingConfigs: [{ minSize: 0, desiredSize: live[group], maxSize: 100 }] };
    },
  },
});
let Platform: typeof import('../../../lib/platform/aws-platform').Platform;
beforeAll(async () => {
  ({ Platform } = await import('../../../lib/platform/aws-platform'));
});
beforeEach(() => { live = {}; });
afterAll(() => mocks.settle());

const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';

function account(phase: MigrationPhase, previousPhase: MigrationPhase, edit: (a: Draft<AccountConfig>) => void = () => undefined): AccountConfig {
  const a = structuredClone(production) as Draft<AccountConfig>;
  a.clusters[0].tenancyMigration = { strategy: 'blue-green', phase, previousPhase };
  edit(a);
  return a as AccountConfig;
}

let seq = 0;
/** Node group inputs by config name. */
async function build(a: AccountConfig): Promise<Record<string, { scalingConfig: unknown; taints: unknown[]; tags: Record<string, string> }>> {
  mocks.reset();
  new Platform(`s${++seq}`, { account: a });
  await mocks.settle();
  return Object.fromEntries(mocks.ofType(NODE_GROUP).map((ng) => [String(ng.inputs.nodeGroupName).replace(/-[0-9a-f]{8}$/, ''), ng.inputs]));
}

describe('desired size', () => {
  it('keeps the live size the autoscaler set when min and max change', async () => {
    live = { general: 9, batch: 5 };
    const groups = await build(account('dedicated', 'dedicated', (a) => { a.clusters[0].nodeGroups[0].minSize = 4; }));
    expect([groups.general.scalingConfig, groups.batch.scalingConfig]).toEqual([
      { minSize: 4, desiredSize: 9, maxSize: 12 },
      { minSize: 0, desiredSize: 5, maxSize: 8 },
    ]);
  });

  it('clamps the live size into lowered bounds', async () => {
    live = { general: 11, batch: 0 };
    const groups = await build(account('dedicated', 'dedicated', (a) => {
      a.clusters[0].nodeGroups[0].maxSize = 8;
      a.clusters[0].nodeGroups[1].minSize = 1;
      a.clusters[0].nodeGroups[1].desiredSize = 2;
    }));
    expect([groups.general.scalingConfig, groups.batch.scalingConfig]).toEqual([
      { minSize: 3, desiredSize: 8, maxSize: 8 },
      { minSize: 1, desiredSize: 1, maxSize: 8 },
    ]);
  });

  it('creates a group that does not exist yet at its configured size', async () => {
    live = { general: 9, batch: 5 };
    const groups = await build(account('surge', 'dedicated'));
    expect(groups['general-shared'].scalingConfig).toEqual({ minSize: 3, desiredSize: 6, maxSize: 12 });
  });

  it('scales the old groups to zero in drain whatever their live size', async () => {
    live = { general: 6, batch: 2, 'general-shared': 6, 'batch-shared': 2 };
    const groups = await build(account('drain', 'surge'));
    expect([groups.general.scalingConfig, groups.batch.scalingConfig]).toEqual([
      { minSize: 0, desiredSize: 0, maxSize: 1 },
      { minSize: 0, desiredSize: 0, maxSize: 1 },
    ]);
  });

  it('brings the old groups back to their configured size on a rollback from drain (live 0 clamped would be the minimum)', async () => {
    live = { general: 0, batch: 0, 'general-shared': 7, 'batch-shared': 3 };
    const groups = await build(account('surge', 'drain'));
    expect([groups.general.scalingConfig, groups['general-shared'].scalingConfig]).toEqual([
      { minSize: 3, desiredSize: 6, maxSize: 6 },
      { minSize: 3, desiredSize: 7, maxSize: 12 },
    ]);
  });
});

describe('surge', () => {
  it('taints the old groups NoSchedule (EKS spelling) and pins their maxSize to their desired size', async () => {
    const groups = await build(account('surge', 'dedicated'));
    expect([groups.general.taints, groups.general.scalingConfig]).toEqual([
      [{ key: 'eks-platform.io/tenancy-migration', value: 'draining', effect: 'NO_SCHEDULE' }],
      { minSize: 3, desiredSize: 6, maxSize: 6 },
    ]);
  });

  it('leaves the twins untainted at their configured bounds', async () => {
    const groups = await build(account('surge', 'dedicated'));
    expect([groups['general-shared'].taints, groups['general-shared'].scalingConfig]).toEqual([[], { minSize: 3, desiredSize: 6, maxSize: 12 }]);
  });

  it('puts no autoscaler discovery tags on node groups (they never reach the Auto Scaling group)', async () => {
    const groups = await build(account('surge', 'dedicated'));
    const keys = Object.values(groups).flatMap((g) => Object.keys(g.tags)).filter((k) => k.startsWith('k8s.io/cluster-autoscaler'));
    expect(keys).toEqual([]);
  });
});

describe('desiredSizeFor', () => {
  const sizes = { minSize: 2, desiredSize: 3, maxSize: 6 };

  it('uses the configured size without a live group', () => {
    expect(desiredSizeFor(sizes, undefined)).toBe(3);
  });

  it('clamps the live size into the bounds', () => {
    expect([desiredSizeFor(sizes, 1), desiredSizeFor(sizes, 5), desiredSizeFor(sizes, 9)]).toEqual([2, 5, 6]);
  });
});

describe('isNodeGroupNotFound', () => {
  it('recognises a missing group or cluster', () => {
    expect(isNodeGroupNotFound(new Error('ResourceNotFoundException: No node group found for name: general-1234abcd.'))).toBe(true);
  });

  it('does not swallow a permission error (the program must stop, not fall back to the configured size)', () => {
    expect(isNodeGroupNotFound(new Error('AccessDeniedException: User is not authorized to perform: eks:DescribeNodegroup'))).toBe(false);
  });
});

describe('timeouts', () => {
  it('gives a rolling update of a large group time for every batch (12 nodes, 33%: 4 batches of 3)', () => {
    expect(nodeGroupTimeouts(12, 33)).toEqual({ create: '60m', update: '110m', delete: '110m' });
  });

  it('never goes under the provider default of 60 minutes', () => {
    expect(nodeGroupTimeouts(2, 33)).toEqual({ create: '60m', update: '70m', delete: '70m' });
  });

  it('sets them on the node group', async () => {
    mocks.reset();
    let timeouts: unknown;
    new Platform(`s${++seq}`, { account: production }, {
      transformations: [({ type, props, opts }) => {
        if (type === NODE_GROUP && String(props.nodeGroupName).startsWith('general-')) timeouts = opts.customTimeouts;
        return undefined;
      }],
    });
    await mocks.settle();
    expect(timeouts).toEqual({ create: '60m', update: '110m', delete: '110m' });
  });
});
