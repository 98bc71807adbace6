/**
 * The package as a consumer loads it: by name, through package.json `exports`, from the
 * compiled output (`npm test` builds before jest runs). The cdk8s side and the synth entry must
 * never load Pulumi.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

/** Load `modules` in a fresh node and report which Pulumi packages got loaded. */
function pulumiLoadedBy(modules: string[]): string[] {
  const script = `${modules.map((m) => `require(${JSON.stringify(m)});`).join('')}
    const loaded = new Set(Object.keys(require.cache).map((k) => (k.match(/node_modules\\/(@pulumi\\/[^/]+)/) || [])[1]).filter(Boolean));
    process.stdout.write(JSON.stringify([...loaded].sort()));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

describe('entry points', () => {
  beforeAll(() => {
    if (!existsSync(path.join(ROOT, 'build', 'lib', 'index.js'))) throw new Error('build/ is missing: run `npm run build` (npm test does it first).');
  });

  it('loads eks-platform, eks-platform/config and eks-platform/k8s without Pulumi', () => {
    expect(pulumiLoadedBy(['eks-platform', 'eks-platform/config', 'eks-platform/k8s'])).toEqual([]);
  });

  it('loads the synth entry without Pulumi', () => {
    expect(pulumiLoadedBy(['./build/stacks/synth.js'])).toEqual([]);
  });

  it('exposes the Pulumi components at eks-platform/aws', () => {
    const script = 'const aws = require("eks-platform/aws"); process.stdout.write(String(["Platform", "EksCluster", "ClusterServices", "ChartDeployment"].filter((n) => typeof aws[n] !== "function")));';
    expect(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })).toBe('');
  });
});
