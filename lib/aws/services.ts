/**
 * The AWS services around the clusters, composed from `kms`, `buckets`, `service-roles` and
 * `eks-addons`:
 * - `AccountServices`, once per account: the sops KMS key and the log-archive bucket (with its
 *   own key).
 * - `ClusterServices`, once per cluster: the Loki bucket (with its own key), one IRSA role per
 *   add-on that talks to AWS, and the EKS managed add-ons.
 */
import * as pulumi from '@pulumi/pulumi';
import { resolveAccountServices, type AccountConfig, type ClusterConfig, type ResolvedAccountServices } from '../config';
import {
  logArchiveBucketName, logArchiveKeyAlias, logArchivePrefix, lokiBucketName, lokiKeyAlias, sopsKeyAlias,
  type ServiceIdentityName,
} from '../names';
import { logArchiveLifecycleRules, lokiLifecycleRules, SecureBucket } from './buckets';
import { EksAddons } from './eks-addons';
import { iamDelegatedKeyPolicy, KmsKey, restrictedKeyPolicy } from './kms';
import {
  clusterAutoscalerPolicy, EBS_CSI_MANAGED_POLICY_ARN, ebsCsiKmsPolicy, lokiPolicy, ServiceRole, syslogArchiverPolicy,
  type PolicyDocument,
} from './service-roles';

/** Arguments of {@link AccountServices}. */
export interface AccountServicesArgs {
  /** The account (validated). */
  readonly account: AccountConfig;
}

/** Account-level services: the sops key and the log-archive bucket. */
export class AccountServices extends pulumi.ComponentResource {
  /** `account.services` with defaults applied. */
  public readonly config: ResolvedAccountServices;
  /** The sops / helm-secrets key (`sopsKeyAlias(account.name)`). */
  public readonly sopsKey: KmsKey;
  /** The key of the log-archive bucket. */
  public readonly logArchiveKey: KmsKey;
  /** The log-archive bucket (`logArchiveBucketName(accountId, region)`). */
  public readonly logArchive: SecureBucket;

  constructor(name: string, args: AccountServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:AccountServices', name, {}, opts);
    const { account } = args;
    this.config = resolveAccountServices(account);
    const sops = this.config.sops;
    const users = [...new Set([...sops.userArns, ...(sops.ciRoleArn ? [sops.ciRoleArn] : [])])];
    const tags = { ...account.tags };
    this.sopsKey = new KmsKey(`${name}-sops`, {
      description: `sops / helm-secrets key of account ${account.name}`,
      alias: sopsKeyAlias(account.name),
      policy: restrictedKeyPolicy(account.accountId, users),
      deletionWindowDays: sops.deletionWindowDays,
      tags,
    }, { parent: this });
    this.logArchiveKey = new KmsKey(`${name}-log-archive-key`, {
      description: `Encrypts the log-archive bucket of account ${account.name}`,
      alias: logArchiveKeyAlias(account.name),
      policy: iamDelegatedKeyPolicy(account.accountId),
      tags,
    }, { parent: this });
    this.logArchive = new SecureBucket(`${name}-log-archive`, {
      bucketName: logArchiveBucketName(account.accountId, account.region),
      kmsKeyArn: this.logArchiveKey.arn,
      lifecycleRules: logArchiveLifecycleRules(this.config.logArchive),
      ...(this.config.logArchive.objectLock ? { objectLock: this.config.logArchive.objectLock } : {}),
      tags,
    }, { parent: this });
    this.registerOutputs({
      sopsKeyArn: this.sopsKey.arn,
      logArchiveBucket: this.logArchive.bucketName,
      logArchiveKeyArn: this.logArchiveKey.arn,
    });
  }
}

/** Arguments of {@link ClusterServices}. */
export interface ClusterServicesArgs {
  /** The account (validated). */
  readonly account: AccountConfig;
  /** The cluster, one of `account.clusters`. */
  readonly cluster: ClusterConfig;
  /** The account's services: the syslog archiver writes to its log-archive bucket. */
  readonly accountServices: AccountServices;
  /** The EKS cluster's name, as an Output of the cluster (orders the add-ons after it). */
  readonly clusterName: pulumi.Input<string>;
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** The cluster's OIDC issuer URL (with or without `https://`). */
  readonly oidcProviderUrl: pulumi.Input<string>;
  /**
   * What the add-ons that run pods (coredns, aws-ebs-csi-driver) wait for: the node groups.
   * @default []
   */
  readonly nodeGroups?: readonly pulumi.Resource[];
}

