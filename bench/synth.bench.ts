/**
 * `npm run bench`: wall time and peak memory of synthesizing
 *   1. both shipped accounts with the bundled entry `build/synth.cjs`, cold (a fresh `node`
 *      each run, as `npm run synth` runs it), and the unbundled compiled entry for comparison,
 *   2. both accounts in one process (warm modules), and
 *   3. generated accounts of growing size, to show how cost grows.
 * Each measurement runs in its own child process so peak RSS is its own. Figures are printed;
 * nothing is asserted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

interface Sample { ms: number; rssMiB: number; objects: number }

const SIZES = [
  { nodeGroups: 5, identities: 30 },
  { nodeGroups: 50, identities: 300 },
  { nodeGroups: 200, identities: 1200 },
];

/** Child mode: run one scenario and print its sample as JSON. */
function child(scenario: string): void {
  const t0 = process.hrtime.bigint();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { synthAccounts } = require('../stacks/synth') as typeof import('../stacks/synth');
  const { ACCOUNTS } = require('../stacks/accounts') as typeof import('../stacks/accounts');
  const { largeAccount } = require('./large-account') as typeof import('./large-account');
  const out = mkdtempSync(path.join(tmpdir(), 'eksp-bench-'));
  let accounts = Object.values(ACCOUNTS);
  if (scenario.startsWith('large:')) {
    const [nodeGroups, identities] = scenario.slice(6).split('x').map(Number);
    accounts = [largeAccount({ nodeGroups, identities })];
  }
  const tLoaded = process.hrtime.bigint();
  const results = synthAccounts(accounts, out);
  const t1 = process.hrtime.bigint();
  rmSync(out, { recursive: true, force: true });
  const sample: Sample & { loadMs: number } = {
    ms: Number(t1 - tLoaded) / 1e6,
    loadMs: Number(tLoaded - t0) / 1e6,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    objects: results.reduce((n, r) => n + r.objects, 0),
  };
  process.stdout.write(JSON.stringify(sample));
}

function runChild(scenario: string): Sample & { loadMs: number } {
  return JSON.parse(execFileSync(process.execPath, [__filename, '--child', scenario], { encoding: 'utf8' }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  console.log(`node ${process.version}, ${runs} runs per figure (median)\n`);
  for (const entry of ['synth.cjs', 'stacks/synth.js']) {
    const file = path.join(__dirname, '..', entry);
    const walls: number[] = [];
    for (let i = 0; i < runs; i++) {
      const out = mkdtempSync(path.join(tmpdir(), 'eksp-bench-'));
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [file], { env: { ...process.env, CDK8S_OUTDIR: out }, encoding: 'utf8' });
      walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
      rmSync(out, { recursive: true, force: true });
      if (r.status !== 0) throw new Error(`synth entry ${entry} failed: ${r.stderr}`);
    }
    console.log(`cold entry node build/${entry}, both accounts: ${median(walls).toFixed(0)} ms wall (min ${Math.min(...walls).toFixed(0)}, max ${Math.max(...walls).toFixed(0)})`);
  }
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(`for scale, an empty node process: ${median(bare).toFixed(0)} ms wall`);

  const rows: string[][] = [['scenario', 'objects', 'module load ms', 'synth ms', 'peak RSS MiB']];
  const scenarios = ['accounts', ...SIZES.map((s) => `large:${s.nodeGroups}x${s.identities}`)];
  for (const scenario of scenarios) {
    const samples = Array.from({ length: runs }, () => runChild(scenario));
    const label = scenario === 'accounts' ? 'sandbox + production' : `${scenario.slice(6).replace('x', ' node groups, ')} identities`;
    rows.push([
      label,
      String(samples[0].objects),
      median(samples.map((s) => s.loadMs)).toFixed(0),
      median(samples.map((s) => s.ms)).toFixed(0),
      median(samples.map((s) => s.rssMiB)).toFixed(0),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log('');
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

if (process.argv[2] === '--child') child(process.argv[3]);
else main();
