/**
 * `ExistingEksCluster`: a control plane that already runs (eksctl created it), adopted rather
 * than recreated. Nothing of the cluster is created, changed or deleted:
 *
 * - `aws.eks.getClusterOutput` (with the account's provider) reads the endpoint, CA, version,
 *   VPC, subnets, security groups, OIDC issuer, logging and authentication mode;
 * - the kubeconfig is built from them, its exec credentials with the account's profile;
 * - the IAM OIDC provider is referenced by the ARN computed from the issuer (`oidcProvider:
 *   'existing'`: no lookup that could fail), or created (`'create'`);
 * - a stated version, authentication mode or VPC that differs from the observed one fails the
 *   preview (the add-on versions, the access entries/aws-auth choice and the twins' subnets
 *   depend on them). The
 *   other differences are listed by `npm run plan -- <account> --observed <file>`.
 *
 * The control-plane log group EKS made is adopted too (imported, then given the configured
 * retention and KMS key: `lib/aws/cluster/logs.ts`).
 *
 * The library adds what the cluster lacks beside it (access entries, IRSA roles, add-ons,
 * buckets, the aws-auth patch): see `lib/platform/aws-platform.ts` and `lib/aws/adopt`.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { controlPlaneOf, oidcProviderArnOf, type AccountConfig, type ClusterConfig } from '../../config';
import { compareControlPlane, type ObservedControlPlane } from '../adopt/observed';
import type { KmsKey } from '../kms';
import { controlPlaneLogs } from './logs';

/** Arguments of {@link ExistingEksCluster}. */
export interface ExistingEksClusterArgs {
  /** The account (its profile goes into the kubeconfig; its id into the OIDC provider ARN). */
  readonly account: AccountConfig;
  /** The cluster's configuration, with `controlPlane: { mode: 'existing' }`. */
  readonly cluster: ClusterConfig;
  /**
   * Tags of what is created (the OIDC provider with `oidcProvider: 'create'`).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** What the kubeconfig of an existing cluster is built from. */
export interface KubeconfigInputs {
  /** EKS cluster name. */
  readonly clusterName: string;
  /** API server endpoint URL. */
  readonly endpoint: string;
  /** Base64 CA bundle of the API server. */
  readonly certificateAuthority: string;
  /** The account's region. */
  readonly region: string;
  /** The account's named profile. */
  readonly profile: string;
}

/**
 * A kubeconfig (JSON) for an existing cluster whose user runs `aws eks get-token` with the
 * account's region and profile, the same shape `EksCluster` exports.
 */
export function existingClusterKubeconfig(k: KubeconfigInputs): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: k.clusterName, cluster: { server: k.endpoint, 'certificate-authority-data': k.certificateAuthority } }],
    contexts: [{ name: k.clusterName, context: { cluster: k.clusterName, user: k.clusterName } }],
    'current-context': k.clusterName,
    users: [{
      name: k.clusterName,
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: ['eks', 'get-token', '--cluster-name', k.clusterName, '--region', k.region, '--output', 'json', '--profile', k.profile],
        },
      },
    }],
  });
}

/** The observed settings in a `getCluster` result. */
export function observedFromLookup(c: aws.eks.GetClusterResult): ObservedControlPlane {
  return {
    version: c.version,
    endpointPrivateAccess: c.vpcConfig.endpointPrivateAccess,
    endpointPublicAccess: c.vpcConfig.endpointPublicAccess,
    publicAccessCidrs: c.vpcConfig.publicAccessCidrs ?? [],
    enabledLogTypes: [...(c.enabledClusterLogTypes ?? [])].sort(),
    authenticationMode: c.accessConfigs?.[0]?.authenticationMode ?? 'CONFIG_MAP',
    vpcId: c.vpcConfig.vpcId,
  };
}

/**
 * `lookup` when the running cluster agrees with the config on what the library relies on
 * (version, authentication mode); throws naming each difference and its fix otherwise, so the
 * preview stops before anything is built on a wrong assumption.
 */
export function assertLookupMatches(name: string, account: AccountConfig, cluster: ClusterConfig, lookup: aws.eks.GetClusterResult): aws.eks.GetClusterResult {
  const blocking = compareControlPlane(account, cluster, observedFromLookup(lookup)).filter((d) => d.blocking);
  if (blocking.length > 0) {
    throw new Error(`ExistingEksCluster '${name}': the running cluster differs from the config: ${blocking.map((d) => `${d.field} stated ${d.stated}, observed ${d.observed} (${d.fix})`).join('; ')}.`);
  }
  return lookup;
}

