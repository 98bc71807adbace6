/**
 * The `fluentBit` add-on section: a fluent-bit DaemonSet tailing every container log of
 * every node and pushing it to Loki.
 *
 * Plain data only; rendered by `lib/k8s/fluent-bit`.
 */
import { show, type ProblemCollector } from '../problems';
import { checkInteger, validateContainerResources, type ContainerResourceDefaults, type ContainerResources } from '../resources';
import type { LokiConfig } from './loki';

/**
 * Loki stream labels fluent-bit may set, each from a bounded Kubernetes field:
 * `namespace`, `pod`, `container`, `node` (the pod's node), `app` (the pod label named by
 * `appLabelKey`) and `stream` (stdout/stderr). Anything unbounded (request ids, user ids)
 * stays in the log line.
 */
export type FluentBitLokiLabel = 'namespace' | 'pod' | 'container' | 'app' | 'node' | 'stream';

/** Every {@link FluentBitLokiLabel}, for validation. */
export const FLUENT_BIT_LOKI_LABELS: readonly FluentBitLokiLabel[] = ['namespace', 'pod', 'container', 'app', 'node', 'stream'];

/** fluent-bit log levels (`service.log_level`). */
export type FluentBitLogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Most tail shards: one per possible first character of a pod name (`[a-z0-9]`). */
export const MAX_TAIL_SHARDS = 36;

/** Default of {@link FluentBitConfig.resources}. */
export const FLUENT_BIT_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 100, memoryMiB: 512 };

/** Configuration section of the fluent-bit add-on. */
export interface FluentBitConfig {
  /**
   * Split the tail of `/var/log/containers/*.log` into this many `tail` inputs, each in its
   * own thread with its own Kubernetes metadata processor, by the first character of the
   * file (pod) name. Raise it when fluent-bit lags on busy nodes while using about one core.
   * Changing it moves files between inputs: a file whose new input has no recorded position
   * is read again from its start, so lines still in that file reach Loki twice.
   * @default 1
   */
  readonly shards?: number;
  /**
   * Workers (threads) of the Loki output, pushing in parallel. More than one needs Loki to
   * accept out-of-order writes (this library's Loki always does).
   * @default 2
   */
  readonly outputWorkers?: number;
  /**
   * Loki stream labels. Kept bounded on purpose: each distinct label set is a stream.
   * @default ['namespace', 'pod', 'container', 'app', 'node']
   */
  readonly labels?: readonly FluentBitLokiLabel[];
  /**
   * The pod label whose value becomes the Loki label `app`.
   * @default 'app'
   */
  readonly appLabelKey?: string;
  /**
   * Fixed labels added to every stream, e.g. `{ cluster: 'prod-1' }`. Names must be Loki
   * label names and must not repeat one of `labels` or `job`.
   * @default {}
   */
  readonly staticLabels?: Readonly<Record<string, string>>;
  /**
   * Loki tenant (`X-Scope-OrgID`). Required when Loki has `authEnabled`; rejected otherwise.
   * @default - no tenant header
   */
  readonly tenantId?: string;
  /**
   * Disk space the buffered chunks of the Loki output may take on each node
   * (`storage.total_limit_size`), in MiB. When Loki is unreachable for long, the oldest chunks
   * are dropped past this size.
   * @default 2048
   */
  readonly bufferLimitMiB?: number;
  /**
   * Chunks (about 2 MB each) held in memory across all inputs (`storage.max_chunks_up`); the
   * rest wait on disk. Must fit in `resources.memoryMiB` twice over.
   * @default 64
   */
  readonly maxChunksUp?: number;
  /**
   * fluent-bit's own log level.
   * @default 'info'
   */
  readonly logLevel?: FluentBitLogLevel;
  /**
   * CPU and memory of each fluent-bit pod.
   * @default - 100 millicores, 512 MiB, no CPU limit
   */
  readonly resources?: ContainerResources;
  /**
   * Put `prometheus.io/scrape`, `port` and `path` annotations on the pods.
   * @default true
   */
  readonly prometheusScrape?: boolean;
}

