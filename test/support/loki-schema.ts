/**
 * The documented keys of Loki 3.x's config file, per block, with their types; and a walker
 * that checks a rendered config against them key by key (no Loki binary is installable here).
 *
 * Source: Grafana Loki configuration reference,
 * https://grafana.com/docs/loki/v3.6.x/configure/ (generated from
 * https://github.com/grafana/loki/blob/main/docs/sources/shared/configuration.md).
 * Only blocks this library renders are tabulated; a key outside the tables is reported.
 * Types follow the reference's placeholders: <boolean>, <int> (a number or a byte size with a
 * unit), <float>, <string>, <duration>, <list of strings>, <daytime> (YYYY-MM-DD).
 */

/** A value type of a documented key. */
export type FieldType =
  | { readonly type: 'boolean' | 'int' | 'float' | 'string' | 'strings' | 'duration' | 'size' | 'daytime' | 'seconds' | 'retry' }
  | { readonly type: 'enum'; readonly values: readonly (string | boolean)[] }
  | { readonly type: 'block'; readonly keys: Schema }
  | { readonly type: 'list'; readonly item: Schema };

/** Documented keys of one block. */
export type Schema = Readonly<Record<string, FieldType>>;

/** Leaf type constructors, shared with `fluent-bit-schema.ts`. */
export const t = {
  bool: { type: 'boolean' } as FieldType,
  int: { type: 'int' } as FieldType,
  float: { type: 'float' } as FieldType,
  str: { type: 'string' } as FieldType,
  strs: { type: 'strings' } as FieldType,
  dur: { type: 'duration' } as FieldType,
  size: { type: 'size' } as FieldType,
  day: { type: 'daytime' } as FieldType,
  seconds: { type: 'seconds' } as FieldType,
  retry: { type: 'retry' } as FieldType,
  oneOf: (...values: (string | boolean)[]): FieldType => ({ type: 'enum', values }),
  block: (keys: Schema): FieldType => ({ type: 'block', keys }),
  list: (item: Schema): FieldType => ({ type: 'list', item }),
};

/**
 * Durations both Go (`time.ParseDuration`) and Prometheus (`model.ParseDuration`) parse: Loki
 * fields use one or the other, so the library emits only units both accept.
 */
