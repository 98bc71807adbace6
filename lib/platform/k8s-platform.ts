/**
 * `PlatformChart`: every Kubernetes object of one cluster of an account, composed from the
 * constructs of `lib/k8s`. `cdk8s synth` writes it to YAML; the Pulumi `Platform` applies the
 * very same objects to the cluster it creates.
 *
 * Adding an add-on is one line in `addAddons()` plus its section in `AddonsConfig`.
 */
import { Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  assertValidAccount, nodeRoleArns, type AccountConfig, type ClusterConfig,
} from '../config';
import { show } from '../config/problems';
import { AwsAuth } from '../k8s/aws-auth';
import { ClusterAutoscaler } from '../k8s/cluster-autoscaler';
import { FluentBit, LokiEndpoint } from '../k8s/fluent-bit';
import { Loki } from '../k8s/loki';
import { PlatformNamespace } from '../k8s/namespace';
import { DefaultStorageClass } from '../k8s/storage';
import { SyslogNg } from '../k8s/syslog-ng';
import { logArchiveBucketName, lokiBucketName, serviceRoleArn } from '../names';

/**
 * Props of {@link PlatformChart}. Every object keeps its own namespace (or none, for
 * cluster-scoped kinds), so the chart-wide `namespace` of `ChartProps` is not accepted.
 */
export interface PlatformChartProps extends Omit<ChartProps, 'namespace'> {
  /** The account the cluster belongs to. */
  readonly account: AccountConfig;
  /**
   * Which cluster of the account to render, by name.
   * @default - the account's only cluster; required when it has several
   */
  readonly clusterName?: string;
  /**
   * Skip `validateAccount()` (for callers that validated already, like the synth entry
   * rendering several clusters of one account).
   * @default false
   */
  readonly skipValidation?: boolean;
}

/** Label on every object with the account it belongs to. */
export const ACCOUNT_LABEL = 'eks-platform.io/account';
/** Label on every object with the cluster it belongs to. */
export const CLUSTER_LABEL = 'eks-platform.io/cluster';

/**
 * All Kubernetes objects of one cluster: identity mappings (aws-auth + RBAC), the default
 * StorageClass, the configured add-ons, and the Namespaces they live in.
 */
export class PlatformChart extends Chart {
  /** The account rendered. */
  public readonly account: AccountConfig;
  /** The cluster rendered. */
  public readonly cluster: ClusterConfig;
  /** Identity mappings and RBAC. */
  public readonly awsAuth: AwsAuth;
  /** The default StorageClass. */
  public readonly storage: DefaultStorageClass;
  /** Namespaces this chart creates (every non-built-in namespace its objects use). */
  public readonly namespaces: readonly string[];
  /** Loki, when `addons.loki` is configured. */
  public readonly loki?: Loki;
  /** fluent-bit, when `addons.fluentBit` is configured. */
  public readonly fluentBit?: FluentBit;
  /** The central syslog-ng server, when `addons.syslogNg` is configured. */
  public readonly syslogNg?: SyslogNg;
  /** The cluster autoscaler, when `addons.clusterAutoscaler` is configured. */
  public readonly clusterAutoscaler?: ClusterAutoscaler;

  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    // Validate before the chart joins `scope`: an invalid account leaves nothing behind.
    const chartNamespace: unknown = (props as ChartProps).namespace;
    if (chartNamespace !== undefined) {
      throw new Error(`PlatformChart: 'namespace' must not be set, got ${show(chartNamespace)}: it would move every object, cluster-scoped ones and Namespaces included, into one namespace. Each object already has its own.`);
    }
    if (!props.skipValidation) assertValidAccount(props.account);
    const cluster = selectCluster(props.account, props.clusterName);
    super(scope, id, {
      ...props,
      labels: { ...props.labels, [ACCOUNT_LABEL]: props.account.name, [CLUSTER_LABEL]: cluster.name },
    });
    this.account = props.account;
    this.cluster = cluster;

    this.awsAuth = new AwsAuth(this, 'aws-auth', {
      nodeRoleArns: nodeRoleArns(this.account, cluster),
      identities: cluster.identities ?? [],
      authenticationMode: cluster.authenticationMode,
    });
    this.storage = new DefaultStorageClass(this, 'storage', {
      kmsKeyArn: cluster.storage?.kmsKeyArn,
      reclaimPolicy: cluster.storage?.reclaimPolicy,
    });
    const { accountId, region } = this.account;
    const addons = cluster.addons ?? {};
    // One line per add-on; each exists only when its config section is present. What an add-on
    // needs from AWS comes from lib/names.ts, the same names the Pulumi side creates.
    if (addons.loki) this.loki = new Loki(this, 'loki', { ...addons.loki, bucketName: lokiBucketName(accountId, region, cluster.name), roleArn: serviceRoleArn(accountId, cluster.name, 'loki'), region });
    if (addons.fluentBit && this.loki) this.fluentBit = new FluentBit(this, 'fluent-bit', { ...addons.fluentBit, loki: LokiEndpoint.fromLoki(this.loki) });
    if (addons.syslogNg) this.syslogNg = new SyslogNg(this, 'syslog-ng', { ...addons.syslogNg, clusterName: cluster.name, archiveBucket: logArchiveBucketName(accountId, region), roleArn: serviceRoleArn(accountId, cluster.name, 'syslog-archiver'), region });
    if (addons.clusterAutoscaler) this.clusterAutoscaler = new ClusterAutoscaler(this, 'cluster-autoscaler', { ...addons.clusterAutoscaler, clusterName: cluster.name, kubernetesVersion: cluster.version, accountId, region });
    this.namespaces = this.addNamespaces();
  }

  /**
   * Creates a Namespace for every non-built-in namespace an object of this chart uses
   * ({@link PlatformNamespace.forObjectsOf}): `baseline` enforced, or `privileged` where one of
   * the chart's own pods needs the host (fluent-bit reads node log files); `restricted` audited
   * and warned everywhere.
   */
  private addNamespaces(): string[] {
    return PlatformNamespace.forObjectsOf(this).map((ns) => ns.name);
  }
}

export { podSecurityLevel, type PodSecurityLevel } from '../k8s/namespace';

/** The cluster of `account` called `name`, or its only cluster; throws naming the choices. */
export function selectCluster(account: AccountConfig, name?: string): ClusterConfig {
  const clusters = account.clusters ?? [];
  if (name === undefined) {
    if (clusters.length === 1) return clusters[0];
    throw new Error(`PlatformChart: account '${account.name}' has ${clusters.length} clusters (${clusters.map((c) => c.name).join(', ')}); set 'clusterName' to one of them.`);
  }
  const found = clusters.find((c) => c.name === name);
  if (!found) {
    throw new Error(`PlatformChart: account '${account.name}' has no cluster '${name}'; its clusters are ${clusters.map((c) => c.name).join(', ') || 'none'}.`);
  }
  return found;
}
