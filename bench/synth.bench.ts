/**
 * `npm run bench`: wall time and peak memory of
 *   1. `npm run synth` after editing an account file (the everyday loop: type-check of the synth
 *      graph, esbuild bundle, synth of both accounts), as whole processes;
 *   2. the synth entry alone, both accounts, cold: as `npm run synth` runs it (from the V8
 *      startup snapshot of stacks/synth-snapshot.ts, on the accounts bundle), and without the
 *      snapshot (`node build/synth.cjs`); and an empty `node` process for the floor;
 *   3. both accounts in one process (warm modules), and generated accounts of growing size.
 * Each figure is the median of BENCH_RUNS (default 5) runs. Peak memory is read by a hook that
 * every node process of a run loads (NODE_OPTIONS): the largest process, and the sum of all of
 * them (an upper bound of what is resident at once). esbuild's own Go process is not counted.
 * Figures are printed; nothing is asserted. `npm run bench` bundles this file with esbuild
 * (`require.main` defined as null, so the bundled stacks/synth.ts does not run its own main).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

interface Sample { ms: number; rssMiB: number; objects: number }

const ROOT = path.join(__dirname, '..');
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

function range(xs: number[]): string {
  return `median ${median(xs).toFixed(0)} (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
}

/** A script every node process of a measured run loads: appends its own peak RSS (KiB) to a file. */
function rssHook(dir: string): { hook: string; log: string } {
  const hook = path.join(dir, 'rss-hook.js');
  const log = path.join(dir, 'rss.log');
  writeFileSync(hook, `process.on('exit', () => { const u = process.resourceUsage(); require('fs').appendFileSync(${JSON.stringify(log)}, u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) / 1000 + '\\n'); });\n`);
  return { hook, log };
}

/**
 * Run a command `runs` times as a whole process: wall ms, largest and summed peak RSS (MiB) of its
 * node processes, and their CPU ms (user + system; a figure the machine's other load barely moves).
 */
function measure(command: string, args: string[], runs: number, before: (i: number) => void, env: NodeJS.ProcessEnv = {}): { walls: number[]; largest: number[]; summed: number[]; cpu: number[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'eksp-bench-rss-'));
  const { hook, log } = rssHook(dir);
  const result = { walls: [] as number[], largest: [] as number[], summed: [] as number[], cpu: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      before(i);
      writeFileSync(log, '');
      const t0 = process.hrtime.bigint();
      const r = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env, NODE_OPTIONS: `--require ${hook}` }, encoding: 'utf8' });
      result.walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
      const rows = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ').map(Number));
      const kib = rows.map((r) => r[0]);
      result.cpu.push(rows.reduce((a, r) => a + r[1], 0));
      result.largest.push(Math.max(...kib) / 1024);
      result.summed.push(kib.reduce((a, b) => a + b, 0) / 1024);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

function main(): void {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  console.log(`node ${process.version}, ${runs} runs per figure (median); load average ${require('node:os').loadavg().map((l: number) => l.toFixed(1)).join(' ')}\n`);

  // 1. The everyday loop: edit an account file, npm run synth.
  const accountFile = path.join(ROOT, 'stacks', 'accounts', 'sandbox.ts');
  const original = readFileSync(accountFile, 'utf8');
  const out = mkdtempSync(path.join(tmpdir(), 'eksp-bench-dist-'));
  let loop;
  try {
    measure('npm', ['run', '--silent', 'synth'], 1, () => undefined, { CDK8S_OUTDIR: out }); // warm the incremental state
    loop = measure('npm', ['run', '--silent', 'synth'], runs, (i) => appendFileSync(accountFile, `// bench edit ${i}\n`), { CDK8S_OUTDIR: out });
  } finally {
    writeFileSync(accountFile, original);
    rmSync(out, { recursive: true, force: true });
  }
  console.log(`npm run synth after editing an account file, both accounts: ${range(loop.walls)} ms wall, ${median(loop.cpu).toFixed(0)} ms CPU; ` +
    `peak RSS ${median(loop.largest).toFixed(0)} MiB largest process, ${median(loop.summed).toFixed(0)} MiB all node processes summed`);

  // 2. The entry alone: as npm run synth runs it (the snapshot the loop above built, on the
  // accounts bundle), then without the snapshot (build/synth.cjs, which npm run synth bundles
  // with EKS_PLATFORM_NO_SNAPSHOT); and the floor.
  const blobs = readdirSync(path.join(ROOT, 'build', 'synth-snapshot')).filter((f) => f.endsWith('.blob'));
  if (blobs.length !== 1) throw new Error(`expected one snapshot in build/synth-snapshot after npm run synth, found ${blobs.join(', ') || 'none'}`);
  const entryOut = mkdtempSync(path.join(tmpdir(), 'eksp-bench-dist-'));
  const snapshot = path.join('build', 'synth-snapshot', blobs[0]);
  const fromSnapshot = measure(process.execPath, ['--snapshot-blob', snapshot, path.join('build', 'synth-accounts.cjs')], runs, () => undefined, { CDK8S_OUTDIR: entryOut });
  console.log(`synth entry as npm run synth runs it (node --snapshot-blob ${snapshot} build/synth-accounts.cjs), both accounts: ${range(fromSnapshot.walls)} ms wall, ` +
    `${median(fromSnapshot.cpu).toFixed(0)} ms CPU; peak RSS ${median(fromSnapshot.largest).toFixed(0)} MiB`);
  measure('npm', ['run', '--silent', 'synth'], 1, () => undefined, { CDK8S_OUTDIR: entryOut, EKS_PLATFORM_NO_SNAPSHOT: '1' }); // writes build/synth.cjs
  const entry = measure(process.execPath, [path.join(ROOT, 'build', 'synth.cjs')], runs, () => undefined, { CDK8S_OUTDIR: entryOut });
  rmSync(entryOut, { recursive: true, force: true });
  console.log(`synth entry without the snapshot (node build/synth.cjs), both accounts: ${range(entry.walls)} ms wall, ${median(entry.cpu).toFixed(0)} ms CPU; peak RSS ${median(entry.largest).toFixed(0)} MiB`);
  const bare = measure(process.execPath, ['-e', '0'], runs, () => undefined);
  console.log(`floor, an empty node process: ${range(bare.walls)} ms wall, ${median(bare.cpu).toFixed(0)} ms CPU; peak RSS ${median(bare.largest).toFixed(0)} MiB`);

  // 3. In one process, and growing accounts.
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
