/**
 * `EksCluster`: the EKS control plane of one cluster, through `@pulumi/eks` `Cluster` (a
 * remote component: under `setMocks` only its own inputs are visible, not its children).
 *
 * - version from config, `upgradePolicy` deliberate (`supportTypeOf`); no default node group (managed node groups come from
 *   `lib/aws/node-group`); the IAM OIDC provider for IRSA;
 * - authentication mode from config (default `API_AND_CONFIG_MAP`). Moving from
 *   `CONFIG_MAP` towards `API` is one-way: EKS refuses to go back, so change it deliberately;
 * - all five control-plane log types, into a log group created first with a retention and its
 *   own KMS key (`lib/config/control-plane-logs.ts`); Secrets envelope-encrypted with a customer managed,
 *   rotated KMS key created here (one per cluster);
 * - private endpoint on, public endpoint only for the configured CIDRs (off when none);
 * - the kubeconfig uses the account's named profile (`aws eks get-token ... --profile`);
 * - EKS add-ons (vpc-cni, coredns, kube-proxy) are left to `lib/aws/eks-addons`: the
 *   component's own copies are switched off so the two never fight over one add-on.
 *
 * aws-auth: see `./config.ts` (this component owns the ConfigMap on the Pulumi path).
 */
import * as aws from '@pulumi/aws';
import * as eks from '@pulumi/eks';
import * as pulumi from '@pulumi/pulumi';
import { supportTypeOf, type AccountConfig, type ClusterConfig } from '../../config';
import { iamDelegatedKeyPolicy, KmsKey } from '../kms';
import { controlPlaneLogs } from './logs';
import {
  authenticationModeOf, awsAuthMappings, CONTROL_PLANE_LOG_TYPES, endpointArgs, kubeconfigWithProfile, secretsKeyAlias,
} from './config';

export * from './config';

/** Arguments of {@link EksCluster}. */
export interface EksClusterArgs {
  /** The account (its profile goes into the kubeconfig; its id into the key policy). */
  readonly account: AccountConfig;
  /** The cluster's configuration. */
  readonly cluster: ClusterConfig;
  /** The VPC (from `Network`). */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets: nodes and the control plane's network interfaces. */
  readonly privateSubnetIds: readonly pulumi.Input<string>[];
  /**
   * Public subnets, for internet-facing load balancers.
   * @default []
   */
  readonly publicSubnetIds?: readonly pulumi.Input<string>[];
  /**
   * Tags of every resource created.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The control plane of one EKS cluster, its Secrets key and its OIDC provider. */
export class EksCluster extends pulumi.ComponentResource {
  /** The `@pulumi/eks` component. */
  public readonly cluster: eks.Cluster;
  /** The key that envelope-encrypts Kubernetes Secrets. */
  public readonly secretsKey: KmsKey;
  /** The control-plane log group, created before the control plane. */
  public readonly logGroup: aws.cloudwatch.LogGroup;
  /** The log group's key. */
  public readonly logsKey: KmsKey;
  /** The cluster's name, resolved once the control plane exists (use it to order dependents). */
  public readonly clusterName: pulumi.Output<string>;
  /** Kubeconfig (JSON) whose exec credentials use the account's profile. Secret. */
  public readonly kubeconfig: pulumi.Output<string>;
  /** ARN of the cluster's IAM OIDC provider (IRSA trust policies name it). */
  public readonly oidcProviderArn: pulumi.Output<string>;
  /** Issuer URL of the cluster's OIDC provider. */
  public readonly oidcProviderUrl: pulumi.Output<string>;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:EksCluster', name, {}, opts);
    const { account, cluster } = args;
    const tags = { ...args.tags };
    if (args.privateSubnetIds.length === 0) {
      throw new Error(`EksCluster '${name}': 'privateSubnetIds' must list at least one subnet, got none; check the cluster's network.privateSubnets.`);
    }
    this.secretsKey = new KmsKey(`${name}-secrets`, {
      description: `Envelope encryption of Kubernetes Secrets of EKS cluster ${cluster.name}`,
      alias: secretsKeyAlias(account.name, cluster.name),
      policy: iamDelegatedKeyPolicy(account.accountId),
      tags,
    }, { parent: this });
    // EKS would create this log group itself, with no retention and no KMS key.
    const logs = controlPlaneLogs(name, account, cluster, tags, this);
    this.logGroup = logs.logGroup;
    this.logsKey = logs.logsKey;
    const mappings = awsAuthMappings(account, cluster);
    const awsProvider = this.getProvider('aws::');
    const publicSubnetIds = [...(args.publicSubnetIds ?? [])];
    this.cluster = new eks.Cluster(name, {
      name: cluster.name,
      version: cluster.version,
      // STANDARD unless the cluster opts in: EKS upgrades the control plane at the end of
      // standard support instead of billing extended support (lib/config/versions.ts).
      upgradePolicy: { supportType: supportTypeOf(cluster) },
      vpcId: args.vpcId,
      privateSubnetIds: [...args.privateSubnetIds],
      ...(publicSubnetIds.length > 0 ? { publicSubnetIds } : {}),
      nodeAssociatePublicIpAddress: false,
      skipDefaultNodeGroup: true,
      authenticationMode: authenticationModeOf(cluster) as eks.AuthenticationMode,
      // aws-auth is patched in place on a mapping change, never deleted and recreated: a
      // replace would leave every node and person of a CONFIG_MAP cluster unauthenticated
      // between the delete and the create (and locked out if the create failed).
      enableConfigMapMutable: true,
      roleMappings: mappings.roleMappings.map((m) => ({ ...m, groups: [...m.groups] })),
      userMappings: mappings.userMappings.map((m) => ({ ...m, groups: [...m.groups] })),
      createOidcProvider: true,
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      encryptionConfigKeyArn: this.secretsKey.arn,
      ...endpointArgs(cluster.endpoint),
      providerCredentialOpts: { profileName: account.profile },
      useDefaultVpcCni: true,
      corednsAddonOptions: { enabled: false },
      kubeProxyAddonOptions: { enabled: false },
      tags,
    }, { parent: this, dependsOn: [this.logGroup], ...(awsProvider ? { providers: [awsProvider] } : {}) });
    this.clusterName = this.cluster.eksCluster.apply(() => cluster.name);
    this.kubeconfig = pulumi.secret(this.cluster.kubeconfigJson.apply((json) => kubeconfigWithProfile(json, account.profile)));
    this.oidcProviderArn = this.cluster.oidcProviderArn;
    this.oidcProviderUrl = this.cluster.oidcProviderUrl;
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      oidcProviderArn: this.oidcProviderArn,
      oidcProviderUrl: this.oidcProviderUrl,
    });
  }
}
export * from './existing';
