/**
 * Jenkins alert rules as plain data, for the metrics add-on to load into Prometheus. The
 * series come from the Prometheus metrics plugin (`/prometheus/`, scraped through the pod's
 * `prometheus.io/*` annotations); the rule here needs only Prometheus's own `up` series.
 */

import type { AlertRuleGroup } from '../prometheus/alert-rule';

/** Options of {@link jenkinsAlertRules}. */
export interface JenkinsAlertOptions {
  /**
   * Namespace of the controller.
   * @default 'jenkins'
   */
  readonly namespace?: string;
  /**
   * How long the controller may be unreachable before the alert fires.
   * @default '5m'
   */
  readonly downFor?: string;
}

/**
 * The "Jenkins down" group: the controller's scrape target is down, or gone altogether. The `up` series carries the pod's `namespace` label when Prometheus
 * scrapes pods by annotation (kubernetes_sd `pod` role with the usual relabelling).
 */
export function jenkinsAlertRules(options: JenkinsAlertOptions = {}): AlertRuleGroup {
  const namespace = options.namespace ?? 'jenkins';
  const downFor = options.downFor ?? '5m';
  const target = `namespace="${namespace}", pod=~"jenkins-[0-9]+"`;
  return {
    name: 'jenkins',
    rules: [
      {
        alert: 'JenkinsDown',
        expr: `(sum(up{${target}}) or vector(0)) == 0`,
        for: downFor,
        labels: { severity: 'critical' },
        annotations: {
          summary: 'Jenkins controller is down',
          description: `No Jenkins controller in namespace ${namespace} has answered a scrape for ${downFor}: builds and deploys are stopped.`,
        },
      },
    ],
  };
}
