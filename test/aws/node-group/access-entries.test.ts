/**
 * Node roles' EC2_LINUX access entries are managed with their roles (API and
 * API_AND_CONFIG_MAP modes), so a role deleted by a rollback and created again by a new surge
 * gets a fresh entry, and no phase leaves an entry for a role it retired.
 */
import { validateAccount, type AccountConfig, type MigrationPhase } from '../../../lib/config';
import { production as adoptedProduction } from '../../../stacks/accounts/production';
import { libraryCreated, type Draft } from '../../support/fixtures';
import { installMocks } from '../../support/pulumi-mocks';

/** Production's shape, library-created (the real production adopts eksctl's cluster: test/aws/adopt). */
const production = libraryCreated(adoptedProduction);

const mocks = installMocks();
let Platform: typeof import('../../../lib/platform/aws-platform').Platform;
beforeAll(async () => {
  ({ Platform } = await import('../../../lib/platform/aws-platform'));
});
afterAll(() => mocks.settle());

const T = { entry: 'aws:eks/accessEntry:AccessEntry', role: 'aws:iam/role:Role', nodeGroup: 'aws:eks/nodeGroup:NodeGroup' } as const;

interface Built {
  /** Role names of the EC2_LINUX entries, sorted. */
  readonly entryRoles: string[];
  /** Names of the node roles, sorted. */
  readonly nodeRoles: string[];
  /** Node group resource name -> names of the resources it depends on. */
  readonly dependsOn: Record<string, string[]>;
}

let seq = 0;
async function build(phase: MigrationPhase, previousPhase: MigrationPhase, mode?: AccountConfig['clusters'][number]['authenticationMode']): Promise<Built> {
  const account = structuredClone(production) as Draft<AccountConfig>;
  account.clusters[0].tenancyMigration = { strategy: 'blue-green', phase, previousPhase };
  if (mode) account.clusters[0].authenticationMode = mode;
  mocks.reset();
  const dependsOn: Record<string, string[]> = {};
  new Platform(`a${++seq}`, { account: account as AccountConfig }, {
    transformations: [({ type, name, opts }) => {
      if (type === T.nodeGroup) dependsOn[name] = ([] as unknown[]).concat(opts.dependsOn ?? []).map((r) => (r as { __name: string }).__name);
      return undefined;
    }],
  });
  await mocks.settle();
  const ec2 = mocks.ofType(T.entry).filter((e) => e.inputs.type === 'EC2_LINUX');
  return {
    entryRoles: ec2.map((e) => String(e.inputs.principalArn).split('/').pop()!).sort(),
    nodeRoles: mocks.ofType(T.role).map((r) => r.inputs.name as string).filter((n) => n.endsWith('-node')).sort(),
    dependsOn,
  };
}

describe('node role access entries', () => {
  it('gives every node role exactly one EC2_LINUX entry', async () => {
    const b = await build('surge', 'dedicated');
    expect(b.entryRoles).toEqual(b.nodeRoles);
  });

  it('creates the entry before the node group (the group depends on it)', async () => {
    const b = await build('dedicated', 'dedicated');
    expect(b.dependsOn[`a${seq}-platform-production-nodes-general`]).toContain(`a${seq}-platform-production-nodes-general-access-entry`);
  });

  it('removes the twins\' entries with their roles on a rollback from surge', async () => {
    expect((await build('dedicated', 'surge')).entryRoles).toEqual(['platform-production-batch-node', 'platform-production-general-node']);
  });

  it('creates the entries again with the roles on the next surge', async () => {
    expect((await build('surge', 'dedicated')).entryRoles).toEqual([
      'platform-production-batch-node', 'platform-production-batch-shared-node',
      'platform-production-general-node', 'platform-production-general-shared-node',
    ]);
  });

  it('leaves no entry for the retired roles in shared', async () => {
    expect((await build('shared', 'drain')).entryRoles).toEqual(['platform-production-batch-shared-node', 'platform-production-general-shared-node']);
  });

  it('creates no node entry in CONFIG_MAP mode (aws-auth maps the roles)', async () => {
    expect((await build('surge', 'dedicated', 'CONFIG_MAP')).entryRoles).toEqual([]);
  });

  it('adopts the entries EKS made for running groups when asked (first pulumi up under this version)', async () => {
    const account = structuredClone(production) as Draft<AccountConfig>;
    account.clusters[0].adoptNodeAccessEntries = true;
    mocks.reset();
    const imports: string[] = [];
    new Platform(`a${++seq}`, { account: account as AccountConfig }, {
      transformations: [({ type, props, opts }) => {
        if (type === T.entry && props.type === 'EC2_LINUX') imports.push(String((opts as { import?: string }).import));
        return undefined;
      }],
    });
    await mocks.settle();
    expect(imports).toEqual([
      'platform-production:arn:aws:iam::444455556666:role/platform-production-general-node',
      'platform-production:arn:aws:iam::444455556666:role/platform-production-batch-node',
    ]);
  });

  it('puts no tags on node entries (an entry EKS made has none, and import needs a match)', async () => {
    await build('dedicated', 'dedicated');
    expect(mocks.ofType(T.entry).filter((e) => e.inputs.type === 'EC2_LINUX').map((e) => e.inputs.tags)).toEqual([undefined, undefined]);
  });

  it('refuses to adopt on a pulumi up that creates node groups', () => {
    const account = structuredClone(production) as Draft<AccountConfig>;
    account.clusters[0].adoptNodeAccessEntries = true;
    account.clusters[0].tenancyMigration = { strategy: 'blue-green', phase: 'surge', previousPhase: 'dedicated' };
    expect(validateAccount(account as AccountConfig).map((p) => `${p.path}: ${p.message}`)).toEqual([
      "clusters[0].tenancyMigration: moves from 'dedicated' to 'surge' while adoptNodeAccessEntries is set: adopting imports an entry for every node role, and the roles this step creates have none yet; adopt first (phase 'dedicated'), then move.",
    ]);
  });

  it('rejects an adoptNodeAccessEntries that is not a boolean', () => {
    const account = structuredClone(production) as Draft<AccountConfig>;
    (account.clusters[0] as { adoptNodeAccessEntries?: unknown }).adoptNodeAccessEntries = 'yes';
    expect(validateAccount(account as AccountConfig).map((p) => `${p.path}: ${p.message}`)).toEqual([
      "clusters[0].adoptNodeAccessEntries: must be true or false, got 'yes'.",
    ]);
  });

  it('creates them in API mode', async () => {
    const b = await build('dedicated', 'dedicated', 'API');
    expect(b.entryRoles).toEqual(['platform-production-batch-node', 'platform-production-general-node']);
  });
});