/** The OIDC issuer URL of a looked-up cluster; throws when it has none (IRSA needs one). */
export function oidcIssuerOf(name: string, lookup: aws.eks.GetClusterResult): string {
  const url = lookup.identities?.[0]?.oidcs?.[0]?.issuer;
  if (!url) throw new Error(`ExistingEksCluster '${name}': cluster '${lookup.name}' reports no OIDC issuer; IRSA needs one.`);
  return url;
}

/** An existing EKS control plane, looked up; its kubeconfig and OIDC provider. */
export class ExistingEksCluster extends pulumi.ComponentResource {
  /** The lookup's result (endpoint, CA, VPC, subnets, security groups, issuer, ...). */
  public readonly lookup: pulumi.Output<aws.eks.GetClusterResult>;
  /** The cluster's name, resolved once the lookup has answered (and the checks passed). */
  public readonly clusterName: pulumi.Output<string>;
  /** Kubeconfig (JSON) whose exec credentials use the account's profile. Secret. */
  public readonly kubeconfig: pulumi.Output<string>;
  /** ARN of the cluster's IAM OIDC provider. */
  public readonly oidcProviderArn: pulumi.Output<string>;
  /** Issuer URL of the cluster's OIDC provider. */
  public readonly oidcProviderUrl: pulumi.Output<string>;
  /** The OIDC provider, when `oidcProvider: 'create'`. */
  public readonly oidcProvider?: aws.iam.OpenIdConnectProvider;
  /** The cluster's VPC. */
  public readonly vpcId: pulumi.Output<string>;
  /** The control plane's subnets. */
  public readonly subnetIds: pulumi.Output<string[]>;
  /** The cluster security group (EKS creates it; nodes of managed groups get it). */
  public readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** Additional control-plane security groups (eksctl's `ControlPlaneSecurityGroup`). */
  public readonly securityGroupIds: pulumi.Output<string[]>;
  /**
   * The control-plane log group EKS made when eksctl turned logging on: imported
   * (`npm run plan -- <account> --adopt`), then given the configured retention and key.
   */
  public readonly logGroup: aws.cloudwatch.LogGroup;
  /** The log group's key. */
  public readonly logsKey: KmsKey;

  constructor(name: string, args: ExistingEksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:ExistingEksCluster', name, {}, opts);
    const { account, cluster } = args;
    const cp = controlPlaneOf(cluster);
    if (cp.mode !== 'existing') {
      throw new Error(`ExistingEksCluster '${name}': cluster '${cluster.name}' must have controlPlane { mode: 'existing' }, got mode '${cp.mode}'; use EksCluster for a control plane the library creates.`);
    }
    this.lookup = aws.eks.getClusterOutput({ name: cluster.name }, { parent: this });
    const checked = this.lookup.apply((c) => assertLookupMatches(name, account, cluster, c));
    this.clusterName = checked.apply((c) => c.name);
    this.vpcId = checked.apply((c) => c.vpcConfig.vpcId);
    this.subnetIds = checked.apply((c) => c.vpcConfig.subnetIds);
    this.clusterSecurityGroupId = checked.apply((c) => c.vpcConfig.clusterSecurityGroupId);
    this.securityGroupIds = checked.apply((c) => c.vpcConfig.securityGroupIds);
    this.kubeconfig = pulumi.secret(checked.apply((c) => existingClusterKubeconfig({
      clusterName: c.name,
      endpoint: c.endpoint,
      certificateAuthority: c.certificateAuthorities[0]?.data ?? '',
      region: account.region,
      profile: account.profile,
    })));
    const issuer = checked.apply((c) => oidcIssuerOf(name, c));
    this.oidcProviderUrl = issuer;
    if (cp.oidcProvider === 'create') {
      this.oidcProvider = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, {
        url: issuer,
        clientIdLists: ['sts.amazonaws.com'],
        tags: { ...args.tags },
      }, { parent: this });
      this.oidcProviderArn = this.oidcProvider.arn;
    } else {
      this.oidcProviderArn = issuer.apply((url) => oidcProviderArnOf(account.accountId, url));
    }
    const logs = controlPlaneLogs(name, account, cluster, { ...args.tags }, this);
    this.logGroup = logs.logGroup;
    this.logsKey = logs.logsKey;
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      oidcProviderArn: this.oidcProviderArn,
      oidcProviderUrl: this.oidcProviderUrl,
    });
  }
}
