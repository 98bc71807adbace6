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
import { assertValidAccount, currentPhase, isExistingControlPlane, type AccountConfig, type ClusterConfig, type MigrationPhase } from '../config';
import { ClusterAccess, planAccessEntries } from '../aws/access';
import { EksCluster, ExistingEksCluster, usesConfigMap, authenticationModeOf } from '../aws/cluster';
import { AwsAuthPatch, EksctlNodeAccess } from '../aws/adopt';
import { BuildCache } from '../aws/efs';
import { JenkinsRoles } from '../aws/jenkins';
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
  /** The control plane: created (`EksCluster`), or existing and looked up (`ExistingEksCluster`). */
  readonly controlPlane: EksCluster | ExistingEksCluster;
  /**
   * Adopted clusters only: the aws-auth patch and the eksctl node roles' access entries.
   * @default - undefined for a control plane the library creates
   */
  readonly adopted?: { readonly awsAuth: AwsAuthPatch; readonly eksctlNodes: EksctlNodeAccess };
  /** The node groups of the cluster's migration phase. */
  readonly nodeGroups: TenancyMigration;
  /** The access entries. */
  readonly access: ClusterAccess;
  /** Loki bucket, IRSA roles and EKS managed add-ons. */
  readonly services: ClusterServices;
  /** Jenkins's IRSA role and the cluster's Jenkins deploy role, where configured. */
  readonly jenkins: JenkinsRoles;
  /** Jenkins's build-cache file system, when `addons.jenkins.buildCache` is set. */
  readonly buildCache?: BuildCache;
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
  /** Names of the node groups the library built, per cluster (eksctl's groups are not built). */
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
      const controlPlane = isExistingControlPlane(cluster)
        ? new ExistingEksCluster(id, { account, cluster, tags }, { parent: this })
        : new EksCluster(id, {
          account,
          cluster,
          vpcId: network.vpcId,
          privateSubnetIds: network.subnetIdsOf(cluster.name, 'private'),
          publicSubnetIds: network.subnetIdsOf(cluster.name, 'public'),
          tags,
        }, { parent: this });
      const provider = kubeconfigProvider(`${id}-k8s`, controlPlane.kubeconfig, { parent: this });
      // Adopted cluster: aws-auth (patched) and the eksctl node roles' entries come before any new node group.
      const adopted = controlPlane instanceof ExistingEksCluster ? {
        awsAuth: new AwsAuthPatch(`${id}-aws-auth`, { account, cluster, provider }, { parent: this }),
        eksctlNodes: new EksctlNodeAccess(`${id}-eksctl-nodes`, { cluster, clusterName: controlPlane.clusterName, tags }, { parent: this }),
      } : undefined;
      const nodeGroups = new TenancyMigration(`${id}-nodes`, {
        cluster,
        accountId: account.accountId,
        clusterNameOutput: adopted
          ? pulumi.all([controlPlane.clusterName, adopted.awsAuth.applied, pulumi.all(Object.values(adopted.eksctlNodes.entries).map((e) => e.principalArn))]).apply(([n]) => n)
          : controlPlane.clusterName,
        privateSubnets: network.subnets
          .filter((s) => s.kind === 'private' && s.clusters.includes(cluster.name))
          .map((s) => ({ availabilityZone: s.availabilityZone, subnetId: s.subnetId })),
        tags,
      }, { parent: this, dependsOn: [controlPlane] });
      // Jenkins's IRSA role and the deploy role, before the access entry that names the latter.
      const jenkins = new JenkinsRoles(`${id}-jenkins`, {
        account, cluster, oidcProviderArn: controlPlane.oidcProviderArn, oidcProviderUrl: controlPlane.oidcProviderUrl, tags,
      }, { parent: this });
      const access = new ClusterAccess(`${id}-access`, {
        cluster,
        clusterName: controlPlane.clusterName,
        deployerRoleArn: account.deployerRoleArn,
        dependsOn: [jenkins], // the Jenkins deploy role must exist before its access entry
        tags,
      }, { parent: this, dependsOn: [controlPlane, jenkins] });
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
      // Jenkins's build caches: EFS, its CSI driver and the `efs` StorageClass the agents' claim uses.
      const buildCache = cluster.addons?.jenkins?.buildCache ? new BuildCache(`${id}-build-cache`, {
        account, cluster, clusterName: controlPlane.clusterName, vpcId: network.vpcId,
        privateSubnets: network.subnets.filter((s) => s.kind === 'private' && s.clusters.includes(cluster.name)),
        oidcProviderArn: controlPlane.oidcProviderArn, oidcProviderUrl: controlPlane.oidcProviderUrl,
        kubernetesProvider: provider, nodeGroups: [nodeGroups], kubernetesDependsOn: [nodeGroups, services, access], tags,
      }, { parent: this }) : undefined;
      const kubernetes = new ChartDeployment(`${id}-objects`, {
        objects: platformObjects(account, cluster),
        provider,
        dependsOn: [nodeGroups, services, access, jenkins, ...(buildCache ? [buildCache] : [])],
      }, { parent: this });
      clusters[cluster.name] = { network, controlPlane, nodeGroups, access, services, jenkins, buildCache, kubernetes, ...(adopted ? { adopted } : {}) };
    }
    this.clusters = clusters;

    const byCluster = (pick: (c: PlatformCluster) => pulumi.Output<string>) =>
      pulumi.all(Object.fromEntries(Object.entries(clusters).map(([n, c]) => [n, pick(c)]))) as pulumi.Output<Record<string, string>>;
    this.clusterNames = byCluster((c) => c.controlPlane.clusterName);
    this.kubeconfigs = pulumi.secret(byCluster((c) => c.controlPlane.kubeconfig));
    this.oidcProviderArns = byCluster((c) => c.controlPlane.oidcProviderArn);
    this.oidcProviderUrls = byCluster((c) => c.controlPlane.oidcProviderUrl);
    this.tenancyPhases = Object.fromEntries(account.clusters.map((c) => [c.name, currentPhase(c)]));
    this.nodeGroupNames = Object.fromEntries(Object.entries(clusters).map(([n, c]) => [n, Object.keys(c.nodeGroups.nodeGroups)]));
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
