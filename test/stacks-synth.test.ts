import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Testing, Yaml } from 'cdk8s';
import { PlatformChart } from '../lib/platform/k8s-platform';
import { ACCOUNTS } from '../stacks/accounts';
import { MANIFEST_FILE, synthAccounts } from '../stacks/synth';
import { validAccount } from './support/fixtures';
import type { AccountConfig } from '../lib/config';

describe('synth entry', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(path.join(tmpdir(), 'eksp-synth-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes one folder per cluster of every account', () => {
    const results = synthAccounts(Object.values(ACCOUNTS), out);
    expect(results.map((r) => `${r.account}/${r.cluster}`)).toEqual(['sandbox/platform-sandbox', 'production/platform-production']);
    expect(readdirSync(path.join(out, 'sandbox', 'platform-sandbox'))).toEqual([MANIFEST_FILE]);
  });

  it.each(Object.keys(ACCOUNTS))('writes YAML that parses back to exactly the chart objects of %s', (name) => {
    const account = ACCOUNTS[name];
    const cluster = account.clusters[0];
    const written = Yaml.load(path.join(out, name, cluster.name, MANIFEST_FILE));
    const chart = new PlatformChart(new App({ outdir: Testing.app().outdir }), 'platform', { account, clusterName: cluster.name });
    expect(written).toEqual(chart.toJson());
  });

  it('throws listing every problem and writes nothing for an invalid account', () => {
    const bad = validAccount();
    bad.accountId = '1';
    const dir = path.join(out, 'bad');
    expect(() => synthAccounts([bad as AccountConfig], dir)).toThrow("Account 'test' has 1 configuration problem:\n  - accountId:");
    expect(() => readdirSync(dir)).toThrow('ENOENT');
  });

  it('keeps multi-line config files as block scalars a human can read', () => {
    const text = readFileSync(path.join(out, 'production', 'platform-production', MANIFEST_FILE), 'utf8');
    expect(text).toContain('  mapRoles: |');
  });

  it('removes the manifests of a cluster no longer in its account, as cdk8s synth does', () => {
    const stale = path.join(out, 'sandbox', 'platform-removed');
    mkdirSync(stale, { recursive: true });
    writeFileSync(path.join(stale, MANIFEST_FILE), 'kind: Namespace\n');
    synthAccounts([ACCOUNTS.sandbox], out);
    expect(readdirSync(path.join(out, 'sandbox'))).toEqual(['platform-sandbox']);
  });

  it('removes nothing when an account is invalid', () => {
    const dir = path.join(out, 'keep');
    mkdirSync(path.join(dir, 'test', 'platform-test'), { recursive: true });
    const bad = validAccount();
    bad.profile = '';
    expect(() => synthAccounts([bad as AccountConfig], dir)).toThrow("Account 'test' has 1 configuration problem:\n  - profile:");
    expect(readdirSync(path.join(dir, 'test'))).toEqual(['platform-test']);
  });

  it('throws and writes nothing when two accounts share a name (and so a folder)', () => {
    const dir = path.join(out, 'twins');
    const other = validAccount();
    other.clusters[0].name = 'platform-other';
    expect(() => synthAccounts([validAccount() as AccountConfig, other as AccountConfig], dir))
      .toThrow("synth: two accounts are named 'test'; each account needs its own name (it names its dist/ folder).");
    expect(() => readdirSync(dir)).toThrow('ENOENT');
  });

  it('keys every shipped account by its own name', () => {
    for (const [key, account] of Object.entries(ACCOUNTS)) expect(account.name).toBe(key);
  });
});
