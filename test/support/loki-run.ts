/**
 * Running the emitted Loki `config.yaml` on loopback: the same config with only paths and
 * addresses changed (the pod's volume becomes a temporary directory, S3 a shared local
 * directory, the headless Service 127.0.0.1 ports), started with the StatefulSet's arguments.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { LOKI_CONFIG_DIR, LOKI_CONFIG_FILE, LOKI_DATA_DIR } from '../../lib/k8s/loki/config';
import { freePort } from './syslog-ng';
import { http, startProgram, waitUntil, type RunningProgram } from './programs';

/** Ports and directories of one local Loki process. */
export interface LocalLoki {
  /** Stands in for the pod's volume ({@link LOKI_DATA_DIR}). */
  readonly dataDir: string;
  /** Stands in for the S3 bucket; shared by every member of a ring. */
  readonly objectDir: string;
  readonly httpPort: number;
  readonly grpcPort: number;
  readonly memberlistPort: number;
  /** memberlist ports of the members to join (the headless Service's addresses). */
  readonly joinPorts: readonly number[];
}

/** Free ports and fresh directories for `count` Loki processes that form one ring. */
export async function localLokis(root: string, count: number): Promise<LocalLoki[]> {
  const objectDir = path.join(root, 'bucket');
  const ports: { httpPort: number; grpcPort: number; memberlistPort: number }[] = [];
  for (let i = 0; i < count; i++) ports.push({ httpPort: await freePort(), grpcPort: await freePort(), memberlistPort: await freePort() });
  return ports.map((p, i) => ({ ...p, dataDir: path.join(root, `loki-${i}`), objectDir, joinPorts: ports.map((q) => q.memberlistPort) }));
}

/**
 * The emitted config with only paths, the object store and addresses changed; `compactorUrl`
 * replaces the compactor Service's address (`common.compactor_address`, mode `replicated`).
 */
export function localLokiConfig(yamlText: string, local: LocalLoki, compactorUrl?: string): Record<string, any> {
  const config = parse(yamlText);
  if (config.common.compactor_address !== undefined) {
    if (!compactorUrl) throw new Error('localLokiConfig: the config names a compactor (common.compactor_address); give the local compactor\'s URL.');
    config.common.compactor_address = compactorUrl;
  }
  const swap = (value: string) => (value.startsWith(LOKI_DATA_DIR) ? local.dataDir + value.slice(LOKI_DATA_DIR.length) : value);
  config.common.path_prefix = swap(config.common.path_prefix);
  for (const key of Object.keys(config.storage_config.tsdb_shipper)) config.storage_config.tsdb_shipper[key] = swap(config.storage_config.tsdb_shipper[key]);
  config.common.storage = { filesystem: { chunks_directory: path.join(local.objectDir, 'chunks'), rules_directory: path.join(local.objectDir, 'rules') } };
  // Pods differ by host name, which Loki uses as its ring instance id; processes on one host need names.
  const name = path.basename(local.dataDir);
  config.common.instance_addr = '127.0.0.1';
  config.common.ring = { ...config.common.ring, instance_id: name };
  for (const period of config.schema_config.configs) period.object_store = 'filesystem';
  if (config.compactor?.delete_request_store) config.compactor.delete_request_store = 'filesystem';
  Object.assign(config.server, { http_listen_address: '127.0.0.1', http_listen_port: local.httpPort, grpc_listen_address: '127.0.0.1', grpc_listen_port: local.grpcPort });
  Object.assign(config.memberlist, {
    join_members: local.joinPorts.map((p) => `127.0.0.1:${p}`), bind_port: local.memberlistPort, bind_addr: ['127.0.0.1'],
    advertise_addr: '127.0.0.1', advertise_port: local.memberlistPort, node_name: name,
  });
  return config;
}

/** The StatefulSet's container arguments, reading the config from `configFile` instead of the ConfigMap mount. */
export function localLokiArgs(statefulSetArgs: readonly string[], configFile: string): string[] {
  const mounted = `-config.file=${LOKI_CONFIG_DIR}/${LOKI_CONFIG_FILE}`;
  if (!statefulSetArgs.includes(mounted)) throw new Error(`localLokiArgs: expected ${mounted} among ${statefulSetArgs.join(' ')}`);
  return statefulSetArgs.map((a) => (a === mounted ? `-config.file=${configFile}` : a));
}

