/**
 * The synth as `npm run synth` runs it, from a V8 startup snapshot of stacks/synth-snapshot.ts
 * with the accounts bundled apart (stacks/account-modules.ts), writes the same bytes as the
 * synth in one process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { ACCOUNTS } from '../../stacks/accounts';
import { MANIFEST_FILE, synthAccounts } from '../../stacks/synth';

const ROOT = path.join(__dirname, '..', '..');
const OPTIONS = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, keepNames: true, logLevel: 'silent', tsconfig: path.join(ROOT, 'tsconfig.json') } as const;

describe('the synth from its V8 snapshot', () => {
  let dir: string;
  let blob: string;
  let accounts: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'eksp-synth-snapshot-'));
    const engine = path.join(dir, 'engine.cjs');
    accounts = path.join(dir, 'accounts.cjs');
    await build({ ...OPTIONS, entryPoints: [path.join(ROOT, 'stacks', 'synth-snapshot.ts')], outfile: engine });
    await build({ ...OPTIONS, entryPoints: [path.join(ROOT, 'stacks', 'account-modules.ts')], outfile: accounts });
    blob = path.join(dir, 'engine.blob');
    const built = spawnSync(process.execPath, ['--no-warnings', '--snapshot-blob', blob, '--build-snapshot', engine], { encoding: 'utf8' });
    expect({ status: built.status, stderr: built.stderr }).toEqual({ status: 0, stderr: '' });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Run the snapshot on an accounts bundle, checking the accounts folder `folder`. */
  function synth(outdir: string, bundle = accounts, folder = path.join(ROOT, 'stacks', 'accounts')) {
    return spawnSync(process.execPath, ['--snapshot-blob', blob, bundle, folder], { encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir } });
  }

  it('writes the YAML of both accounts byte for byte as the synth in one process does, and says so', () => {
    const out = path.join(dir, 'out');
    const files = Object.values(ACCOUNTS).flatMap((a) => a.clusters.map((c) => path.join(out, a.name, c.name, MANIFEST_FILE)));
    const lines = synthAccounts(Object.values(ACCOUNTS), out).map((r) => `${r.account}/${r.cluster}: ${r.objects} objects -> ${r.outdir}/\n`).join('');
    const direct = files.map((f) => readFileSync(f, 'utf8'));
    rmSync(out, { recursive: true, force: true });
    const r = synth(out);
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: lines, stderr: '' });
    expect(files.map((f) => readFileSync(f, 'utf8'))).toEqual(direct);
  });

  it('fails naming an account file that the accounts do not list, and writes nothing', () => {
    const folder = path.join(dir, 'accounts');
    mkdirSync(folder);
    for (const f of [...readdirSync(path.join(ROOT, 'stacks', 'accounts')), 'staging.ts']) writeFileSync(path.join(folder, f), '');
    const withStaging = path.join(dir, 'with-staging.cjs');
    writeFileSync(withStaging, `const real = require(${JSON.stringify(accounts)});
module.exports = { ACCOUNTS: real.ACCOUNTS, loadAccountFile: (f) => f === 'staging.ts' ? { staging: { ...real.ACCOUNTS.sandbox, name: 'staging' } } : real.loadAccountFile(f) };
`);
    const out = path.join(dir, 'unlisted');
    const r = synth(out, withStaging, folder);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: `synth: ${path.relative(process.cwd(), folder)}/staging.ts exports account 'staging' (export 'staging') that stacks/accounts/index.ts does not list: add it to ACCOUNTS there (or stop exporting it).\n` });
    expect(existsSync(out)).toBe(false);
  });
});
