/**
 * The diagram commands' output: deterministic bytes, the committed README copy kept current,
 * the files `npm run diagram` and `npm run plan -- <account> --svg` write, and the synth and
 * k8s entries left without the diagram code.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { platformDot } from '../../lib/diagram/platform';
import { migrationDot } from '../../lib/diagram/migration';
import { ACCOUNTS } from '../../stacks/accounts';
import {
  DOCS_DIAGRAMS, MIGRATION_DOT, MIGRATION_SVG, PLATFORM_DOT, PLATFORM_SVG, planSvgMain, renderSvg, writeAllDiagrams,
} from '../../stacks/diagram';
import { parsePlanArgs } from '../../stacks/plan';
import { parseSvg } from './svg';

const ROOT = path.join(__dirname, '..', '..');

describe('deterministic output', () => {
  it('renders the same config to the same bytes twice', async () => {
    const dot = platformDot(ACCOUNTS.production);
    expect(await renderSvg(platformDot(ACCOUNTS.production))).toBe(await renderSvg(dot));
  });

  it('writes the same DOT whatever the clock says', () => {
    jest.useFakeTimers({ now: new Date('2031-02-03T04:05:06Z') });
    const later = [platformDot(ACCOUNTS.sandbox), migrationDot(ACCOUNTS.production)];
    jest.useRealTimers();
    expect([platformDot(ACCOUNTS.sandbox), migrationDot(ACCOUNTS.production)]).toEqual(later);
  });

  it('puts no timestamp in the SVG, and no id but the config-derived ones and Graphviz\'s sequence numbers', async () => {
    const dot = platformDot(ACCOUNTS.sandbox);
    const svg = await renderSvg(dot);
    const fromConfig = new Set([...dot.matchAll(/\bid="([^"]*)"/g)].map((m) => m[1]));
    expect({
      timestamps: svg.match(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/g) ?? [],
      other: parseSvg(svg).map((e) => e.id).filter((id) => !fromConfig.has(id) && !/^(clust|edge)\d+$/.test(id)),
    }).toEqual({ timestamps: [], other: [] });
  });

  it.each(DOCS_DIAGRAMS.map((d) => [d.file, d] as const))('keeps %s (shown in the README) equal to what the config draws now', async (_, docs) => {
    const committed = readFileSync(path.join(ROOT, docs.file), 'utf8');
    const current = await renderSvg(docs.dot());
    expect({ stale: committed !== current, fix: 'npm run diagram, then commit docs/' }).toEqual({ stale: false, fix: 'npm run diagram, then commit docs/' });
  });
});

describe('diagram commands', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(path.join(tmpdir(), 'eksp-diagram-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('npm run diagram writes the SVG and its DOT source for every account, and the pictures of the README', async () => {
    const written = await writeAllDiagrams(path.join(out, 'dist'), out);
    expect({
      written: written.map((f) => path.relative(out, f)),
      sandbox: readdirSync(path.join(out, 'dist', 'sandbox')),
      dot: readFileSync(path.join(out, 'dist', 'production', PLATFORM_DOT), 'utf8'),
    }).toEqual({
      written: [path.join('dist', 'sandbox', PLATFORM_SVG), path.join('dist', 'production', PLATFORM_SVG), ...DOCS_DIAGRAMS.map((d) => d.file)],
      sandbox: [PLATFORM_DOT, PLATFORM_SVG],
      dot: platformDot(ACCOUNTS.production),
    });
  });

  it('npm run plan -- <account> --svg writes the migration diagram under $CDK8S_OUTDIR', async () => {
    const dir = path.join(out, 'plan');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    process.env.CDK8S_OUTDIR = dir;
    try {
      await planSvgMain(['production', '--svg', '--hours', '700'], parsePlanArgs);
    } finally {
      delete process.env.CDK8S_OUTDIR;
      log.mockRestore();
    }
    expect({
      files: readdirSync(path.join(dir, 'production')),
      dot: readFileSync(path.join(dir, 'production', MIGRATION_DOT), 'utf8'),
    }).toEqual({ files: [MIGRATION_DOT, MIGRATION_SVG], dot: migrationDot(ACCOUNTS.production, { hoursPerMonth: 700 }) });
  });

  it('npm run plan -- <unknown> --svg fails naming the known accounts', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await planSvgMain(['staging', '--svg'], parsePlanArgs);
      expect({ exitCode: process.exitCode, message: error.mock.calls[0][0] }).toEqual({ exitCode: 1, message: expect.stringContaining('Unknown account "staging": known accounts are sandbox, production.') });
    } finally {
      process.exitCode = undefined;
      error.mockRestore();
    }
  });
});

describe('entry points', () => {
  /** The files esbuild bundles for `entry`: the same import graph `npm run bundle` follows. */
  async function bundled(entry: string): Promise<string[]> {
    const result = await build({
      entryPoints: [path.join(ROOT, entry)], bundle: true, platform: 'node', write: false, metafile: true, logLevel: 'silent',
      external: ['@pulumi/*'],
    });
    return Object.keys(result.metafile.inputs);
  }

  it.each(['stacks/synth.ts', 'lib/k8s/index.ts', 'lib/index.ts'])('%s bundles neither lib/diagram nor the Graphviz renderer', async (entry) => {
    const inputs = await bundled(entry);
    expect({ entry, diagram: inputs.filter((f) => f.includes('lib/diagram') || f.includes('@viz-js') || f.includes('stacks/diagram')) })
      .toEqual({ entry, diagram: [] });
    expect(inputs).toContain(entry);
  });
});
