/**
 * The provisioned dashboards, as Grafana dashboard JSON models: cluster overview, node, pod
 * resources, and (with Loki) log volume by namespace. Queries use the labels the scrape jobs
 * set (`node`, `namespace`, `pod`, `container`) and the labels fluent-bit gives log streams.
 */
import { LOKI_DATASOURCE_UID, PROMETHEUS_DATASOURCE_UID } from './config';

/** A panel's query. */
interface Query {
  readonly expr: string;
  readonly legend: string;
}

type DataSource = 'prometheus' | 'loki';

function datasource(kind: DataSource): Record<string, string> {
  return { type: kind, uid: kind === 'prometheus' ? PROMETHEUS_DATASOURCE_UID : LOKI_DATASOURCE_UID };
}

/** A time-series panel, half the dashboard's width, placed by its index. */
function panel(index: number, title: string, unit: string, queries: readonly Query[], kind: DataSource = 'prometheus'): Record<string, unknown> {
  return {
    id: index + 1,
    type: 'timeseries',
    title,
    datasource: datasource(kind),
    gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: { legend: { displayMode: 'table', placement: 'bottom' } },
    targets: queries.map((q, i) => ({ refId: String.fromCharCode(65 + i), datasource: datasource(kind), expr: q.expr, legendFormat: q.legend })),
  };
}

/** A query variable (`$name`) filled from a label's values. */
function variable(name: string, query: string, kind: DataSource = 'prometheus'): Record<string, unknown> {
  return { name, type: 'query', datasource: datasource(kind), query, refresh: 2, includeAll: false, multi: false, sort: 1 };
}

function dashboard(uid: string, title: string, panels: Record<string, unknown>[], variables: Record<string, unknown>[] = []): Record<string, unknown> {
  return {
    uid,
    title,
    tags: ['eks-platform'],
    timezone: 'utc',
    editable: false,
    schemaVersion: 39,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: variables },
    panels,
  };
}

/** The dashboards by file name (`<uid>.json`); the log dashboard only with Loki. */
export function platformDashboards(withLoki: boolean): Record<string, Record<string, unknown>> {
  const boards = [
    dashboard('platform-cluster', 'Cluster overview', [
      panel(0, 'Nodes ready', 'none', [{ expr: 'sum(kube_node_status_condition{condition="Ready",status="true"})', legend: 'ready' }, { expr: 'count(kube_node_info)', legend: 'nodes' }]),
      panel(1, 'Pods by phase', 'none', [{ expr: 'sum by (phase) (kube_pod_status_phase)', legend: '{{phase}}' }]),
      panel(2, 'CPU used by namespace', 'short', [{ expr: 'sum by (namespace) (rate(container_cpu_usage_seconds_total{container!=""}[5m]))', legend: '{{namespace}}' }]),
      panel(3, 'Memory used by namespace', 'bytes', [{ expr: 'sum by (namespace) (container_memory_working_set_bytes{container!=""})', legend: '{{namespace}}' }]),
      panel(4, 'Firing alerts', 'none', [{ expr: 'sum by (alertname, severity) (ALERTS{alertstate="firing"})', legend: '{{alertname}} ({{severity}})' }]),
      panel(5, 'Targets down', 'none', [{ expr: 'sum by (job) (up == 0)', legend: '{{job}}' }]),
    ]),
    dashboard('platform-node', 'Node', [
      panel(0, 'CPU busy', 'percentunit', [{ expr: '1 - avg by (node) (rate(node_cpu_seconds_total{mode="idle",node="$node"}[5m]))', legend: '{{node}}' }]),
      panel(1, 'Memory used', 'percentunit', [{ expr: '1 - node_memory_MemAvailable_bytes{node="$node"} / node_memory_MemTotal_bytes{node="$node"}', legend: '{{node}}' }]),
      panel(2, 'Filesystem used', 'percentunit', [{ expr: '1 - node_filesystem_avail_bytes{node="$node",fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes{node="$node",fstype!~"tmpfs|overlay"}', legend: '{{mountpoint}}' }]),
      panel(3, 'Network', 'Bps', [
        { expr: 'sum by (device) (rate(node_network_receive_bytes_total{node="$node",device!="lo"}[5m]))', legend: 'in {{device}}' },
        { expr: 'sum by (device) (rate(node_network_transmit_bytes_total{node="$node",device!="lo"}[5m]))', legend: 'out {{device}}' },
      ]),
    ], [variable('node', 'label_values(node_uname_info, node)')]),
    dashboard('platform-pods', 'Pod resources', [
      panel(0, 'CPU used', 'short', [{ expr: 'sum by (container) (rate(container_cpu_usage_seconds_total{namespace="$namespace",pod="$pod",container!=""}[5m]))', legend: '{{container}}' }]),
      panel(1, 'Memory working set', 'bytes', [{ expr: 'sum by (container) (container_memory_working_set_bytes{namespace="$namespace",pod="$pod",container!=""})', legend: '{{container}}' }]),
      panel(2, 'CPU throttled', 'percentunit', [{ expr: 'sum by (container) (rate(container_cpu_cfs_throttled_periods_total{namespace="$namespace",pod="$pod"}[5m])) / sum by (container) (rate(container_cpu_cfs_periods_total{namespace="$namespace",pod="$pod"}[5m]))', legend: '{{container}}' }]),
      panel(3, 'Restarts', 'none', [{ expr: 'sum by (container) (kube_pod_container_status_restarts_total{namespace="$namespace",pod="$pod"})', legend: '{{container}}' }]),
    ], [
      variable('namespace', 'label_values(kube_pod_info, namespace)'),
      variable('pod', 'label_values(kube_pod_info{namespace="$namespace"}, pod)'),
    ]),
  ];
  if (withLoki) {
    boards.push(dashboard('platform-logs', 'Log volume by namespace', [
      panel(0, 'Log bytes by namespace', 'bytes', [{ expr: 'sum by (namespace) (bytes_over_time({namespace=~".+"}[$__auto]))', legend: '{{namespace}}' }], 'loki'),
      panel(1, 'Log lines by namespace', 'short', [{ expr: 'sum by (namespace) (count_over_time({namespace=~".+"}[$__auto]))', legend: '{{namespace}}' }], 'loki'),
    ]));
  }
  return Object.fromEntries(boards.map((b) => [`${b.uid}.json`, b]));
}
