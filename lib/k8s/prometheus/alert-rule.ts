/**
 * The plain-data shape of Prometheus alert rules, shared by the platform's own rules and the
 * rule groups other add-ons contribute (Jenkins, Argo: `lib/k8s/<addon>/alerts.ts` exports a
 * function returning an {@link AlertRuleGroup}; `Prometheus.addRuleGroup()` or the
 * `ruleGroups` prop takes it). Also the settings every rule reads and their checks.
 */
import {
  ALERT_DEFAULT_FOR, ALERT_THRESHOLD_DEFAULTS, isPrometheusDuration, type AlertName, type AlertRulesConfig,
} from '../../config/addons/alert-rules';
import { show, type ProblemCollector } from '../../config/problems';
import { toYaml } from '../../yaml';

/** One alerting rule, as in a Prometheus rule file. */
export interface AlertRule {
  /** Alert name (`alertname` label): a Prometheus metric name, CamelCase by convention. */
  readonly alert: string;
  /** PromQL expression; every series it returns is an alert. */
  readonly expr: string;
  /**
   * How long the expression must hold before the alert fires.
   * @default - fires on the first evaluation
   */
  readonly for?: string;
  /**
   * Labels added to the alert; `severity` (`critical`, `warning` or `info`) routes it.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** What a person reads: a one-line summary, what it means and what to do, and optionally a runbook link. */
  readonly annotations: {
    /** One line, with the labels that identify the alert. */
    readonly summary: string;
    /** What it means, its likely causes and the first things to check. */
    readonly description: string;
    /**
     * Link to the runbook.
     * @default - none
     */
    readonly runbook_url?: string;
  };
}

/** A named group of alert rules: one rule file, evaluated together. */
export interface AlertRuleGroup {
  /** Group name, unique across the Prometheus server; also the file name (`<name>.rules.yml`). */
  readonly name: string;
  /** The rules, in evaluation order. */
  readonly rules: readonly AlertRule[];
}

/** Thresholds and durations of the library's alert rules, every default applied. */
export interface AlertSettings {
  /** Numeric thresholds. */
  readonly thresholds: { readonly [K in keyof typeof ALERT_THRESHOLD_DEFAULTS]: number };
  /** `for:` of every alert. */
  readonly for: Readonly<Record<AlertName, string>>;
  /** Base of runbook links; undefined: no `runbook_url`. */
  readonly runbookBaseUrl?: string;
}

/** {@link AlertSettings} of a config section, defaults applied. */
export function resolveAlertSettings(config: AlertRulesConfig = {}): AlertSettings {
  const t = ALERT_THRESHOLD_DEFAULTS;
  return {
    thresholds: {
      filesystemFreePercent: config.filesystemFreePercent ?? t.filesystemFreePercent,
      filesystemPredictHours: config.filesystemPredictHours ?? t.filesystemPredictHours,
      pvcFreePercent: config.pvcFreePercent ?? t.pvcFreePercent,
      cpuThrottlingPercent: config.cpuThrottlingPercent ?? t.cpuThrottlingPercent,
      lokiErrorPercent: config.lokiErrorPercent ?? t.lokiErrorPercent,
    },
    for: { ...ALERT_DEFAULT_FOR, ...config.for } as Record<AlertName, string>,
    runbookBaseUrl: config.runbookBaseUrl,
  };
}

/** Severity of an alert (the `severity` label Alertmanager routes on). */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/**
 * One of the library's own rules, with its `for:` from `settings` and a runbook link when a
 * runbook base is set.
 */
export function platformRule(
  settings: AlertSettings, alert: AlertName, severity: AlertSeverity, expr: string, summary: string, description: string,
): AlertRule {
  return {
    alert,
    expr,
    for: settings.for[alert],
    labels: { severity },
    annotations: {
      summary,
      description,
      ...(settings.runbookBaseUrl ? { runbook_url: `${settings.runbookBaseUrl}/${alert.toLowerCase()}` } : {}),
    },
  };
}

/** A rule file holding `group`, as YAML. */
export function ruleFileYaml(group: AlertRuleGroup): string {
  return toYaml({ groups: [group] });
}

const GROUP_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ALERT_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Report the problems of a rule group under `path`: a group name usable as a file name, and
 * every rule with an alert name, an expression, a valid `for:`, label names, a summary and a
 * description. PromQL itself is checked by promtool in the tests.
 */
export function validateAlertRuleGroup(group: AlertRuleGroup, path: string, problems: ProblemCollector): void {
  if (typeof group?.name !== 'string' || !GROUP_NAME.test(group.name)) {
    problems.add(`${path}.name`, `must be a lower-case DNS-1123 label (it names the rule file), got ${show(group?.name)}.`);
  }
  if (!Array.isArray(group?.rules) || group.rules.length === 0) {
    problems.add(`${path}.rules`, `must be a non-empty list of alert rules, got ${show(group?.rules)}.`);
    return;
  }
  group.rules.forEach((rule, i) => {
    const at = `${path}.rules[${i}]`;
    if (typeof rule.alert !== 'string' || !ALERT_NAME.test(rule.alert)) problems.add(`${at}.alert`, `must be a metric-style name like 'JenkinsDown', got ${show(rule.alert)}.`);
    if (typeof rule.expr !== 'string' || rule.expr.trim() === '') problems.add(`${at}.expr`, `must be a PromQL expression, got ${show(rule.expr)}.`);
    if (rule.for !== undefined && !isPrometheusDuration(rule.for)) problems.add(`${at}.for`, `must be a non-zero Prometheus duration like '15m', got ${show(rule.for)}.`);
    for (const label of Object.keys(rule.labels ?? {})) {
      if (!LABEL_NAME.test(label)) problems.add(`${at}.labels`, `has '${label}', which is not a Prometheus label name.`);
    }
    for (const field of ['summary', 'description'] as const) {
      const value = rule.annotations?.[field];
      if (typeof value !== 'string' || value.trim() === '') problems.add(`${at}.annotations.${field}`, `must be a non-empty text, got ${show(value)}.`);
    }
  });
}
