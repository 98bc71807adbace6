/**
 * The `loki` add-on section: Grafana Loki storing pod logs in the cluster's S3 bucket.
 *
 * Plain data only. The Kubernetes objects and the Loki config file are rendered by
 * `lib/k8s/loki`; the bucket and the IRSA role are created on the AWS side.
 */
import { show, type ProblemCollector } from '../problems';
import {
  checkInteger, EBS_VOLUME_SIZE_GIB, isStorageClassName, validateContainerResources, withResourceDefaults,
  type ContainerResourceDefaults, type ContainerResources, type IntegerRange,
} from '../resources';

/**
 * How Loki runs.
 * - `single-binary`: one pod running every component (`-target=all`), replication factor 1.
 *   For sandboxes: a node or volume loss loses the logs not yet flushed to S3 (up to
 *   `maxChunkAgeHours`), and the WAL on the pod's volume only protects against restarts.
 * - `replicated`: Loki's components split by role, in one memberlist ring:
 *   - `replicas` (three or more) write pods (`-target=write`: distributors and ingesters),
 *     replication factor 3: writes need two of three, so one pod can be down
 *     (PodDisruptionBudget `maxUnavailable: 1`);
 *   - `readReplicas` stateless read pods (`-target=read,query-scheduler`) answer queries;
 *   - one compactor pod (`-target=compactor`) compacts, applies retention and owns the
 *     delete API, so every delete request lands in one store that every querier consults.
 *   A compactor restart pauses the delete API and retention, never pushes or queries of data
 *   without deletes pending (queriers cache the delete requests for 5 minutes).
 */
export type LokiMode = 'single-binary' | 'replicated';

/** Loki log levels (`server.log_level`). */
export type LokiLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The modes of {@link LokiMode}, for validation. */
export const LOKI_MODES: readonly LokiMode[] = ['single-binary', 'replicated'];

/** Replication factor of mode `replicated`; also its minimum number of replicas. */
export const LOKI_REPLICATION_FACTOR = 3;

/** Default of {@link LokiConfig.readReplicas} in mode `replicated`. */
export const LOKI_DEFAULT_READ_REPLICAS = 2;

/** Default of {@link LokiConfig.resources}. */
export const LOKI_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 500, memoryMiB: 2048 };

/** Configuration section of the Loki add-on. */
export interface LokiConfig {
  /**
   * How Loki runs; see {@link LokiMode}.
   * @default 'single-binary'
   */
  readonly mode?: LokiMode;
  /**
   * Number of Loki pods that take pushes: exactly 1 in mode `single-binary` (it also answers
   * queries and deletes); at least 3 write pods in mode `replicated`.
   * @default - 1 in mode 'single-binary', 3 in mode 'replicated'
   */
  readonly replicas?: number;
  /**
   * Number of read pods (queries) in mode `replicated`, 1 to 20; two or more keep queries up
   * through a node drain. Mode `single-binary` has no read pods: leave it unset there.
   * @default 2
   */
  readonly readReplicas?: number;
  /**
   * Multi-tenancy: when true every push and query must carry an `X-Scope-OrgID` header
   * (fluent-bit sends its `tenantId`; Grafana's data source must send one too). When false
   * every log goes to the single tenant `fake`.
   * @default false
   */
  readonly authEnabled?: boolean;
  /**
   * How long logs are kept, in days (`limits_config.retention_period`), enforced by the
   * compactor. Sandbox: 7; production: 30 or what your records policy says.
   * @default 30
   */
  readonly retentionDays?: number;
  /**
   * `ingester.max_chunk_age`, in hours. Loki accepts out-of-order lines of a stream that are
   * at most half of this older than the stream's newest line, which is what lets fluent-bit
   * push with several workers in parallel. Grafana recommends 2.
   * @default 2
   */
  readonly maxChunkAgeHours?: number;
  /**
   * Lines older than this, in hours, are rejected (`limits_config.reject_old_samples_max_age`).
   * Bounds how far back a fluent-bit that was down can replay. At most the retention.
   * @default 168
   */
  readonly rejectOldSamplesMaxAgeHours?: number;
  /**
   * Per-tenant ingestion rate, in MB/s (`limits_config.ingestion_rate_mb`).
   * @default 16
   */
  readonly ingestionRateMB?: number;
  /**
   * Per-tenant ingestion burst, in MB (`limits_config.ingestion_burst_size_mb`). At least the
   * rate.
   * @default 32
   */
  readonly ingestionBurstMB?: number;
  /**
   * Size of each pod's volume (WAL, TSDB index being built and its query cache, compactor
   * scratch space), in GiB.
   * @default 10
   */
  readonly volumeSizeGiB?: number;
  /**
   * StorageClass of the volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * In-process query results cache, in MB (`query_range.results_cache` embedded cache).
   * Results and chunk caches together must fit in half of `resources.memoryMiB`.
   * @default 256
   */
  readonly resultsCacheMB?: number;
  /**
   * In-process chunk cache, in MB (`chunk_store_config.chunk_cache_config` embedded cache).
   * @default 512
   */
  readonly chunkCacheMB?: number;
  /**
   * CPU and memory of each read pod, in mode `replicated` (the query caches live there).
   * @default - the same as `resources`
   */
  readonly readResources?: ContainerResources;
  /**
   * CPU and memory of the compactor pod, in mode `replicated`.
   * @default - 500 millicores, 2048 MiB, no CPU limit
   */
  readonly compactorResources?: ContainerResources;
  /**
   * CPU and memory of each Loki pod (the single-binary pod, or each write pod; the read pods
   * too unless `readResources` is set).
   * @default - 500 millicores, 2048 MiB, no CPU limit
   */
  readonly resources?: ContainerResources;
  /**
   * First day of the TSDB v13 schema period, `YYYY-MM-DD`. Set once, before the first
   * deployment, and never change it: data written under a period is read with that period.
   * @default '2024-01-01'
   */
  readonly schemaStartDate?: string;
  /**
   * Loki's own log level.
   * @default 'info'
   */
  readonly logLevel?: LokiLogLevel;
  /**
   * Put `prometheus.io/scrape`, `port` and `path` annotations on the pods.
   * @default true
   */
  readonly prometheusScrape?: boolean;
}

