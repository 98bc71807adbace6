/**
 * `eks-platform/aws` without the Pulumi packages (optional peer dependencies) fails naming them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { missingPulumiPackages } from '../lib/aws/requires-pulumi';

const ROOT = path.join(__dirname, '..');

describe('eks-platform/aws without Pulumi', () => {
  it('lists the Pulumi packages a resolver cannot find', () => {
    const resolve = (id: string) => {
      if (id === '@pulumi/eks' || id === '@pulumi/kubernetes') throw new Error(`Cannot find module '${id}'`);
      return id;
    };
    expect(missingPulumiPackages(resolve)).toEqual(['@pulumi/eks', '@pulumi/kubernetes']);
  });

  it('throws naming the packages to install when a consumer imports it', () => {
    if (!existsSync(path.join(ROOT, 'build', 'lib', 'aws', 'index.js'))) throw new Error('build/ is missing: run `npm run build` (npm test does it first).');
    // Hide @pulumi/* from module resolution, as in a project that never installed them.
    const hide = "const M = require('module'); const r = M._resolveFilename; M._resolveFilename = function (id, ...a) { if (id.startsWith('@pulumi/')) { const e = new Error(`Cannot find module '${id}'`); e.code = 'MODULE_NOT_FOUND'; throw e; } return r.call(this, id, ...a); };";
    const r = spawnSync(process.execPath, ['-e', `${hide} require('eks-platform/aws');`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Error: eks-platform/aws needs the Pulumi packages, optional peer dependencies of eks-platform; missing: @pulumi/pulumi, @pulumi/aws, @pulumi/eks, @pulumi/kubernetes. Install them: npm install @pulumi/pulumi @pulumi/aws @pulumi/eks @pulumi/kubernetes');
  });

  it('loads with them installed', () => {
    expect(execFileSync(process.execPath, ['-e', "process.stdout.write(typeof require('eks-platform/aws').Platform)"], { cwd: ROOT, encoding: 'utf8' })).toBe('function');
  });
});
