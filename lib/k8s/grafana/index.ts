/**
 * Grafana, stateless: one Deployment whose data sources and dashboards are provisioned from
 * ConfigMaps and whose admin credentials come from a Secret, with its database on an emptyDir.
 *
 * Why no volume: everything worth keeping is code here (data sources, dashboards, admin
 * from the Secret). A volume would keep dashboards edited by hand in the UI, which then drift
 * from what is reviewed, and an EBS volume pins the pod to one availability zone. The price:
 * users, sessions and preferences are lost on a restart (sign in again with the admin
 * Secret; SSO users are recreated at sign-in).
 */
import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { GRAFANA_DEFAULT_ADMIN_SECRET, GRAFANA_DEFAULT_RESOURCES, type GrafanaConfig } from '../../config/addons/metrics';
import { ProblemCollector, show } from '../../config/problems';
import { validateContainerResources, withResourceDefaults } from '../../config/resources';
import { checkNamespace, componentLabels, nonRootPodSecurityContext, objectLabels, resourceRequirements, throwIfProblems } from '../common';
import {
  GRAFANA_DASHBOARDS_DIR, GRAFANA_PORT, GRAFANA_PROVISIONING_DIR, grafanaDashboardProviderYaml, grafanaDatasourcesYaml,
  type GrafanaLokiSource,
} from './config';
import { platformDashboards } from './dashboards';

export * from './config';
export * from './dashboards';

/**
 * Grafana version; the image tag below (13.2.0 of 2026-08-18, with a security fix:
 * AndreiGavriliu/homelab#7187 "Update grafana/grafana Docker tag to v13.2.0", release notes at
 * https://github.com/grafana/grafana/blob/main/CHANGELOG.md).
 */
export const GRAFANA_VERSION = '13.2.0';
/** The pinned Grafana image. */
export const GRAFANA_IMAGE = `grafana/grafana:${GRAFANA_VERSION}`;
/** uid the grafana image runs as. */
export const GRAFANA_UID = 472;
/** Keys of the admin Secret. */
export const GRAFANA_ADMIN_KEYS = { user: 'admin-user', password: 'admin-password' } as const;

/** Properties of {@link Grafana}. */
export interface GrafanaProps extends GrafanaConfig {
  /** Prometheus's base URL (`Prometheus.url`). */
  readonly prometheusUrl: string;
  /**
   * Prometheus's scrape interval, in seconds (the data source's minimum step).
   * @default 30
   */
  readonly scrapeIntervalSeconds?: number;
  /**
   * Loki to read logs from; adds the Loki data source and the log volume dashboard.
   * @default - no Loki data source
   */
  readonly loki?: GrafanaLokiSource;
  /**
   * Namespace of every object.
   * @default 'monitoring'
   */
  readonly namespace?: string;
}

const NAME = 'grafana';
const COMPONENT = 'dashboards';
const DATA_DIR = '/var/lib/grafana';

/**
 * Grafana. Objects: ServiceAccount, ConfigMaps `grafana-datasources`, `grafana-dashboard-provider`
 * and `grafana-dashboards`, Deployment and Service `grafana`. The admin Secret is referenced,
 * never created.
 */
export class Grafana extends Construct {
  /** Namespace of every object. */
  public readonly namespace: string;
  /** The Secret with the admin user and password. */
  public readonly adminSecretName: string;
  /** The rendered `datasources.yaml`. */
  public readonly datasourcesYaml: string;
  /** The Deployment (id `Resource`). */
  public readonly deployment: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    const problems = new ProblemCollector();
    if (props.adminSecretName !== undefined && !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(props.adminSecretName)) {
      problems.add('adminSecretName', `must be a Secret name (lower-case DNS-1123 subdomain), got ${show(props.adminSecretName)}.`);
    }
    if (typeof props.prometheusUrl !== 'string' || !/^https?:\/\/\S+$/.test(props.prometheusUrl)) {
      problems.add('prometheusUrl', `must be an http(s) URL, got ${show(props.prometheusUrl)}.`);
    }
    validateContainerResources(props.resources ?? {}, 'resources', problems, GRAFANA_DEFAULT_RESOURCES);
    checkNamespace(props.namespace, problems);
    throwIfProblems('Grafana', id, problems);

