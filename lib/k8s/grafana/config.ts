/**
 * Grafana's provisioning files: the Prometheus and Loki data sources and the dashboard
 * provider. Pure, so tests read them without cdk8s.
 *
 * Reference: https://grafana.com/docs/grafana/latest/administration/provisioning/
 */
import { toYaml } from '../../yaml';

/** Port of Grafana's web UI and API. */
export const GRAFANA_PORT = 3000;
/** Mount path of the provisioning directory (`GF_PATHS_PROVISIONING`). */
export const GRAFANA_PROVISIONING_DIR = '/etc/grafana/provisioning';
/** Mount path of the dashboard JSON files. */
export const GRAFANA_DASHBOARDS_DIR = '/etc/grafana/dashboards';
/** uid of the provisioned Prometheus data source (dashboards refer to it). */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';
/** uid of the provisioned Loki data source. */
export const LOKI_DATASOURCE_UID = 'loki';

/** The Loki Grafana reads logs from. */
export interface GrafanaLokiSource {
  /** Base URL, `http://loki.logging.svc.cluster.local:3100`. */
  readonly url: string;
  /**
   * Tenant sent as `X-Scope-OrgID` (Loki with `authEnabled`): fluent-bit's `tenantId`.
   * @default - no header: Loki's single tenant
   */
  readonly tenantId?: string;
}

/** `datasources.yaml`: Prometheus (the default) and, when given, Loki. */
export function grafanaDatasourcesYaml(prometheusUrl: string, scrapeIntervalSeconds: number, loki?: GrafanaLokiSource): string {
  const datasources: Record<string, unknown>[] = [{
    name: 'Prometheus',
    type: 'prometheus',
    uid: PROMETHEUS_DATASOURCE_UID,
    access: 'proxy',
    url: prometheusUrl,
    isDefault: true,
    editable: false,
    jsonData: { timeInterval: `${scrapeIntervalSeconds}s` },
  }];
  if (loki) {
    datasources.push({
      name: 'Loki',
      type: 'loki',
      uid: LOKI_DATASOURCE_UID,
      access: 'proxy',
      url: loki.url,
      editable: false,
      ...(loki.tenantId !== undefined
        ? { jsonData: { httpHeaderName1: 'X-Scope-OrgID' }, secureJsonData: { httpHeaderValue1: loki.tenantId } }
        : {}),
    });
  }
  return toYaml({ apiVersion: 1, datasources });
}

/** `dashboards.yaml`: the provider loading every JSON file of {@link GRAFANA_DASHBOARDS_DIR}, read-only. */
export function grafanaDashboardProviderYaml(): string {
  return toYaml({
    apiVersion: 1,
    providers: [{
      name: 'platform',
      folder: 'Platform',
      type: 'file',
      disableDeletion: true,
      allowUiUpdates: false,
      updateIntervalSeconds: 60,
      options: { path: GRAFANA_DASHBOARDS_DIR },
    }],
  });
}
