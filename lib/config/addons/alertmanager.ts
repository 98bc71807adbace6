/**
 * The `metrics.alertmanager` sub-section: Alertmanager's size and the routing of alerts to
 * receivers. Receiver secrets (Slack webhook URLs, PagerDuty routing keys, webhook bearer
 * tokens) are never in this config: each names a key of one Kubernetes Secret, mounted as files.
 */
import { show, type ProblemCollector } from '../problems';
import {
  checkInteger, EBS_VOLUME_SIZE_GIB, isStorageClassName, validateContainerResources,
  type ContainerResourceDefaults, type ContainerResources,
} from '../resources';

/** Default of {@link AlertmanagerConfig.resources}. */
export const ALERTMANAGER_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 50, memoryMiB: 128 };
/** Default of {@link AlertmanagerConfig.receiversSecretName}. */
export const ALERTMANAGER_DEFAULT_SECRET = 'alertmanager-receivers';
/** Default of {@link AlertmanagerConfig.groupBy}. */
export const ALERTMANAGER_DEFAULT_GROUP_BY: readonly string[] = ['alertname', 'namespace'];

/** A Slack incoming webhook (`slack_configs`). */
export interface SlackReceiver {
  /** Receiver name, referred to by routes. */
  readonly name: string;
  /** Discriminator. */
  readonly type: 'slack';
  /** Channel, `#name`. */
  readonly channel: string;
  /** Key of the receivers Secret holding the webhook URL (`api_url_file`). */
  readonly apiUrlKey: string;
}

/** A PagerDuty Events API v2 integration (`pagerduty_configs`). */
export interface PagerDutyReceiver {
  /** Receiver name, referred to by routes. */
  readonly name: string;
  /** Discriminator. */
  readonly type: 'pagerduty';
  /** Key of the receivers Secret holding the integration's routing key (`routing_key_file`). */
  readonly routingKeyKey: string;
}

/**
 * A generic webhook (`webhook_configs`). Its URL is in the config because Alertmanager 0.25
 * (Debian's, which the tests run) has no `url_file` (0.26 added it): the URL must carry no
 * secret; authenticate with a bearer token from the Secret instead.
 */
export interface WebhookReceiver {
  /** Receiver name, referred to by routes. */
  readonly name: string;
  /** Discriminator. */
  readonly type: 'webhook';
  /** https:// URL without credentials or query string. */
  readonly url: string;
  /**
   * Key of the receivers Secret holding a bearer token (`http_config.authorization.credentials_file`).
   * @default - no Authorization header
   */
  readonly bearerTokenKey?: string;
}

/** Where alerts can be sent. */
export type AlertmanagerReceiver = SlackReceiver | PagerDutyReceiver | WebhookReceiver;

/** A child route: alerts whose labels equal all of `matchers` go to `receiver`. */
export interface AlertmanagerRoute {
  /** Name of one of the receivers. */
  readonly receiver: string;
  /** Label equalities, e.g. `{ severity: 'critical' }`. */
  readonly matchers: Readonly<Record<string, string>>;
  /**
   * Go on matching the next routes after this one. Only later routes: an alert that matched
   * a route never falls back to the default receiver.
   * @default false
   */
  readonly continue?: boolean;
}

/** Alertmanager and its routing. */
export interface AlertmanagerConfig {
  /**
   * Number of Alertmanager pods, clustered through `--cluster.peer` (gossip deduplicates
   * notifications). 1, or 3 and more for a quorum that survives one pod.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Size of each pod's volume (silences and the notification log), in GiB.
   * @default 2
   */
  readonly volumeSizeGiB?: number;
  /**
   * StorageClass of the volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Secret in the `monitoring` namespace holding every key the receivers name, created outside
   * this library. Only needed when a receiver names a key.
   * @default 'alertmanager-receivers'
   */
  readonly receiversSecretName?: string;
  /**
   * The receivers.
   * @default - none: alerts go to receiver 'null' and are only visible in Alertmanager's UI
   */
  readonly receivers?: readonly AlertmanagerReceiver[];
  /**
   * Receiver of alerts no route matches.
   * @default - the first receiver, or 'null' when there is none
   */
  readonly defaultReceiver?: string;
  /**
   * Child routes, matched in order.
   * @default - none
   */
  readonly routes?: readonly AlertmanagerRoute[];
  /**
   * Labels alerts are grouped by into one notification.
   * @default ['alertname', 'namespace']
   */
  readonly groupBy?: readonly string[];
  /**
   * Wait before the first notification of a new group, in seconds (`group_wait`).
   * @default 30
   */
  readonly groupWaitSeconds?: number;
  /**
   * Wait before notifying about new alerts in a group already notified, in minutes (`group_interval`).
   * @default 5
   */
  readonly groupIntervalMinutes?: number;
  /**
   * Wait before repeating a notification of a group still firing, in hours (`repeat_interval`).
   * @default 4
   */
  readonly repeatIntervalHours?: number;
  /**
   * CPU and memory of each Alertmanager container.
   * @default - 50 millicores, 128 MiB, no CPU limit
   */
  readonly resources?: ContainerResources;
}

