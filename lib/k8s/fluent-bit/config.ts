/**
 * fluent-bit's configuration file (`fluent-bit.yaml`, YAML format), rendered from resolved
 * settings. Pure: no constructs, so tests can check it against the documented schema.
 *
 * References (fluent-bit 4.x):
 * - YAML service section: https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/yaml/service-section
 * - pipeline section and processors: https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/yaml/pipeline-section
 * - filters as processors: https://docs.fluentbit.io/manual/data-pipeline/processors/filters
 * - tail input: https://docs.fluentbit.io/manual/data-pipeline/inputs/tail
 * - kubernetes filter: https://docs.fluentbit.io/manual/data-pipeline/filters/kubernetes
 * - loki output: https://docs.fluentbit.io/manual/data-pipeline/outputs/loki
 * - buffering: https://docs.fluentbit.io/manual/administration/buffering-and-storage
 * - threads: https://docs.fluentbit.io/manual/administration/multithreading
 */
import { toYaml } from '../../yaml';
import type { FluentBitLogLevel, FluentBitLokiLabel } from '../../config/addons/fluent-bit';

/** Port of fluent-bit's HTTP server: metrics and health. */
export const FLUENT_BIT_HTTP_PORT = 2020;
/** Prometheus metrics path of the HTTP server. */
export const FLUENT_BIT_METRICS_PATH = '/api/v2/metrics/prometheus';
/**
 * Path the probes ask. `health_check` is off, so it answers 200 whenever the HTTP server runs:
 * it says that the process is up, never how Loki is doing (see {@link FLUENT_BIT_OUTAGE_METRICS}).
 */
export const FLUENT_BIT_HEALTH_PATH = '/api/v1/health';

/**
 * The Prometheus metrics (at {@link FLUENT_BIT_METRICS_PATH}, label `name` = the output's alias
 * {@link FLUENT_BIT_LOKI_OUTPUT_ALIAS}) that show a Loki outage or loss. fluent-bit keeps
 * running and ready through an outage, buffering on disk, so alert rules read these instead:
 * - `retries`: counts every retried push; rising while `records` stays flat means Loki is
 *   failing (HTTP 5xx, 429, timeouts, refused connections).
 * - `records`: records Loki accepted.
 * - `errors`: pushes Loki refused for good (HTTP 400, e.g. lines too old): those lines are lost.
 * - `droppedRecords`: records dropped (refused, or the disk buffer full past `bufferLimitMiB`).
 * - `retriesFailed`: retries given up (never with `retry_limit: no_limits`, kept as a guard).
 * - `fsChunks`: chunks waiting in the disk buffer; grows during an outage.
 */
export const FLUENT_BIT_OUTAGE_METRICS = {
  retries: 'fluentbit_output_retries_total',
  records: 'fluentbit_output_proc_records_total',
  errors: 'fluentbit_output_errors_total',
  droppedRecords: 'fluentbit_output_dropped_records_total',
  retriesFailed: 'fluentbit_output_retries_failed_total',
  fsChunks: 'fluentbit_storage_fs_chunks',
} as const;

/** `alias` of the Loki output: the `name` label of its metrics. */
export const FLUENT_BIT_LOKI_OUTPUT_ALIAS = 'loki';
/** Host directory (and mount path) of the tail position databases and the chunk buffer. */
export const FLUENT_BIT_STATE_DIR = '/var/fluent-bit/state';
/** Mount path of the config file's directory. */
export const FLUENT_BIT_CONFIG_DIR = '/fluent-bit/etc';
/** Name of the config file in its ConfigMap and directory. */
export const FLUENT_BIT_CONFIG_FILE = 'fluent-bit.yaml';
/** Where the kubelet links every container's log: `<pod>_<namespace>_<container>-<id>.log`. */
export const CONTAINER_LOG_DIR = '/var/log/containers';
/** Tag prefix of tailed records; the kubernetes processor strips it to find the file name. */
const TAG = 'kube.*';
const KUBE_TAG_PREFIX = 'kube.var.log.containers.';
/** `buffer_chunk_size` and `buffer_max_size` of the tail inputs: one buffer per watched file. */
export const TAIL_BUFFER_SIZE = '128k';

