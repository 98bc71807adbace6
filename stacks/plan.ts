/**
 * `npm run plan -- <account> [--all-phases] [--hours <n>]`: the tenancy migration plan of an
 * account, without AWS or Pulumi (pure functions; loads neither SDK). For each cluster: the
 * node groups and tenancy of the configured phase, what `pulumi up` will change, the runbook
 * commands (kubectl cordon/drain by label selector), the capacity and subnet IP checks, and
 * the monthly cost of every phase. `--all-phases` also prints every step's changes and commands
 * and checks the rollback-and-retry paths; `--applied <file>` (the stack output
 * `nodeGroupGenerations`) names the node groups `pulumi up` would replace, and why.
 */
import { readFileSync } from 'node:fs';
import { assertValidAccount } from '../lib/config';
import { DEFAULT_HOURS_PER_MONTH } from '../lib/aws/tenancy/cost';
import { renderPlan, type RenderPlanOptions } from '../lib/aws/tenancy/render';
import { ACCOUNTS, getAccount } from './accounts';
import { adoptPlanFor } from './plan-adopt';
import { pulumiStackMismatches } from './account-files';

const USAGE = `usage: npm run plan -- <account> [--all-phases] [--hours <hours per month, default ${DEFAULT_HOURS_PER_MONTH}>] [--applied <file: pulumi stack output nodeGroupGenerations --json>] [--svg]\n       npm run plan -- <account> [--adopt] [--aws-auth <configmap.yaml>] [--observed <describe-cluster.json>] [--cluster <name>]\naccounts: ${Object.keys(ACCOUNTS).join(', ')}`;

/** Parsed command line. */
export interface PlanArgs {
  /** The account name. */
  readonly account: string;
  /** How to render the plan. */
  readonly options: RenderPlanOptions;
  /**
   * `--applied`: the JSON file of `pulumi stack output nodeGroupGenerations --json`.
   * @default - none
   */
  readonly appliedFile?: string;
}

/** Parse the arguments after `--`; throws with the usage on anything unexpected. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  let account: string | undefined;
  let allPhases = false;
  let hoursPerMonth = DEFAULT_HOURS_PER_MONTH;
  let appliedFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--all-phases') allPhases = true;
    else if (arg === '--applied') {
      appliedFile = argv[++i];
      if (appliedFile === undefined || appliedFile.startsWith('-')) throw new Error(`--applied needs the file of 'pulumi stack output nodeGroupGenerations --json'.\n${USAGE}`);
    }
    else if (arg === '--hours' || arg.startsWith('--hours=')) {
      const text = arg === '--hours' ? argv[++i] : arg.slice('--hours='.length);
      hoursPerMonth = Number(text);
      if (!(hoursPerMonth > 0 && hoursPerMonth <= 744)) throw new Error(`--hours must be a number of hours per month between 1 and 744, got '${text}'.\n${USAGE}`);
    } else if (arg.startsWith('-')) throw new Error(`unknown option '${arg}'.\n${USAGE}`);
    else if (account === undefined) account = arg;
    else throw new Error(`only one account at a time, got '${account}' and '${arg}'.\n${USAGE}`);
  }
  if (account === undefined) throw new Error(`no account given.\n${USAGE}`);
  return { account, options: { allPhases, hoursPerMonth }, ...(appliedFile !== undefined ? { appliedFile } : {}) };
}

/** The plan text for the command line `argv`. */
export function planText(argv: readonly string[]): string {
  const { account: name, options, appliedFile } = parsePlanArgs(argv);
  const account = getAccount(name);
  assertValidAccount(account);
  return renderPlan(account, appliedFile === undefined ? options : { ...options, applied: readApplied(appliedFile) });
}

/** The `nodeGroupGenerations` stack output saved in `file`; throws naming the file on anything else. */
export function readApplied(file: string): NonNullable<RenderPlanOptions['applied']> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`--applied ${file}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)}); write it with 'pulumi stack output nodeGroupGenerations --json > ${file}'.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--applied ${file}: must be the object 'pulumi stack output nodeGroupGenerations --json' prints ({ <cluster>: { <group>: { eksName, forceNewInputs } } }).`);
  }
  return parsed as NonNullable<RenderPlanOptions['applied']>;
}

if (require.main === module && process.argv.includes('--svg')) {
  void import('./diagram').then((d) => d.planSvgMain(process.argv.slice(2), parsePlanArgs)); // the migration as a picture
} else if (require.main === module) {
  try {
    // Adoption flags (--adopt, --aws-auth, --observed): see stacks/plan-adopt.ts. A refusal exits 2.
    const adoption = adoptPlanFor(process.argv.slice(2));
    if (adoption) {
      process.stdout.write(`${adoption.text}\n`);
      process.exit(adoption.refused ? 2 : 0);
    }
    for (const m of pulumiStackMismatches(process.cwd(), Object.keys(ACCOUNTS))) process.stderr.write(`warning: ${m}\n`);
    process.stdout.write(`${planText(process.argv.slice(2))}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
