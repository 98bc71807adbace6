/**
 * Loki's configuration file (`config.yaml`), rendered from resolved settings. Pure: no
 * constructs, so tests can check it against the documented schema key by key.
 *
 * Reference: https://grafana.com/docs/loki/latest/configure/ (Loki 3.x configuration
 * reference), and the Loki helm chart's SingleBinary mode for the memberlist/compactor shape.
 */
import { toYaml } from '../../yaml';
import { LOKI_REPLICATION_FACTOR, type LokiLogLevel, type LokiMode } from '../../config/addons/loki';

/** HTTP port: push API, query API, `/metrics`, `/ready`. */
export const LOKI_HTTP_PORT = 3100;
/** gRPC port (between Loki components, across replicas). */
export const LOKI_GRPC_PORT = 9095;
/** memberlist gossip port (TCP). */
export const LOKI_MEMBERLIST_PORT = 7946;
/** Mount path of each pod's volume; every path Loki writes is under it. */
export const LOKI_DATA_DIR = '/var/loki';
/** Mount path of the config file's directory. */
export const LOKI_CONFIG_DIR = '/etc/loki/config';
/** Name of the config file in its ConfigMap and directory. */
export const LOKI_CONFIG_FILE = 'config.yaml';

/** Everything the config file depends on, with every default applied. */
export interface LokiSettings {
  /** Sets the replication factor: 1 or 3. */
  readonly mode: LokiMode;
  /** `auth_enabled`. */
  readonly authEnabled: boolean;
  /** `limits_config.retention_period`, in days. */
  readonly retentionDays: number;
  /** `ingester.max_chunk_age`, in hours. */
  readonly maxChunkAgeHours: number;
  /** `limits_config.reject_old_samples_max_age`, in hours. */
  readonly rejectOldSamplesMaxAgeHours: number;
  /** `limits_config.ingestion_rate_mb`. */
  readonly ingestionRateMB: number;
  /** `limits_config.ingestion_burst_size_mb`. */
  readonly ingestionBurstMB: number;
  /** Embedded results cache, in MB; 0 turns it off. */
  readonly resultsCacheMB: number;
  /** Embedded chunk cache, in MB; 0 turns it off. */
  readonly chunkCacheMB: number;
  /** Memory limit of the pod, in MiB (sizes the WAL replay ceiling). */
  readonly memoryMiB: number;
  /** `from` of the TSDB v13 period, `YYYY-MM-DD`. */
  readonly schemaStartDate: string;
  /** `server.log_level`. */
  readonly logLevel: LokiLogLevel;
  /** S3 bucket of chunks, index and delete requests. */
  readonly bucketName: string;
  /** AWS region of the bucket. */
  readonly region: string;
  /** KMS key for SSE-KMS; undefined leaves encryption to the bucket's default. */
  readonly kmsKeyArn?: string;
  /** DNS name of the headless Service every replica joins through. */
  readonly memberlistHost: string;
  /**
   * Base URL of the one compactor (`common.compactor_address`), in mode `replicated`: the
   * queriers of the read pods ask it for delete requests. Unset in mode `single-binary`,
   * where `-target=all` runs the compactor in the same process (and Loki ignores the address).
   */
  readonly compactorAddress?: string;
}

/** Replication factor of a mode: 1 for `single-binary`, 3 for `replicated`. */
export function replicationFactor(mode: LokiMode): number {
  return mode === 'replicated' ? LOKI_REPLICATION_FACTOR : 1;
}

/**
 * Keys (dotted paths) the config sets to a value Loki 3.6 would take anyway, each on purpose,
 * with the reason. Every other key changes Loki's effective config; a test runs the real
 * Loki (`-print-config-stderr`) to check that nothing else restates a default.
 */
export const LOKI_PINNED_DEFAULTS: Readonly<Record<string, string>> = {
  'auth_enabled': 'set either way: its default (true) would make every push without a tenant fail',
  'server.http_listen_port': 'the Services and container ports are built from the same constant',
  'server.grpc_listen_port': 'the Services and container ports are built from the same constant',
  'memberlist.bind_port': 'the headless Service and container port are built from the same constant',
  'server.log_level': 'carries the logLevel setting',
  'common.replication_factor': 'carries the mode (1 or 3)',
  'ingester.max_chunk_age': 'carries maxChunkAgeHours, which also bounds out-of-order writes',
  'limits_config.reject_old_samples_max_age': 'carries rejectOldSamplesMaxAgeHours',
  'query_range.results_cache.cache.embedded_cache.enabled': 'carries resultsCacheMB (0 turns it off)',
  'chunk_store_config.chunk_cache_config.embedded_cache.enabled': 'carries chunkCacheMB (0 turns it off)',
};

