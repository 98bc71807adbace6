/**
 * The `metrics.alerts` sub-section: thresholds, `for:` durations and runbook links of the
 * alert rules `lib/k8s/prometheus/rules.ts` renders. Plain data and its validation.
 */
import { show, type ProblemCollector } from '../problems';
import { checkInteger } from '../resources';

/**
 * Every alert the library defines, with its default `for:` duration (how long the condition
 * must hold before the alert fires). Add-on alerts are present only when their add-on is on.
 */
export const ALERT_DEFAULT_FOR = {
  TargetDown: '10m',
  KubeNodeNotReady: '15m',
  KubeNodeMemoryPressure: '5m',
  KubeNodeDiskPressure: '5m',
  NodeFilesystemAlmostFull: '30m',
  NodeFilesystemPredictedFull: '1h',
  KubePodCrashLooping: '15m',
  KubeDeploymentReplicasMismatch: '15m',
  KubeStatefulSetReplicasMismatch: '15m',
  KubePersistentVolumeClaimAlmostFull: '5m',
  KubeJobFailed: '15m',
  CPUThrottlingHigh: '15m',
  PrometheusRuleFailures: '15m',
  PrometheusTSDBCompactionsFailing: '4h',
  PrometheusConfigReloadFailed: '10m',
  PrometheusNotificationsDropped: '15m',
  AlertmanagerNotificationsFailing: '5m',
  FluentBitOutputRetriesFailed: '5m',
  FluentBitRecordsDropped: '5m',
  FluentBitOutputStalled: '10m',
  LokiRequestErrors: '15m',
  LokiIngesterFlushFailures: '5m',
  LokiCompactorNotRunning: '30m',
  LokiDeleteRequestsPending: '1h',
  ClusterAutoscalerScaleUpFailed: '5m',
  ClusterAutoscalerUnschedulablePods: '30m',
} as const;

/** The name of an alert the library defines. */
export type AlertName = keyof typeof ALERT_DEFAULT_FOR;

/** Names of every alert the library defines. */
export const ALERT_NAMES = Object.keys(ALERT_DEFAULT_FOR) as AlertName[];

/** Defaults of the numeric thresholds of {@link AlertRulesConfig}. */
export const ALERT_THRESHOLD_DEFAULTS = {
  filesystemFreePercent: 10,
  filesystemPredictHours: 24,
  pvcFreePercent: 10,
  cpuThrottlingPercent: 25,
  lokiErrorPercent: 10,
} as const;

/** Thresholds, `for:` durations and runbook links of the alert rules. */
export interface AlertRulesConfig {
  /**
   * Base URL of the team's runbooks: every alert gets `runbook_url: <base>/<alertname in lower case>`.
   * @default - no runbook_url; every alert still has a description of what it means and what to do
   */
  readonly runbookBaseUrl?: string;
  /**
   * NodeFilesystemAlmostFull fires below this much free space, in percent.
   * @default 10
   */
  readonly filesystemFreePercent?: number;
  /**
   * NodeFilesystemPredictedFull fires when the last 6 hours' trend fills a filesystem within
   * this many hours.
   * @default 24
   */
  readonly filesystemPredictHours?: number;
  /**
   * KubePersistentVolumeClaimAlmostFull fires below this much free space, in percent.
   * @default 10
   */
  readonly pvcFreePercent?: number;
  /**
   * CPUThrottlingHigh fires when more than this percent of a container's CPU periods are throttled.
   * @default 25
   */
  readonly cpuThrottlingPercent?: number;
  /**
   * LokiRequestErrors fires when more than this percent of a route's requests fail with 5xx.
   * @default 10
   */
  readonly lokiErrorPercent?: number;
  /**
   * `for:` durations by alert name (Prometheus durations: `90s`, `15m`, `1h30m`).
   * @default - ALERT_DEFAULT_FOR
   */
  readonly for?: Partial<Record<AlertName, string>>;
}