/** Per-cluster services: the Loki bucket, the IRSA roles and the EKS managed add-ons. */
export class ClusterServices extends pulumi.ComponentResource {
  /** The Loki bucket's key, when `addons.loki` is set. */
  public readonly lokiKey?: KmsKey;
  /** The Loki bucket (`lokiBucketName(...)`), when `addons.loki` is set. */
  public readonly lokiBucket?: SecureBucket;
  /** The IRSA roles created, by add-on. `ebs-csi-driver` is always there. */
  public readonly roles: Readonly<Partial<Record<ServiceIdentityName, ServiceRole>>>;
  /** The EKS managed add-ons. */
  public readonly eksAddons: EksAddons;

  constructor(name: string, args: ClusterServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:ClusterServices', name, {}, opts);
    const { account, cluster, accountServices } = args;
    if (!account.clusters.some((c) => c.name === cluster.name)) {
      throw new Error(`ClusterServices '${name}': cluster '${cluster.name}' is not a cluster of account '${account.name}' (clusters: ${account.clusters.map((c) => c.name).join(', ')}).`);
    }
    const tags = { ...account.tags };
    const addons = cluster.addons ?? {};
    const roles: Partial<Record<ServiceIdentityName, ServiceRole>> = {};
    const role = (addon: ServiceIdentityName, policy?: pulumi.Input<PolicyDocument>, managedPolicyArns?: string[]): ServiceRole => {
      roles[addon] = new ServiceRole(`${name}-${addon}`, {
        clusterName: cluster.name, addon, oidcProviderArn: args.oidcProviderArn, oidcProviderUrl: args.oidcProviderUrl,
        policy, managedPolicyArns, tags,
      }, { parent: this });
      return roles[addon]!;
    };

    if (addons.loki) {
      const bucketName = lokiBucketName(account.accountId, account.region, cluster.name);
      this.lokiKey = new KmsKey(`${name}-loki-key`, {
        description: `Encrypts the Loki bucket of cluster ${cluster.name}`,
        alias: lokiKeyAlias(account.name, cluster.name),
        policy: iamDelegatedKeyPolicy(account.accountId),
        tags,
      }, { parent: this });
      this.lokiBucket = new SecureBucket(`${name}-loki`, {
        bucketName,
        kmsKeyArn: this.lokiKey.arn,
        lifecycleRules: lokiLifecycleRules(accountServices.config.lokiBucket),
        tags,
      }, { parent: this });
      role('loki', this.lokiKey.arn.apply((kmsKeyArn) => lokiPolicy({ bucketName, kmsKeyArn })));
    }
    if (addons.syslogNg) {
      const bucketName = accountServices.logArchive.bucketName;
      role('syslog-archiver', accountServices.logArchiveKey.arn.apply((kmsKeyArn) => syslogArchiverPolicy({
        bucketName, prefix: logArchivePrefix(cluster.name), kmsKeyArn,
      })));
    }
    const ebsKey = cluster.storage?.kmsKeyArn;
    const ebs = role('ebs-csi-driver', ebsKey ? ebsCsiKmsPolicy(ebsKey) : undefined, [EBS_CSI_MANAGED_POLICY_ARN]);
    if (addons.clusterAutoscaler) {
      role('cluster-autoscaler', clusterAutoscalerPolicy({ accountId: account.accountId, region: account.region, clusterName: cluster.name }));
    }
    this.roles = roles;

    this.eksAddons = new EksAddons(`${name}-eks-addons`, {
      cluster,
      clusterName: args.clusterName,
      ebsCsiRoleArn: ebs.arn,
      podAddonsDependOn: args.nodeGroups,
      tags,
    }, { parent: this });
    this.registerOutputs({
      roleArns: Object.fromEntries(Object.entries(roles).map(([addon, r]) => [addon, r!.arn])),
      lokiBucket: this.lokiBucket?.bucketName,
    });
  }
}
