/**
 * `npm run bench:logs [-- --lines N] [-- --only NAME] [-- --runs N]`: throughput and CPU cost
 * of fluent-bit pipelines on the same CRI log lines, into a local receiver that accepts Loki
 * pushes.
 *
 * Pipelines: the upstream fluent-bit chart's default (tail with `mem_buf_limit 5MB`, kubernetes
 * filter, loki output), and this library's sandbox and production configs (paths and addresses
 * changed only). Each reads N lines (default 1,000,000) over 9 kubelet-named files written
 * before it starts, with pod metadata from files. Printed per pipeline: lines/s from the first
 * to the last push, fluent-bit CPU (user + system) per line, peak RSS, and the ratios to the
 * chart's default; and lines/s from fluent-bit's start to the last push, which also counts its
 * start and first flush, and cannot be flattered by a pipeline that holds lines back and pushes
 * them in a late burst. With `--runs N`, each run and then the medians. Needs FLUENT_BIT_BIN
 * (`eval "$(../shared/programs/unpack.sh)"`). Nothing is asserted: figures vary with the
 * machine and its load.
 *
 * The receiver runs in this process, on the same CPUs as fluent-bit, so it is kept cheap: it
 * answers each push at once and counts its entries without parsing it (every 16th push is also
 * parsed in full and must agree); its own CPU per line is printed beside fluent-bit's. A run
 * counts only when every line arrived exactly once (a second later, still exactly N).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { PlatformChart } from '../lib/platform/k8s-platform';
import { ACCOUNTS } from '../stacks/accounts';
import { criLogName, localFluentBitConfig, writePodMeta, type LocalFluentBit } from '../test/support/fluent-bit-run';

const FILES = 9;
const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const LINES = Number(flag('lines') ?? 1_000_000);
const ONLY = flag('only');
const RUNS = Number(flag('runs') ?? 1);

/**
 * The fluent-bit chart's default pipeline (fluent/helm-charts charts/fluent-bit/values.yaml
 * `config`: service, the tail input and the kubernetes filter as they are), in YAML. Changed:
 * its outputs are Elasticsearch, so a loki output (job label plus the pods' labels) stands in;
 * the systemd input and the parsers files are left out (nothing here reads the journal or
 * names those parsers); metadata comes from files, as for the library's configs.
 */
function chartDefault(local: LocalFluentBit): string {
  return stringify({
    service: { flush: 1, log_level: 'info', http_server: true, http_listen: '127.0.0.1', http_port: local.httpPort, health_check: true },
    pipeline: {
      inputs: [{
        name: 'tail', path: `${local.logDir}/*.log`, 'multiline.parser': 'docker, cri', tag: 'kube.*', mem_buf_limit: '5MB', skip_long_lines: true,
        // Not in the chart: its files would be read from their end; here every line is written first.
        read_from_head: true,
      }],
      filters: [{
        name: 'kubernetes', match: 'kube.*', merge_log: true, keep_log: false, 'k8s-logging.parser': true, 'k8s-logging.exclude': true,
        kube_url: 'http://127.0.0.1:9', kube_tag_prefix: `kube${local.logDir.replace(/\//g, '.')}.`, kube_meta_preload_cache_dir: local.metaDir,
      }],
      outputs: [{ name: 'loki', match: 'kube.*', host: '127.0.0.1', port: local.lokiPort, labels: 'job=fluent-bit', auto_kubernetes_labels: true }],
    },
  });
}

interface Result { name: string; linesPerSecond: number; endToEndLinesPerSecond: number; cpuMicrosPerLine: number; peakRssMiB: number; seconds: number; receiverMicrosPerLine: number }

/** A Loki push body (`POST /loki/api/v1/push`, JSON). */
interface LokiPush { streams: { stream: Record<string, string>; values: unknown[][] }[] }

/**
 * Entries in a Loki push body, without parsing it: each entry is an array whose first element
 * is a string of digits (`["<ns>","<line>"]`). `[` followed by `"` and a digit occurs nowhere
 * else: inside a JSON string a quote is escaped (`\"`), and a string that ends in `[` is
 * followed by `,`, `:`, `}` or `]`, never by a digit.
 */
