/**
 * `PlatformChart`: every Kubernetes object of one cluster of an account, composed from the
 * constructs of `lib/k8s`. `cdk8s synth` writes it to YAML; the Pulumi `Platform` applies the
 * very same objects to the cluster it creates.
 *
 * Adding an add-on is one line in `addAddons()` plus its section in `AddonsConfig`, and one
 * line in `networkAccess()` with the peers its `network.ts` declares (docs/security-baseline.md).
 */
import { ApiObject, Chart, type ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  assertValidAccount, nodeRoleArns, type AccountConfig, type ClusterConfig,
} from '../config';
import { ArgoWorkflows, argoWorkflowsAlertRules } from '../k8s/argo';
import { argoNetworkAccess } from '../k8s/argo/network';
import { show } from '../config/problems';
import { AwsAuth } from '../k8s/aws-auth';
import { ClusterAutoscaler } from '../k8s/cluster-autoscaler';
import { clusterAutoscalerNetworkAccess } from '../k8s/cluster-autoscaler/network';
import { FluentBit, LokiEndpoint } from '../k8s/fluent-bit';
import { Jenkins } from '../k8s/jenkins';
import { jenkinsAlertRules } from '../k8s/jenkins/alerts';
import { jenkinsAgentNetworkPolicy, jenkinsNetworkAccess } from '../k8s/jenkins/network';
import { Loki } from '../k8s/loki';
import { Metrics } from '../k8s/metrics';
import { PlatformNamespace } from '../k8s/namespace';
import { metricsNetworkAccess } from '../k8s/metrics/network';
import { fluentBitNetworkAccess } from '../k8s/fluent-bit/network';
import { lokiNetworkAccess } from '../k8s/loki/network';
import { containerPorts, NetworkPeer, PlatformNetworkPolicies, type NetworkAccess, type NetworkAllowance } from '../k8s/network-policy';
import { withRenderedObjects } from '../k8s/rendered';
import { DefaultStorageClass } from '../k8s/storage';
import { SyslogNg } from '../k8s/syslog-ng';
import { syslogNgNetworkAccess } from '../k8s/syslog-ng/network';
import { assertTenantNamespacesOwned, Tenant } from '../k8s/tenants';
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
  /** Prometheus, Alertmanager, exporters and Grafana, when `addons.metrics` is configured. */
  public readonly metrics?: Metrics;
  /** Jenkins, when `addons.jenkins` is configured. */
  public readonly jenkins?: Jenkins;
  /** Argo Workflows, when `addons.argoWorkflows` is configured. */
  public readonly argoWorkflows?: ArgoWorkflows;
  /** Default-deny per platform namespace and each add-on workload's declared peers. */
  public readonly networkPolicies: PlatformNetworkPolicies;
  /** The cluster's tenants, in configuration order. */
  public readonly tenants: readonly Tenant[];

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
    if (addons.argoWorkflows) this.argoWorkflows = new ArgoWorkflows(this, 'argo-workflows', addons.argoWorkflows);
    if (addons.jenkins) this.jenkins = new Jenkins(this, 'jenkins', { ...addons.jenkins, roleArn: serviceRoleArn(accountId, cluster.name, 'jenkins'), region, vpcCidr: cluster.network.vpcCidr, networkPolicy: false });
    if (addons.metrics) this.metrics = new Metrics(this, 'metrics', { ...addons.metrics, clusterName: cluster.name, addons: { fluentBit: !!this.fluentBit, loki: !!this.loki, clusterAutoscaler: !!this.clusterAutoscaler }, ruleGroups: [...(this.jenkins ? [jenkinsAlertRules()] : []), ...(addons.argoWorkflows ? [argoWorkflowsAlertRules(addons.argoWorkflows.scheduledWorkflows)] : [])], loki: this.loki && { url: this.loki.queryUrl, tenantId: this.loki.authEnabled ? this.fluentBit?.tenantId : undefined } });
    // What follows reads the add-ons' workloads (selectors, ports, scrape annotations, host
    // access) some seventy times and changes none of them: each is rendered once for all of it.
    const derived = withRenderedObjects(() => {
      const networkPolicies = new PlatformNetworkPolicies(this, 'network-policies', {
        access: this.networkAccess(),
        apiServerCidrs: [cluster.network.vpcCidr],
      });
      if (this.jenkins) jenkinsAgentNetworkPolicy(networkPolicies, 'jenkins-agents', this.jenkins);
      const platformEgress: NetworkAllowance[] = this.syslogNg
        ? [{ peers: [NetworkPeer.workload(this.syslogNg.statefulSet)], ports: containerPorts(this.syslogNg.statefulSet, 'syslog-udp', 'syslog-tcp', 'syslog-rfc5424') }]
        : [];
      const tenants = (cluster.tenants ?? []).map((t) => new Tenant(this, `tenant-${t.name}`, { ...t, identities: cluster.identities, platformEgress }));
      assertTenantNamespacesOwned(this, tenants, [this.awsAuth]);
      return { networkPolicies, tenants, namespaces: this.addNamespaces(tenants) };
    });
    this.networkPolicies = derived.networkPolicies;
    this.tenants = derived.tenants;
    this.namespaces = derived.namespaces;
  }

  /** What each add-on's pods may receive and send: one entry per add-on workload. */
  private networkAccess(): NetworkAccess[] {
    const access: NetworkAccess[] = [];
    const lokiAccess = this.loki ? lokiNetworkAccess(this.loki) : [];
    access.push(...lokiAccess);
    /** The Loki workload that answers queries (Grafana's peer). */
    const loki = lokiAccess[0];
    if (this.fluentBit && this.loki) access.push(fluentBitNetworkAccess(this.fluentBit, this.loki.statefulSet));
    if (this.syslogNg) access.push(syslogNgNetworkAccess(this.syslogNg, this.cluster.network.vpcCidr));
    if (this.clusterAutoscaler) access.push(clusterAutoscalerNetworkAccess(this.clusterAutoscaler));
    if (this.jenkins) access.push(jenkinsNetworkAccess(this.jenkins, this.cluster.network.vpcCidr, this.cluster.addons?.jenkins?.exposure));
    if (this.argoWorkflows) access.push(...argoNetworkAccess(this.argoWorkflows));
    // Last: Prometheus scrapes every annotated workload declared before it.
    if (this.metrics) access.push(...metricsNetworkAccess(this.metrics, this.cluster.network.vpcCidr, access, loki));
    return access;
  }

  /**
   * Creates a Namespace for every non-built-in namespace an object of this chart uses
   * ({@link PlatformNamespace.forObjectsOf}): `baseline` enforced, or `privileged` where one of
   * the chart's own pods needs the host (fluent-bit reads node log files); `restricted` audited
   * and warned everywhere.
   */
  private addNamespaces(tenants: readonly Tenant[]): string[] {
    // Tenants create their own (restricted) Namespaces; every other namespace in use gets one here.
    const created = PlatformNamespace.forObjectsOf(this).map((ns) => ns.name);
    for (const tenant of tenants) {
      for (const o of this.node.findAll()) {
        if (o instanceof ApiObject && o.metadata.namespace === tenant.namespace && o !== tenant.namespaceObject) o.addDependency(tenant.namespaceObject);
      }
    }
    return [...created, ...tenants.map((t) => t.namespace)].sort();
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
