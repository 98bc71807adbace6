/**
 * The synth entry: writes the Kubernetes YAML of every cluster of every account to
 * `<outdir>/<account>/<cluster>/` (outdir: `$CDK8S_OUTDIR`, set by `cdk8s synth`, else `dist`).
 *
 * Runs as compiled JS (`npm run synth`, `cdk8s synth`) and imports no Pulumi package.
 * Every account is validated first; any problem stops the synth with all problems listed.
 */
import { ApiObject, App, YamlOutputType } from 'cdk8s';
import * as path from 'node:path';
import { assertValidAccount, type AccountConfig } from '../lib/config';
import { PlatformChart } from '../lib/platform/k8s-platform';
import { ACCOUNTS } from './accounts';

/** What one synth wrote. */
export interface SynthResult {
  readonly account: string;
  readonly cluster: string;
  readonly outdir: string;
  readonly objects: number;
}

/** Synthesize every cluster of `accounts` under `outdir`. */
export function synthAccounts(accounts: readonly AccountConfig[], outdir: string): SynthResult[] {
  for (const account of accounts) assertValidAccount(account);
  const results: SynthResult[] = [];
  for (const account of accounts) {
    for (const cluster of account.clusters) {
      const dir = path.join(outdir, account.name, cluster.name);
      const app = new App({ outdir: dir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
      const chart = new PlatformChart(app, 'platform', { account, clusterName: cluster.name, skipValidation: true });
      app.synth();
      results.push({ account: account.name, cluster: cluster.name, outdir: dir, objects: chart.node.findAll().filter((c) => c instanceof ApiObject).length });
    }
  }
  return results;
}

if (require.main === module) {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  try {
    for (const r of synthAccounts(Object.values(ACCOUNTS), outdir)) {
      console.log(`${r.account}/${r.cluster}: ${r.objects} objects -> ${r.outdir}/`);
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
