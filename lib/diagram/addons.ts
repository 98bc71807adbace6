/**
 * How each add-on appears in the platform diagram: one row per `clusters[].addons` key with
 * its label, namespace, the AWS resources it uses (names from `lib/names.ts`, the ones both
 * renderers use) and the data paths it is part of (logs, metrics). Data, not code: a new
 * add-on is one row here. A key without a row is still drawn, by {@link addonDiagramRow}'s
 * generic fallback (its IRSA role and namespace from `SERVICE_IDENTITIES` when it has one).
 */
import type { AccountConfig, ClusterConfig } from '../config';
import { LOKI_DEFAULT_READ_REPLICAS, type LokiConfig } from '../config/addons/loki';
import { PROMETHEUS_DEFAULT_RETENTION_DAYS, type MetricsConfig } from '../config/addons/metrics';
import type { SyslogNgConfig } from '../config/addons/syslog-ng';
import {
  SERVICE_IDENTITIES, jenkinsDeployRoleName, logArchiveBucketName, logArchiveKeyAlias, lokiBucketName, lokiKeyAlias, serviceRoleName,
  type ServiceIdentityName,
} from '../names';

/** Kinds of AWS resource the diagram draws. */
export type AwsResourceKind = 'iam-role' | 's3-bucket' | 'kms-key';

/** An AWS resource an add-on uses. */
export interface AddonResource {
  /** What it is. */
  readonly kind: AwsResourceKind;
  /** Its name: IAM role name, bucket name or KMS alias. */
  readonly name: string;
  /** The edge's label, e.g. `IRSA` or `chunks + index`. */
  readonly label: string;
  /** For a KMS key: the bucket it encrypts (the edge goes key -> bucket). */
  readonly encrypts?: string;
}

/** What an edge carries: drawn in its own colour and listed in the legend. */
export type FlowKind = 'logs' | 'metrics' | 'control';

/**
 * One end of a data path: `self` (the add-on), `addon:<key>` (another add-on; the edge is left
 * out when that add-on is not enabled), a resource of {@link AddonDiagramRow.resources} by
 * `resource:<name>`, or an outside party: `pods` (the cluster's workloads), `syslog-clients`
 * (hosts and apps sending syslog), `node-groups`.
 */
export type FlowEnd = 'self' | 'pods' | 'syslog-clients' | 'node-groups' | `addon:${string}` | `resource:${string}`;

/** A data path edge, drawn in the direction the data flows. */
export interface AddonFlow {
  /** Where the data comes from. */
  readonly from: FlowEnd;
  /** Where it goes. */
  readonly to: FlowEnd;
  /** What it carries. */
  readonly kind: FlowKind;
  /** The edge's label. */
  readonly label: string;
}

/** What a row's functions are given. */
export interface AddonContext {
  /** The account. */
  readonly account: AccountConfig;
  /** The cluster the add-on runs in. */
  readonly cluster: ClusterConfig;
  /** The add-on's config section, as written. */
  readonly config: unknown;
}

/** How one add-on is drawn. */
export interface AddonDiagramRow {
  /** Display name, e.g. `Loki`. */
  readonly label: string;
  /** Its Kubernetes namespace; `undefined` when not known (drawn outside any namespace). */
  readonly namespace: string | undefined;
  /**
   * Short lines under the label (mode, replicas, retention).
   * @default - none
   */
  readonly details?: (ctx: AddonContext) => readonly string[];
  /**
   * AWS resources the add-on uses.
   * @default - none
   */
  readonly resources?: (ctx: AddonContext) => readonly AddonResource[];
  /**
   * Data paths it is part of.
   * @default - none
   */
  readonly flows?: (ctx: AddonContext) => readonly AddonFlow[];
}

function irsaRole(ctx: AddonContext, identity: ServiceIdentityName): AddonResource {
  const { namespace, serviceAccount } = SERVICE_IDENTITIES[identity];
  return { kind: 'iam-role', name: serviceRoleName(ctx.cluster.name, identity), label: `IRSA ${namespace}/${serviceAccount}` };
}

const PROMETHEUS_SCRAPE: AddonFlow = { from: 'pods', to: 'self', kind: 'metrics', label: 'scrape (prometheus.io/scrape)' };

/**
 * The rows, by `clusters[].addons` key; a row whose key is not configured draws nothing.
 */
