/**
 * What the synth does with accounts it is given: validate them, render each cluster's chart and
 * write its YAML. Imports no account, so the synth's V8 startup snapshot (stacks/synth-snapshot.ts)
 * holds this module and the library loaded, and takes the accounts at run time.
 *
 * The YAML is written with js-yaml rather than cdk8s's `App.synth()` (which uses the `yaml`
 * package): same documents (a test parses them back to `chart.toJson()`), in about a third of
 * the time.
 */
import { ApiObject, App } from 'cdk8s';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { assertValidAccount, type AccountConfig } from '../lib/config';
import { PlatformChart } from '../lib/platform/k8s-platform';
import { toYaml } from '../lib/yaml';
import { unlistedAccountFiles, type AccountModuleLoader } from './account-files';

/** What one synth wrote. */
export interface SynthResult {
  readonly account: string;
  readonly cluster: string;
  readonly outdir: string;
  readonly objects: number;
}

/** File name of a cluster's manifests, as cdk8s names a chart's file. */
export const MANIFEST_FILE = 'platform.k8s.yaml';

/** Render objects as a multi-document YAML stream (one document per object). */
export function toYamlStream(objects: readonly unknown[]): string {
  return objects.map(toYaml).join('---\n');
}

/**
 * Synthesize every cluster of `accounts` under `outdir`. Each account's folder is emptied first
 * (as `cdk8s synth` empties its output), so a cluster removed from an account leaves no stale
 * manifests behind for GitOps to keep applying. Nothing is removed or written when any account
 * is invalid, or when two accounts share a name (they would share a folder).
 */
export function synthAccounts(accounts: readonly AccountConfig[], outdir: string): SynthResult[] {
  for (const account of accounts) assertValidAccount(account);
  const names = accounts.map((a) => a.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`synth: two accounts are named '${twice}'; each account needs its own name (it names its dist/ folder).`);
  const results: SynthResult[] = [];
  for (const account of accounts) {
    rmSync(path.join(outdir, account.name), { recursive: true, force: true });
    for (const cluster of account.clusters) {
      const dir = path.join(outdir, account.name, cluster.name);
      const chart = new PlatformChart(new App({ outdir: dir }), 'platform', { account, clusterName: cluster.name, skipValidation: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, MANIFEST_FILE), toYamlStream(chart.toJson()));
      results.push({ account: account.name, cluster: cluster.name, outdir: dir, objects: chart.node.findAll().filter((c) => c instanceof ApiObject).length });
    }
  }
  return results;
}

/**
 * Check that every account file of `accountsFolder` (loaded with `load`) is in `listed`, then
 * synthesize every listed account under `outdir`. Throws, writing nothing, on an unlisted file.
 */
export function synthListedAccounts(outdir: string, listed: Readonly<Record<string, AccountConfig>>, accountsFolder: string, load: AccountModuleLoader): SynthResult[] {
  const unlisted = unlistedAccountFiles(accountsFolder, listed, load);
  if (unlisted.length > 0) throw new Error(`synth: ${unlisted.join('\nsynth: ')}`);
  return synthAccounts(Object.values(listed), outdir);
}

/** An entry's main: run the synth, print one line per cluster written, or the error (exit code 1). */
export function reportSynth(synth: () => readonly SynthResult[]): void {
  try {
    for (const r of synth()) {
      console.log(`${r.account}/${r.cluster}: ${r.objects} objects -> ${r.outdir}/`);
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
