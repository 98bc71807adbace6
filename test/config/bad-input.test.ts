/**
 * The bad-input suite: every case of `bad-input-cases.ts` is rejected by `validateAccount` with
 * its exact message, the chart refuses it with an AccountConfigError (never a raw TypeError),
 * and, for one case per section, the real synth entry exits non-zero and writes no file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { build } from 'esbuild';
import { AccountConfigError, validateAccount, type AccountConfig } from '../../lib/config';
import { PlatformChart } from '../../lib/platform/k8s-platform';
import { BAD_INPUT_CASES, baseAccount, type BadInputCase } from './bad-input-cases';

const ROOT = path.join(__dirname, '..', '..');
const SECTIONS = ['account', 'cluster', 'network', 'nodeGroups', 'tenancyMigration', 'identities', 'services', 'addons', 'loki', 'fluentBit', 'syslogNg', 'clusterAutoscaler', 'metrics', 'jenkins', 'argoWorkflows', 'tenants'];

function broken(c: BadInputCase): AccountConfig {
  const account = baseAccount();
  c.mutate(account);
  return account as AccountConfig;
}

const problemsOf = (account: AccountConfig) => validateAccount(account).map((p) => `${p.path}: ${p.message}`);
const table = BAD_INPUT_CASES.map((c) => [c.section, c.what, c] as const);

describe(`bad input: ${BAD_INPUT_CASES.length} invalid AccountConfigs`, () => {
  it('starts every case from a valid account', () => {
    expect(problemsOf(baseAccount() as AccountConfig)).toEqual([]);
  });

  it('has at least 60 cases covering every section', () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(60);
    expect(SECTIONS.filter((s) => !BAD_INPUT_CASES.some((c) => c.section === s))).toEqual([]);
  });

  it.each(table)('rejects %s: %s', (_section, _what, c) => {
    const problems = problemsOf(broken(c));
    expect(problems.filter((p) => p.includes(c.fragment))).toEqual([expect.stringContaining(c.fragment)]);
  });

  it.each(table)('refuses to render %s: %s, with an AccountConfigError', (_section, _what, c) => {
    let thrown: unknown;
    try {
      new PlatformChart(Testing.app(), 'platform', { account: broken(c), clusterName: 'platform-test' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AccountConfigError);
    expect((thrown as Error).message).toContain(c.fragment);
  });
});

describe('the synth entry on bad input', () => {
  let dir: string;
  let bundle: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'eksp-bad-input-'));
    bundle = path.join(dir, 'synth.cjs');
    // The real entry, with its accounts module swapped for one that reads EKSP_ACCOUNTS (JSON),
    // and account-file discovery (stacks/account-files.ts, tested on its own) told that the
    // swapped-in accounts are all there is.
    await build({
      entryPoints: [path.join(ROOT, 'stacks', 'synth.ts')], bundle: true, platform: 'node', outfile: bundle, logLevel: 'silent',
      plugins: [{
        name: 'accounts-from-env',
        setup(b) {
          b.onResolve({ filter: /^\.\/accounts$/ }, () => ({ path: 'accounts', namespace: 'env' }));
          b.onResolve({ filter: /^\.\/account-files$/ }, () => ({ path: 'account-files', namespace: 'env' }));
          b.onLoad({ filter: /^accounts$/, namespace: 'env' }, () => ({ contents: 'export const ACCOUNTS = JSON.parse(process.env.EKSP_ACCOUNTS);', loader: 'ts' }));
          b.onLoad({ filter: /^account-files$/, namespace: 'env' }, () => ({ contents: 'export const accountsDir = () => ""; export const unlistedAccountFiles = () => [];', loader: 'ts' }));
        },
      }],
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function synth(account: AccountConfig, name: string) {
    const outdir = path.join(dir, name);
    const run = spawnSync(process.execPath, [bundle], { env: { ...process.env, EKSP_ACCOUNTS: JSON.stringify({ [account.name]: account }), CDK8S_OUTDIR: outdir }, encoding: 'utf8' });
    const files = (() => { try { return readdirSync(outdir, { recursive: true }); } catch { return []; } })();
    return { status: run.status, stderr: run.stderr, files };
  }

  it('writes the manifests of a valid account (the harness sees writes)', () => {
    expect(synth(baseAccount() as AccountConfig, 'valid')).toMatchObject({ status: 0, files: expect.arrayContaining([path.join('test', 'platform-test', 'platform.k8s.yaml')]) });
  });

  const sample = SECTIONS.map((s) => BAD_INPUT_CASES.find((c) => c.section === s)!);
  it.each(sample.map((c) => [c.section, c.what, c] as const))('exits non-zero and writes no file for %s: %s', (section, _what, c) => {
    const result = synth(broken(c), `bad-${section}`);
    expect({ status: result.status, files: result.files }).toEqual({ status: 1, files: [] });
    expect(result.stderr).toContain(c.fragment);
    expect(result.stderr).not.toContain('TypeError');
  });
});
