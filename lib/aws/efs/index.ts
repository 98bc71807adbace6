/**
 * `BuildCache`: the ReadWriteMany storage of Jenkins's build caches (Maven repository, npm
 * cache) that concurrent agent pods share. An EFS file system encrypted with its own KMS key
 * and refusing access without TLS, a mount target in each availability zone of the cluster's
 * private subnets behind a security group that admits NFS from the VPC only, the EFS CSI
 * driver as an EKS add-on with its IRSA role, and the `efs` StorageClass (it carries the file
 * system's id, which exists only once AWS created it, so the AWS side creates it; the
 * Kubernetes side's claim names it by `BUILD_CACHE_STORAGE_CLASS`).
 */
import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { AccountConfig, ClusterConfig } from '../../config';
import { BUILD_CACHE_RECLAIM_POLICY, BUILD_CACHE_STORAGE_CLASS, MANAGED_BY_LABEL, buildCacheKeyAlias } from '../../names';
import { iamDelegatedKeyPolicy, KmsKey } from '../kms';
import { ServiceRole } from '../service-roles';
import { EFS_CSI_MANAGED_POLICY_ARN, NFS_PORT, efsStorageClassParameters, efsTlsOnlyPolicy, oneSubnetPerZone } from './policies';

export * from './policies';

/** uid/gid of the Jenkins agents, owner of the cache directories. */
const AGENT_UID = 1000;

/** Arguments of {@link BuildCache}. */
export interface BuildCacheArgs {
  /** The account (validated). */
  readonly account: AccountConfig;
  /** The cluster whose Jenkins uses the cache. */
  readonly cluster: ClusterConfig;
  /** The EKS cluster's name, as an Output (orders the add-on after the cluster). */
  readonly clusterName: pulumi.Input<string>;
  /** The cluster's VPC. */
  readonly vpcId: pulumi.Input<string>;
  /** The cluster's private subnets with their zones; one mount target per zone. */
  readonly privateSubnets: readonly { readonly availabilityZone: string; readonly subnetId: pulumi.Input<string> }[];
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** The cluster's OIDC issuer URL. */
  readonly oidcProviderUrl: pulumi.Input<string>;
  /** Kubernetes provider of the cluster (for the StorageClass). */
  readonly kubernetesProvider: k8s.Provider;
  /**
   * What the EFS CSI add-on waits for (its pods need nodes).
   * @default []
   */
  readonly nodeGroups?: readonly pulumi.Resource[];
  /**
   * What the StorageClass waits for besides the driver and mount targets: what every Kubernetes
   * object of the platform waits for (node groups, IRSA roles and add-ons, access entries).
   * @default []
   */
  readonly kubernetesDependsOn?: readonly pulumi.Resource[];
  /**
   * Tags of the AWS resources.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The build-cache file system of one cluster and what mounts it. */
export class BuildCache extends pulumi.ComponentResource {
  /** The key that encrypts the file system. */
  public readonly key: KmsKey;
  /** The file system. */
  public readonly fileSystem: aws.efs.FileSystem;
  /** The mount targets' security group. */
  public readonly securityGroup: aws.ec2.SecurityGroup;
  /** One mount target per availability zone. */
  public readonly mountTargets: readonly aws.efs.MountTarget[];
  /** The EFS CSI driver add-on. */
  public readonly csiDriver: aws.eks.Addon;
  /** The `efs` StorageClass. */
  public readonly storageClass: k8s.storage.v1.StorageClass;
  /** The file system's id. */
  public readonly fileSystemId: pulumi.Output<string>;

  constructor(name: string, args: BuildCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:BuildCache', name, {}, opts);
    const { account, cluster } = args;
    const tags = { ...args.tags };
    const zones = oneSubnetPerZone(args.privateSubnets);
    if (zones.length === 0) throw new Error(`BuildCache '${name}': cluster '${cluster.name}' has no private subnet to put a mount target in.`);

    this.key = new KmsKey(`${name}-key`, {
      description: `Encrypts the build-cache file system of cluster ${cluster.name}`,
      alias: buildCacheKeyAlias(account.name, cluster.name),
      policy: iamDelegatedKeyPolicy(account.accountId),
      tags,
    }, { parent: this });
    this.fileSystem = new aws.efs.FileSystem(`${name}-fs`, {
      creationToken: `${cluster.name}-build-cache`,
      encrypted: true,
      kmsKeyId: this.key.arn,
      performanceMode: 'generalPurpose',
      throughputMode: 'elastic',
      tags: { ...tags, Name: `${cluster.name}-build-cache` },
    }, { parent: this });
    new aws.efs.FileSystemPolicy(`${name}-policy`, {
      fileSystemId: this.fileSystem.id,
      policy: this.fileSystem.arn.apply((arn) => JSON.stringify(efsTlsOnlyPolicy(arn))),
    }, { parent: this });
    this.securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
      vpcId: args.vpcId,
      description: `NFS to the build-cache file system of cluster ${cluster.name}, from the VPC only`,
      ingress: [{ protocol: 'tcp', fromPort: NFS_PORT, toPort: NFS_PORT, cidrBlocks: [cluster.network.vpcCidr], description: 'NFS from the VPC' }],
      egress: [],
      tags: { ...tags, Name: `${cluster.name}-build-cache` },
    }, { parent: this });
    this.mountTargets = zones.map((z) => new aws.efs.MountTarget(`${name}-${z.availabilityZone}`, {
      fileSystemId: this.fileSystem.id,
      subnetId: z.subnetId,
      securityGroups: [this.securityGroup.id],
    }, { parent: this }));

    const role = new ServiceRole(`${name}-csi`, {
      clusterName: cluster.name,
      addon: 'efs-csi-driver',
      oidcProviderArn: args.oidcProviderArn,
      oidcProviderUrl: args.oidcProviderUrl,
      managedPolicyArns: [EFS_CSI_MANAGED_POLICY_ARN],
      tags,
    }, { parent: this });
    // No addonVersion: EKS installs its default build for the cluster's Kubernetes version when
    // the add-on is created, and Pulumi never changes it afterwards. Pin one in EksAddonsConfig's
    // table (lib/config/aws-services.ts) once `aws eks describe-addon-versions` confirms it.
    this.csiDriver = new aws.eks.Addon(`${name}-aws-efs-csi-driver`, {
      clusterName: args.clusterName,
      addonName: 'aws-efs-csi-driver',
      serviceAccountRoleArn: role.arn,
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      tags,
    }, { parent: this, dependsOn: [...(args.nodeGroups ?? [])] });

    this.fileSystemId = this.fileSystem.id;
    this.storageClass = new k8s.storage.v1.StorageClass(`${name}-storage-class`, {
      metadata: { name: BUILD_CACHE_STORAGE_CLASS, labels: { ...MANAGED_BY_LABEL } },
      provisioner: 'efs.csi.aws.com',
      parameters: this.fileSystemId.apply((id) => efsStorageClassParameters(id, AGENT_UID)),
      // A cache, but its claim lives as long as Jenkins: never delete a directory with its claim by accident.
      reclaimPolicy: BUILD_CACHE_RECLAIM_POLICY,
      volumeBindingMode: 'Immediate',
    }, { parent: this, provider: args.kubernetesProvider, dependsOn: [this.csiDriver, ...this.mountTargets, ...(args.kubernetesDependsOn ?? [])] });
    this.registerOutputs({ fileSystemId: this.fileSystemId });
  }
}
