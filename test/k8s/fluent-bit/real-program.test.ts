/**
 * The real fluent-bit 4.2 on each account's emitted `fluent-bit.yaml` (paths and addresses
 * changed only), pushing to a local receiver that speaks Loki's push API.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { FLUENT_BIT_LOKI_OUTPUT_ALIAS, FLUENT_BIT_METRICS_PATH, FLUENT_BIT_OUTAGE_METRICS } from '../../../lib/k8s/fluent-bit/config';
import { PlatformChart } from '../../../lib/platform/k8s-platform';
import { ACCOUNTS } from '../../../stacks/accounts';
import {
  criLine, criLogName, localFluentBitConfig, metricValue, startLokiReceiver, writePodMeta, type LocalFluentBit, type LokiReceiver,
} from '../../support/fluent-bit-run';
import { FLUENT_BIT, describeWithProgram, http, startFluentBit, sleep, waitUntil, type RunningProgram } from '../../support/programs';
import { freePort } from '../../support/syslog-ng';

jest.setTimeout(90_000);

const ACCOUNT_NAMES = Object.keys(ACCOUNTS);

function emitted(account: string): { config: string; probes: string[] } {
  const chart = new PlatformChart(Testing.app(), 'platform', { account: ACCOUNTS[account] });
  const container = chart.fluentBit!.daemonSet.toJson().spec.template.spec.containers[0];
  return { config: chart.fluentBit!.configYaml, probes: [container.livenessProbe.httpGet.path, container.readinessProbe.httpGet.path] };
}

/** Option names `fluent-bit <flag> <plugin> -h` prints (global and plugin options). */
function documentedOptions(binary: string, flag: '-i' | '-F' | '-o', plugin: string): Set<string> {
  const help = spawnSync(binary, [flag, plugin, '-h'], { encoding: 'utf8', timeout: 10_000 });
  const text = `${help.stdout}${help.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  const names = text.split('\n').map((l) => /^([a-z_][a-z0-9_.-]*)(?: {2,}|$)/.exec(l)?.[1]).filter((n): n is string => !!n);
  return new Set(names);
}

/**
 * Keys fluent-bit's core reads for every plugin without listing them in `-h`: the plugin `name`,
 * an input's `processors`, and an output's `workers` and `storage.total_limit_size`
 * (docs: administration/multithreading, administration/buffering-and-storage).
 */
const CORE_KEYS = { input: ['name', 'processors'], processor: ['name'], output: ['name', 'workers', 'storage.total_limit_size'] };

describeWithProgram(FLUENT_BIT, 'fluent-bit (real program)', (binary) => {
  let root: string;
  const dirs: string[] = [];
  const running: RunningProgram[] = [];
  const receivers: LokiReceiver[] = [];

  beforeAll(() => { root = fs.mkdtempSync(path.join(tmpdir(), 'fluent-bit-real-')); });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop('SIGTERM', 12_000)));
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(() => { for (const d of [root, ...dirs]) fs.rmSync(d, { recursive: true, force: true }); });

  async function setUp(account: string): Promise<{ local: LocalFluentBit; receiver: LokiReceiver; configFile: string; probes: string[] }> {
    const dir = fs.mkdtempSync(path.join(root, `${account}-`));
    const receiver = await startLokiReceiver();
    receivers.push(receiver);
    const local: LocalFluentBit = {
      logDir: path.join(dir, 'containers'), stateDir: path.join(dir, 'state'), metaDir: path.join(dir, 'meta'), httpPort: await freePort(), lokiPort: receiver.port,
    };
    for (const d of [local.logDir, local.stateDir, local.metaDir]) fs.mkdirSync(d, { recursive: true });
    const { config, probes } = emitted(account);
    const configFile = path.join(dir, 'fluent-bit.yaml');
    fs.writeFileSync(configFile, localFluentBitConfig(config, local));
    return { local, receiver, configFile, probes };
  }

  async function start(configFile: string): Promise<RunningProgram> {
    const p = await startFluentBit(binary, configFile);
    running.push(p);
    return p;
  }

  const web = { namespace: 'shop', pod: 'web-7d9c5-x2x4k', container: 'app', node: 'ip-10-0-1-5.ec2.internal', labels: { app: 'web' } };

  it.each(ACCOUNT_NAMES)('starts on account %s\'s config without refusing any key', async (account) => {
    const { configFile } = await setUp(account);
    const fb = await start(configFile);
    await sleep(1000);
    expect(fb.running()).toBe(true);
    expect(fb.output()).not.toMatch(/unknown configuration property|\[error\] \[config\]|initialization failed|could not initialize/);
  });

  it.each(ACCOUNT_NAMES)('emits for account %s only options the plugins document (fluent-bit -h)', (account) => {
    const config = parse(emitted(account).config);
    const tail = documentedOptions(binary, '-i', 'tail');
    const kubernetes = documentedOptions(binary, '-F', 'kubernetes');
    const loki = documentedOptions(binary, '-o', 'loki');
    const unknown: string[] = [];
    config.pipeline.inputs.forEach((input: Record<string, unknown>, i: number) => {
      for (const key of Object.keys(input)) if (!tail.has(key) && !CORE_KEYS.input.includes(key)) unknown.push(`inputs[${i}].${key}`);
      ((input.processors as any)?.logs ?? []).forEach((p: Record<string, unknown>, j: number) => {
        for (const key of Object.keys(p)) if (!kubernetes.has(key) && !CORE_KEYS.processor.includes(key)) unknown.push(`inputs[${i}].processors.logs[${j}].${key}`);
      });
    });
    config.pipeline.outputs.forEach((output: Record<string, unknown>, i: number) => {
      for (const key of Object.keys(output)) if (!loki.has(key) && !CORE_KEYS.output.includes(key)) unknown.push(`outputs[${i}].${key}`);
    });
    expect({ account, unknown }).toEqual({ account, unknown: [] });
    expect(tail.size).toBeGreaterThan(30);
  });

  it('reads a file that existed before it started from the start, and resumes without duplicates after a restart', async () => {
    const { local, receiver, configFile } = await setUp('sandbox');
    writePodMeta(local.metaDir, web);
    const file = path.join(local.logDir, criLogName(web.pod, web.namespace, web.container));
    fs.writeFileSync(file, [1, 2, 3, 4, 5].map((i) => criLine(`before start ${i}`)).join(''));
    let fb = await start(configFile);
    await waitUntil(() => (receiver.lines.length >= 5 ? true : undefined), 20_000, () => `received ${receiver.lines.length} of 5 lines`);
    await fb.stop();
    fs.appendFileSync(file, criLine('after restart'));
    fb = await start(configFile);
    await waitUntil(() => (receiver.lines.length >= 6 ? true : undefined), 20_000, () => `received ${receiver.lines.length} of 6 lines`);
    await sleep(2000);
    expect(receiver.lines.map((l) => l.line)).toEqual(['before start 1', 'before start 2', 'before start 3', 'before start 4', 'before start 5', 'after restart']);
  });

  it('stays live and ready while Loki refuses or fails pushes, and shows the outage in its metrics', async () => {
    const { local, receiver, configFile, probes } = await setUp('production');
    writePodMeta(local.metaDir, web);
    const file = path.join(local.logDir, criLogName(web.pod, web.namespace, web.container));
    fs.writeFileSync(file, '');
    await start(configFile);
    const base = `http://127.0.0.1:${local.httpPort}`;
    const metric = async (name: string) => metricValue((await http(`${base}${FLUENT_BIT_METRICS_PATH}`)).body, `${name}{name="${FLUENT_BIT_LOKI_OUTPUT_ALIAS}"}`);
    const probeStatuses: number[] = [];
    const probeAll = async () => { for (const p of probes) probeStatuses.push((await http(`${base}${p}`)).status); };

    // Loki refuses lines for good (HTTP 400: too old, too long): lost, counted as errors.
    receiver.status = 400;
    for (let i = 0; i < 8; i++) {
      fs.appendFileSync(file, criLine(`refused ${i}`));
      await sleep(1100);
      await probeAll();
    }
    // Every refused line has been pushed (and refused) before Loki starts failing instead.
    await waitUntil(() => (receiver.rejected.some((l) => l.line === 'refused 7') ? true : undefined), 30_000, () => 'refused 7 not pushed yet');
    expect(await metric(FLUENT_BIT_OUTAGE_METRICS.errors)).toBeGreaterThanOrEqual(5);

    // Loki fails (HTTP 500): fluent-bit retries, buffering; the retries counter rises.
    receiver.status = 500;
    const recordsBefore = await metric(FLUENT_BIT_OUTAGE_METRICS.records);
    for (let i = 0; i < 3; i++) fs.appendFileSync(file, criLine(`during outage ${i}`));
    await waitUntil(async () => ((await metric(FLUENT_BIT_OUTAGE_METRICS.retries))! >= 1 ? true : undefined), 30_000, () => 'no retry counted');
    await probeAll();
    expect(await metric(FLUENT_BIT_OUTAGE_METRICS.records)).toBe(recordsBefore);

    // Loki is back: the buffered lines arrive.
    receiver.status = 204;
    await waitUntil(() => (receiver.lines.length >= 3 ? true : undefined), 60_000, () => `received ${receiver.lines.length} of 3 lines`);
    await probeAll();
    expect(receiver.lines.map((l) => l.line).sort()).toEqual(['during outage 0', 'during outage 1', 'during outage 2']);
    expect(new Set(probeStatuses)).toEqual(new Set([200]));
    expect(await metric(FLUENT_BIT_OUTAGE_METRICS.retriesFailed)).toBe(0);
  });

  it('joins partial CRI lines, skips excluded pods, follows a rotation and labels every line from the pod metadata', async () => {
    const { local, receiver, configFile } = await setUp('production');
    const skipped = { namespace: 'shop', pod: 'noisy-5f6d7-abcde', container: 'app', node: web.node, labels: { app: 'noisy' }, annotations: { 'fluentbit.io/exclude': 'true' } };
    writePodMeta(local.metaDir, web);
    writePodMeta(local.metaDir, skipped);
    const file = path.join(local.logDir, criLogName(web.pod, web.namespace, web.container));
    fs.writeFileSync(file, criLine('one'));
    fs.writeFileSync(path.join(local.logDir, criLogName(skipped.pod, skipped.namespace, skipped.container)), criLine('excluded'));
    await start(configFile);
    fs.appendFileSync(file, criLine('two-', { partial: true }) + criLine('joined', { partial: true }) + criLine('-end'));
    await waitUntil(() => (receiver.lines.length >= 2 ? true : undefined), 20_000, () => `received ${receiver.lines.length} of 2 lines`);
    // Rotation as the kubelet does it: rename, then a new file under the same name.
    fs.renameSync(file, `${file}.1`);
    fs.writeFileSync(file, criLine('after rotation'));
    await waitUntil(() => (receiver.lines.length >= 3 ? true : undefined), 30_000, () => `received ${receiver.lines.length} of 3 lines`);
    await sleep(2000);
    expect(receiver.lines.map((l) => l.line)).toEqual(['one', 'two-joined-end', 'after rotation']);
    for (const line of receiver.lines) {
      expect(line.labels).toEqual({
        job: 'fluent-bit', cluster: 'platform-production', namespace: 'shop', pod: web.pod, container: 'app', app: 'web', node: web.node,
      });
    }
    expect([...receiver.tenants]).toEqual(['production']);
  });
});