const RECEIVER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Check an AlertmanagerConfig section; report every problem under `path`. */
export function validateAlertmanagerConfig(config: AlertmanagerConfig, path: string, problems: ProblemCollector): void {
  if (checkInteger(config.replicas, { min: 1, max: 7 }, `${path}.replicas`, problems) && config.replicas === 2) {
    problems.add(`${path}.replicas`, 'must be 1, or 3 or more, got 2: two gossiping peers cannot tell a dead peer from a partition; use 3.');
  }
  checkInteger(config.volumeSizeGiB, EBS_VOLUME_SIZE_GIB, `${path}.volumeSizeGiB`, problems);
  if (config.storageClassName !== undefined && !isStorageClassName(config.storageClassName)) {
    problems.add(`${path}.storageClassName`, `must be a StorageClass name (lower-case DNS-1123 subdomain), got ${show(config.storageClassName)}.`);
  }
  if (config.receiversSecretName !== undefined && (typeof config.receiversSecretName !== 'string' || !SECRET_NAME.test(config.receiversSecretName))) {
    problems.add(`${path}.receiversSecretName`, `must be a Secret name (lower-case DNS-1123 subdomain), got ${show(config.receiversSecretName)}.`);
  }
  const names = validateReceivers(config.receivers, `${path}.receivers`, problems);
  if (config.defaultReceiver !== undefined && !names.includes(config.defaultReceiver)) {
    problems.add(`${path}.defaultReceiver`, `must name one of the receivers (${names.map((n) => `'${n}'`).join(', ') || 'none configured'}), got ${show(config.defaultReceiver)}.`);
  }
  if (config.routes !== undefined) {
    if (!Array.isArray(config.routes)) {
      problems.add(`${path}.routes`, `must be a list of routes, got ${show(config.routes)}.`);
    } else {
      config.routes.forEach((route, i) => validateRoute(route, names, `${path}.routes[${i}]`, problems));
    }
  }
  if (config.groupBy !== undefined) {
    if (!Array.isArray(config.groupBy) || config.groupBy.length === 0) {
      problems.add(`${path}.groupBy`, `must be a non-empty list of label names, got ${show(config.groupBy)}.`);
    } else {
      config.groupBy.forEach((label, i) => {
        if (typeof label !== 'string' || !LABEL_NAME.test(label)) problems.add(`${path}.groupBy[${i}]`, `must be a Prometheus label name, got ${show(label)}.`);
      });
    }
  }
  checkInteger(config.groupWaitSeconds, { min: 0, max: 3600, unit: 'seconds' }, `${path}.groupWaitSeconds`, problems);
  checkInteger(config.groupIntervalMinutes, { min: 1, max: 1440, unit: 'minutes' }, `${path}.groupIntervalMinutes`, problems);
  checkInteger(config.repeatIntervalHours, { min: 1, max: 168, unit: 'hours' }, `${path}.repeatIntervalHours`, problems);
  validateContainerResources(config.resources ?? {}, `${path}.resources`, problems, ALERTMANAGER_DEFAULT_RESOURCES);
}

/** Reports the receivers' problems; returns the names of the receivers. */
function validateReceivers(receivers: unknown, path: string, problems: ProblemCollector): string[] {
  if (receivers === undefined) return [];
  if (!Array.isArray(receivers)) {
    problems.add(path, `must be a list of receivers, got ${show(receivers)}.`);
    return [];
  }
  const names: string[] = [];
  receivers.forEach((r: Record<string, unknown>, i) => {
    const at = `${path}[${i}]`;
    if (typeof r?.name !== 'string' || !RECEIVER_NAME.test(r.name) || r.name === 'null') {
      problems.add(`${at}.name`, `must be a lower-case DNS-1123 label other than 'null' (reserved for the receiver that drops alerts), got ${show(r?.name)}.`);
    } else if (names.includes(r.name)) {
      problems.add(`${at}.name`, `must be unique, got '${r.name}' twice.`);
    } else {
      names.push(r.name);
    }
    const key = (field: string) => {
      if (typeof r[field] !== 'string' || !SECRET_KEY.test(r[field] as string)) {
        problems.add(`${at}.${field}`, `must be a key of the receivers Secret (letters, digits, '-', '_', '.'), got ${show(r[field])}.`);
      }
    };
    if (r?.type === 'slack') {
      key('apiUrlKey');
      if (typeof r.channel !== 'string' || !/^[#@][^\s]+$/.test(r.channel)) {
        problems.add(`${at}.channel`, `must be a Slack channel like '#alerts', got ${show(r.channel)}.`);
      }
    } else if (r?.type === 'pagerduty') {
      key('routingKeyKey');
    } else if (r?.type === 'webhook') {
      if (r.bearerTokenKey !== undefined) key('bearerTokenKey');
      if (typeof r.url !== 'string' || !/^https:\/\/[^\s/@?#]+(\/[^\s?#]*)?$/.test(r.url)) {
        problems.add(`${at}.url`, `must be an https:// URL without credentials, query or fragment (put secrets in bearerTokenKey), got ${show(r.url)}.`);
      }
    } else {
      problems.add(`${at}.type`, `must be one of 'slack', 'pagerduty', 'webhook', got ${show(r?.type)}.`);
    }
  });
  return names;
}

function validateRoute(route: AlertmanagerRoute, names: readonly string[], path: string, problems: ProblemCollector): void {
  if (!names.includes(route?.receiver)) {
    problems.add(`${path}.receiver`, `must name one of the receivers (${names.map((n) => `'${n}'`).join(', ') || 'none configured'}), got ${show(route?.receiver)}.`);
  }
  const matchers = route?.matchers;
  if (typeof matchers !== 'object' || matchers === null || Array.isArray(matchers) || Object.keys(matchers).length === 0) {
    problems.add(`${path}.matchers`, `must be a non-empty object of label name to value, got ${show(matchers)}.`);
  } else {
    for (const [label, value] of Object.entries(matchers)) {
      if (!LABEL_NAME.test(label)) problems.add(`${path}.matchers`, `has '${label}', which is not a Prometheus label name.`);
      if (typeof value !== 'string') problems.add(`${path}.matchers.${label}`, `must be a string, got ${show(value)}.`);
    }
  }
  if (route?.continue !== undefined && typeof route.continue !== 'boolean') {
    problems.add(`${path}.continue`, `must be true or false, got ${show(route.continue)}.`);
  }
}