const DURATION = /^(\d+(ms|s|m|h))+$/;
/** Loki byte sizes: `64MB`, `4GB`, `256KiB`. */
const LOKI_SIZE = /^\d+(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/;
/** fluent-bit unit sizes: bytes, or a number with k/K/KB, m/M/MB, g/G/GB. https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/unit-sizes */
const FLB_SIZE = /^\d+(\.\d+)?([kKmMgG][bB]?)?$/;

/** Which size syntax a walk accepts. */
export type SizeSyntax = 'loki' | 'fluent-bit';

/**
 * Every key of `value` that `schema` does not document, or whose value has the wrong type,
 * as `path: problem` lines. An empty array means the whole tree conforms.
 */
export function schemaViolations(value: unknown, schema: Schema, sizes: SizeSyntax, path = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path || '<root>'}: expected a block (map), got ${JSON.stringify(value)}`];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    const spec = schema[key];
    if (!spec) {
      out.push(`${at}: not a documented key here (documented: ${Object.keys(schema).join(', ')})`);
      continue;
    }
    out.push(...fieldViolations(child, spec, sizes, at));
  }
  return out;
}

function fieldViolations(value: unknown, spec: FieldType, sizes: SizeSyntax, at: string): string[] {
  const bad = (what: string) => [`${at}: expected ${what}, got ${JSON.stringify(value)}`];
  switch (spec.type) {
    case 'block': return schemaViolations(value, spec.keys, sizes, at);
    case 'list':
      if (!Array.isArray(value)) return bad('a list');
      return value.flatMap((item, i) => schemaViolations(item, spec.item, sizes, `${at}[${i}]`));
    case 'enum': return spec.values.includes(value as string | boolean) ? [] : bad(`one of ${spec.values.map((v) => JSON.stringify(v)).join(', ')}`);
    case 'boolean':
      if (sizes === 'fluent-bit' && typeof value === 'string') return ['on', 'off', 'true', 'false', 'yes', 'no'].includes(value) ? [] : bad('a boolean');
      return typeof value === 'boolean' ? [] : bad('a boolean');
    case 'int': return Number.isInteger(value) ? [] : bad('an integer');
    case 'float': return typeof value === 'number' && Number.isFinite(value) ? [] : bad('a number');
    case 'seconds': return typeof value === 'number' && value > 0 ? [] : bad('a positive number of seconds');
    case 'string': return typeof value === 'string' && value !== '' ? [] : bad('a non-empty string');
    case 'strings': return Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '') ? [] : bad('a list of strings');
    case 'duration': return typeof value === 'string' && DURATION.test(value) ? [] : bad('a duration like 10m or 720h');
    case 'daytime': return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? [] : bad('a day YYYY-MM-DD');
    case 'size': {
      if (Number.isInteger(value) && (value as number) >= 0) return [];
      const syntax = sizes === 'loki' ? LOKI_SIZE : FLB_SIZE;
      return typeof value === 'string' && syntax.test(value) ? [] : bad(`a ${sizes} size`);
    }
    case 'retry':
      return (Number.isInteger(value) && (value as number) >= 1) || value === 'no_limits' || value === 'no_retries' || value === false ? [] : bad('retry_limit: N >= 1, no_limits, no_retries or false');
  }
}

/** `s3_storage_config` (used by `common.storage.s3` and `storage_config.aws`). */
const S3: Schema = {
  s3: t.str, s3forcepathstyle: t.bool, bucketnames: t.str, endpoint: t.str, region: t.str,
  access_key_id: t.str, secret_access_key: t.str, session_token: t.str, insecure: t.bool, chunk_delimiter: t.str,
  http_config: t.block({ timeout: t.dur, idle_conn_timeout: t.dur, response_header_timeout: t.dur, insecure_skip_verify: t.bool, ca_file: t.str }),
  signature_version: t.oneOf('v4'),
  storage_class: t.oneOf('GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'OUTPOSTS', 'REDUCED_REDUNDANCY', 'STANDARD', 'STANDARD_IA'),
  sse: t.block({ type: t.oneOf('SSE-KMS', 'SSE-S3'), kms_key_id: t.str, kms_encryption_context: t.str }),
  backoff_config: t.block({ min_period: t.dur, max_period: t.dur, max_retries: t.int }),
  disable_dualstack: t.bool,
};

/** `cache_config`. */
const CACHE: Schema = {
  default_validity: t.dur,
  background: t.block({ writeback_goroutines: t.int, writeback_buffer: t.int, writeback_size_limit: t.size }),
  memcached: t.block({ expiration: t.dur, batch_size: t.int, parallelism: t.int }),
  memcached_client: t.block({ host: t.str, service: t.str, addresses: t.str, timeout: t.dur, max_idle_conns: t.int, max_item_size: t.int, update_interval: t.dur, consistent_hash: t.bool }),
  embedded_cache: t.block({ enabled: t.bool, max_size_mb: t.int, max_size_items: t.int, ttl: t.dur }),
};

const KVSTORE = t.block({ store: t.oneOf('consul', 'etcd', 'inmemory', 'memberlist', 'multi'), prefix: t.str });

/** The tabulated blocks of Loki's config file. */
export const LOKI_CONFIG_SCHEMA: Schema = {
  target: t.str,
  auth_enabled: t.bool,
  ballast_bytes: t.int,
  shutdown_delay: t.dur,
  server: t.block({
    http_listen_network: t.str, http_listen_address: t.str, http_listen_port: t.int, http_listen_conn_limit: t.int,
    grpc_listen_network: t.str, grpc_listen_address: t.str, grpc_listen_port: t.int, grpc_listen_conn_limit: t.int,
    register_instrumentation: t.bool, graceful_shutdown_timeout: t.dur,
    http_server_read_timeout: t.dur, http_server_read_header_timeout: t.dur, http_server_write_timeout: t.dur, http_server_idle_timeout: t.dur,
    grpc_server_max_recv_msg_size: t.int, grpc_server_max_send_msg_size: t.int, grpc_server_max_concurrent_streams: t.int,
    log_format: t.oneOf('logfmt', 'json'), log_level: t.oneOf('debug', 'info', 'warn', 'error'),
    log_source_ips_enabled: t.bool, log_request_headers: t.bool, http_path_prefix: t.str,
  }),
  common: t.block({
    path_prefix: t.str,
    storage: t.block({
      s3: t.block(S3),
      filesystem: t.block({ chunks_directory: t.str, rules_directory: t.str }),
      hedging: t.block({ at: t.dur, up_to: t.int, max_per_second: t.int }),
    }),
    persist_tokens: t.bool,
    replication_factor: t.int,
    ring: t.block({
      kvstore: KVSTORE, heartbeat_period: t.dur, heartbeat_timeout: t.dur, tokens_file_path: t.str,
      zone_awareness_enabled: t.bool, num_tokens: t.int, replication_factor: t.int, instance_id: t.str,
      instance_interface_names: t.strs, instance_port: t.int, instance_addr: t.str, instance_availability_zone: t.str,
      instance_enable_ipv6: t.bool,
    }),
    instance_interface_names: t.strs,
    instance_addr: t.str,
    compactor_address: t.str,
    compactor_grpc_address: t.str,
  }),
  memberlist: t.block({
    node_name: t.str, randomize_node_name: t.bool, stream_timeout: t.dur, retransmit_factor: t.int,
    pull_push_interval: t.dur, gossip_interval: t.dur, gossip_nodes: t.int, gossip_to_dead_nodes_time: t.dur,
    dead_node_reclaim_time: t.dur, compression_enabled: t.bool, advertise_addr: t.str, advertise_port: t.int,
    cluster_label: t.str, cluster_label_verification_disabled: t.bool, join_members: t.strs,
    min_join_backoff: t.dur, max_join_backoff: t.dur, max_join_retries: t.int, abort_if_cluster_join_fails: t.bool,
    rejoin_interval: t.dur, left_ingesters_timeout: t.dur, leave_timeout: t.dur, bind_addr: t.strs, bind_port: t.int,
    packet_dial_timeout: t.dur, packet_write_timeout: t.dur,
  }),
  schema_config: t.block({
    configs: t.list({
      from: t.day,
      store: t.oneOf('tsdb', 'boltdb-shipper'),
      object_store: t.oneOf('aws', 's3', 'azure', 'gcs', 'alibabacloud', 'bos', 'cos', 'swift', 'filesystem'),
      schema: t.oneOf('v11', 'v12', 'v13'),
      index: t.block({ path_prefix: t.str, prefix: t.str, period: t.dur }),
      chunks: t.block({ prefix: t.str, period: t.dur }),
      row_shards: t.int,
    }),
  }),
  storage_config: t.block({
    aws: t.block(S3),
    filesystem: t.block({ directory: t.str }),
    tsdb_shipper: t.block({ active_index_directory: t.str, cache_location: t.str, cache_ttl: t.dur, resync_interval: t.dur, query_ready_num_days: t.int }),
    index_cache_validity: t.dur, max_parallel_get_chunk: t.int, max_chunk_batch_size: t.int, object_prefix: t.str,
  }),
  ingester: t.block({
    concurrent_flushes: t.int, flush_check_period: t.dur, flush_op_timeout: t.dur, chunk_retain_period: t.dur,
    chunk_idle_period: t.dur, chunk_block_size: t.int, chunk_target_size: t.int,
    chunk_encoding: t.oneOf('none', 'gzip', 'lz4-64k', 'snappy', 'lz4-256k', 'lz4-1M', 'lz4', 'flate', 'zstd'),
    max_chunk_age: t.dur, autoforget_unhealthy: t.bool, sync_period: t.dur, sync_min_utilization: t.float,
    max_returned_stream_errors: t.int, query_store_max_look_back_period: t.dur,
    wal: t.block({ enabled: t.bool, dir: t.str, checkpoint_duration: t.dur, flush_on_shutdown: t.bool, replay_memory_ceiling: t.size }),
    index_shards: t.int, max_dropped_streams: t.int, shutdown_marker_path: t.str,
  }),
  compactor: t.block({
    working_directory: t.str, compaction_interval: t.dur, apply_retention_interval: t.dur, retention_enabled: t.bool,
    retention_delete_delay: t.dur, retention_delete_worker_count: t.int, retention_table_timeout: t.dur,
    delete_request_store: t.oneOf('aws', 's3', 'azure', 'gcs', 'alibabacloud', 'bos', 'cos', 'swift', 'filesystem'),
    delete_request_store_key_prefix: t.str, delete_batch_size: t.int, delete_request_cancel_period: t.dur,
    delete_max_interval: t.dur, max_compaction_parallelism: t.int, upload_parallelism: t.int,
    tables_to_compact: t.int, skip_latest_n_tables: t.int,
  }),
  limits_config: t.block({
    ingestion_rate_strategy: t.oneOf('global', 'local'), ingestion_rate_mb: t.float, ingestion_burst_size_mb: t.float,
    max_label_name_length: t.int, max_label_value_length: t.int, max_label_names_per_series: t.int,
    reject_old_samples: t.bool, reject_old_samples_max_age: t.dur, creation_grace_period: t.dur,
    max_line_size: t.size, max_line_size_truncate: t.bool, increment_duplicate_timestamp: t.bool, discover_log_levels: t.bool,
    max_streams_per_user: t.int, max_global_streams_per_user: t.int, unordered_writes: t.bool,
    per_stream_rate_limit: t.size, per_stream_rate_limit_burst: t.size, max_chunks_per_query: t.int, max_query_series: t.int,
    max_query_lookback: t.dur, max_query_length: t.dur, max_query_parallelism: t.int, tsdb_max_query_parallelism: t.int,
    max_streams_matchers_per_query: t.int, max_concurrent_tail_requests: t.int, max_entries_limit_per_query: t.int,
    max_cache_freshness_per_query: t.dur, max_queriers_per_tenant: t.int, query_timeout: t.dur,
    split_queries_by_interval: t.dur, volume_enabled: t.bool,
    deletion_mode: t.oneOf('disabled', 'filter-only', 'filter-and-delete'), retention_period: t.dur,
    allow_structured_metadata: t.bool, max_structured_metadata_size: t.size, max_structured_metadata_entries_count: t.int,
  }),
  query_range: t.block({
    align_queries_with_step: t.bool,
    results_cache: t.block({ cache: t.block(CACHE), compression: t.oneOf('', 'snappy') }),
    cache_results: t.bool, max_retries: t.int, parallelise_shardable_queries: t.bool,
    cache_index_stats_results: t.bool, cache_volume_results: t.bool, cache_series_results: t.bool, cache_label_results: t.bool,
  }),
  chunk_store_config: t.block({
    chunk_cache_config: t.block(CACHE), chunk_cache_config_l2: t.block(CACHE),
    skip_query_writeback_cache_older_than: t.dur, l2_chunk_cache_handoff: t.dur, cache_lookups_older_than: t.dur,
  }),
  ruler: t.block({
    rule_path: t.str, evaluation_interval: t.dur, poll_interval: t.dur, alertmanager_url: t.str, enable_api: t.bool, enable_sharding: t.bool,
    wal: t.block({ dir: t.str, truncate_frequency: t.dur, min_age: t.dur, max_age: t.dur }),
  }),
  analytics: t.block({ reporting_enabled: t.bool, usage_stats_url: t.str, proxy_url: t.str }),
};

/** {@link schemaViolations} of a rendered Loki config. */
export function lokiConfigViolations(config: unknown): string[] {
  return schemaViolations(config, LOKI_CONFIG_SCHEMA, 'loki');
}
