/**
 * The migration plan (pure: no Pulumi is loaded): capacity and AZ invariants over every
 * transition of both strategies, what `pulumi up` changes, runbook commands, costs, the text.
 */
import type { AccountConfig, ClusterConfig, TenancyMigrationConfig } from '../../../lib/config';
import { accountCost, hourlyPrice } from '../../../lib/aws/tenancy/cost';
import {
  allTransitions, baselineCapacity, BLUE_GREEN_ROLLBACK_PATHS, pathViolations, transitionChanges, transitionCommands, transitionSteps, transitionViolations,
} from '../../../lib/aws/tenancy/plan';
import { renderPlan, versionLine } from '../../../lib/aws/tenancy/render';
import { parsePlanArgs, planText, readApplied } from '../../../stacks/plan';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { production as adoptedProduction } from '../../../stacks/accounts/production';
import { sandbox } from '../../../stacks/accounts/sandbox';
import { libraryCreated, type Draft } from '../../support/fixtures';
import { clusterForceNewInputs, eksNameOf } from '../../../lib/aws/node-group/generation';
import { twinName } from '../../../lib/config';

/** Production's shape, library-created (the real production adopts eksctl's cluster: test/aws/adopt). */
const production = libraryCreated(adoptedProduction);

/** EKS names of sandbox's general group and of its blue-green twin (runbook selectors use them). */
const GEN = eksNameOf(sandbox.clusters[0], sandbox.clusters[0].nodeGroups[0]);
const TWIN = eksNameOf(sandbox.clusters[0], { ...sandbox.clusters[0].nodeGroups[0], name: twinName('general') });

function withMigration(account: AccountConfig, migration: TenancyMigrationConfig): AccountConfig {
  const copy = structuredClone(account) as Draft<AccountConfig>;
  copy.clusters[0].tenancyMigration = migration;
  return copy as AccountConfig;
}
const cluster = (account: AccountConfig, strategy: TenancyMigrationConfig['strategy']): ClusterConfig =>
  withMigration(account, { strategy, phase: 'dedicated' }).clusters[0];
const prod = production.clusters[0];

