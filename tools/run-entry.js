#!/usr/bin/env node
/**
 * `npm run synth`, `cdk8s synth` and `npm run plan`: run one entry of stacks/ straight from the
 * TypeScript sources, type-checking only the code that entry runs.
 *
 *   node tools/run-entry.js synth             writes $CDK8S_OUTDIR (default dist)/<account>/...
 *   node tools/run-entry.js plan -- <args>    prints the plan
 *
 * Two things run side by side:
 *   - tsc checks the entry's import graph only (tsconfig.<entry>.json: the entry, what it imports,
 *     @types/node; incremental, its state in build/tsbuildinfo/), and
 *   - esbuild bundles the entry from the sources into build/<entry>.cjs and node runs it, its
 *     output held back (the synth writes into a staging folder).
 * The synth runs from a V8 startup snapshot instead (`node --build-snapshot`; see
 * stacks/synth-snapshot.ts): esbuild bundles the engine (the library, no account) into
 * build/synth-snapshot.cjs and the accounts into build/synth-accounts.cjs; the snapshot of the
 * engine is built into build/synth-snapshot/ when there is none for this engine bundle, this node
 * and this folder (about 0.4 s, after a library change; an account edit needs none), and node
 * runs it on the accounts bundle. EKS_PLATFORM_NO_SNAPSHOT=1, or a snapshot that cannot be
 * built, runs build/synth.cjs as above.
 * The output is released only when the check passed. A type error prints tsc's message, exits 1
 * and writes no YAML. The whole project is type-checked by `npm run typecheck` and `npm test`.
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** The project: where npm and cdk8s run the entry. */
const ROOT = process.cwd();
const ENTRIES = { synth: 'stacks/synth.ts', plan: 'stacks/plan.ts' };
/**
 * Entries that run from a V8 startup snapshot of their engine when the project has the engine's
 * source: the engine (everything but the accounts) and the accounts are bundled apart.
 */
const SNAPSHOTS = { synth: { engine: 'stacks/synth-snapshot.ts', accounts: 'stacks/account-modules.ts' } };

/** Run a command; resolves with its exit code and what it printed. */
function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (e) => resolve({ code: 1, stdout: '', stderr: `${command}: ${e.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

/**
 * NODE_OPTIONS without its preloads (`--require`, `-r`, `--import` and their files), which do not
 * run while a snapshot is built: node loads a snapshot only with the V8 flags it was built with,
 * so each snapshot is keyed by these (the build and the run both inherit NODE_OPTIONS).
 */
function nodeFlags() {
  const words = (process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  const flags = [];
  for (let i = 0; i < words.length; i++) {
    if (/^(--require|-r|--import)$/.test(words[i])) i++;
    else if (!/^(--require|--import)=/.test(words[i])) flags.push(words[i]);
  }
  return flags.join(' ');
}

/**
 * The V8 startup snapshot of tools/tsc-snapshot.js (TypeScript loaded, node_modules declarations
 * parsed) for this node, these dependencies and these tsconfigs, built when missing; undefined
 * when it cannot be built (then plain tsc runs).
 */
function snapshotBlob() {
  try {
    const typescript = require.resolve('typescript');
    const configs = Object.keys(ENTRIES).map((n) => `tsconfig.${n}.json`).filter((c) => fs.existsSync(path.join(ROOT, c)));
    const lock = path.join(ROOT, 'package-lock.json');
    const key = require('node:crypto').createHash('sha256')
      .update(`${process.version}\0${nodeFlags()}\0${typescript}\0${require('typescript/package.json').version}\0`)
      .update(fs.readFileSync(path.join(__dirname, 'tsc-snapshot.js')))
      .update(fs.existsSync(lock) ? fs.readFileSync(lock) : '')
      .update(['tsconfig.json', ...configs].map((c) => (fs.existsSync(path.join(ROOT, c)) ? fs.readFileSync(path.join(ROOT, c), 'utf8') : '')).join('\0'))
      .digest('hex').slice(0, 16);
    const dir = path.join(ROOT, 'build', 'tsc-snapshot');
    const blob = path.join(dir, `${key}.blob`);
    if (fs.existsSync(blob)) return blob;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${blob}.${process.pid}`;
    const r = require('node:child_process').spawnSync(process.execPath, ['--no-warnings', '--snapshot-blob', partial, '--build-snapshot', path.join(__dirname, 'tsc-snapshot.js'), ...configs], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, EKS_PLATFORM_TYPESCRIPT: typescript },
    });
    if (r.status !== 0) {
      fs.rmSync(partial, { force: true });
      return undefined;
    }
    fs.renameSync(partial, blob);
    return blob;
  } catch {
    return undefined; // plain tsc
  }
}