/** Everything the config file depends on, with every default applied. */
export interface FluentBitSettings {
  /** Number of tail inputs; see {@link tailShardPaths}. */
  readonly shards: number;
  /** `workers` of the Loki output. */
  readonly outputWorkers: number;
  /** Stream labels taken from Kubernetes metadata. */
  readonly labels: readonly FluentBitLokiLabel[];
  /** Pod label whose value is the `app` stream label. */
  readonly appLabelKey: string;
  /** Fixed stream labels. */
  readonly staticLabels: Readonly<Record<string, string>>;
  /** `X-Scope-OrgID` tenant; undefined sends none. */
  readonly tenantId?: string;
  /** `storage.total_limit_size` of the Loki output, in MiB. */
  readonly bufferLimitMiB: number;
  /** `service.storage.max_chunks_up`. */
  readonly maxChunksUp: number;
  /** `service.log_level`. */
  readonly logLevel: FluentBitLogLevel;
  /** Loki host name (no scheme, no path). */
  readonly lokiHost: string;
  /** Loki TCP port. */
  readonly lokiPort: number;
  /** Connect to Loki over TLS. */
  readonly lokiTls: boolean;
}

/**
 * First characters of pod names, in order. Pod names are DNS-1123 subdomains, so a container
 * log file name starts with one of these.
 */
export const POD_NAME_FIRST_CHARACTERS = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Tail paths of `shards` inputs that together match every file of {@link CONTAINER_LOG_DIR}
 * that `*.log` matches, each file exactly once. Shard i < n-1 takes a contiguous slice of
 * {@link POD_NAME_FIRST_CHARACTERS} (`[0123]*.log`); the last shard takes every other first
 * character (`[!0123...]*.log`), so even an unexpected name is read by exactly one shard.
 * Characters are listed, not ranged (`[0-3]`), so the locale's collation cannot matter.
 */
export function tailShardPaths(shards: number): string[] {
  if (!Number.isInteger(shards) || shards < 1 || shards > POD_NAME_FIRST_CHARACTERS.length) {
    throw new Error(`tailShardPaths: shards must be a whole number from 1 to ${POD_NAME_FIRST_CHARACTERS.length}, got ${shards}.`);
  }
  if (shards === 1) return [`${CONTAINER_LOG_DIR}/*.log`];
  const all = POD_NAME_FIRST_CHARACTERS;
  const slices: string[] = [];
  for (let i = 0; i < shards - 1; i++) {
    slices.push(all.slice(Math.floor((i * all.length) / shards), Math.floor(((i + 1) * all.length) / shards)));
  }
  const taken = slices.join('');
  return [...slices.map((chars) => `${CONTAINER_LOG_DIR}/[${chars}]*.log`), `${CONTAINER_LOG_DIR}/[!${taken}]*.log`];
}

/** Record accessor of each label in the records the kubernetes processor enriches. */
export function labelAccessor(label: FluentBitLokiLabel, appLabelKey: string): string {
  switch (label) {
    case 'namespace': return "$kubernetes['namespace_name']";
    case 'pod': return "$kubernetes['pod_name']";
    case 'container': return "$kubernetes['container_name']";
    case 'node': return "$kubernetes['host']";
    case 'app': return `$kubernetes['labels']['${appLabelKey}']`;
    case 'stream': return '$stream';
  }
}

/**
 * fluent-bit's config as a plain object.
 *
 * Design notes:
 * - Each shard is a `threaded` tail input; its kubernetes metadata step is a processor of
 *   that input, so it runs in the input's thread (filters would all run in the main thread).
 * - Inputs buffer to the filesystem (`storage.type: filesystem`), bounded by
 *   `storage.max_chunks_up` in memory and `storage.total_limit_size` on disk.
 * - The Loki output pushes with several `workers`; Loki accepts the resulting out-of-order
 *   lines. Label values come from record accessors (`name=$accessor`), which the plugin
 *   removes from the line itself; `remove_keys` drops the rest, so the line is the
 *   container's own text.
 * - No gzip to Loki: it is in the cluster, and compressing cost about 2.6 µs per line, a fifth
 *   of fluent-bit's CPU (npm run bench:logs); the price is more bytes between nodes and Loki.
 */
