/**
 * The peer dependency ranges of package.json (cdk8s, cdk8s-plus-27, constructs) are proven: the
 * packed package is installed from its tarball into a fresh project beside the lowest, then the
 * highest, version of each range from the npm registry; the examples compile there against the
 * built .d.ts and synthesize. Needs the registry: without it the suite reports itself skipped
 * with the reason, except under CI=true, where it fails.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..');
const PEERS = ['cdk8s', 'cdk8s-plus-27', 'constructs'] as const;
const ranges: Record<string, string> = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).peerDependencies;
const run = promisify(execFile);

/** Versions of `name` on the registry matching `range`, oldest first; undefined when unreachable. */
function versionsOf(name: string, range: string): string[] | undefined {
  const r = spawnSync('npm', ['view', `${name}@${range}`, 'version', '--json'], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) return undefined;
  const parsed: unknown = JSON.parse(r.stdout);
  return Array.isArray(parsed) ? parsed : [parsed as string];
}

const found = Object.fromEntries(PEERS.map((p) => [p, versionsOf(p, ranges[p])]));
const offline = PEERS.filter((p) => found[p] === undefined);
if (offline.length > 0 && process.env.CI === 'true') {
  throw new Error(`peer-deps: the npm registry did not answer for ${offline.join(', ')}; CI needs it to prove the peer ranges.`);
}
if (offline.length > 0) console.warn(`peer-deps: skipped: the npm registry did not answer for ${offline.join(', ')} (runs in CI).`);
const describeOnline = offline.length > 0 ? describe.skip : describe;

const sets = {
  lowest: Object.fromEntries(PEERS.map((p) => [p, found[p]?.[0]])),
  highest: Object.fromEntries(PEERS.map((p) => [p, found[p]?.[found[p]!.length - 1]])),
};

describeOnline('peer dependency ranges', () => {
  // it.concurrent does not wait for beforeAll: the packing is shared as one promise instead.
  const work = mkdtempSync(path.join(tmpdir(), 'eksp-peers-'));
  let packed: Promise<string> | undefined;
  const pack = () => (packed ??= (async () => {
    if (!existsSync(path.join(ROOT, 'build', 'lib', 'index.js'))) throw new Error('build/ is missing: run `npm run build` (npm test does it first).');
    const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT });
    return path.join(work, stdout.trim().split('\n').pop()!);
  })());
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** A consumer project with `versions` of the peers; compiles and runs the examples there. */
  async function consumer(label: string, versions: Record<string, string | undefined>): Promise<string> {
    const tarball = await pack();
    const dir = path.join(work, label);
    execFileSync('mkdir', ['-p', path.join(dir, 'src')]);
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${label}`, private: true }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--prefer-offline', '--loglevel=error', tarball, ...PEERS.map((p) => `${p}@${versions[p]}`)], { cwd: dir, timeout: 240_000 });
    for (const f of readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.ts'))) copyFileSync(path.join(ROOT, 'examples', f), path.join(dir, 'src', f));
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, skipLibCheck: true,
        outDir: 'out', types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      },
      include: ['src/*.ts'],
    }));
    await run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, timeout: 120_000 });
    const script = `const out = [];
      for (const f of ['own-chart', 'platform-chart']) {
        require('./out/' + f + '.js').buildApp('synth/' + f).synth();
        out.push(f + ':' + require('fs').readdirSync('synth/' + f).join(','));
      }
      const copies = (m) => require.resolve(m + '/package.json', { paths: [require.resolve('eks-platform')] });
      out.push('constructs:' + require(copies('constructs')).version + ' cdk8s:' + require(copies('cdk8s')).version);
      process.stdout.write(out.join('\\n'));`;
    return (await run(process.execPath, ['-e', script], { cwd: dir })).stdout;
  }

  it.concurrent.each(Object.keys(sets) as (keyof typeof sets)[])('compiles and synthesizes the examples against the %s version of each range, using the consumer\'s single copy', async (label) => {
    const versions = sets[label];
    expect(await consumer(label, versions)).toBe([
      'own-chart:access.k8s.yaml',
      'platform-chart:platform.k8s.yaml',
      `constructs:${versions.constructs} cdk8s:${versions.cdk8s}`,
    ].join('\n'));
  }, 300_000);
});