/**
 * Type-check the entry's graph (tsc -p tsconfig.<entry>.json); resolves with tsc's result. A
 * snapshot node cannot load (built with other V8 flags) is removed and plain tsc runs.
 */
async function typecheck(name) {
  const config = path.join(ROOT, `tsconfig.${name}.json`);
  const blob = process.env.EKS_PLATFORM_PLAIN_TSC ? undefined : snapshotBlob();
  const checked = blob && await run(process.execPath, ['--snapshot-blob', blob, config]);
  if (checked && !(checked.code !== 0 && /Failed to load the startup snapshot/.test(checked.stderr))) return checked;
  if (checked) fs.rmSync(blob, { force: true });
  return run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', config]);
}

/** Bundle the entry with esbuild (node 20, CommonJS, one file); resolves with the bundle's path. */
function bundle(name) {
  return bundleFile(ENTRIES[name], `${name}.cjs`);
}

/**
 * Bundle `source` (relative to the project) into build/`out`; resolves with the bundle's path, and
 * esbuild's metafile when `extra` asks for it.
 */
async function bundleFile(source, out, extra = {}) {
  const outfile = path.join(ROOT, 'build', out);
  const result = await require('esbuild').build({
    ...extra,
    entryPoints: [path.join(ROOT, source)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    keepNames: true,
    logLevel: 'warning',
    outfile,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
  });
  return extra.metafile ? { outfile, metafile: result.metafile } : outfile;
}

/**
 * Bundle `source` into build/`out` as bundleFile does, unless the last bundle is still current:
 * build/`out`.inputs.json records every file esbuild read for it (size and modification time, as
 * tsc's incremental check compares them), tsconfig.json, esbuild's version and this tool's; when
 * none changed, the bundle is reused. So an account edit costs no new engine bundle.
 */
async function bundleFileOnce(source, out) {
  const outfile = path.join(ROOT, 'build', out);
  const stampFile = `${outfile}.inputs.json`;
  const tool = require('node:crypto').createHash('sha256').update(`${require('esbuild/package.json').version}\0`).update(fs.readFileSync(__filename)).digest('hex');
  const same = (file, [size, mtimeMs]) => {
    const st = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
    return st !== undefined && st.size === size && st.mtimeMs === mtimeMs;
  };
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    if (stamp.tool === tool && fs.existsSync(outfile) && Object.entries(stamp.inputs).every(([file, s]) => same(file, s))) return outfile;
  } catch {
    // no stamp, or an unreadable one: bundle
  }
  fs.rmSync(stampFile, { force: true });
  const started = Date.now();
  const { metafile } = await bundleFile(source, out, { metafile: true });
  const inputs = {};
  for (const file of [...Object.keys(metafile.inputs), 'tsconfig.json']) {
    const st = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
    if (st) inputs[file] = [st.size, st.mtimeMs];
    // A file changed while esbuild read it may be in the bundle as it was: no stamp, bundle next time.
    if (st && st.mtimeMs >= started - 1000) return outfile;
  }
  fs.writeFileSync(stampFile, JSON.stringify({ tool, inputs }));
  return outfile;
}

/**
 * The V8 startup snapshot of the bundle `engine`, built when missing:
 * build/<name>-snapshot/<key>.blob, keyed by node (version and path), its V8 flags (nodeFlags),
 * the project's folder (the bundle's own path is in the snapshot) and the bundle's text. Resolves
 * undefined, saying why on stderr, when it cannot be built.
 */
