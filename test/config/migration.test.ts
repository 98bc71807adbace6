import {
  assertValidAccount, effectiveNodeGroups, legalTransitions, MIGRATION_PHASES, nextPhase, nodeRoleArns, validateAccount,
  type AccountConfig, type MigrationPhase, type NodeGroupConfig, type MigrationStrategy, type TenancyMigrationConfig,
} from '../../lib/config';
import { nodeRoleArn } from '../../lib/names';
import { production as adoptedProduction } from '../../stacks/accounts/production';
import { sandbox } from '../../stacks/accounts/sandbox';
import { libraryCreated, validAccount, type Draft } from '../support/fixtures';

/** Production's shape, library-created (the real production adopts eksctl's cluster: test/aws/adopt). */
const production = libraryCreated(adoptedProduction);

const STRATEGIES: readonly MigrationStrategy[] = ['blue-green', 'rolling'];
const ACCOUNTS: readonly AccountConfig[] = [sandbox, production];

/** `account` with its first cluster migrating as `migration`. */
function migrating(account: AccountConfig, migration: TenancyMigrationConfig): AccountConfig {
  const copy = structuredClone(account) as Draft<AccountConfig>;
  copy.clusters[0].tenancyMigration = migration;
  return copy as AccountConfig;
}

const names = (account: AccountConfig, phase: MigrationPhase, strategy: MigrationStrategy = 'blue-green') =>
  effectiveNodeGroups(account.clusters[0], phase, strategy).map((g) => `${g.name}:${g.tenancy}`);

describe('effectiveNodeGroups', () => {
  it('returns exactly the declared groups when no migration is configured', () => {
    expect(effectiveNodeGroups(production.clusters[0]).map((g) => g.name)).toEqual(['general', 'batch']);
  });

  it('adds a default-tenancy twin after each dedicated group in surge', () => {
    expect(names(production, 'surge')).toEqual(['general:dedicated', 'general-shared:default', 'batch:dedicated', 'batch-shared:default']);
  });

  it('gives a twin the same instance types, AZs, labels, taints, disk and sizes as its source', () => {
    const shape = (g: NodeGroupConfig) => {
      const { instanceTypes, availabilityZones, labels, taints, minSize, desiredSize, maxSize, diskSizeGiB, capacityType, maxPods } = g;
      return { instanceTypes, availabilityZones, labels, taints, minSize, desiredSize, maxSize, diskSizeGiB, capacityType, maxPods };
    };
    const twin = effectiveNodeGroups(production.clusters[0], 'surge')[3];
    expect(shape(twin)).toEqual(shape(production.clusters[0].nodeGroups[1]));
  });

  it('cordons the old groups in surge', () => {
    expect(effectiveNodeGroups(production.clusters[0], 'surge').map((g) => g.cordoned)).toEqual([true, false, true, false]);
  });

  it('scales the old groups to zero and taints them in drain', () => {
    const old = effectiveNodeGroups(sandbox.clusters[0], 'drain')[0];
    expect(old).toMatchObject({
      name: 'general', tenancy: 'dedicated', minSize: 0, desiredSize: 0, maxSize: 1, scaledToZero: true,
      taints: [{ key: 'eks-platform.io/tenancy-migration', value: 'draining', effect: 'NoSchedule' }],
    });
  });

  it('keeps only the twins in shared (blue-green)', () => {
    expect(names(production, 'shared')).toEqual(['general-shared:default', 'batch-shared:default']);
  });

  it('keeps the group names and switches tenancy in rolling and shared (rolling)', () => {
    expect([names(production, 'rolling', 'rolling'), names(production, 'shared', 'rolling')]).toEqual([
      ['general:default', 'batch:default'], ['general:default', 'batch:default'],
    ]);
  });

  it('never touches groups declared with default tenancy', () => {
    const account = validAccount();
    account.clusters[0].nodeGroups.push({ name: 'system', instanceTypes: ['m6i.large'], tenancy: 'default', minSize: 1, desiredSize: 1, maxSize: 2 });
    expect(names(account as AccountConfig, 'surge')).toEqual(['general:dedicated', 'general-shared:default', 'system:default']);
  });
});

describe('node role mapping invariant', () => {
  for (const account of ACCOUNTS) {
    for (const strategy of STRATEGIES) {
      for (const phase of MIGRATION_PHASES[strategy]) {
        it(`maps exactly the roles of the groups alive in ${account.name} ${strategy} '${phase}'`, () => {
          const a = migrating(account, { strategy, phase, previousPhase: phase });
          const cluster = a.clusters[0];
          const expected = effectiveNodeGroups(cluster).map((g) => nodeRoleArn(a.accountId, cluster.name, g.name));
          expect(nodeRoleArns(a, cluster)).toEqual([...expected].sort());
        });
      }
    }
  }
});

describe('phase sequences', () => {
  it('orders blue-green as dedicated, surge, drain, shared', () => {
    expect(MIGRATION_PHASES['blue-green']).toEqual(['dedicated', 'surge', 'drain', 'shared']);
  });

  it('orders rolling as dedicated, rolling, shared', () => {
    expect(MIGRATION_PHASES.rolling).toEqual(['dedicated', 'rolling', 'shared']);
  });

  it('allows staying, moving on or stepping back one phase', () => {
    expect(legalTransitions('blue-green', 'surge')).toEqual(['surge', 'drain', 'dedicated']);
  });

  it('allows no rollback out of shared', () => {
    expect(legalTransitions('blue-green', 'shared')).toEqual(['shared']);
  });

  it('has no phase after shared', () => {
    expect(nextPhase('rolling', 'shared')).toBeUndefined();
  });
});