export const ADDON_DIAGRAM_ROWS: Readonly<Record<string, AddonDiagramRow>> = {
  fluentBit: {
    label: 'fluent-bit (DaemonSet)',
    namespace: 'logging',
    flows: () => [
      { from: 'pods', to: 'self', kind: 'logs', label: 'container logs (/var/log/containers)' },
      { from: 'self', to: 'addon:loki', kind: 'logs', label: 'push /loki/api/v1/push' },
    ],
  },
  loki: {
    label: 'Loki (StatefulSet)',
    namespace: SERVICE_IDENTITIES.loki.namespace,
    details: (ctx) => {
      const c = ctx.config as LokiConfig;
      const mode = c.mode ?? 'single-binary';
      const replicas = c.replicas ?? (mode === 'replicated' ? 3 : 1);
      const retention = `retention ${c.retentionDays ?? 30} d`;
      if (mode === 'replicated') return [`replicated: ${replicas} write, ${c.readReplicas ?? LOKI_DEFAULT_READ_REPLICAS} read, 1 compactor`, retention];
      return [`${mode}, ${replicas} replica${replicas === 1 ? '' : 's'}, ${retention}`];
    },
    resources: (ctx) => {
      const bucket = lokiBucketName(ctx.account.accountId, ctx.account.region, ctx.cluster.name);
      return [
        irsaRole(ctx, 'loki'),
        { kind: 's3-bucket', name: bucket, label: 'chunks + index' },
        { kind: 'kms-key', name: lokiKeyAlias(ctx.account.name, ctx.cluster.name), label: 'SSE-KMS', encrypts: bucket },
      ];
    },
    flows: (ctx) => [{ from: 'self', to: `resource:${lokiBucketName(ctx.account.accountId, ctx.account.region, ctx.cluster.name)}`, kind: 'logs', label: 'chunks + index' }],
  },
  syslogNg: {
    label: 'syslog-ng + archiver (StatefulSet)',
    namespace: SERVICE_IDENTITIES['syslog-archiver'].namespace,
    details: (ctx) => {
      const c = ctx.config as SyslogNgConfig;
      return [c.loadBalancer ? `internal NLB from ${c.loadBalancer.sourceRanges.join(', ')}` : 'ClusterIP service only'];
    },
    resources: (ctx) => {
      const bucket = logArchiveBucketName(ctx.account.accountId, ctx.account.region);
      return [
        irsaRole(ctx, 'syslog-archiver'),
        { kind: 's3-bucket', name: bucket, label: 'daily archives' },
        { kind: 'kms-key', name: logArchiveKeyAlias(ctx.account.name), label: 'SSE-KMS', encrypts: bucket },
      ];
    },
    flows: (ctx) => [
      { from: 'syslog-clients', to: 'self', kind: 'logs', label: 'syslog 514/TCP+UDP, 601/TCP' },
      { from: 'self', to: `resource:${logArchiveBucketName(ctx.account.accountId, ctx.account.region)}`, kind: 'logs', label: `daily gzip -> ${ctx.cluster.name}/<host>/<date>/` },
    ],
  },
  clusterAutoscaler: {
    label: 'cluster-autoscaler',
    namespace: SERVICE_IDENTITIES['cluster-autoscaler'].namespace,
    resources: (ctx) => [irsaRole(ctx, 'cluster-autoscaler')],
    flows: () => [{ from: 'self', to: 'node-groups', kind: 'control', label: 'resizes Auto Scaling groups' }],
  },
  metrics: {
    label: 'Prometheus + Alertmanager + Grafana',
    namespace: 'monitoring',
    details: (ctx) => {
      const c = ctx.config as MetricsConfig;
      const replicas = c.prometheus?.replicas ?? 1;
      const retention = c.prometheus?.retentionDays ?? PROMETHEUS_DEFAULT_RETENTION_DAYS;
      return [`Prometheus x${replicas}, retention ${retention} d`, 'node-exporter, kube-state-metrics'];
    },
    flows: () => [
      PROMETHEUS_SCRAPE,
      { from: 'addon:fluentBit', to: 'self', kind: 'metrics', label: 'scrape' },
      { from: 'addon:loki', to: 'self', kind: 'metrics', label: 'scrape' },
      { from: 'addon:loki', to: 'self', kind: 'logs', label: 'Grafana: LogQL' },
    ],
  },
  jenkins: {
    label: 'Jenkins',
    namespace: SERVICE_IDENTITIES.jenkins.namespace,
    resources: (ctx) => [irsaRole(ctx, 'jenkins')],
  },
  jenkinsDeployRole: {
    label: 'Jenkins deploy role (IAM)',
    namespace: undefined, // AWS only: an IAM role Jenkins of another account assumes
    resources: (ctx) => [{ kind: 'iam-role', name: jenkinsDeployRoleName(ctx.cluster.name), label: 'assumed by Jenkins' }],
  },
  argoWorkflows: { label: 'Argo Workflows', namespace: 'argo' },
};

/** `argoWorkflows` -> `argo-workflows`. */
function kebab(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * The row of add-on `key`: its entry in {@link ADDON_DIAGRAM_ROWS}, else a generic one labelled
 * with the key. The generic row takes the namespace and IRSA role of the `SERVICE_IDENTITIES`
 * entry named like the key (`argoWorkflows` -> `argo-workflows`), else a `namespace` string of
 * the section itself, else none.
 */
export function addonDiagramRow(key: string, config: unknown): AddonDiagramRow {
  const row = ADDON_DIAGRAM_ROWS[key];
  if (row) return row;
  const identities: Readonly<Record<string, { namespace: string }>> = SERVICE_IDENTITIES;
  const identity = Object.hasOwn(identities, kebab(key)) ? (kebab(key) as ServiceIdentityName) : undefined;
  const own = typeof config === 'object' && config !== null ? (config as { namespace?: unknown }).namespace : undefined;
  return {
    label: key,
    namespace: identity ? identities[identity].namespace : typeof own === 'string' ? own : undefined,
    details: () => ['(generic: no row in lib/diagram/addons.ts)'],
    ...(identity ? { resources: (ctx: AddonContext) => [irsaRole(ctx, identity)] } : {}),
  };
}

/** The enabled add-on keys of a cluster (sections present and not `undefined`), in config order. */
export function enabledAddons(cluster: ClusterConfig): readonly string[] {
  const addons = (cluster.addons ?? {}) as Readonly<Record<string, unknown>>;
  return Object.keys(addons).filter((k) => addons[k] !== undefined && addons[k] !== false);
}