async function engineSnapshot(name, engine) {
  const key = require('node:crypto').createHash('sha256')
    .update(`${process.version}\0${process.execPath}\0${nodeFlags()}\0${ROOT}\0`)
    .update(fs.readFileSync(engine))
    .digest('hex').slice(0, 16);
  const dir = path.join(ROOT, 'build', `${name}-snapshot`);
  const blob = path.join(dir, `${key}.blob`);
  if (fs.existsSync(blob)) return blob;
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${blob}.${process.pid}`;
  const built = await run(process.execPath, ['--no-warnings', '--snapshot-blob', partial, '--build-snapshot', engine]);
  if (built.code !== 0) {
    fs.rmSync(partial, { force: true });
    process.stderr.write(`${name}: no V8 snapshot of ${path.relative(ROOT, engine)} (${(built.stderr.trim().split('\n').pop() || `exit code ${built.code}`)}); running ${name}.cjs instead.\n`);
    return undefined;
  }
  fs.renameSync(partial, blob);
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.blob') && f !== path.basename(blob)) fs.rmSync(path.join(dir, f), { force: true });
  return blob;
}

/**
 * Run entry `name` with `args` and `env`: from the snapshot of its engine where it has one
 * (SNAPSHOTS), else its plain bundle. Resolves with the run's result.
 */
async function runEntry(name, args, env) {
  const snapshot = process.env.EKS_PLATFORM_NO_SNAPSHOT ? undefined : SNAPSHOTS[name];
  if (snapshot && fs.existsSync(path.join(ROOT, snapshot.engine))) {
    const [engine, accounts] = await Promise.all([bundleFileOnce(snapshot.engine, `${name}-snapshot.cjs`), bundleFile(snapshot.accounts, `${name}-accounts.cjs`)]);
    const blob = await engineSnapshot(name, engine);
    const result = blob && await run(process.execPath, ['--snapshot-blob', blob, accounts, ...args], env);
    if (result && !(result.code !== 0 && /Failed to load the startup snapshot/.test(result.stderr))) return result;
    if (result) {
      fs.rmSync(blob, { force: true });
      process.stderr.write(`${name}: node could not load ${path.relative(ROOT, blob)} (${result.stderr.trim().split('\n')[0]}); running ${name}.cjs instead.\n`);
    }
  }
  return run(process.execPath, [await bundle(name), ...args], env);
}

/** Move every account folder of `staging` into `outdir`, replacing the folder there. */
function publish(staging, outdir) {
  for (const account of fs.readdirSync(staging)) {
    fs.rmSync(path.join(outdir, account), { recursive: true, force: true });
    fs.renameSync(path.join(staging, account), path.join(outdir, account));
  }
}

async function main() {
  const name = process.argv[2];
  if (!Object.prototype.hasOwnProperty.call(ENTRIES, name)) {
    process.stderr.write(`usage: node tools/run-entry.js <${Object.keys(ENTRIES).join('|')}> [-- args]\n`);
    return 2;
  }
  const args = process.argv.slice(3).filter((a, i) => !(i === 0 && a === '--'));
  const outdir = path.resolve(ROOT, process.env.CDK8S_OUTDIR || 'dist');
  const staging = name === 'synth' ? fs.mkdtempSync(path.join(path.dirname(outdir), `.${path.basename(outdir)}-staging-`)) : undefined;
  try {
    const checked = typecheck(name);
    const ran = runEntry(name, args, { ...process.env, ...(staging ? { CDK8S_OUTDIR: staging } : {}) })
      .catch((e) => ({ code: 1, stdout: '', stderr: `${e.errors ? 'esbuild' : name}: ${e.message}\n` }));
    const tsc = await checked;
    if (tsc.code !== 0) {
      process.stderr.write(`${tsc.stdout}${tsc.stderr}${name}: stopped by the type errors above; nothing was written.\n`);
      return 1;
    }
    const result = await ran;
    if (result.code !== 0) {
      process.stderr.write(result.stderr);
      process.stdout.write(result.stdout);
      return result.code;
    }
    if (staging) {
      fs.mkdirSync(outdir, { recursive: true });
      publish(staging, outdir);
      process.stdout.write(result.stdout.split(staging).join(path.relative(ROOT, outdir) || '.'));
    } else {
      process.stdout.write(result.stdout);
    }
    process.stderr.write(result.stderr);
    return 0;
  } finally {
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`${e.stack ?? e}\n`); process.exitCode = 1; });