describe('migration invariants', () => {
  for (const account of [sandbox, production]) {
    for (const strategy of ['blue-green', 'rolling'] as const) {
      const c = cluster(account, strategy);
      for (const [from, to] of allTransitions(c)) {
        it(`keeps capacity and every AZ in ${account.name} ${strategy} ${from} -> ${to}`, () => {
          expect(transitionViolations(c, from, to)).toEqual([]);
        });
      }
    }
  }

  for (const account of [sandbox, production]) {
    for (const path of BLUE_GREEN_ROLLBACK_PATHS) {
      it(`keeps capacity and every AZ in ${account.name} along ${path.join(' -> ')}`, () => {
        expect(pathViolations(cluster(account, 'blue-green'), path)).toEqual([]);
      });
    }
  }

  it('rejects a path with a skipped phase', () => {
    expect(pathViolations(prod, ['dedicated', 'surge', 'shared'])).toEqual([
      "platform-production dedicated -> surge -> shared: step surge -> shared is not a legal transition of 'blue-green'.",
    ]);
  });

  it('prints the rollback-and-retry paths with --all-phases', () => {
    expect(renderPlan(production, { allPhases: true })).toContain('    dedicated -> surge -> dedicated -> surge: OK.');
  });

  it('covers forward steps and rollbacks of blue-green', () => {
    expect(allTransitions(cluster(production, 'blue-green')).map(([f, t]) => `${f}->${t}`)).toEqual([
      'dedicated->surge', 'surge->drain', 'surge->dedicated', 'drain->shared', 'drain->surge',
    ]);
  });

  it('starts from the declared desired sizes in every declared AZ', () => {
    expect(baselineCapacity(prod)).toMatchObject({ capacity: 8, availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  });

  it('reports the capacity drop of going straight from dedicated to shared', () => {
    expect(transitionViolations(prod, 'dedicated', 'shared')).toContain(
      'platform-production dedicated -> shared, during pulumi up: 0 schedulable nodes, fewer than the 8 before the migration.',
    );
  });

  it('reports the AZs left without capacity when skipping a phase', () => {
    expect(transitionViolations(prod, 'dedicated', 'shared')).toContain(
      'platform-production dedicated -> shared, during pulumi up: no schedulable node in us-east-1a, us-east-1b, us-east-1c.',
    );
  });

  it('holds old and new nodes after the surge pulumi up, then only the new ones', () => {
    expect(transitionSteps(prod, 'dedicated', 'surge').map((s) => s.capacity)).toEqual([8, 8, 8, 16, 8]);
  });
});

describe('transitionChanges', () => {
  it('creates a twin per dedicated group in surge, and taints the old groups and pins their maxSize', () => {
    expect(transitionChanges(prod, 'dedicated', 'surge')).toEqual([
      '~ node group general: scaling 3/6/12 -> 3/6/6 (min/desired/max)',
      '~ node group general: taints [] -> ["eks-platform.io/tenancy-migration=draining:NoSchedule"]',
      '+ create node group general-shared (default tenancy, m6i.xlarge, min 3 / desired 6 / max 12) with its node role, mapped in aws-auth first, its EC2_LINUX access entry, and launch template',
      '~ node group batch: scaling 0/2/8 -> 0/2/2 (min/desired/max)',
      '~ node group batch: taints ["acme.io/batch=true:NoSchedule"] -> ["acme.io/batch=true:NoSchedule","eks-platform.io/tenancy-migration=draining:NoSchedule"]',
      '+ create node group batch-shared (default tenancy, c6i.2xlarge, min 0 / desired 2 / max 8) with its node role, mapped in aws-auth first, its EC2_LINUX access entry, and launch template',
    ]);
  });

  it('scales the old groups, tainted since surge, to zero in drain', () => {
    expect(transitionChanges(prod, 'surge', 'drain')).toEqual([
      '~ node group general: scaling 3/6/6 -> 0/0/1 (min/desired/max)',
      '~ node group batch: scaling 0/2/2 -> 0/0/1 (min/desired/max)',
    ]);
  });

  it('deletes the old groups in shared', () => {
    expect(transitionChanges(prod, 'drain', 'shared')).toEqual([
      '- delete node group general with its launch template, node role (unmapped from aws-auth) and the role\'s EC2_LINUX access entry',
      '- delete node group batch with its launch template, node role (unmapped from aws-auth) and the role\'s EC2_LINUX access entry',
    ]);
  });

  it('rolls each group onto a default-tenancy launch template version (rolling)', () => {
    expect(transitionChanges(cluster(sandbox, 'rolling'), 'dedicated', 'rolling')).toEqual([
      '~ node group general: new launch template version with default tenancy; EKS replaces its nodes (adds new ones first, at most 33% unavailable at a time, respecting PodDisruptionBudgets)',
    ]);
  });
});

describe('transitionCommands', () => {
  it('cordons and drains the old nodes by node group label after the surge', () => {
    expect(transitionCommands(sandbox, sandbox.clusters[0], 'dedicated', 'surge').after).toEqual([
      `kubectl --context platform-sandbox wait --for=condition=Ready node -l eks.amazonaws.com/nodegroup=${TWIN} --timeout=20m`,
      `kubectl --context platform-sandbox cordon -l eks.amazonaws.com/nodegroup=${GEN}`,
      `kubectl --context platform-sandbox drain -l eks.amazonaws.com/nodegroup=${GEN} --ignore-daemonsets --delete-emptydir-data --timeout=30m`,
    ]);
  });

  it('drains the old nodes once more before scaling them to zero, then checks they are gone', () => {
    expect(transitionCommands(sandbox, sandbox.clusters[0], 'surge', 'drain')).toEqual({
      before: [`kubectl --context platform-sandbox drain -l eks.amazonaws.com/nodegroup=${GEN} --ignore-daemonsets --delete-emptydir-data --timeout=30m   # again: must end with nothing left to evict`],
      after: [`kubectl --context platform-sandbox get nodes -l eks.amazonaws.com/nodegroup=${GEN}   # expect: No resources found`],
    });
  });

  it('uncordons the old nodes before rolling back from surge', () => {
    expect(transitionCommands(sandbox, sandbox.clusters[0], 'surge', 'dedicated').before).toEqual([
      `kubectl --context platform-sandbox uncordon -l eks.amazonaws.com/nodegroup=${GEN}`,
    ]);
  });

  it('scales the old group back up before rolling back from drain', () => {
    expect(transitionCommands(sandbox, sandbox.clusters[0], 'drain', 'surge').before).toEqual([
      `aws eks update-nodegroup-config --cluster-name platform-sandbox --nodegroup-name ${GEN} --scaling-config minSize=2,maxSize=2,desiredSize=2 --region us-east-1 --profile acme-sandbox`,
    ]);
  });

  it('checks that no dedicated instance is left once shared', () => {
    expect(transitionCommands(sandbox, sandbox.clusters[0], 'drain', 'shared').after).toEqual([
      "aws ec2 describe-instances --filters Name=tenancy,Values=dedicated Name=instance-state-name,Values=pending,running --query 'Reservations[].Instances[].InstanceId' --region us-east-1 --profile acme-sandbox   # expect: [] (then the per-region dedicated fee stops)",
    ]);
  });
});

describe('accountCost', () => {
  const at = (account: AccountConfig, phase: 'dedicated' | 'surge' | 'drain' | 'shared', hours?: number) => accountCost(account, () => phase, hours);

  it('prices a dedicated instance 10% above the shared rate', () => {
    expect([hourlyPrice('us-east-1', 'm6i.xlarge', 'default'), hourlyPrice('us-east-1', 'm6i.xlarge', 'dedicated')]).toEqual([0.192, 0.2112]);
  });

  it('adds the $2/hour region fee while dedicated instances run', () => {
    expect(at(production, 'dedicated')).toMatchObject({ instances: 1471.1, regionFee: 1460, total: 2931.1 });
  });

  it('drops the fee and the premium once shared', () => {
    expect(at(production, 'shared')).toMatchObject({ instances: 1337.36, regionFee: 0, total: 1337.36 });
  });

  it('pays for both generations during the surge', () => {
    expect(at(production, 'surge').total).toBe(4268.46);
  });

  it('takes hours per month as a parameter', () => {
    expect(at(production, 'dedicated', 720).regionFee).toBe(1440);
  });

  it('lists instance types it has no price for', () => {
    const account = structuredClone(production) as unknown as { region: string };
    account.region = 'eu-west-1';
    expect(at(account as AccountConfig, 'shared').missingPrices).toEqual(['m6i.xlarge in eu-west-1', 'c6i.2xlarge in eu-west-1']);
  });

  it('rejects a non-positive number of hours', () => {
    expect(() => at(production, 'shared', 0)).toThrow("accountCost: 'hoursPerMonth' must be a positive number, got 0.");
  });
});

describe('renderPlan', () => {
  const text = renderPlan(production);

  it('treats an account without tenancyMigration as dedicated and previews the surge', () => {
    expect(text).toContain("Next phase 'surge': set tenancyMigration: { strategy: 'blue-green', phase: 'surge', previousPhase: 'dedicated' }");
  });

  it('prints the cost of every phase against the applied one', () => {
    expect(text).toMatch(/shared\s+1,337\.36\s+0\.00\s+1,337\.36\s+-1,593\.74/);
  });

  it('prints every step with --all-phases', () => {
    expect(renderPlan(production, { allPhases: true })).toContain("Step 3 of 3: 'drain' -> 'shared'");
  });

  it('prints the configured transition when previousPhase differs from phase', () => {
    const account = withMigration(production, { strategy: 'blue-green', phase: 'drain', previousPhase: 'surge' });
    expect(renderPlan(account)).toContain('pulumi up (surge -> drain) will:');
  });
});

describe('npm run plan arguments', () => {
  it('reads --applied', () => {
    expect(parsePlanArgs(['production', '--applied', 'applied.json'])).toMatchObject({ account: 'production', appliedFile: 'applied.json' });
  });

  it('throws on --applied without a file', () => {
    expect(() => parsePlanArgs(['production', '--applied'])).toThrow("--applied needs the file of 'pulumi stack output nodeGroupGenerations --json'.");
  });

  it('throws naming the file when --applied is not JSON', () => {
    expect(() => readApplied('/nonexistent/applied.json')).toThrow("--applied /nonexistent/applied.json: cannot read it as JSON (");
  });

  it('throws when --applied holds no object', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plan-')), 'applied.json');
    writeFileSync(file, '[]');
    expect(() => readApplied(file)).toThrow(`--applied ${file}: must be the object 'pulumi stack output nodeGroupGenerations --json' prints`);
  });

  it('names the groups pulumi up would replace against the applied stack', () => {
    const changed = structuredClone(production) as Draft<AccountConfig>;
    changed.clusters[0].nodeGroups[0].instanceTypes = ['m6i.2xlarge'];
    const c = production.clusters[0];
    const applied = { [c.name]: Object.fromEntries(c.nodeGroups.map((g) => [g.name, { eksName: eksNameOf(c, g), forceNewInputs: clusterForceNewInputs(c, g) }])) };
    const text = renderPlan(changed as AccountConfig, { applied });
    expect(text.split('\n').filter((l) => l.includes('pulumi up replaces') || l.includes('+- replace'))).toEqual([
      '  Against the applied stack, pulumi up replaces:',
      `    +- replace node group general (EKS general-1ac9c5ee -> ${eksNameOf(changed.clusters[0] as ClusterConfig, changed.clusters[0].nodeGroups[0] as ClusterConfig['nodeGroups'][number])}; instance types m6i.xlarge -> m6i.2xlarge): the new group is created first, then the old one is drained and deleted`,
    ]);
  });

  it('reads the account, --all-phases and --hours', () => {
    expect(parsePlanArgs(['production', '--all-phases', '--hours=720'])).toEqual({ account: 'production', options: { allPhases: true, hoursPerMonth: 720 } });
  });

  it('rejects a missing account', () => {
    expect(() => parsePlanArgs([])).toThrow('no account given.\nusage: npm run plan -- <account>');
  });

  it('rejects an unknown option', () => {
    expect(() => parsePlanArgs(['production', '--fast'])).toThrow("unknown option '--fast'.");
  });

  it('rejects an unknown account, listing the known ones', () => {
    expect(() => planText(['staging'])).toThrow('Unknown account "staging": known accounts are sandbox, production.');
  });
});

describe('versionLine', () => {
  it('states the version, its support, the upgrade policy and how to upgrade', () => {
    expect(versionLine(prod, '2026-12-04')).toBe(
      '  Kubernetes 1.35: standard support until 2027-03-27; upgrade policy STANDARD (EKS upgrades the control plane itself when standard support ends). ' +
      'To upgrade: set version to the next minor and pulumi up (control plane first, then every node group rolls onto it, 33% at a time, PodDisruptionBudgets respected); one minor per pulumi up.',
    );
  });

  it('warns when the day is past the end of standard support', () => {
    expect(versionLine(prod, '2027-04-01')).toContain('PAST STANDARD SUPPORT TODAY: plan the upgrade now.');
  });
});
