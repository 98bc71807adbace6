/**
 * `Platform`: the AWS side of one account. Per cluster: its network (an existing VPC, tagged,
 * or a managed default-tenancy VPC; clusters with the same `vpcId` share one `Network`), the
 * control plane, the managed node groups of the cluster's migration phase, and EKS access
 * entries. Exposes what the rest of the program builds on: cluster names (as Outputs of the
 * control planes), kubeconfigs, OIDC providers and the node groups (to order add-ons after).
 *
 * Give it the account's provider: `new Platform(name, { account }, { providers: { aws } })`
 * (see `createAwsProvider`). It validates the account before creating anything.
 */
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { assertValidAccount, currentPhase, type AccountConfig, type ClusterConfig, type MigrationPhase } from '../config';
import { ClusterAccess, planAccessEntries } from '../aws/access';
import { EksCluster, usesConfigMap, authenticationModeOf } from '../aws/cluster';
import { Network, planVpcs, vpcKeyOf } from '../aws/network';
import { AccountServices, ClusterServices } from '../aws/services';
import type { AppliedGeneration } from '../aws/node-group';
import { TenancyMigration } from '../aws/tenancy';
import { ChartDeployment, kubeconfigProvider, type Manifest } from './bridge';
import { PlatformChart } from './k8s-platform';

/**
 * The Kubernetes objects `Platform` applies to a cluster: exactly what `PlatformChart`
 * synthesizes (what `cdk8s synth` writes), except the `kube-system/aws-auth` ConfigMap when the
 * authentication mode reads it. `@pulumi/eks` always creates that ConfigMap itself in those modes
 * (no argument turns it off), from the same identity model and with identical content (see
 * `lib/aws/cluster`), so applying ours too would make two owners fight over it.
 */
export function platformObjects(account: AccountConfig, cluster: ClusterConfig): Manifest[] {
  const chart = new PlatformChart(new App(), 'platform', { account, clusterName: cluster.name, skipValidation: true });
  const awsAuthManagedByEks = usesConfigMap(authenticationModeOf(cluster));
  return chart.toJson().filter((o) => !(awsAuthManagedByEks && isAwsAuth(o)));
}

function isAwsAuth(o: Manifest): boolean {
  return o.kind === 'ConfigMap' && o.metadata?.name === 'aws-auth' && o.metadata?.namespace === 'kube-system';
}

/** Arguments of {@link Platform}. */
export interface PlatformArgs {
  /** The account to build (validated first). */
  readonly account: AccountConfig;
}

/** Everything the platform built for one cluster. */
export interface PlatformCluster {
  /** The cluster's network (shared with the other clusters of its VPC). */
  readonly network: Network;
  /** The control plane. */
  readonly controlPlane: EksCluster;
  /** The node groups of the cluster's migration phase. */
  readonly nodeGroups: TenancyMigration;
  /** The access entries. */
  readonly access: ClusterAccess;
  /** Loki bucket, IRSA roles and EKS managed add-ons. */
  readonly services: ClusterServices;
  /** The PlatformChart's objects, applied to the cluster. */
  readonly kubernetes: ChartDeployment;
}

/** The AWS side of one account's EKS platform. */
export class Platform extends pulumi.ComponentResource {
  /** The account built. */
  public readonly account: AccountConfig;
  /** Per cluster, by config name. */
  public readonly clusters: Readonly<Record<string, PlatformCluster>>;
  /** Account-level services: the sops KMS key and the log-archive bucket. */
  public readonly services: AccountServices;
  /** Networks, by VPC key (`vpc-...`, or `managed:<cluster>`). */
  public readonly networks: Readonly<Record<string, Network>>;
  /** Cluster names, each resolved once its control plane exists. */
  public readonly clusterNames: pulumi.Output<Record<string, string>>;
  /** Kubeconfig (JSON, exec credentials with the account's profile) per cluster. Secret. */
  public readonly kubeconfigs: pulumi.Output<Record<string, string>>;
  /** IAM OIDC provider ARN per cluster (IRSA trust policies). */
  public readonly oidcProviderArns: pulumi.Output<Record<string, string>>;
  /** OIDC issuer URL per cluster. */
  public readonly oidcProviderUrls: pulumi.Output<Record<string, string>>;
  /** Migration phase per cluster, as built. */
  public readonly tenancyPhases: Readonly<Record<string, MigrationPhase>>;
  /** Node group names per cluster, as built. */
  public readonly nodeGroupNames: Readonly<Record<string, readonly string[]>>;
  /**
   * Per cluster and group: its EKS name and the force-new inputs its generation hashes. Exported
   * by the stack, so `npm run plan -- <account> --applied <file>` can name replacements.
   */
  public readonly nodeGroupGenerations: Readonly<Record<string, Readonly<Record<string, AppliedGeneration>>>>;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:platform:Platform', name, {}, opts);
    const { account } = args;
    assertValidAccount(account);
    // Checks of the AWS side that the config validation does not make (access entry usernames),
    // before anything is registered.
    account.clusters.forEach((cluster) => planAccessEntries(cluster));
    this.account = account;
    const tags = { ...account.tags, 'eks-platform.io/account': account.name };

