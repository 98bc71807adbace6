/**
 * tools/run-entry.js (npm run synth, cdk8s synth, npm run plan) on a tiny project: the entry runs
 * only when its graph type-checks, and a type error writes no YAML; the synth runs from a V8
 * snapshot of its engine when the project has one, built again only when the engine changes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const TOOL = path.join(__dirname, '..', '..', 'tools', 'run-entry.js');

function project(entry: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksp-run-entry-'));
  mkdirSync(path.join(dir, 'stacks'));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, types: [], lib: ['ES2022'] } }));
  utimesSync(path.join(dir, 'tsconfig.json'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  writeFileSync(path.join(dir, 'tsconfig.synth.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true, incremental: true, tsBuildInfoFile: 'build/synth.tsbuildinfo' }, files: ['stacks/synth.ts'] }));
  writeFileSync(path.join(dir, 'stacks', 'synth.ts'), `declare const require: (m: string) => any; declare const process: { env: Record<string, string> }; declare const console: { log(s: string): void };
const fs = require('node:fs');
${entry}
fs.mkdirSync(process.env.CDK8S_OUTDIR + '/acct', { recursive: true });
fs.writeFileSync(process.env.CDK8S_OUTDIR + '/acct/platform.k8s.yaml', 'kind: Namespace\\n');
console.log('acct: 1 objects -> ' + process.env.CDK8S_OUTDIR + '/acct/');
`);
  return dir;
}

describe('run-entry synth', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it.each([
    ['the type-check snapshot', {}],
    ['plain tsc', { EKS_PLATFORM_PLAIN_TSC: '1' }],
  ])('stops with tsc\'s message and writes no YAML on a type error in the synth graph (%s)', (_, extraEnv) => {
    const dir = project("const objects: number = 'three';");
    dirs.push(dir);
    const r = spawnSync(process.execPath, [TOOL, 'synth'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: '', ...extraEnv } });
    expect({ status: r.status, stderr: r.stderr }).toEqual({
      status: 1,
      stderr: expect.stringContaining("stacks/synth.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'."),
    });
    expect(r.stderr).toContain('synth: stopped by the type errors above; nothing was written.');
    expect(existsSync(path.join(dir, 'dist'))).toBe(false);
    const blobs = existsSync(path.join(dir, 'build', 'tsc-snapshot')) ? readdirSync(path.join(dir, 'build', 'tsc-snapshot')) : [];
    expect(blobs.filter((f) => f.endsWith('.blob'))).toHaveLength('EKS_PLATFORM_PLAIN_TSC' in extraEnv ? 0 : 1);
  }, 60_000);

  it('writes the YAML into dist and names dist, not its staging folder', () => {
    const dir = project('const objects: number = 3;');
    dirs.push(dir);
    const env = { ...process.env };
    delete env.CDK8S_OUTDIR;
    const r = spawnSync(process.execPath, [TOOL, 'synth'], { cwd: dir, encoding: 'utf8', env });
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: 'acct: 1 objects -> dist/acct/\n' });
    expect(readFileSync(path.join(dir, 'dist', 'acct', 'platform.k8s.yaml'), 'utf8')).toBe('kind: Namespace\n');
  }, 60_000);
});

/** Writes `text` into `file` when it differs, dated a minute ago (as an edit made before the synth). */
function edit(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  writeFileSync(file, text);
  const past = new Date(Date.now() - 60_000);
  utimesSync(file, past, past);
}

/** Adds a snapshot engine (stacks/synth-snapshot.ts) and its accounts module to a tiny project. */
function withEngine(dir: string, engine: string, account: string): void {
  edit(path.join(dir, 'stacks', 'account-modules.ts'), `export const ACCOUNTS = { acct: ${JSON.stringify(account)} };\n`);
  edit(path.join(dir, 'stacks', 'synth-snapshot.ts'), `declare const require: (m: string) => any; declare const process: any; declare const console: { log(s: string): void };
const v8 = require('node:v8');
if (v8.startupSnapshot.isBuildingSnapshot()) v8.startupSnapshot.setDeserializeMainFunction(() => {
  const fs = require('node:fs');
  const file = require('node:path').resolve(process.argv[1]);
  const { ACCOUNTS } = require('node:module').createRequire(file)(file);
  fs.mkdirSync(process.env.CDK8S_OUTDIR + '/acct', { recursive: true });
  fs.writeFileSync(process.env.CDK8S_OUTDIR + '/acct/platform.k8s.yaml', 'engine: ${engine}\\naccount: ' + ACCOUNTS.acct + '\\n');
  console.log('acct: 1 objects -> ' + process.env.CDK8S_OUTDIR + '/acct/');
});
`);
}

