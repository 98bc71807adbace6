/**
 * Alertmanager's configuration file (`alertmanager.yml`), rendered from resolved settings.
 * Pure, so tests run amtool on it.
 *
 * Both Debian's Alertmanager 0.25 (what the tests run) and the pinned image accept it. Secrets
 * are read from files of the mounted receivers Secret, with `*_file` keys 0.25 already accepts
 * (checked with its amtool): Slack `api_url_file`, PagerDuty `routing_key_file`, and
 * `http_config.authorization.credentials_file` for webhooks. Avoided: webhook `url_file`,
 * which newer releases accept and 0.25 rejects (`field url_file not found`), so a webhook's URL
 * is plain config and must carry no secret.
 *
 * Reference: https://prometheus.io/docs/alerting/0.25/configuration/
 */
import type { AlertmanagerReceiver, AlertmanagerRoute } from '../../config/addons/alertmanager';
import { toYaml } from '../../yaml';

/** Port of the API and UI. */
export const ALERTMANAGER_WEB_PORT = 9093;
/** Port of cluster gossip (TCP and UDP). */
export const ALERTMANAGER_CLUSTER_PORT = 9094;
/** Mount path of the config file's directory. */
export const ALERTMANAGER_CONFIG_DIR = '/etc/alertmanager/config';
/** Name of the config file. */
export const ALERTMANAGER_CONFIG_FILE = 'alertmanager.yml';
/** Mount path of the receivers Secret. */
export const ALERTMANAGER_SECRETS_DIR = '/etc/alertmanager/secrets';
/** Mount path of the data volume (silences, notification log). */
export const ALERTMANAGER_DATA_DIR = '/alertmanager';
/** The receiver that drops alerts (no integration). */
export const NULL_RECEIVER = 'null';
/** The alert whose firing silences every other alert of the same `node`. */
export const NODE_DOWN_ALERT = 'KubeNodeNotReady';

/** Everything the config file depends on, with every default applied. */
export interface AlertmanagerSettings {
  /** The receivers. */
  readonly receivers: readonly AlertmanagerReceiver[];
  /** Receiver of alerts no route matches. */
  readonly defaultReceiver: string;
  /** Child routes, in order. */
  readonly routes: readonly AlertmanagerRoute[];
  /** `group_by`. */
  readonly groupBy: readonly string[];
  /** `group_wait`, in seconds. */
  readonly groupWaitSeconds: number;
  /** `group_interval`, in minutes. */
  readonly groupIntervalMinutes: number;
  /** `repeat_interval`, in hours. */
  readonly repeatIntervalHours: number;
  /**
   * Directory of the receivers Secret's files.
   * @default ALERTMANAGER_SECRETS_DIR
   */
  readonly secretsDir?: string;
}

/** Keys of the receivers Secret the receivers read, in order, without duplicates. */
export function receiverSecretKeys(receivers: readonly AlertmanagerReceiver[]): string[] {
  const keys = receivers.map((r) => (r.type === 'slack' ? r.apiUrlKey : r.type === 'pagerduty' ? r.routingKeyKey : r.bearerTokenKey));
  return [...new Set(keys.filter((k): k is string => k !== undefined))];
}

function renderReceiver(r: AlertmanagerReceiver, dir: string): Record<string, unknown> {
  switch (r.type) {
    case 'slack':
      return { name: r.name, slack_configs: [{ api_url_file: `${dir}/${r.apiUrlKey}`, channel: r.channel, send_resolved: true }] };
    case 'pagerduty':
      return { name: r.name, pagerduty_configs: [{ routing_key_file: `${dir}/${r.routingKeyKey}`, send_resolved: true }] };
    case 'webhook':
      return {
        name: r.name,
        webhook_configs: [{
          url: r.url,
          send_resolved: true,
          ...(r.bearerTokenKey ? { http_config: { authorization: { credentials_file: `${dir}/${r.bearerTokenKey}` } } } : {}),
        }],
      };
  }
}

/** `name="value"` matcher strings (values escaped as Alertmanager's parser reads them). */
function matchers(labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
}

/** Alertmanager's config as a plain object. */
export function renderAlertmanagerConfig(s: AlertmanagerSettings): Record<string, unknown> {
  const dir = s.secretsDir ?? ALERTMANAGER_SECRETS_DIR;
  return {
    route: {
      receiver: s.defaultReceiver,
      group_by: [...s.groupBy],
      group_wait: `${s.groupWaitSeconds}s`,
      group_interval: `${s.groupIntervalMinutes}m`,
      repeat_interval: `${s.repeatIntervalHours}h`,
      routes: s.routes.map((r) => ({ receiver: r.receiver, matchers: matchers(r.matchers), ...(r.continue ? { continue: true } : {}) })),
    },
    inhibit_rules: [{
      // A node that is down explains its pods' and targets' alerts: notify about the node only.
      // Alerts without a `node` label never match (their empty value differs from the source's).
      source_matchers: [`alertname="${NODE_DOWN_ALERT}"`],
      target_matchers: [`alertname!="${NODE_DOWN_ALERT}"`],
      equal: ['node'],
    }],
    receivers: [{ name: NULL_RECEIVER }, ...s.receivers.map((r) => renderReceiver(r, dir))],
  };
}

/** {@link renderAlertmanagerConfig} as the YAML text of `alertmanager.yml`. */
export function alertmanagerConfigYaml(settings: AlertmanagerSettings): string {
  return toYaml(renderAlertmanagerConfig(settings));
}
