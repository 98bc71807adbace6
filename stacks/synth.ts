/**
 * The synth entry: writes the Kubernetes YAML of every cluster of every account to
 * `<outdir>/<account>/<cluster>/` (outdir: `$CDK8S_OUTDIR`, set by `cdk8s synth`, else `dist`).
 *
 * Runs as compiled JS and imports no Pulumi package. Every account is validated first; any
 * problem stops the synth with all problems listed. `npm run synth` and `cdk8s synth` run the
 * same synth from a V8 startup snapshot (stacks/synth-snapshot.ts, tools/run-entry.js).
 */
import { ACCOUNTS, loadAccountFile } from './account-modules';
import { accountsDir, type AccountModuleLoader } from './account-files';
import { reportSynth, synthListedAccounts, type SynthResult } from './render';

export { MANIFEST_FILE, synthAccounts, toYamlStream, type SynthResult } from './render';

/**
 * What the entry does: check that every account file of `accountsDir` is listed, then synthesize
 * every listed account under `outdir`. Throws, writing nothing, on an unlisted account file.
 */
export function synthAll(outdir: string, accountsFolder = accountsDir(), load: AccountModuleLoader = loadAccountFile): SynthResult[] {
  return synthListedAccounts(outdir, ACCOUNTS, accountsFolder, load);
}

if (require.main === module) reportSynth(() => synthAll(process.env.CDK8S_OUTDIR ?? 'dist'));