    this.namespace = props.namespace ?? 'monitoring';
    this.adminSecretName = props.adminSecretName ?? GRAFANA_DEFAULT_ADMIN_SECRET;
    this.datasourcesYaml = grafanaDatasourcesYaml(props.prometheusUrl, props.scrapeIntervalSeconds ?? 30, props.loki);
    const dashboards = Object.fromEntries(Object.entries(platformDashboards(props.loki !== undefined)).map(([file, d]) => [file, JSON.stringify(d, null, 1)]));
    const selector = componentLabels(NAME, COMPONENT);
    const labels = objectLabels(NAME, COMPONENT, GRAFANA_VERSION);
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });
    const checksum = createHash('sha256').update(this.datasourcesYaml).update(JSON.stringify(dashboards)).digest('hex');

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(NAME), automountServiceAccountToken: false });
    new k8s.KubeConfigMap(this, 'Datasources', { metadata: meta(`${NAME}-datasources`), data: { 'datasources.yaml': this.datasourcesYaml } });
    new k8s.KubeConfigMap(this, 'DashboardProvider', { metadata: meta(`${NAME}-dashboard-provider`), data: { 'dashboards.yaml': grafanaDashboardProviderYaml() } });
    new k8s.KubeConfigMap(this, 'Dashboards', { metadata: meta(`${NAME}-dashboards`), data: dashboards });
    new k8s.KubeService(this, 'Service', {
      metadata: meta(NAME),
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'http', port: GRAFANA_PORT, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }] },
    });

    const secretEnv = (name: string, key: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: this.adminSecretName, key } } });
    const port = k8s.IntOrString.fromString('http');
    this.deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: meta(NAME),
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels }, annotations: { 'checksum/provisioning': checksum } },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: nonRootPodSecurityContext(GRAFANA_UID),
            containers: [{
              name: NAME,
              image: GRAFANA_IMAGE,
              env: [
                secretEnv('GF_SECURITY_ADMIN_USER', GRAFANA_ADMIN_KEYS.user),
                secretEnv('GF_SECURITY_ADMIN_PASSWORD', GRAFANA_ADMIN_KEYS.password),
                { name: 'GF_PATHS_DATA', value: DATA_DIR },
                { name: 'GF_PATHS_PLUGINS', value: `${DATA_DIR}/plugins` },
                { name: 'GF_PATHS_PROVISIONING', value: GRAFANA_PROVISIONING_DIR },
                // Logs to stdout only: /var/log/grafana is on the read-only root filesystem.
                { name: 'GF_LOG_MODE', value: 'console' },
                { name: 'GF_USERS_ALLOW_SIGN_UP', value: 'false' },
                { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'false' },
                // A regulated business sends no usage data and fetches no avatars from third parties.
                { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
                { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
                { name: 'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES', value: 'false' },
                { name: 'GF_SECURITY_DISABLE_GRAVATAR', value: 'true' },
                // Grafana 13 ships Prometheus, Loki and the other data sources as bundled plugins in
                // /usr/share/grafana/data/plugins-bundled (read-only here). Updating them at start
                // unloads the running plugin and then fails to unlink its directory, so the data
                // source vanishes (grafana/grafana#132528). Bundled plugins stay at the pinned image's
                // versions instead, and none is fetched from grafana.com to replace them.
                { name: 'GF_PLUGINS_PREINSTALL_AUTO_UPDATE', value: 'false' },
              ],
              ports: [{ name: 'http', containerPort: GRAFANA_PORT, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/api/health', port }, periodSeconds: 10, timeoutSeconds: 3 },
              livenessProbe: { httpGet: { path: '/api/health', port }, initialDelaySeconds: 60, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 6 },
              resources: resourceRequirements(withResourceDefaults(props.resources, GRAFANA_DEFAULT_RESOURCES)),
              securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                // grafana.db, sessions, plugins and rendered images: everything Grafana writes.
                { name: 'data', mountPath: DATA_DIR },
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'datasources', mountPath: `${GRAFANA_PROVISIONING_DIR}/datasources`, readOnly: true },
                { name: 'dashboard-provider', mountPath: `${GRAFANA_PROVISIONING_DIR}/dashboards`, readOnly: true },
                { name: 'dashboards', mountPath: GRAFANA_DASHBOARDS_DIR, readOnly: true },
              ],
            }],
            volumes: [
              { name: 'data', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
              { name: 'datasources', configMap: { name: `${NAME}-datasources` } },
              { name: 'dashboard-provider', configMap: { name: `${NAME}-dashboard-provider` } },
              { name: 'dashboards', configMap: { name: `${NAME}-dashboards` } },
            ],
          },
        },
      },
    });
  }
}
