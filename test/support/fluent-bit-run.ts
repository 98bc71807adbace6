/**
 * Running the emitted `fluent-bit.yaml` on loopback: the same config with only paths and
 * addresses changed, CRI log files named as the kubelet names them, pod metadata from files
 * (`kube_meta_preload_cache_dir`, no API server), and a receiver that accepts Loki pushes.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse, stringify } from 'yaml';
import { CONTAINER_LOG_DIR, FLUENT_BIT_STATE_DIR } from '../../lib/k8s/fluent-bit/config';

/** Where a local fluent-bit reads, writes and sends. */
export interface LocalFluentBit {
  /** Stands in for /var/log/containers. */
  readonly logDir: string;
  /** Stands in for the host state directory (positions, chunk buffer). */
  readonly stateDir: string;
  /** Pod metadata files, one per pod (`<namespace>_<pod>.meta`). */
  readonly metaDir: string;
  readonly httpPort: number;
  readonly lokiPort: number;
}

/**
 * The emitted config with only paths and addresses changed: tail paths, position databases,
 * the chunk buffer, the HTTP port, Loki's address, and the kubernetes processor's tag prefix
 * (it follows the tail path), API address (nothing listens) and metadata directory.
 */
export function localFluentBitConfig(yamlText: string, local: LocalFluentBit): string {
  const config = parse(yamlText);
  const swap = (value: string, from: string, to: string) => (value.startsWith(from) ? to + value.slice(from.length) : value);
  config.service['storage.path'] = swap(config.service['storage.path'], FLUENT_BIT_STATE_DIR, local.stateDir);
  config.service.http_listen = '127.0.0.1';
  config.service.http_port = local.httpPort;
  const tagPrefix = `kube${local.logDir.replace(/\//g, '.')}.`;
  for (const input of config.pipeline.inputs) {
    input.path = swap(input.path, CONTAINER_LOG_DIR, local.logDir);
    input.db = swap(input.db, FLUENT_BIT_STATE_DIR, local.stateDir);
    for (const processor of input.processors?.logs ?? []) {
      if (processor.name !== 'kubernetes') continue;
      processor.kube_tag_prefix = tagPrefix;
      processor.kube_url = 'http://127.0.0.1:9';
      processor.kube_meta_preload_cache_dir = local.metaDir;
    }
  }
  for (const output of config.pipeline.outputs) Object.assign(output, { host: '127.0.0.1', port: local.lokiPort, tls: false });
  return stringify(config);
}

/** The kubelet's name of a container's log link: `<pod>_<namespace>_<container>-<64 hex>.log`. */
export function criLogName(pod: string, namespace: string, container: string): string {
  const id = Buffer.from(`${namespace}/${pod}/${container}`).toString('hex').padEnd(64, '0').slice(0, 64);
  return `${pod}_${namespace}_${container}-${id}.log`;
}

/** One CRI log line: `<RFC3339Nano> <stream> <F|P> <text>\n`. */
export function criLine(text: string, options: { partial?: boolean; stream?: 'stdout' | 'stderr'; time?: Date } = {}): string {
  const time = (options.time ?? new Date()).toISOString().replace('Z', '000000Z');
  return `${time} ${options.stream ?? 'stdout'} ${options.partial ? 'P' : 'F'} ${text}\n`;
}

/** A pod as the metadata file describes it. */
export interface TestPod {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly node: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** Writes the pod's metadata file for `kube_meta_preload_cache_dir` (a Pod object as JSON). */
export function writePodMeta(metaDir: string, pod: TestPod): void {
  fs.mkdirSync(metaDir, { recursive: true });
  const object = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod.pod, namespace: pod.namespace, uid: `uid-${pod.pod}`, labels: pod.labels ?? {}, annotations: pod.annotations ?? {} },
    spec: { nodeName: pod.node, containers: [{ name: pod.container, image: 'registry.example/app:1' }] },
    status: { containerStatuses: [{ name: pod.container, image: 'registry.example/app:1', imageID: 'sha256:0', containerID: 'containerd://0' }] },
  };
  fs.writeFileSync(path.join(metaDir, `${pod.namespace}_${pod.pod}.meta`), JSON.stringify(object));
}

/** One pushed log line with its stream labels. */
export interface PushedLine {
  readonly labels: Record<string, string>;
  /** The line as pushed: the container's own text. */
  readonly line: string;
}

/** A local HTTP server that accepts Loki pushes (JSON, gzip or not) and remembers them. */
export interface LokiReceiver {
  readonly port: number;
  /** Every accepted line, in arrival order. */
  readonly lines: PushedLine[];
  /** Every line of a push answered with another status than 204 (a retry sends it again), in arrival order. */
  readonly rejected: PushedLine[];
  /** Tenant headers seen (`X-Scope-OrgID`). */
  readonly tenants: Set<string>;
  /** Pushes answered so far, by status. */
  readonly answered: Map<number, number>;
  /** Answer further pushes with this status (204 accepts them; anything else keeps them out of `lines`). */
  status: number;
  close(): Promise<void>;
}

/** Starts a {@link LokiReceiver} on a free port of 127.0.0.1. */
export async function startLokiReceiver(options: { keepLines?: boolean } = {}): Promise<LokiReceiver> {
  const keep = options.keepLines ?? true;
  const receiver = {
    port: 0, lines: [] as PushedLine[], rejected: [] as PushedLine[], tenants: new Set<string>(), answered: new Map<number, number>(), status: 204, close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = receiver.status;
      receiver.answered.set(status, (receiver.answered.get(status) ?? 0) + 1);
      const tenant = req.headers['x-scope-orgid'];
      if (typeof tenant === 'string') receiver.tenants.add(tenant);
      if (keep) {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const into = status === 204 ? receiver.lines : receiver.rejected;
        for (const stream of JSON.parse(body.toString('utf8')).streams) {
          for (const [, line] of stream.values) into.push({ labels: stream.stream, line });
        }
      }
      res.writeHead(status);
      res.end(status === 204 ? '' : `test receiver answers ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return receiver;
}

/** The value of one sample of a Prometheus text exposition, e.g. `fluentbit_output_retries_total{name="loki"}`. */
export function metricValue(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