    const networks: Record<string, Network> = {};
    for (const vpc of planVpcs(account.clusters)) {
      const id = vpc.mode === 'existing' ? vpc.vpcId! : `${vpc.clusters[0]}-vpc`;
      networks[vpc.key] = new Network(`${name}-${id}`, { vpc, tags }, { parent: this });
    }
    this.networks = networks;
    this.services = new AccountServices(`${name}-services`, { account }, { parent: this });

    const clusters: Record<string, PlatformCluster> = {};
    for (const cluster of account.clusters) {
      const network = networks[vpcKeyOf(cluster)];
      const id = `${name}-${cluster.name}`;
      const controlPlane = new EksCluster(id, {
        account,
        cluster,
        vpcId: network.vpcId,
        privateSubnetIds: network.subnetIdsOf(cluster.name, 'private'),
        publicSubnetIds: network.subnetIdsOf(cluster.name, 'public'),
        tags,
      }, { parent: this });
      const nodeGroups = new TenancyMigration(`${id}-nodes`, {
        cluster,
        accountId: account.accountId,
        clusterNameOutput: controlPlane.clusterName,
        privateSubnets: network.subnets
          .filter((s) => s.kind === 'private' && s.clusters.includes(cluster.name))
          .map((s) => ({ availabilityZone: s.availabilityZone, subnetId: s.subnetId })),
        tags,
      }, { parent: this, dependsOn: [controlPlane] });
      const access = new ClusterAccess(`${id}-access`, {
        cluster,
        clusterName: controlPlane.clusterName,
        deployerRoleArn: account.deployerRoleArn,
        tags,
      }, { parent: this, dependsOn: [controlPlane] });
      const services = new ClusterServices(`${id}-services`, {
        account,
        cluster,
        accountServices: this.services,
        clusterName: controlPlane.clusterName,
        oidcProviderArn: controlPlane.oidcProviderArn,
        oidcProviderUrl: controlPlane.oidcProviderUrl,
        nodeGroups: [nodeGroups],
      }, { parent: this });
      // Every Kubernetes object of the cluster, after the nodes, IRSA roles and EBS CSI driver
      // exist. Passed as an argument: a component's own `dependsOn` does not reach its children.
      const provider = kubeconfigProvider(`${id}-k8s`, controlPlane.kubeconfig, { parent: this });
      const kubernetes = new ChartDeployment(`${id}-objects`, {
        objects: platformObjects(account, cluster),
        provider,
        dependsOn: [nodeGroups, services, access],
      }, { parent: this });
      clusters[cluster.name] = { network, controlPlane, nodeGroups, access, services, kubernetes };
    }
    this.clusters = clusters;

    const byCluster = (pick: (c: PlatformCluster) => pulumi.Output<string>) =>
      pulumi.all(Object.fromEntries(Object.entries(clusters).map(([n, c]) => [n, pick(c)]))) as pulumi.Output<Record<string, string>>;
    this.clusterNames = byCluster((c) => c.controlPlane.clusterName);
    this.kubeconfigs = pulumi.secret(byCluster((c) => c.controlPlane.kubeconfig));
    this.oidcProviderArns = byCluster((c) => c.controlPlane.oidcProviderArn);
    this.oidcProviderUrls = byCluster((c) => c.controlPlane.oidcProviderUrl);
    this.tenancyPhases = Object.fromEntries(account.clusters.map((c) => [c.name, currentPhase(c)]));
    this.nodeGroupNames = Object.fromEntries(Object.entries(clusters).map(([n, c]) => [n, c.nodeGroups.groups.map((g) => g.name)]));
    this.nodeGroupGenerations = Object.fromEntries(Object.entries(clusters).map(([n, c]) => [n, Object.fromEntries(
      Object.entries(c.nodeGroups.nodeGroups).map(([g, ng]) => [g, { eksName: ng.eksName, forceNewInputs: ng.forceNewInputs }]),
    )]));
    this.registerOutputs({
      clusterNames: this.clusterNames,
      kubeconfigs: this.kubeconfigs,
      oidcProviderArns: this.oidcProviderArns,
      oidcProviderUrls: this.oidcProviderUrls,
      tenancyPhases: this.tenancyPhases,
      nodeGroupNames: this.nodeGroupNames,
      nodeGroupGenerations: this.nodeGroupGenerations,
    });
  }
}