/**
 * Loki's config as a plain object. Loki's own defaults apply to everything not set here,
 * except the deliberate {@link LOKI_PINNED_DEFAULTS}; in particular out-of-order writes
 * (which let fluent-bit push with several workers) and the WAL are on by default in 3.x.
 *
 * Design notes:
 * - One memberlist ring (over the headless Service) serves ingesters, distributors, the query
 *   schedulers and the compactor. Every pod reads the same file; its `-target` picks its role.
 * - Mode `replicated` runs exactly one compactor (`-target=compactor`): it alone owns the
 *   delete-request store and applies retention and deletes, and the queriers ask it for delete
 *   requests (`common.compactor_address`). N `-target=all` pods would each keep their own store
 *   and overwrite each other's copy in S3, losing deletes.
 * - Storage is S3 through IRSA: no keys in the file. Delete requests are kept in S3 too.
 * - Every directory Loki writes derives from `common.path_prefix` ({@link LOKI_DATA_DIR}, the
 *   pod's volume) or is set under it, so the container's root filesystem can be read-only.
 */
export function renderLokiConfig(s: LokiSettings): Record<string, unknown> {
  const s3: Record<string, unknown> = { bucketnames: s.bucketName, region: s.region };
  if (s.kmsKeyArn) s3.sse = { type: 'SSE-KMS', kms_key_id: s.kmsKeyArn };
  return {
    auth_enabled: s.authEnabled,
    server: {
      http_listen_port: LOKI_HTTP_PORT,
      grpc_listen_port: LOKI_GRPC_PORT,
      log_level: s.logLevel,
      // Long range queries stream for minutes (the chart's values too).
      http_server_read_timeout: '600s',
      http_server_write_timeout: '600s',
    },
    common: {
      path_prefix: LOKI_DATA_DIR,
      replication_factor: replicationFactor(s.mode),
      ring: { kvstore: { store: 'memberlist' } },
      storage: { s3 },
      ...(s.compactorAddress ? { compactor_address: s.compactorAddress } : {}),
    },
    memberlist: {
      join_members: [`${s.memberlistHost}:${LOKI_MEMBERLIST_PORT}`],
      bind_port: LOKI_MEMBERLIST_PORT,
    },
    schema_config: {
      configs: [{
        from: s.schemaStartDate,
        store: 'tsdb',
        object_store: 's3',
        schema: 'v13',
        index: { prefix: 'index_', period: '24h' },
      }],
    },
    storage_config: {
      tsdb_shipper: {
        active_index_directory: `${LOKI_DATA_DIR}/tsdb-index`,
        cache_location: `${LOKI_DATA_DIR}/tsdb-cache`,
      },
    },
    ingester: {
      max_chunk_age: `${s.maxChunkAgeHours}h`,
      wal: {
        // Default 4GB: more than a small pod has. Past this, replay flushes to S3 and goes on.
        replay_memory_ceiling: `${Math.floor(s.memoryMiB / 2)}MB`,
      },
    },
    compactor: {
      retention_enabled: true,
      delete_request_store: 's3',
    },
    limits_config: {
      retention_period: `${s.retentionDays * 24}h`,
      reject_old_samples_max_age: `${s.rejectOldSamplesMaxAgeHours}h`,
      ingestion_rate_mb: s.ingestionRateMB,
      ingestion_burst_size_mb: s.ingestionBurstMB,
    },
    query_range: {
      align_queries_with_step: true,
      cache_results: s.resultsCacheMB > 0,
      results_cache: { cache: { embedded_cache: { enabled: s.resultsCacheMB > 0, max_size_mb: s.resultsCacheMB } } },
    },
    chunk_store_config: {
      chunk_cache_config: { embedded_cache: { enabled: s.chunkCacheMB > 0, max_size_mb: s.chunkCacheMB } },
    },
    // A regulated business does not send usage reports to a third party.
    analytics: { reporting_enabled: false },
  };
}

/** {@link renderLokiConfig} as the YAML text of `config.yaml`. */
export function lokiConfigYaml(settings: LokiSettings): string {
  return toYaml(renderLokiConfig(settings));
}