/** A running local Loki and where it listens. */
export interface RunningLoki {
  readonly local: LocalLoki;
  readonly program: RunningProgram;
  readonly url: string;
}

/** Writes `config` into its data directory and starts Loki with `args` (from {@link localLokiArgs}); does not wait. */
export function startLoki(binary: string, local: LocalLoki, config: Record<string, any>, statefulSetArgs: readonly string[]): RunningLoki {
  fs.mkdirSync(local.dataDir, { recursive: true });
  const configFile = path.join(local.dataDir, '..', `${path.basename(local.dataDir)}.yaml`);
  fs.writeFileSync(configFile, stringify(config));
  const program = startProgram(binary, localLokiArgs(statefulSetArgs, configFile));
  return { local, program, url: `http://127.0.0.1:${local.httpPort}` };
}

/** Resolves once `/ready` answers 200; throws with Loki's last output after `timeoutMs`. */
export async function waitReady(loki: RunningLoki, timeoutMs = 120_000): Promise<void> {
  await waitUntil(async () => {
    if (!loki.program.running()) throw new Error(`Loki exited before it was ready:\n${loki.program.output().slice(-4000)}`);
    return (await http(`${loki.url}/ready`, { timeoutMs: 2000 })).status === 200 ? true : undefined;
  }, timeoutMs, () => `Loki at ${loki.url} not ready:\n${loki.program.output().slice(-3000)}`, 500);
}

/** One line returned by a LogQL query, with its stream labels. */
export interface QueriedLine {
  readonly labels: Record<string, string>;
  readonly line: string;
}

/** `query_range` over the last hour (forward), every line of every stream; `tenant` sets `X-Scope-OrgID`. */
export async function queryRange(url: string, query: string, tenant?: string): Promise<{ status: number; lines: QueriedLine[] }> {
  const end = BigInt(Date.now() + 60_000) * 1_000_000n;
  const start = end - 3_600_000_000_000n;
  const params = new URLSearchParams({ query, start: String(start), end: String(end), limit: '5000', direction: 'forward' });
  const response = await http(`${url}/loki/api/v1/query_range?${params}`, { headers: tenant ? { 'X-Scope-OrgID': tenant } : {} });
  if (response.status !== 200) return { status: response.status, lines: [] };
  const result = JSON.parse(response.body).data.result as { stream: Record<string, string>; values: [string, string][] }[];
  return { status: 200, lines: result.flatMap((s) => s.values.map(([, line]) => ({ labels: s.stream, line }))) };
}

/** Pushes one line (stamped `atMs`, default now) to Loki's push API; returns the HTTP status. */
export async function pushLine(url: string, labels: Record<string, string>, line: string, tenant?: string, atMs = Date.now()): Promise<number> {
  const body = JSON.stringify({ streams: [{ stream: labels, values: [[String(BigInt(atMs) * 1_000_000n), line]] }] });
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(tenant ? { 'X-Scope-OrgID': tenant } : {}) };
  return (await http(`${url}/loki/api/v1/push`, { method: 'POST', headers, body })).status;
}

/** Asks `url` to delete the lines of `query` between `startS` and `endS` (Unix seconds); returns the HTTP status. */
export async function requestDelete(url: string, query: string, startS: number, endS: number, tenant?: string): Promise<number> {
  const params = new URLSearchParams({ query, start: String(startS), end: String(endS) });
  return (await http(`${url}/loki/api/v1/delete?${params}`, { method: 'POST', headers: tenant ? { 'X-Scope-OrgID': tenant } : {} })).status;
}

/** The delete requests `url` lists for `tenant` (their LogQL selectors), or the HTTP status when it does not answer 200. */
export async function listDeletes(url: string, tenant?: string): Promise<string[] | number> {
  const response = await http(`${url}/loki/api/v1/delete`, { headers: tenant ? { 'X-Scope-OrgID': tenant } : {} });
  if (response.status !== 200) return response.status;
  return (JSON.parse(response.body) as { query: string }[]).map((r) => r.query);
}
