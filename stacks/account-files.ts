/**
 * Accounts are discovered, not only listed: every file of `stacks/accounts/` that exports an
 * AccountConfig must be in `ACCOUNTS` (stacks/accounts/index.ts), or the synth fails naming
 * the file; and every account needs its Pulumi stack file, every stack file its account.
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { isRecord } from '../lib/config/problems';
import type { AccountConfig } from '../lib/config';

/** Loads the module of one file of the accounts folder, by its file name (`staging.ts`). */
export type AccountModuleLoader = (base: string) => Readonly<Record<string, unknown>>;

function looksLikeAccount(value: unknown): value is AccountConfig {
  return isRecord(value) && typeof value.name === 'string' && typeof value.accountId === 'string' && Array.isArray(value.clusters);
}

/**
 * The accounts folder: `accounts/` beside this module (sources, or tsc's build/stacks/), else
 * `../stacks/accounts` (the bundled entry runs from build/).
 */
export function accountsDir(): string {
  const beside = path.join(__dirname, 'accounts');
  return existsSync(beside) ? beside : path.join(__dirname, '..', 'stacks', 'accounts');
}

/**
 * One message per file of `dir` (`*.ts`, or `*.js` when compiled, other than `index`) that exports an AccountConfig
 * missing from `listed` (each file loaded with `load`, as stacks/account-modules.ts loads one), naming the file and
 * the fix; empty when every account is listed.
 */
export function unlistedAccountFiles(dir: string, listed: Readonly<Record<string, AccountConfig>>, load: AccountModuleLoader): string[] {
  const known = new Set<unknown>(Object.values(listed));
  const messages: string[] = [];
  for (const file of readdirSync(dir).sort()) {
    const base = /^(.+)\.(ts|js)$/.exec(file)?.[1];
    if (base === undefined || base.endsWith('.d') || base === 'index') continue;
    const exported = Object.entries(load(file)).filter(([, v]) => looksLikeAccount(v) && !known.has(v));
    for (const [exportName, account] of exported) {
      messages.push(`${path.join(path.relative(process.cwd(), dir) || '.', file)} exports account '${(account as AccountConfig).name}' (export '${exportName}') that stacks/accounts/index.ts does not list: add it to ACCOUNTS there (or stop exporting it).`);
    }
  }
  return messages;
}

/**
 * Mismatches between the accounts and the Pulumi stack files of `root` (`Pulumi.<stack>.yaml`):
 * an account without its stack file, a stack file without its account. Each message says the fix.
 */
export function pulumiStackMismatches(root: string, accountNames: readonly string[]): string[] {
  const stacks = readdirSync(root).map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined).sort();
  return [
    ...accountNames.filter((a) => !stacks.includes(a)).map((a) => `account '${a}' has no Pulumi.${a}.yaml: create it (pulumi stack init ${a}) with aws:region, aws:profile and aws:allowedAccountIds of the account, as Pulumi.sandbox.yaml does.`),
    ...stacks.filter((s) => !accountNames.includes(s)).map((s) => `Pulumi.${s}.yaml is a stack without an account: add stacks/accounts/${s}.ts and list it in stacks/accounts/index.ts, or remove the stack (pulumi stack rm ${s}) and its file.`),
  ];
}
