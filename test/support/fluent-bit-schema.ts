/**
 * The documented keys of fluent-bit 4.x's YAML config file for the parts this library
 * renders (service, tail inputs with a kubernetes processor, the loki output), with their
 * types; checked key by key since no fluent-bit binary is installable here.
 *
 * Sources (fluent-bit 4.2 manual):
 * - service: https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/yaml/service-section
 * - pipeline, processors: https://docs.fluentbit.io/manual/administration/configuring-fluent-bit/yaml/pipeline-section
 *   and https://docs.fluentbit.io/manual/data-pipeline/processors/filters ("any filter as a processor")
 * - properties every input has (alias, tag, threaded, storage.*):
 *   https://docs.fluentbit.io/manual/data-pipeline/inputs (per-plugin tables, e.g. the blob input's)
 *   https://docs.fluentbit.io/manual/administration/buffering-and-storage
 * - tail: https://docs.fluentbit.io/manual/data-pipeline/inputs/tail
 * - kubernetes: https://docs.fluentbit.io/manual/data-pipeline/filters/kubernetes
 * - loki: https://docs.fluentbit.io/manual/data-pipeline/outputs/loki
 * - properties every output has (match, workers, retry_limit, storage.total_limit_size, tls):
 *   https://docs.fluentbit.io/manual/administration/multithreading,
 *   https://docs.fluentbit.io/manual/administration/scheduling-and-retries,
 *   https://docs.fluentbit.io/manual/administration/transport-security
 * Keys are case-insensitive to fluent-bit; the library writes them in lower case.
 */
import { schemaViolations, t, type Schema } from './loki-schema';

/** `service` section. */
const SERVICE: Schema = {
  flush: t.seconds, grace: t.int, daemon: t.bool,
  'dns.mode': t.oneOf('UDP', 'TCP'), 'dns.prefer_ipv4': t.bool, 'dns.prefer_ipv6': t.bool, 'dns.resolver': t.oneOf('LEGACY', 'ASYNC'),
  log_file: t.str, log_level: t.oneOf('off', 'error', 'warn', 'info', 'debug', 'trace'),
  http_server: t.bool, http_listen: t.str, http_port: t.int,
  health_check: t.bool, hc_errors_count: t.int, hc_retry_failure_count: t.int, hc_period: t.int,
  hot_reload: t.bool, parsers_file: t.str, plugins_file: t.str, streams_file: t.str, coro_stack_size: t.int,
  'scheduler.base': t.int, 'scheduler.cap': t.int, 'json.convert_nan_to_null': t.bool, multiline_buffer_limit: t.size,
  'storage.path': t.str, 'storage.sync': t.oneOf('normal', 'full'), 'storage.checksum': t.bool,
  'storage.max_chunks_up': t.int, 'storage.backlog.mem_limit': t.size, 'storage.backlog.flush_on_shutdown': t.bool,
  'storage.metrics': t.bool, 'storage.delete_irrecoverable_chunks': t.bool, 'storage.inherit': t.bool,
  'storage.type': t.oneOf('memory', 'filesystem', 'memrb'),
};

/** The kubernetes filter, run as a processor of an input. */
const KUBERNETES_PROCESSOR: Schema = {
  name: t.oneOf('kubernetes'), alias: t.str, log_level: t.oneOf('off', 'error', 'warn', 'info', 'debug', 'trace'),
  buffer_size: t.size, kube_url: t.str, kube_ca_file: t.str, kube_ca_path: t.str, kube_token_file: t.str, kube_tag_prefix: t.str,
  merge_log: t.bool, merge_log_key: t.str, merge_log_trim: t.bool, merge_parser: t.str, keep_log: t.bool,
  'tls.debug': t.int, 'tls.verify': t.bool, 'tls.verify_hostname': t.bool, use_journal: t.bool, cache_use_docker_id: t.bool,
  regex_parser: t.str, 'k8s-logging.parser': t.bool, 'k8s-logging.exclude': t.bool, labels: t.bool, annotations: t.bool,
  kube_meta_preload_cache_dir: t.str, dummy_meta: t.bool, dns_retries: t.int, dns_wait_time: t.int,
  use_kubelet: t.bool, use_tag_for_meta: t.bool, kubelet_port: t.int, kubelet_host: t.str,
  kube_meta_cache_ttl: t.str, kube_token_ttl: t.str, kube_token_command: t.str, kube_meta_namespace_cache_ttl: t.str,
  namespace_labels: t.bool, namespace_annotations: t.bool, namespace_metadata_only: t.bool, owner_references: t.bool,
};

