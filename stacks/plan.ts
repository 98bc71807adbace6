/**
 * `npm run plan -- <account> [--all-phases] [--hours <n>]`: the tenancy migration plan of an
 * account, without AWS or Pulumi (pure functions; loads neither SDK). For each cluster: the
 * node groups and tenancy of the configured phase, what `pulumi up` will change, the runbook
 * commands (kubectl cordon/drain by label selector), the capacity and subnet IP checks, and
 * the monthly cost of every phase. `--all-phases` also prints every step's changes and commands.
 */
import { assertValidAccount } from '../lib/config';
import { DEFAULT_HOURS_PER_MONTH } from '../lib/aws/tenancy/cost';
import { renderPlan, type RenderPlanOptions } from '../lib/aws/tenancy/render';
import { ACCOUNTS, getAccount } from './accounts';
import { pulumiStackMismatches } from './account-files';

const USAGE = `usage: npm run plan -- <account> [--all-phases] [--hours <hours per month, default ${DEFAULT_HOURS_PER_MONTH}>]\naccounts: ${Object.keys(ACCOUNTS).join(', ')}`;

/** Parsed command line. */
export interface PlanArgs {
  /** The account name. */
  readonly account: string;
  /** How to render the plan. */
  readonly options: RenderPlanOptions;
}

/** Parse the arguments after `--`; throws with the usage on anything unexpected. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  let account: string | undefined;
  let allPhases = false;
  let hoursPerMonth = DEFAULT_HOURS_PER_MONTH;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--all-phases') allPhases = true;
    else if (arg === '--hours' || arg.startsWith('--hours=')) {
      const text = arg === '--hours' ? argv[++i] : arg.slice('--hours='.length);
      hoursPerMonth = Number(text);
      if (!(hoursPerMonth > 0 && hoursPerMonth <= 744)) throw new Error(`--hours must be a number of hours per month between 1 and 744, got '${text}'.\n${USAGE}`);
    } else if (arg.startsWith('-')) throw new Error(`unknown option '${arg}'.\n${USAGE}`);
    else if (account === undefined) account = arg;
    else throw new Error(`only one account at a time, got '${account}' and '${arg}'.\n${USAGE}`);
  }
  if (account === undefined) throw new Error(`no account given.\n${USAGE}`);
  return { account, options: { allPhases, hoursPerMonth } };
}

/** The plan text for the command line `argv`. */
export function planText(argv: readonly string[]): string {
  const { account: name, options } = parsePlanArgs(argv);
  const account = getAccount(name);
  assertValidAccount(account);
  return renderPlan(account, options);
}

if (require.main === module) {
  try {
    for (const m of pulumiStackMismatches(process.cwd(), Object.keys(ACCOUNTS))) process.stderr.write(`warning: ${m}\n`);
    process.stdout.write(`${planText(process.argv.slice(2))}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
