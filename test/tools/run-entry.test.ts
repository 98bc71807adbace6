/**
 * tools/run-entry.js (npm run synth, cdk8s synth, npm run plan) on a tiny project: the entry runs
 * only when its graph type-checks, and a type error writes no YAML.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const TOOL = path.join(__dirname, '..', '..', 'tools', 'run-entry.js');

function project(entry: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksp-run-entry-'));
  mkdirSync(path.join(dir, 'stacks'));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, types: [], lib: ['ES2022'] } }));
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
