/**
 * The synth entry as a V8 startup snapshot: the library, cdk8s and cdk8s-plus-27 already loaded
 * (about a seventh of a synth is loading and compiling them), the accounts loaded at run time from
 * their own bundle (stacks/account-modules.ts), so an edited account needs no new snapshot.
 *
 *   node --snapshot-blob <blob> --build-snapshot build/synth-snapshot.cjs          (build)
 *   node --snapshot-blob <blob> build/synth-accounts.cjs [<accounts folder>]        (synth)
 *
 * tools/run-entry.js bundles both, builds the blob when it has none for this bundle and node, and
 * runs it; the YAML is the same as stacks/synth.ts writes (a test compares them byte for byte).
 * Nothing here may read the environment, the time or the accounts while the snapshot is built.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type * as AccountModules from './account-modules';
import { accountsDir } from './account-files';
import { reportSynth, synthListedAccounts } from './render';

/** The synth from the snapshot: argv[1] is the accounts bundle, argv[2] the accounts folder (default: as stacks/synth.ts finds it). */
function main(): void {
  const [bundle, folder] = process.argv.slice(1);
  if (!bundle) {
    console.error('usage: node --snapshot-blob <blob> <accounts bundle> [<accounts folder>]');
    process.exitCode = 2;
    return;
  }
  const file = path.resolve(bundle);
  const { ACCOUNTS, loadAccountFile } = createRequire(file)(file) as typeof AccountModules;
  reportSynth(() => synthListedAccounts(process.env.CDK8S_OUTDIR ?? 'dist', ACCOUNTS, folder ? path.resolve(folder) : accountsDir(), loadAccountFile));
}

if (v8.startupSnapshot?.isBuildingSnapshot()) v8.startupSnapshot.setDeserializeMainFunction(main);