/** The add-on section whose presence adds an alert (alerts not listed are always present). */
export const ALERT_ADDON: Partial<Record<AlertName, 'fluentBit' | 'loki' | 'clusterAutoscaler'>> = {
  FluentBitOutputRetriesFailed: 'fluentBit',
  FluentBitRecordsDropped: 'fluentBit',
  FluentBitOutputStalled: 'fluentBit',
  LokiRequestErrors: 'loki',
  LokiIngesterFlushFailures: 'loki',
  LokiCompactorNotRunning: 'loki',
  LokiDeleteRequestsPending: 'loki',
  ClusterAutoscalerScaleUpFailed: 'clusterAutoscaler',
  ClusterAutoscalerUnschedulablePods: 'clusterAutoscaler',
};

/**
 * Report settings of alerts whose add-on is not configured (they would be silently ignored):
 * a `for:` of such an alert, or `lokiErrorPercent` without Loki. `enabled` names the add-on
 * sections present.
 */
export function validateAlertRulesAddons(config: AlertRulesConfig, enabled: ReadonlySet<string>, path: string, problems: ProblemCollector): void {
  for (const name of Object.keys(config.for ?? {}) as AlertName[]) {
    const addon = ALERT_ADDON[name];
    if (addon && !enabled.has(addon)) problems.add(`${path}.for.${name}`, `is set, but the alert exists only with addons.${addon}, which is not configured; remove it or configure ${addon}.`);
  }
  if (config.lokiErrorPercent !== undefined && !enabled.has('loki')) {
    problems.add(`${path}.lokiErrorPercent`, 'is set, but LokiRequestErrors exists only with addons.loki, which is not configured; remove it or configure loki.');
  }
}

/** A Prometheus duration (`1h30m`, `90s`), not zero. */
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** True when `value` is a non-zero Prometheus duration. */
export function isPrometheusDuration(value: unknown): value is string {
  return typeof value === 'string' && DURATION.test(value) && /[1-9]/.test(value);
}

/** Check an AlertRulesConfig section; report every problem under `path`. */
export function validateAlertRulesConfig(config: AlertRulesConfig, path: string, problems: ProblemCollector): void {
  if (config.runbookBaseUrl !== undefined && (typeof config.runbookBaseUrl !== 'string' || !/^https:\/\/[^\s/]+(\/\S*)?$/.test(config.runbookBaseUrl) || config.runbookBaseUrl.endsWith('/'))) {
    problems.add(`${path}.runbookBaseUrl`, `must be an https:// URL without a trailing '/', got ${show(config.runbookBaseUrl)}.`);
  }
  checkInteger(config.filesystemFreePercent, { min: 1, max: 50, unit: 'percent' }, `${path}.filesystemFreePercent`, problems);
  checkInteger(config.filesystemPredictHours, { min: 1, max: 168, unit: 'hours' }, `${path}.filesystemPredictHours`, problems);
  checkInteger(config.pvcFreePercent, { min: 1, max: 50, unit: 'percent' }, `${path}.pvcFreePercent`, problems);
  checkInteger(config.cpuThrottlingPercent, { min: 1, max: 100, unit: 'percent' }, `${path}.cpuThrottlingPercent`, problems);
  checkInteger(config.lokiErrorPercent, { min: 1, max: 100, unit: 'percent' }, `${path}.lokiErrorPercent`, problems);
  if (config.for === undefined) return;
  if (typeof config.for !== 'object' || config.for === null || Array.isArray(config.for)) {
    problems.add(`${path}.for`, `must be an object of alert name to duration, got ${show(config.for)}.`);
    return;
  }
  for (const [name, duration] of Object.entries(config.for)) {
    if (!(ALERT_NAMES as string[]).includes(name)) {
      problems.add(`${path}.for.${name}`, `is not an alert of this library; the alerts are ${ALERT_NAMES.join(', ')}.`);
    } else if (!isPrometheusDuration(duration)) {
      problems.add(`${path}.for.${name}`, `must be a non-zero Prometheus duration like '15m' or '1h30m', got ${show(duration)}.`);
    }
  }
}