export function renderFluentBitConfig(s: FluentBitSettings): Record<string, unknown> {
  const inputs = tailShardPaths(s.shards).map((path, i) => ({
    name: 'tail',
    alias: `containers-${i}`,
    tag: TAG,
    path,
    'multiline.parser': 'cri, docker',
    // One position database per input (SQLite, locked by its thread); named by index so shard 0
    // keeps its offsets when the number of shards changes.
    db: `${FLUENT_BIT_STATE_DIR}/tail-containers-${i}.db`,
    'db.locking': true,
    // A file with no saved position (new node, first install, a pod that started before
    // fluent-bit) is read from its start; files with a position resume from it after restarts.
    'read_from_head': true,
    'skip_long_lines': true,
    // Reads of 128 KiB instead of 32 KiB: a quarter of the read calls, position updates and
    // appends (fluent-bit's performance tips); also the longest line kept (skip_long_lines).
    'buffer_chunk_size': TAIL_BUFFER_SIZE,
    'buffer_max_size': TAIL_BUFFER_SIZE,
    // Off: fluent-bit 4.2 advises POSIX_FADV_DONTNEED on the whole file before every read,
    // which evicts the lines just written and sends each read to disk (fluent/fluent-bit#12322, open upstream).
    // Leaving the page cache alone cut CPU per line and raised throughput (npm run bench:logs).
    // Pages fluent-bit reads from disk count toward its cgroup, but clean cache is reclaimed
    // before any OOM kill.
    'file_cache_advise': false,
    'refresh_interval': 10,
    'rotate_wait': 30,
    threaded: true,
    'storage.type': 'filesystem',
    processors: {
      logs: [{
        name: 'kubernetes',
        'kube_url': 'https://kubernetes.default.svc:443',
        'kube_tag_prefix': KUBE_TAG_PREFIX,
        // Off: the line stays what the container wrote, so LogQL's `| json` reads JSON logs
        // directly; parsing every line here cost about 1.3 µs per line (npm run bench:logs).
        'merge_log': false,
        'keep_log': false,
        // Pods opt out with the annotation fluentbit.io/exclude: "true".
        'k8s-logging.exclude': true,
        'k8s-logging.parser': false,
        labels: true,
        // Annotations stay out of records (last-applied-configuration alone can be kilobytes);
        // fluentbit.io/* annotations are still read for k8s-logging.exclude.
        annotations: false,
        // 0: no limit, so large pod specs still yield metadata.
        'buffer_size': 0,
      }],
    },
  }));
  const labels = [
    'job=fluent-bit',
    ...Object.entries(s.staticLabels).map(([name, value]) => `${name}=${value}`),
    ...s.labels.map((label) => `${label}=${labelAccessor(label, s.appLabelKey)}`),
  ];
  const output: Record<string, unknown> = {
    name: 'loki',
    alias: FLUENT_BIT_LOKI_OUTPUT_ALIAS,
    match: TAG,
    host: s.lokiHost,
    port: s.lokiPort,
    tls: s.lokiTls,
    ...(s.tenantId !== undefined ? { tenant_id: s.tenantId } : {}),
    labels: labels.join(', '),
    // The line is the container's own text: the labels carry the metadata, the entry its
    // timestamp; the CRI fields and the rest of the metadata are dropped, and the one key left
    // (`log`) is sent raw rather than as JSON.
    'remove_keys': ['$kubernetes', '$time', '$_p', ...(s.labels.includes('stream') ? [] : ['$stream'])].join(', '),
    'line_format': 'json',
    'drop_single_key': 'raw',
    workers: s.outputWorkers,
    // Chunks wait on disk, bounded by storage.total_limit_size; never drop them on retries.
    'retry_limit': 'no_limits',
    'storage.total_limit_size': `${s.bufferLimitMiB}M`,
  };
  return {
    service: {
      flush: 1,
      grace: 10,
      'log_level': s.logLevel,
      'http_server': true,
      'http_listen': '0.0.0.0',
      'http_port': FLUENT_BIT_HTTP_PORT,
      // Off: its error counts include Loki refusing lines (HTTP 400), which no restart or
      // unready pod fixes. Outages and losses show in FLUENT_BIT_OUTAGE_METRICS instead.
      'health_check': false,
      'storage.path': `${FLUENT_BIT_STATE_DIR}/buffer/`,
      'storage.sync': 'normal',
      'storage.checksum': false,
      'storage.max_chunks_up': s.maxChunksUp,
      'storage.backlog.mem_limit': '16M',
      'storage.metrics': true,
    },
    pipeline: { inputs, outputs: [output] },
  };
}

/** {@link renderFluentBitConfig} as the YAML text of `fluent-bit.yaml`. */
export function fluentBitConfigYaml(settings: FluentBitSettings): string {
  return toYaml(renderFluentBitConfig(settings));
}
