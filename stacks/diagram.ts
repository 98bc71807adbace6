/**
 * `npm run diagram`: the platform diagram of every account, `dist/<account>/platform.svg` and
 * its Graphviz source `platform.dot`, plus the copy the README shows (`docs/sandbox-platform.svg`).
 * `npm run plan -- <account> --svg` calls {@link writeMigrationDiagram} for the tenancy
 * migration. Rendering is Graphviz compiled to WebAssembly (`@viz-js/viz`): no browser, no
 * native build. Neither the synth entry nor the k8s entry imports this module.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { instance } from '@viz-js/viz';
import { assertValidAccount, type AccountConfig } from '../lib/config';
import { migrationDot } from '../lib/diagram/migration';
import { platformDot } from '../lib/diagram/platform';
import { ACCOUNTS, getAccount } from './accounts';
import type { PlanArgs } from './plan';

/** The account whose diagram the README shows. */
export const README_ACCOUNT = 'sandbox';

/** Where the README's copy of the {@link README_ACCOUNT} diagram lives, from the repository root. */
export const README_DIAGRAM = path.join('docs', `${README_ACCOUNT}-platform.svg`);

/** File names written per account. */
export const PLATFORM_SVG = 'platform.svg';
/** The Graphviz source beside {@link PLATFORM_SVG}. */
export const PLATFORM_DOT = 'platform.dot';
/** File name of the tenancy migration diagram. */
export const MIGRATION_SVG = 'tenancy-migration.svg';
/** The Graphviz source beside {@link MIGRATION_SVG}. */
export const MIGRATION_DOT = 'tenancy-migration.dot';

let graphviz: ReturnType<typeof instance> | undefined;

/** Render DOT source to SVG with Graphviz (WebAssembly, loaded once). Throws on a DOT syntax error. */
export async function renderSvg(dot: string): Promise<string> {
  graphviz ??= instance();
  const viz = await graphviz;
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}

/** What one diagram command wrote. */
export interface WrittenDiagram {
  /** The SVG's path. */
  readonly svg: string;
  /** The DOT source's path. */
  readonly dot: string;
}

async function write(dir: string, dotFile: string, svgFile: string, dot: string): Promise<WrittenDiagram> {
  const svg = await renderSvg(dot);
  mkdirSync(dir, { recursive: true });
  const written = { svg: path.join(dir, svgFile), dot: path.join(dir, dotFile) };
  writeFileSync(written.dot, dot);
  writeFileSync(written.svg, svg);
  return written;
}

/** Validate `account` and write its platform diagram to `<outdir>/<account>/`. */
export async function writePlatformDiagram(account: AccountConfig, outdir: string): Promise<WrittenDiagram> {
  assertValidAccount(account);
  return write(path.join(outdir, account.name), PLATFORM_DOT, PLATFORM_SVG, platformDot(account));
}

/** Validate `account` and write its tenancy migration diagram to `<outdir>/<account>/`. */
export async function writeMigrationDiagram(account: AccountConfig, outdir: string, hoursPerMonth?: number): Promise<WrittenDiagram> {
  assertValidAccount(account);
  return write(path.join(outdir, account.name), MIGRATION_DOT, MIGRATION_SVG, migrationDot(account, { hoursPerMonth }));
}

/** Write every account's diagram under `outdir`, and the README's copy under `root`. */
export async function writeAllDiagrams(outdir: string, root: string): Promise<string[]> {
  const written: string[] = [];
  for (const account of Object.values(ACCOUNTS)) written.push((await writePlatformDiagram(account, outdir)).svg);
  const readme = path.join(root, README_DIAGRAM);
  mkdirSync(path.dirname(readme), { recursive: true });
  writeFileSync(readme, await renderSvg(platformDot(ACCOUNTS[README_ACCOUNT])));
  written.push(readme);
  return written;
}

/**
 * `npm run plan -- <account> --svg [--hours <n>]`: write the account's tenancy migration
 * diagram and print where. `parse` is the plan command's own argument parser (passed in, so
 * this module does not import the plan entry). Sets a failing exit code on any error.
 */
export async function planSvgMain(argv: readonly string[], parse: (argv: readonly string[]) => PlanArgs): Promise<void> {
  try {
    const { account, options } = parse(argv.filter((a) => a !== '--svg'));
    const written = await writeMigrationDiagram(getAccount(account), process.env.CDK8S_OUTDIR ?? 'dist', options.hoursPerMonth);
    console.log(`wrote ${written.svg} (source ${written.dot})`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  }
}

if (require.main === module) {
  writeAllDiagrams(process.env.CDK8S_OUTDIR ?? 'dist', '.').then(
    (files) => files.forEach((f) => console.log(`wrote ${f}`)),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    },
  );
}
