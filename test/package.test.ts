/**
 * What `npm pack` ships: the built library with its licence, and source maps that work where a
 * consumer has the package (each map it references is shipped and carries its sources).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

describe('the packed package', () => {
  let files: string[];
  beforeAll(() => {
    if (!existsSync(path.join(ROOT, 'build', 'lib', 'index.js'))) throw new Error('build/ is missing: run `npm run build` (npm test does it first).');
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: ROOT, encoding: 'utf8' }));
    files = pack.files.map((f: { path: string }) => f.path);
  }, 60_000);

  it('ships the licence, the README and the account schema the validation reads', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'build/lib/config/account-schema.json']));
  });

  it('ships every source map its JavaScript references, with the sources inlined', () => {
    const referenced = files.filter((f) => f.endsWith('.js')).flatMap((f) => {
      const m = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path.join(ROOT, f), 'utf8'));
      return m ? [path.posix.join(path.posix.dirname(f), m[1])] : [];
    });
    expect(referenced.length).toBeGreaterThan(50);
    expect(referenced.filter((m) => !files.includes(m))).toEqual([]);
    const map = JSON.parse(readFileSync(path.join(ROOT, 'build/lib/index.js.map'), 'utf8'));
    expect(map.sourcesContent).toHaveLength(map.sources.length);
  });

  it('ships no TypeScript sources, tests or build tools', () => {
    expect(files.filter((f) => !/^build\/lib\/.*\.(js|js\.map|d\.ts|json)$/.test(f) && !['LICENSE', 'README.md', 'package.json'].includes(f))).toEqual([]);
  });

  it('exports what users need from the root, and not the internal helpers show and isRecord', () => {
    const script = "const root = require('eks-platform'); process.stdout.write(JSON.stringify(Object.keys(root)));";
    const names: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
    expect(names).toEqual(expect.arrayContaining(['PlatformChart', 'PlatformNamespace', 'validateAccount', 'assertValidAccount', 'AccountConfigError', 'ProblemCollector', 'FluentBit', 'Loki', 'AwsAuth']));
    expect(names.filter((n) => ['show', 'isRecord'].includes(n))).toEqual([]);
  });
});