/** A tail input: properties every input has, then the tail plugin's own. */
const TAIL_INPUT: Schema = {
  name: t.oneOf('tail'), alias: t.str, tag: t.str, log_level: t.oneOf('off', 'error', 'warn', 'info', 'debug', 'trace'),
  log_suppress_interval: t.str, mem_buf_limit: t.size, routable: t.bool,
  'storage.type': t.oneOf('memory', 'filesystem', 'memrb'), 'storage.pause_on_chunks_overlimit': t.bool,
  threaded: t.bool,
  processors: t.block({ logs: t.list(KUBERNETES_PROCESSOR) }),
  buffer_chunk_size: t.size, buffer_max_size: t.size, path: t.str, path_key: t.str, exclude_path: t.str, offset_key: t.str,
  read_from_head: t.bool, refresh_interval: t.int, rotate_wait: t.int, ignore_older: t.str, ignore_active_older_files: t.bool,
  skip_long_lines: t.bool, skip_empty_lines: t.bool,
  db: t.str, 'db.sync': t.oneOf('extra', 'full', 'normal', 'off'), 'db.locking': t.bool,
  'db.journal_mode': t.oneOf('DELETE', 'TRUNCATE', 'PERSIST', 'MEMORY', 'WAL', 'OFF'), 'db.compare_filename': t.bool,
  exit_on_eof: t.bool, parser: t.str, key: t.str, inotify_watcher: t.bool, tag_regex: t.str, static_batch_size: t.size,
  file_cache_advise: t.bool, 'multiline.parser': t.str, 'multiline.key_content': t.str, docker_mode: t.bool, 'unicode.encoding': t.str,
};

/** The loki output: properties every output has, then the loki plugin's own. */
const LOKI_OUTPUT: Schema = {
  name: t.oneOf('loki'), alias: t.str, match: t.str, match_regex: t.str, log_level: t.oneOf('off', 'error', 'warn', 'info', 'debug', 'trace'),
  retry_limit: t.retry, 'storage.total_limit_size': t.size, workers: t.int,
  tls: t.bool, 'tls.verify': t.bool, 'tls.ca_file': t.str, 'tls.vhost': t.str, 'net.keepalive': t.bool,
  host: t.str, uri: t.str, port: t.int, http_user: t.str, http_passwd: t.str, bearer_token: t.str, header: t.str,
  tenant_id: t.str, labels: t.str, label_keys: t.str, label_map_path: t.str, structured_metadata: t.str,
  structured_metadata_map_keys: t.str, remove_keys: t.str, drop_single_key: t.oneOf(true, false, 'on', 'off', 'raw'),
  line_format: t.oneOf('json', 'key_value'), auto_kubernetes_labels: t.bool, tenant_id_key: t.str, compress: t.oneOf('gzip'),
};

/** The tabulated sections of `fluent-bit.yaml`. */
export const FLUENT_BIT_CONFIG_SCHEMA: Schema = {
  service: t.block(SERVICE),
  pipeline: t.block({ inputs: t.list(TAIL_INPUT), outputs: t.list(LOKI_OUTPUT) }),
};

/** {@link schemaViolations} of a rendered fluent-bit config. */
export function fluentBitConfigViolations(config: unknown): string[] {
  return schemaViolations(config, FLUENT_BIT_CONFIG_SCHEMA, 'fluent-bit');
}
