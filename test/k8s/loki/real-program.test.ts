/**
 * The real Loki 3.6 on each account's emitted `config.yaml`, with the StatefulSet's own
 * arguments: `-verify-config`, and `-print-config-stderr` to see what each key changes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { parse, stringify } from 'yaml';
import { LOKI_DATA_DIR, LOKI_PINNED_DEFAULTS } from '../../../lib/k8s/loki/config';
import { PlatformChart } from '../../../lib/platform/k8s-platform';
import { ACCOUNTS } from '../../../stacks/accounts';
import { localLokiArgs } from '../../support/loki-run';
import { LOKI, describeWithProgram } from '../../support/programs';

const ACCOUNT_NAMES = Object.keys(ACCOUNTS);

/** The account's Loki config and the arguments of its StatefulSet `loki`, and of every Loki workload (`roles`). */
function emitted(account: string): { config: string; args: string[]; roles: { name: string; args: string[] }[] } {
  const chart = new PlatformChart(Testing.app(), 'platform', { account: ACCOUNTS[account] });
  const loki = chart.loki!;
  const roles = [loki.statefulSet, loki.readDeployment, loki.compactorStatefulSet].filter((w) => w !== undefined)
    .map((w) => ({ name: w.name, args: w.toJson().spec.template.spec.containers[0].args as string[] }));
  return { config: loki.configYaml, args: roles[0].args, roles };
}

/** Each account with each of its Loki workloads. */
const ROLES = ACCOUNT_NAMES.flatMap((account) => emitted(account).roles.map((r) => [account, r.name, r.args] as const));

/** Every leaf of a config as its dotted path (lists are leaves). */
function leafPaths(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) => (child !== null && typeof child === 'object' && !Array.isArray(child)
    ? leafPaths(child as Record<string, unknown>, `${prefix}${key}.`)
    : [`${prefix}${key}`]));
}

function withoutKey(config: Record<string, any>, dotted: string): Record<string, any> {
  const copy = structuredClone(config);
  const keys = dotted.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key];
  delete node[keys[keys.length - 1]];
  return copy;
}

describeWithProgram(LOKI, 'Loki (real program)', (binary) => {
  let dir: string;
  let n = 0;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(tmpdir(), 'loki-verify-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs Loki with the StatefulSet's arguments on `config`, plus `extra`; returns status and output. */
  function run(config: string, args: readonly string[], extra: string[]): { status: number | null; output: string; effective: string } {
    const file = path.join(dir, `config-${n++}.yaml`);
    fs.writeFileSync(file, config);
    const result = spawnSync(binary, [...localLokiArgs(args, file), ...extra], { encoding: 'utf8', timeout: 30_000 });
    // -print-config-stderr prints the effective config as one YAML document after its log lines.
    const dump = result.stderr.slice(Math.max(0, result.stderr.indexOf('# Loki Config')));
    const effective = dump.split('\n').filter((line) => !line.startsWith('level=')).join('\n');
    return { status: result.status, output: `${result.stdout}${result.stderr}`, effective };
  }

  it.each(ROLES)('accepts account %s\'s config with the arguments of workload %s (-verify-config)', (account, _name, args) => {
    const result = run(emitted(account).config, args, ['-verify-config']);
    expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining('config is valid') });
  });

  it('runs every role of mode replicated, and the single-binary pod, on its own -target', () => {
    expect(ROLES.map(([account, name, args]) => `${account} ${name} ${args.find((a) => a.startsWith('-target='))}`)).toEqual([
      'sandbox loki -target=all',
      'production loki -target=write', 'production loki-read -target=read,query-scheduler', 'production loki-compactor -target=compactor',
    ]);
  });

  it('rejects a config with an unknown key (so the check above can fail)', () => {
    const { config, args } = emitted('sandbox');
    const broken = { ...parse(config), limits_config: { ...parse(config).limits_config, retention_days: 30 } };
    const result = run(stringify(broken), args, ['-verify-config']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('field retention_days not found');
  });

  it.each(ACCOUNT_NAMES)('sets no key of account %s to the value Loki takes anyway, except the deliberate ones', (account) => {
    const { config, args } = emitted(account);
    const object = parse(config);
    const full = run(config, args, ['-verify-config', '-print-config-stderr']).effective;
    expect(full).toContain(`target: ${args.find((a) => a.startsWith('-target='))!.slice('-target='.length)}`);
    const restated = leafPaths(object).filter((key) => run(stringify(withoutKey(object, key)), args, ['-verify-config', '-print-config-stderr']).effective === full);
    expect(restated.filter((key) => !(key in LOKI_PINNED_DEFAULTS))).toEqual([]);
  });

  it.each(ACCOUNT_NAMES)('keeps every directory Loki writes for account %s under the data volume', (account) => {
    const { config, args } = emitted(account);
    const effective = parse(run(config, args, ['-verify-config', '-print-config-stderr']).effective);
    const dirs = leafPaths(effective)
      .filter((key) => /(^|\.)(dir|directory|path_prefix|rule_path|working_directory|active_index_directory|cache_location)$/.test(key))
      .map((key) => [key, key.split('.').reduce((o: any, k) => o?.[k], effective)] as const)
      .filter(([, value]) => typeof value === 'string' && value !== '' && value.startsWith('/'));
    expect(dirs.length).toBeGreaterThan(5);
    expect(dirs.filter(([, value]) => !value.startsWith(`${LOKI_DATA_DIR}/`) && value !== LOKI_DATA_DIR)).toEqual([]);
  });
});
