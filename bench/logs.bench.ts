/**
 * `npm run bench:logs [-- --lines N] [-- --only NAME]`: throughput and CPU cost of fluent-bit
 * pipelines on the same CRI log lines, into a local receiver that accepts Loki pushes.
 *
 * Pipelines: the upstream fluent-bit chart's default (tail with `mem_buf_limit 5MB`, kubernetes
 * filter, loki output), and this library's sandbox and production configs (paths and addresses
 * changed only). Each reads N lines (default 1,000,000) over 9 kubelet-named files written
 * before it starts, with pod metadata from files. Printed per pipeline: lines/s from the first
 * to the last push, fluent-bit CPU (user + system) per line, peak RSS, and the ratios to the
 * chart's default. Needs FLUENT_BIT_BIN (`eval "$(../shared/programs/unpack.sh)"`). Nothing is
 * asserted: figures vary with the machine and its load.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
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

/** The fluent-bit chart's default pipeline (values.yaml `config`), to the same receiver, in YAML. */
function chartDefault(local: LocalFluentBit): string {
  return stringify({
    service: { flush: 1, log_level: 'info', http_server: true, http_listen: '127.0.0.1', http_port: local.httpPort },
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

interface Result { name: string; linesPerSecond: number; cpuMicrosPerLine: number; peakRssMiB: number; seconds: number }

async function run(name: string, render: (local: LocalFluentBit) => string, binary: string, root: string): Promise<Result> {
  const dir = fs.mkdtempSync(path.join(root, `${name.replace(/\W+/g, '-')}-`));
  let received = 0;
  let first = 0;
  let last = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      for (const stream of JSON.parse(body.toString('utf8')).streams) received += stream.values.length;
      last = Date.now();
      if (!first) first = last;
      res.writeHead(204).end();
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
  let peakRssKiB = 0;
  let ticks = 0;
  const deadline = started + Math.max(120_000, LINES / 50);
  while (received < LINES && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 200));
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakRssKiB = Math.max(peakRssKiB, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks = Number(stat[11]) + Number(stat[12]);
    } catch {
      // exited
    }
  }
  child.kill('SIGKILL');
  server.closeAllConnections();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (received < LINES) throw new Error(`${name}: received ${received} of ${LINES} lines before the deadline:\n${stderr}`);
  const seconds = Math.max(0.001, (last - first) / 1000);
  return { name, linesPerSecond: LINES / seconds, cpuMicrosPerLine: ((ticks / 100) * 1e6) / LINES, peakRssMiB: peakRssKiB / 1024, seconds };
}

/** N lines over 9 pods' files, a JSON app log line each (merge_log parses it). */
function writeLines(local: LocalFluentBit): void {
  const perFile = Math.ceil(LINES / FILES);
  for (let f = 0; f < FILES; f++) {
    const pod = { namespace: 'shop', pod: `app${f}-7d9c5-x2x4k`, container: 'app', node: 'ip-10-0-1-5.ec2.internal', labels: { app: `app${f}` } };
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
  const results: Result[] = [];
  try {
    for (const [name, render] of pipelines) {
      if (ONLY && !name.includes(ONLY)) continue;
      results.push(await run(name, render, binary, root));
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const base = results.find((r) => r.name === 'chart default');
  console.log(`fluent-bit pipelines, ${LINES.toLocaleString('en-US')} CRI lines over ${FILES} files, into a local Loki push receiver\n`);
  console.log('pipeline             lines/s   CPU µs/line  peak RSS MiB  throughput x  CPU/line x');
  for (const r of results) {
    const ratio = (a: number, b?: number) => (b ? (a / b).toFixed(2) : '-');
    console.log(`${r.name.padEnd(20)} ${Math.round(r.linesPerSecond).toLocaleString('en-US').padStart(8)} ${r.cpuMicrosPerLine.toFixed(1).padStart(12)} ${r.peakRssMiB.toFixed(0).padStart(13)} ${ratio(r.linesPerSecond, base?.linesPerSecond).padStart(13)} ${ratio(r.cpuMicrosPerLine, base?.cpuMicrosPerLine).padStart(11)}`);
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