const LOG_LEVELS: readonly LokiLogLevel[] = ['debug', 'info', 'warn', 'error'];
const CACHE_MB: IntegerRange = { min: 0, max: 65536 };
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Check a LokiConfig section; report every problem under `path`. */
export function validateLokiConfig(config: LokiConfig, path: string, problems: ProblemCollector): void {
  const mode = config.mode ?? 'single-binary';
  if (!LOKI_MODES.includes(mode)) {
    problems.add(`${path}.mode`, `must be one of ${LOKI_MODES.map((m) => `'${m}'`).join(', ')}, got ${show(config.mode)}.`);
  }
  if (config.replicas !== undefined) {
    if (!Number.isInteger(config.replicas)) {
      problems.add(`${path}.replicas`, `must be a whole number, got ${show(config.replicas)}.`);
    } else if (mode === 'single-binary' && config.replicas !== 1) {
      problems.add(`${path}.replicas`, `must be 1 in mode 'single-binary' (replication factor 1: more pods would each hold different unreplicated data), got ${config.replicas}; use mode 'replicated' for more.`);
    } else if (mode === 'replicated' && config.replicas < LOKI_REPLICATION_FACTOR) {
      problems.add(`${path}.replicas`, `must be at least ${LOKI_REPLICATION_FACTOR} in mode 'replicated' (replication factor ${LOKI_REPLICATION_FACTOR}), got ${config.replicas}.`);
    }
  }
  if (config.readReplicas !== undefined) {
    if (mode === 'single-binary') {
      problems.add(`${path}.readReplicas`, `applies to mode 'replicated' only (the single-binary pod answers queries itself), got ${show(config.readReplicas)}; remove it or set mode 'replicated'.`);
    } else {
      checkInteger(config.readReplicas, { min: 1, max: 20 }, `${path}.readReplicas`, problems);
    }
  }
  if (config.authEnabled !== undefined && typeof config.authEnabled !== 'boolean') {
    problems.add(`${path}.authEnabled`, `must be true or false, got ${show(config.authEnabled)}.`);
  }
  const retentionDays = config.retentionDays ?? 30;
  checkInteger(config.retentionDays, { min: 1, max: 3650 }, `${path}.retentionDays`, problems);
  const maxChunkAge = config.maxChunkAgeHours ?? 2;
  checkInteger(config.maxChunkAgeHours, { min: 1, max: 24 }, `${path}.maxChunkAgeHours`, problems);
  if (checkInteger(config.rejectOldSamplesMaxAgeHours, { min: 1, max: 87600 }, `${path}.rejectOldSamplesMaxAgeHours`, problems)) {
    const maxAge = config.rejectOldSamplesMaxAgeHours!;
    if (Number.isInteger(retentionDays) && maxAge > retentionDays * 24) {
      problems.add(`${path}.rejectOldSamplesMaxAgeHours`, `must not exceed the retention (${retentionDays} days = ${retentionDays * 24} hours), got ${maxAge}: Loki would accept lines the compactor deletes at once.`);
    }
    if (Number.isInteger(maxChunkAge) && maxAge < maxChunkAge) {
      problems.add(`${path}.rejectOldSamplesMaxAgeHours`, `must be at least maxChunkAgeHours (${maxChunkAge}), got ${maxAge}.`);
    }
  }
  checkNumber(config.ingestionRateMB, 0.1, 1024, `${path}.ingestionRateMB`, problems);
  checkNumber(config.ingestionBurstMB, 0.1, 4096, `${path}.ingestionBurstMB`, problems);
  const rate = config.ingestionRateMB ?? 16;
  const burst = config.ingestionBurstMB ?? 32;
  if (typeof rate === 'number' && typeof burst === 'number' && burst < rate) {
    problems.add(`${path}.ingestionBurstMB`, `must be at least ingestionRateMB (${rate}), got ${burst}.`);
  }
  checkInteger(config.volumeSizeGiB, EBS_VOLUME_SIZE_GIB, `${path}.volumeSizeGiB`, problems);
  if (config.storageClassName !== undefined && !isStorageClassName(config.storageClassName)) {
    problems.add(`${path}.storageClassName`, `must be a StorageClass name (lower-case DNS-1123 subdomain), got ${show(config.storageClassName)}.`);
  }
  checkInteger(config.resultsCacheMB, CACHE_MB, `${path}.resultsCacheMB`, problems);
  checkInteger(config.chunkCacheMB, CACHE_MB, `${path}.chunkCacheMB`, problems);
  validateContainerResources(config.resources ?? {}, `${path}.resources`, problems, LOKI_DEFAULT_RESOURCES);
  const caches = (config.resultsCacheMB ?? 256) + (config.chunkCacheMB ?? 512);
  const checkCaches = (field: 'resources' | 'readResources', memory: number) => {
    if (Number.isFinite(memory) && Number.isFinite(caches) && caches > memory / 2) {
      problems.add(`${path}.${field}.memoryMiB`, `must be at least twice the caches (resultsCacheMB + chunkCacheMB = ${caches} MB) so ingesters and queries have room, got ${memory}; raise memoryMiB or shrink the caches.`);
    }
  };
  checkCaches('resources', config.resources?.memoryMiB ?? LOKI_DEFAULT_RESOURCES.memoryMiB);
  for (const field of ['readResources', 'compactorResources'] as const) {
    if (config[field] === undefined) continue;
    if (mode === 'single-binary') {
      problems.add(`${path}.${field}`, `applies to mode 'replicated' only (the single-binary pod uses resources), got ${show(config[field])}; remove it or set mode 'replicated'.`);
    } else {
      validateContainerResources(config[field] ?? {}, `${path}.${field}`, problems, field === 'readResources' ? withResourceDefaults(config.resources, LOKI_DEFAULT_RESOURCES) : LOKI_DEFAULT_RESOURCES);
    }
  }
  if (mode === 'replicated' && config.readResources?.memoryMiB !== undefined) checkCaches('readResources', config.readResources.memoryMiB);
  if (config.schemaStartDate !== undefined && !isDay(config.schemaStartDate)) {
    problems.add(`${path}.schemaStartDate`, `must be a date 'YYYY-MM-DD', got ${show(config.schemaStartDate)}.`);
  }
  if (config.logLevel !== undefined && !LOG_LEVELS.includes(config.logLevel)) {
    problems.add(`${path}.logLevel`, `must be one of ${LOG_LEVELS.map((l) => `'${l}'`).join(', ')}, got ${show(config.logLevel)}.`);
  }
  if (config.prometheusScrape !== undefined && typeof config.prometheusScrape !== 'boolean') {
    problems.add(`${path}.prometheusScrape`, `must be true or false, got ${show(config.prometheusScrape)}.`);
  }
}

/** True when `value` is a real calendar day `YYYY-MM-DD`. */
function isDay(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Reports `value` (when set) unless it is a finite number in [min, max]. */
function checkNumber(value: unknown, min: number, max: number, path: string, problems: ProblemCollector): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    problems.add(path, `must be a number from ${min} to ${max}, got ${show(value)}.`);
  }
}