describe('validateTenancyMigration', () => {
  it('accepts every legal forward step of both strategies', () => {
    const problems = STRATEGIES.flatMap((strategy) => MIGRATION_PHASES[strategy].slice(1).flatMap((phase, i) =>
      validateAccount(migrating(production, { strategy, phase, previousPhase: MIGRATION_PHASES[strategy][i] }))));
    expect(problems).toEqual([]);
  });

  it('accepts a rollback from drain to surge', () => {
    expect(validateAccount(migrating(production, { strategy: 'blue-green', phase: 'surge', previousPhase: 'drain' }))).toEqual([]);
  });

  it('rejects dedicated straight to shared, naming the next legal phase', () => {
    expect(() => assertValidAccount(migrating(production, { strategy: 'blue-green', phase: 'shared', previousPhase: 'dedicated' })))
      .toThrow("clusters[0].tenancyMigration.phase: cannot go from 'dedicated' (previousPhase) to 'shared' with strategy 'blue-green': the next legal phase is 'surge'");
  });

  it('rejects every illegal transition of both strategies, naming the next legal phase', () => {
    const unexpected: string[] = [];
    let checked = 0;
    for (const strategy of STRATEGIES) {
      const phases = MIGRATION_PHASES[strategy];
      for (const from of phases) {
        for (const to of phases.filter((p) => !legalTransitions(strategy, from).includes(p))) {
          const next = nextPhase(strategy, from);
          const fix = next !== undefined ? `the next legal phase is '${next}'` : `'${from}' is the last phase`;
          checked++;
          const messages = validateAccount(migrating(production, { strategy, phase: to, previousPhase: from })).map((p) => `${p.path}: ${p.message}`);
          const expected = `clusters[0].tenancyMigration.phase: cannot go from '${from}' (previousPhase) to '${to}' with strategy '${strategy}': ${fix}`;
          if (!messages.some((m) => m.startsWith(expected))) unexpected.push(`${strategy} ${from} -> ${to}: ${JSON.stringify(messages)}`);
        }
      }
    }
    expect([checked, unexpected]).toEqual([10, []]);
  });

  it('rejects skipping drain, naming it', () => {
    expect(() => assertValidAccount(migrating(production, { strategy: 'blue-green', phase: 'shared', previousPhase: 'surge' })))
      .toThrow("the next legal phase is 'drain'");
  });

  it('rejects a phase beyond the next when previousPhase is unset (treated as dedicated)', () => {
    expect(() => assertValidAccount(migrating(sandbox, { strategy: 'blue-green', phase: 'drain' })))
      .toThrow("cannot go from 'dedicated' (previousPhase) to 'drain'");
  });

  it('rejects a rollback out of shared', () => {
    expect(() => assertValidAccount(migrating(sandbox, { strategy: 'rolling', phase: 'rolling', previousPhase: 'shared' })))
      .toThrow("'shared' is the last phase; a finished migration cannot be rolled back.");
  });

  it('rejects a phase of the other strategy', () => {
    expect(() => assertValidAccount(migrating(sandbox, { strategy: 'rolling', phase: 'surge' })))
      .toThrow("clusters[0].tenancyMigration.phase: must be a phase of strategy 'rolling' (dedicated -> rolling -> shared), got 'surge'.");
  });

  it('rejects an unknown previousPhase', () => {
    expect(() => assertValidAccount(migrating(sandbox, { strategy: 'rolling', phase: 'rolling', previousPhase: 'drain' })))
      .toThrow("tenancyMigration.previousPhase: must be a phase of strategy 'rolling'");
  });

  it('rejects an unknown strategy', () => {
    expect(() => assertValidAccount(migrating(sandbox, { strategy: 'big-bang' as MigrationStrategy, phase: 'shared' })))
      .toThrow("tenancyMigration.strategy: must be 'blue-green' or 'rolling', got 'big-bang'.");
  });

  it('rejects a migration of a cluster without dedicated groups', () => {
    const account = validAccount();
    account.clusters[0].nodeGroups[0].tenancy = 'default';
    account.clusters[0].tenancyMigration = { strategy: 'rolling', phase: 'dedicated' };
    expect(() => assertValidAccount(account as AccountConfig)).toThrow("no node group has tenancy 'dedicated': there is nothing to migrate");
  });

  it('rejects redeclaring migrated groups as default tenancy (it would replace them)', () => {
    const account = validAccount();
    account.clusters[0].nodeGroups[0].tenancy = 'default';
    account.clusters[0].tenancyMigration = { strategy: 'blue-green', phase: 'shared', previousPhase: 'shared' };
    expect(() => assertValidAccount(account as AccountConfig)).toThrow("so keep them declared 'dedicated'; changing them would replace the running groups.");
  });

  it('rejects a declared group that already has a twin name', () => {
    const account = validAccount();
    account.clusters[0].nodeGroups.push({ name: 'general-shared', instanceTypes: ['m6i.large'], tenancy: 'default', minSize: 1, desiredSize: 1, maxSize: 2 });
    account.clusters[0].tenancyMigration = { strategy: 'blue-green', phase: 'surge' };
    expect(() => assertValidAccount(account as AccountConfig)).toThrow("would be named 'general-shared', which nodeGroups[1] already uses");
  });
});