const LOG_LEVELS: readonly FluentBitLogLevel[] = ['off', 'error', 'warn', 'info', 'debug', 'trace'];
/** Loki (Prometheus) label names. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Kubernetes label keys: optional DNS-1123 subdomain prefix and a name of at most 63 characters. */
const K8S_LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** Loki tenant ids: letters, digits and `!-_.*'()`, at most 150 characters, not `.` or `..`. */
const TENANT_ID = /^[A-Za-z0-9!\-_.*'()]{1,150}$/;

/** Check a FluentBitConfig section; report every problem under `path`. */
export function validateFluentBitConfig(config: FluentBitConfig, path: string, problems: ProblemCollector): void {
  checkInteger(config.shards, { min: 1, max: MAX_TAIL_SHARDS }, `${path}.shards`, problems);
  checkInteger(config.outputWorkers, { min: 1, max: 16 }, `${path}.outputWorkers`, problems);
  validateLabels(config, path, problems);
  if (config.appLabelKey !== undefined && (typeof config.appLabelKey !== 'string' || !K8S_LABEL_KEY.test(config.appLabelKey))) {
    problems.add(`${path}.appLabelKey`, `must be a Kubernetes label key such as 'app' or 'app.kubernetes.io/name', got ${show(config.appLabelKey)}.`);
  }
  if (config.tenantId !== undefined && (typeof config.tenantId !== 'string' || !TENANT_ID.test(config.tenantId) || config.tenantId === '.' || config.tenantId === '..')) {
    problems.add(`${path}.tenantId`, `must be a Loki tenant id (1-150 letters, digits or !-_.*'(), not '.' or '..'), got ${show(config.tenantId)}.`);
  }
  checkInteger(config.bufferLimitMiB, { min: 64, max: 1048576 }, `${path}.bufferLimitMiB`, problems);
  checkInteger(config.maxChunksUp, { min: 1, max: 4096 }, `${path}.maxChunksUp`, problems);
  if (config.logLevel !== undefined && !LOG_LEVELS.includes(config.logLevel)) {
    problems.add(`${path}.logLevel`, `must be one of ${LOG_LEVELS.map((l) => `'${l}'`).join(', ')}, got ${show(config.logLevel)}.`);
  }
  validateContainerResources(config.resources ?? {}, `${path}.resources`, problems, FLUENT_BIT_DEFAULT_RESOURCES);
  const memory = config.resources?.memoryMiB ?? FLUENT_BIT_DEFAULT_RESOURCES.memoryMiB;
  const chunks = config.maxChunksUp ?? 64;
  if (Number.isInteger(memory) && Number.isInteger(chunks) && chunks * 2 * 2 > memory) {
    problems.add(`${path}.resources.memoryMiB`, `must be at least ${chunks * 4} MiB for maxChunksUp ${chunks} (chunks of up to 2 MB, twice over for records being processed), got ${memory}; raise memoryMiB or lower maxChunksUp.`);
  }
  if (config.prometheusScrape !== undefined && typeof config.prometheusScrape !== 'boolean') {
    problems.add(`${path}.prometheusScrape`, `must be true or false, got ${show(config.prometheusScrape)}.`);
  }
}

/**
 * Check that fluent-bit's tenant matches Loki's auth setting of the same cluster: a tenant is
 * required when Loki has `authEnabled`, and pointless (everything lands in tenant `fake`)
 * when it does not. Reports under `path` (the fluentBit section).
 */
export function validateFluentBitTenant(fluentBit: FluentBitConfig, loki: LokiConfig, path: string, problems: ProblemCollector): void {
  const authEnabled = loki.authEnabled ?? false;
  if (authEnabled && fluentBit.tenantId === undefined) {
    problems.add(`${path}.tenantId`, 'is required because addons.loki.authEnabled is true; set the tenant logs belong to.');
  } else if (!authEnabled && fluentBit.tenantId !== undefined) {
    problems.add(`${path}.tenantId`, `is set to ${show(fluentBit.tenantId)} but addons.loki.authEnabled is false, so every log lands in tenant 'fake'; remove tenantId or enable auth on Loki.`);
  }
}

function validateLabels(config: FluentBitConfig, path: string, problems: ProblemCollector): void {
  const labels = config.labels;
  if (labels !== undefined) {
    if (!Array.isArray(labels) || labels.length === 0) {
      problems.add(`${path}.labels`, `must list at least one of ${FLUENT_BIT_LOKI_LABELS.join(', ')} (Loki needs one label per stream), got ${show(labels)}.`);
    } else {
      const seen = new Set<string>();
      labels.forEach((label, i) => {
        if (!FLUENT_BIT_LOKI_LABELS.includes(label)) {
          problems.add(`${path}.labels[${i}]`, `must be one of ${FLUENT_BIT_LOKI_LABELS.join(', ')} (bounded Kubernetes fields), got ${show(label)}; keep other fields in the log line.`);
        } else if (seen.has(label)) {
          problems.add(`${path}.labels[${i}]`, `repeats ${show(label)}.`);
        }
        seen.add(label);
      });
    }
  }
  const dynamic = new Set<string>([...(Array.isArray(labels) ? labels : FLUENT_BIT_LOKI_LABELS.slice(0, 5)), 'job']);
  for (const [name, value] of Object.entries(config.staticLabels ?? {})) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      problems.add(`${path}.staticLabels.${name}`, `is not a Loki label name (letters, digits and '_', not starting with a digit or '__').`);
    } else if (dynamic.has(name)) {
      problems.add(`${path}.staticLabels.${name}`, `clashes with the label '${name}' fluent-bit already sets.`);
    }
    if (typeof value !== 'string' || value === '' || /[,=]/.test(value)) {
      problems.add(`${path}.staticLabels.${name}`, `must be a non-empty value without ',' or '=' (fluent-bit's labels list syntax), got ${show(value)}.`);
    }
  }
}
