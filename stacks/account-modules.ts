/**
 * Everything the synth takes from `stacks/accounts/`: the listed accounts, and a loader for any
 * file of the folder (to find account files that are not listed). `tools/run-entry.js` bundles
 * this module on its own, so the synth's V8 startup snapshot, which holds the library, need not
 * be built again when only an account changes.
 */
import type { AccountModuleLoader } from './account-files';

export { ACCOUNTS } from './accounts';

/**
 * Loads `./accounts/<file>`. esbuild bundles every file of the folder for this pattern, so the
 * bundled synth can load a file it was not told about.
 */
export const loadAccountFile: AccountModuleLoader = (file) => require(`./accounts/${file}`) as Record<string, unknown>;