function countPushedLines(body: Buffer): number {
  let count = 0;
  for (let i = body.indexOf('["'); i >= 0; i = body.indexOf('["', i + 2)) {
    const next = body[i + 2];
    if (next >= 0x30 && next <= 0x39) count++;
  }
  return count;
}

async function run(name: string, render: (local: LocalFluentBit) => string, binary: string, root: string): Promise<Result> {
  const dir = fs.mkdtempSync(path.join(root, `${name.replace(/\W+/g, '-')}-`));
  const receiver = { received: 0, first: 0, completed: 0, pushes: 0, mismatch: '' };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // Answer first: the receiver stands in for Loki and should cost fluent-bit no waiting.
      res.writeHead(204).end();
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const count = countPushedLines(body);
      // Every 16th push is also parsed in full: the fast count must agree with it exactly.
      if (receiver.pushes % 16 === 0) {
        const parsed = (JSON.parse(body.toString('utf8')) as LokiPush).streams.reduce((n, s) => n + s.values.length, 0);
        if (parsed !== count) receiver.mismatch ||= `${name}: the receiver counted ${count} lines in a push that holds ${parsed}`;
      }
      receiver.pushes++;
      receiver.received += count;
      if (!receiver.first) receiver.first = Date.now();
      if (receiver.received >= LINES && !receiver.completed) receiver.completed = Date.now();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const local: LocalFluentBit = {
    logDir: path.join(dir, 'containers'), stateDir: path.join(dir, 'state'), metaDir: path.join(dir, 'meta'),
    httpPort: 20000 + Math.floor(Math.random() * 20000), lokiPort: (server.address() as AddressInfo).port,
  };
  for (const d of [local.logDir, local.stateDir, local.metaDir]) fs.mkdirSync(d, { recursive: true });
  writeLines(local);
  const configFile = path.join(dir, 'fluent-bit.yaml');
  fs.writeFileSync(configFile, render(local));
  const child = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  let peakRssKiB = 0;
  let ticks = 0;
  const deadline = started + Math.max(120_000, LINES / 50);
  const sample = () => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakRssKiB = Math.max(peakRssKiB, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks = Number(stat[11]) + Number(stat[12]);
    } catch {
      // exited
    }
  };
  while (receiver.received < LINES && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 200));
    sample();
  }
  const received = receiver.received;
  const cpu = process.cpuUsage(cpuBefore);
  // A second more: lines pushed twice would show here.
  await new Promise((r) => setTimeout(r, 1000));
  child.kill('SIGKILL');
  server.closeAllConnections();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (receiver.mismatch) throw new Error(receiver.mismatch);
  if (received < LINES) throw new Error(`${name}: received ${received} of ${LINES} lines before the deadline:\n${stderr}`);
  if (receiver.received !== LINES) throw new Error(`${name}: received ${receiver.received} lines for ${LINES} written (duplicates)`);
  const seconds = Math.max(0.001, (receiver.completed - receiver.first) / 1000);
  return {
    name, linesPerSecond: LINES / seconds, endToEndLinesPerSecond: LINES / Math.max(0.001, (receiver.completed - started) / 1000), cpuMicrosPerLine: ((ticks / 100) * 1e6) / LINES, peakRssMiB: peakRssKiB / 1024, seconds,
    receiverMicrosPerLine: (cpu.user + cpu.system) / LINES,
  };
}

/**
 * Apps of the 9 pods, named as a node's pods are: different first letters, so a sharded
 * config spreads them over its tail inputs as it would on a node.
 */
const APPS = ['api', 'billing', 'checkout', 'frontend', 'inventory', 'ledger', 'notifications', 'orders', 'search'];