describe('run-entry synth from a V8 snapshot', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function synth(dir: string, extraEnv: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [TOOL, 'synth'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: 'dist', EKS_PLATFORM_PLAIN_TSC: '1', ...extraEnv } });
    const snapshots = path.join(dir, 'build', 'synth-snapshot');
    return {
      status: r.status,
      stderr: r.stderr,
      yaml: existsSync(path.join(dir, 'dist', 'acct', 'platform.k8s.yaml')) ? readFileSync(path.join(dir, 'dist', 'acct', 'platform.k8s.yaml'), 'utf8') : undefined,
      blobs: existsSync(snapshots) ? readdirSync(snapshots) : [],
    };
  }

  it('builds the snapshot once, keeps it when an account changes, and builds a new one when the engine changes', () => {
    const dir = project('const objects: number = 3;');
    dirs.push(dir);
    withEngine(dir, 'one', 'first');
    const first = synth(dir);
    expect(first).toEqual({ status: 0, stderr: '', yaml: 'engine: one\naccount: first\n', blobs: [expect.stringMatching(/^[0-9a-f]{16}\.blob$/)] });
    const engineBundle = path.join(dir, 'build', 'synth-snapshot.cjs');
    const bundled = statSync(engineBundle).mtimeMs;
    withEngine(dir, 'one', 'second');
    expect(synth(dir)).toEqual({ status: 0, stderr: '', yaml: 'engine: one\naccount: second\n', blobs: first.blobs });
    expect(statSync(engineBundle).mtimeMs).toBe(bundled);
    withEngine(dir, 'two', 'second');
    const third = synth(dir);
    expect(third).toEqual({ status: 0, stderr: '', yaml: 'engine: two\naccount: second\n', blobs: [expect.stringMatching(/^[0-9a-f]{16}\.blob$/)] });
    expect(third.blobs).not.toEqual(first.blobs);
  }, 60_000);

  it('builds the snapshot again for other V8 flags in NODE_OPTIONS, which node needs to load it', () => {
    const dir = project('const objects: number = 3;');
    dirs.push(dir);
    withEngine(dir, 'one', 'first');
    const plain = synth(dir);
    const flagged = synth(dir, { NODE_OPTIONS: '--max-old-space-size=1000' });
    expect(flagged).toEqual({ status: 0, stderr: '', yaml: 'engine: one\naccount: first\n', blobs: [expect.stringMatching(/^[0-9a-f]{16}\.blob$/)] });
    expect(flagged.blobs).not.toEqual(plain.blobs);
  }, 60_000);

  it('keeps the snapshot when NODE_OPTIONS only adds a preload, which does not run while it is built', () => {
    const dir = project('const objects: number = 3;');
    dirs.push(dir);
    withEngine(dir, 'one', 'first');
    writeFileSync(path.join(dir, 'preload.js'), '');
    const plain = synth(dir);
    expect(synth(dir, { NODE_OPTIONS: `--require ${path.join(dir, 'preload.js')}` })).toEqual({ ...plain, blobs: plain.blobs });
  }, 60_000);

  it('runs the plain bundle instead with EKS_PLATFORM_NO_SNAPSHOT', () => {
    const dir = project('const objects: number = 3;');
    dirs.push(dir);
    withEngine(dir, 'one', 'first');
    expect(synth(dir, { EKS_PLATFORM_NO_SNAPSHOT: '1' })).toEqual({ status: 0, stderr: '', yaml: 'kind: Namespace\n', blobs: [] });
  }, 60_000);
});