/** N lines over 9 pods' files, a JSON app log line each (merge_log parses it). */
function writeLines(local: LocalFluentBit): void {
  const perFile = Math.ceil(LINES / FILES);
  for (let f = 0; f < FILES; f++) {
    const pod = { namespace: 'shop', pod: `${APPS[f]}-7d9c5-x2x4k`, container: 'app', node: 'ip-10-0-1-5.ec2.internal', labels: { app: APPS[f] } };
    writePodMeta(local.metaDir, pod);
    const count = Math.min(perFile, LINES - f * perFile);
    const fd = fs.openSync(path.join(local.logDir, criLogName(pod.pod, pod.namespace, pod.container)), 'w');
    const time = new Date().toISOString().replace('Z', '000000Z');
    let batch = '';
    for (let i = 0; i < count; i++) {
      batch += `${time} stdout F {"level":"info","msg":"handled request","path":"/api/orders/${i}","status":200,"duration_ms":${i % 997}}\n`;
      if (batch.length > 1 << 20) { fs.writeSync(fd, batch); batch = ''; }
    }
    fs.writeSync(fd, batch);
    fs.closeSync(fd);
  }
}

async function main(): Promise<void> {
  const binary = process.env.FLUENT_BIT_BIN;
  if (!binary) throw new Error('bench:logs needs FLUENT_BIT_BIN: eval "$(../shared/programs/unpack.sh)" (see ../shared/programs/README.md).');
  const library = (account: string) => (local: LocalFluentBit) => {
    const chart = new PlatformChart(Testing.app(), 'platform', { account: ACCOUNTS[account] });
    return localFluentBitConfig(chart.fluentBit!.configYaml, local);
  };
  const pipelines: [string, (local: LocalFluentBit) => string][] = [
    ['chart default', chartDefault],
    ['library sandbox', library('sandbox')],
    ['library production', library('production')],
  ];
  const root = fs.mkdtempSync(path.join(tmpdir(), 'bench-logs-'));
  const runs = new Map<string, Result[]>();
  try {
    // Rounds, each running every pipeline once, so the machine's load falls on all of them alike.
    for (let round = 1; round <= RUNS; round++) {
      for (const [name, render] of pipelines) {
        if (ONLY && !name.includes(ONLY)) continue;
        const result = await run(name, render, binary, root);
        runs.set(name, [...(runs.get(name) ?? []), result]);
        if (RUNS > 1) console.log(`run ${round}: ${name.padEnd(20)} ${Math.round(result.linesPerSecond).toLocaleString('en-US').padStart(8)} lines/s ${result.cpuMicrosPerLine.toFixed(1).padStart(5)} µs/line (load ${loadavg()[0].toFixed(2)})`);
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const median = (values: number[]) => { const v = [...values].sort((a, b) => a - b); const m = Math.floor(v.length / 2); return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2; };
  const results: Result[] = [...runs].map(([name, rs]) => ({
    name, seconds: median(rs.map((r) => r.seconds)), linesPerSecond: median(rs.map((r) => r.linesPerSecond)),
    endToEndLinesPerSecond: median(rs.map((r) => r.endToEndLinesPerSecond)),
    cpuMicrosPerLine: median(rs.map((r) => r.cpuMicrosPerLine)), peakRssMiB: median(rs.map((r) => r.peakRssMiB)),
    receiverMicrosPerLine: median(rs.map((r) => r.receiverMicrosPerLine)),
  }));
  const base = results.find((r) => r.name === 'chart default');
  console.log(`\nfluent-bit pipelines, ${LINES.toLocaleString('en-US')} CRI lines over ${FILES} files, into a local Loki push receiver${RUNS > 1 ? `, median of ${RUNS} runs` : ''}\n`);
  console.log('pipeline             lines/s   CPU µs/line  peak RSS MiB  throughput x  CPU/line x  receiver µs/line  from start lines/s');
  for (const r of results) {
    const ratio = (a: number, b?: number) => (b ? (a / b).toFixed(2) : '-');
    console.log(`${r.name.padEnd(20)} ${Math.round(r.linesPerSecond).toLocaleString('en-US').padStart(8)} ${r.cpuMicrosPerLine.toFixed(1).padStart(12)} ${r.peakRssMiB.toFixed(0).padStart(13)} ${ratio(r.linesPerSecond, base?.linesPerSecond).padStart(13)} ${ratio(r.cpuMicrosPerLine, base?.cpuMicrosPerLine).padStart(11)} ${r.receiverMicrosPerLine.toFixed(1).padStart(17)} ${Math.round(r.endToEndLinesPerSecond).toLocaleString('en-US').padStart(19)}`);
  }
  console.log(`\nload average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs (other processes share them: compare CPU per line first)`);
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
