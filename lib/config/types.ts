/**
 * The typed description of one AWS account's EKS platform.
 *
 * Everything here is plain data: no Pulumi, no cdk8s. `stacks/accounts/<account>.ts` is the only
 * per-account file; both renderers (cdk8s `PlatformChart`, Pulumi `Platform`) read it.
 */
import type { TenancyMigrationConfig } from './migration';
import type { AddonsConfig } from './addons';
import type { AccountServicesConfig, EksAddonsConfig } from './aws-services';
import type { ControlPlaneConfig, NodeGroupOwner } from './control-plane';
import type { ControlPlaneLogsConfig } from './control-plane-logs';
import type { TenantConfig } from './tenants';
import type { SUPPORTED_KUBERNETES_VERSIONS } from './constants';

/** A Kubernetes minor version EKS supports: one of {@link SUPPORTED_KUBERNETES_VERSIONS}, as a string. */
export type KubernetesVersion = (typeof SUPPORTED_KUBERNETES_VERSIONS)[number];

/** EC2 instance tenancy of a node group's instances (launch template `placement.tenancy`). */
export type Tenancy = 'dedicated' | 'default';

/** One AWS account: where it is, how it is reached, and its clusters. */
export interface AccountConfig {
  /**
   * Short name of the account; the Pulumi stack name and the `dist/<name>/` folder.
   * A DNS-1123 label, e.g. `sandbox`, `production`.
   */
  readonly name: string;
  /** The 12-digit AWS account id. Pulumi's provider refuses any other account. */
  readonly accountId: string;
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /** The AWS CLI named profile used to reach this account (`~/.aws/config`). */
  readonly profile: string;
  /**
   * Tags put on every AWS resource of this account.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** The account's EKS clusters: usually one, sometimes one per department in a shared VPC. */
  readonly clusters: readonly ClusterConfig[];
  /**
   * The IAM role `pulumi up` runs as (the role `profile` assumes). It gets cluster admin through
   * an access entry managed in code in every cluster (see `lib/config/deployer.ts`).
   * @default - none: only EKS's undeclared bootstrap entry of each cluster's creator applies
   */
  readonly deployerRoleArn?: string;
  /**
   * Account-level AWS services (sops KMS key, log-archive bucket).
   * @default - see AccountServicesConfig
   */
  readonly services?: AccountServicesConfig;
}

/** Supported values of {@link ClusterConfig.authenticationMode}. */
export type AuthenticationMode = 'CONFIG_MAP' | 'API_AND_CONFIG_MAP' | 'API';

/** One EKS cluster and everything that runs on it. */
export interface ClusterConfig {
  /**
   * EKS cluster name: letters, digits, `-` and `_`, starting and ending with a letter or digit,
   * at most 63 characters (EKS allows 100, but the name is the value of the
   * `eks-platform.io/cluster` label on every Kubernetes object, and label values stop at 63).
   */
  readonly name: string;
  /**
   * Kubernetes minor version, e.g. `'1.35'`; one of {@link SUPPORTED_KUBERNETES_VERSIONS}. The
   * node groups follow it (their `version`). Upgrade one minor at a time.
   */
  readonly version: KubernetesVersion;
  /**
   * Who owns the control plane: the library creates it (`managed`), or it already runs
   * (eksctl made it) and is adopted, looked up by `name` (`existing`). See
   * docs/adopting-a-cluster.md.
   * @default { mode: 'managed' }
   */
  readonly controlPlane?: ControlPlaneConfig;
  /**
   * Keep the cluster on its version after EKS standard support ends, billing extended support
   * (`upgradePolicy.supportType: EXTENDED`). Off, EKS upgrades the control plane itself at the
   * end of standard support, and a version already past it is refused (see `lib/config/versions.ts`).
   * @default false
   */
  readonly extendedSupport?: boolean;
  /**
   * API server endpoint access.
   * @default - private endpoint on, public endpoint off
   */
  readonly endpoint?: EndpointAccessConfig;
  /**
   * How IAM principals authenticate: the `aws-auth` ConfigMap, EKS access entries, or both.
   * Moving from `CONFIG_MAP` towards `API` is one-way: EKS refuses to go back.
   * @default 'API_AND_CONFIG_MAP'
   */
  readonly authenticationMode?: AuthenticationMode;
  /** The VPC and subnets the cluster and its nodes use. */
  readonly network: NetworkConfig;
  /** Managed node groups. At least one. */
  readonly nodeGroups: readonly NodeGroupConfig[];
  /**
   * IAM principals and what they may do in the cluster.
   * @default [] - only node roles are mapped
   */
  readonly identities?: readonly IdentityMapping[];
  /**
   * Node IAM role ARNs to map besides the ones of `nodeGroups` (self-managed nodes, Karpenter).
   * @default []
   */
  readonly extraNodeRoleArns?: readonly string[];
  /**
   * Adopt the `EC2_LINUX` access entries EKS made for the node roles of running groups
   * (Pulumi `import`) instead of creating them. Set it for the first `pulumi up` under a
   * library version that manages node access entries (they exist already, and creating them
   * would fail), then remove it. Refused on a `pulumi up` that creates node groups.
   * @default false
   */
  readonly adoptNodeAccessEntries?: boolean;
  /**
   * The control-plane log group: retention and whether to adopt an existing one.
   * @default - created by the library, 365 days, its own KMS key
   */
  readonly controlPlaneLogs?: ControlPlaneLogsConfig;
  /**
   * How the deployer's admin access entry comes under Pulumi: `import` the one EKS made for
   * the cluster's creator (the deployer), `create` it (someone else created the cluster), or
   * `bootstrap` (the cluster does not exist yet; switch to `import` after its first `pulumi up`).
   * @default 'import'
   */
  readonly deployerEntry?: 'import' | 'create' | 'bootstrap';
  /**
   * The move of `dedicated` node groups to `default` tenancy.
   * @default - no migration under way; every group keeps its declared tenancy
   */
  readonly tenancyMigration?: TenancyMigrationConfig;
  /**
   * Default storage for PersistentVolumeClaims.
   * @default - encrypted gp3, Retain, volume expansion allowed
   */
  readonly storage?: StorageConfig;
  /**
   * EKS managed add-ons (vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver), versions pinned.
   * @default - see EksAddonsConfig
   */
  readonly eksAddons?: EksAddonsConfig;
  /**
   * One section per add-on.
   * @default {} - no add-on
   */
  readonly addons?: AddonsConfig;
  /**
   * Teams sharing the cluster, each in its own namespace (see TenantConfig).
   * @default [] - no tenant
   */
  readonly tenants?: readonly TenantConfig[];
}

/** API server endpoint access of an EKS cluster. */
export interface EndpointAccessConfig {
  /**
   * Private endpoint reachable from inside the VPC.
   * @default true
   */
  readonly privateAccess?: boolean;
  /**
   * CIDRs allowed to reach the public endpoint. Empty turns the public endpoint off.
   * `0.0.0.0/0` is rejected: name the networks.
   * @default []
   */
  readonly publicAccessCidrs?: readonly string[];
}

/** A subnet of an existing VPC. */
export interface ExistingSubnet {
  /** Subnet id, `subnet-` followed by 8 or 17 hex digits. */
  readonly id: string;
  /** Availability zone, e.g. `us-east-1a`. */
  readonly availabilityZone: string;
  /** The subnet's IPv4 CIDR: needed for the pod IP budget. */
  readonly cidr: string;
}

/** A subnet the library creates in a VPC it manages. */
export interface ManagedSubnet {
  /** Availability zone, e.g. `us-east-1a`. */
  readonly availabilityZone: string;
  /** IPv4 CIDR inside the VPC's CIDR. */
  readonly cidr: string;
}

/** Use a VPC that already exists (its tenancy must be `default`: EKS rejects dedicated-tenancy VPCs). */
export interface ExistingNetworkConfig {
  /** Discriminant: an existing VPC. */
  readonly mode: 'existing';
  /** VPC id, `vpc-` followed by 8 or 17 hex digits. */
  readonly vpcId: string;
  /** The VPC's CIDR; used to check subnets and, with other clusters in the VPC, the IP budget. */
  readonly vpcCidr: string;
  /** Private subnets for nodes and the control plane's network interfaces: two AZs at least. */
  readonly privateSubnets: readonly ExistingSubnet[];
  /**
   * Public subnets for internet-facing load balancers.
   * @default []
   */
  readonly publicSubnets?: readonly ExistingSubnet[];
}

/** Let the library create a default-tenancy VPC. */
export interface ManagedNetworkConfig {
  /** Discriminant: a VPC the library creates. */
  readonly mode: 'managed';
  /** The VPC's IPv4 CIDR, e.g. `10.20.0.0/16`. */
  readonly vpcCidr: string;
  /** Private subnets for nodes: two AZs at least. */
  readonly privateSubnets: readonly ManagedSubnet[];
  /**
   * Public subnets (NAT gateways, internet-facing load balancers).
   * @default []
   */
  readonly publicSubnets?: readonly ManagedSubnet[];
}

/** The network of a cluster: an existing VPC, or one the library manages. */
export type NetworkConfig = ExistingNetworkConfig | ManagedNetworkConfig;

/** A Kubernetes taint put on every node of a group. */
export interface NodeTaint {
  /** Taint key (a qualified name, like a label key), at most 63 characters prefix included (EKS). */
  readonly key: string;
  /**
   * Taint value (label value syntax, at most 63 characters).
   * @default ''
   */
  readonly value?: string;
  /** What the taint does to pods that do not tolerate it. */
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** One EKS managed node group. */
export interface NodeGroupConfig {
  /** Name, unique in the cluster: a DNS-1123 label of at most 40 characters. */
  readonly name: string;
  /** EC2 instance types, e.g. `['m6i.xlarge']`. The first one sizes the pod IP budget. */
  readonly instanceTypes: readonly string[];
  /** EC2 tenancy of the group's instances. */
  readonly tenancy: Tenancy;
  /** Fewest nodes (the autoscaler never goes below). */
  readonly minSize: number;
  /** Nodes at creation; afterwards the cluster autoscaler owns the number. */
  readonly desiredSize: number;
  /** Most nodes (the autoscaler never goes above; sizes the pod IP budget). */
  readonly maxSize: number;
  /**
   * Kubernetes labels on every node. EKS limits keys (prefix included) and values to 63
   * characters and refuses empty values; kubelet refuses keys in the `kubernetes.io` and
   * `k8s.io` namespaces except `kubelet.kubernetes.io/*` and `node.kubernetes.io/*`
   * (`node-role.kubernetes.io/x` would keep the nodes from joining).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Kubernetes taints on every node: at most 50, one per key and effect.
   * @default []
   */
  readonly taints?: readonly NodeTaint[];
  /**
   * Availability zones the group spans; each needs a private subnet.
   * @default - every AZ of the cluster's private subnets
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Root volume size.
   * @default 50
   */
  readonly diskSizeGiB?: number;
  /**
   * On-demand or spot. Dedicated tenancy needs on-demand.
   * @default 'ON_DEMAND'
   */
  readonly capacityType?: 'ON_DEMAND' | 'SPOT';
  /**
   * Pods per node, when it must differ from the instance type's VPC CNI limit (ENIs x (IPv4
   * addresses per ENI - 1) + 2). Sets the kubelet's `maxPods` and sizes the subnet IP budget.
   * Required for instance types missing from the library's table (`MAX_PODS` in `ip-budget.ts`).
   * @default - the instance type's limit from the table
   */
  readonly maxPods?: number;
  /**
   * Who creates and changes the group. `eksctl`: it already runs (a CloudFormation stack eksctl
   * made); the library never creates, changes or deletes it, keeps `nodeRoleArn` mapped in every
   * phase, and migrates it with blue-green twins it owns. Needs `controlPlane: { mode: 'existing' }`.
   * @default 'library'
   */
  readonly managedBy?: NodeGroupOwner;
  /**
   * The node IAM role of an eksctl group (`eksctl-<cluster>-nodegroup-<name>-NodeInstanceRole-<suffix>`).
   * Required with `managedBy: 'eksctl'`, refused otherwise (the library names its own roles).
   * @default - the library's role `<cluster>-<group>-node`
   */
  readonly nodeRoleArn?: string;
}

/** Reclaim policy of the default StorageClass. */
export type ReclaimPolicy = 'Retain' | 'Delete';

/** The default StorageClass. */
export interface StorageConfig {
  /**
   * KMS key (key ARN, multi-Region `mrk-` key ARN, or alias ARN) that encrypts EBS volumes.
   * It must be in the account's region: a volume can only use a key of its own region.
   * @default - the account's default EBS key (`aws/ebs`)
   */
  readonly kmsKeyArn?: string;
  /**
   * What happens to a volume when its claim is deleted. `Retain` keeps data of deleted claims.
   * @default 'Retain'
   */
  readonly reclaimPolicy?: ReclaimPolicy;
}

/**
 * A Kubernetes RBAC rule granted to a custom group. A rule names what it grants: `*` is
 * rejected in every field (it would grant Secrets, RBAC and every resource added later; full
 * control is access kind `admin`), and so are the verbs `escalate`, `bind` and `impersonate`
 * (they let a group take more than its rules say). Secrets may be granted by naming them:
 * the rule then says so where a reviewer sees it.
 */
export interface RbacRule {
  /** API groups; `''` is the core group. */
  readonly apiGroups: readonly string[];
  /** Resources (plural names, e.g. `pods`, `pods/log`). */
  readonly resources: readonly string[];
  /** Verbs, e.g. `get`, `list`, `watch`, `delete`. */
  readonly verbs: readonly string[];
}

/** Full control of the cluster (`system:masters` / AmazonEKSClusterAdminPolicy). */
export interface AdminAccess {
  /** Discriminant. */
  readonly kind: 'admin';
}
/** Read-only across all namespaces, including nodes and namespaces; never Secrets. */
export interface ViewAccess {
  /** Discriminant. */
  readonly kind: 'view';
}
/** Edit rights in the listed namespaces only (a CI deployer). */
export interface DeployAccess {
  /** Discriminant. */
  readonly kind: 'deploy';
  /**
   * Namespaces the principal may deploy into: DNS-1123 labels, neither a system namespace
   * (`kube-system`, `kube-public`, `kube-node-lease`) nor one the platform's add-ons run in
   * (`logging`, `jenkins`): edit rights there would let the deployer run pods as the add-ons'
   * service accounts, use their IAM roles and read their Secrets.
   */
  readonly namespaces: readonly string[];
}
/** Membership of Kubernetes groups whose RBAC is given here, or bound elsewhere. */
export interface CustomAccess {
  /** Discriminant. */
  readonly kind: 'custom';
  /** Kubernetes group names. `system:masters` is rejected: use `admin`. */
  readonly groups: readonly string[];
  /**
   * Rules granted to these groups. The library renders a ClusterRole and binding per group
   * (cluster-wide) or a RoleBinding per namespace when `namespaces` is set. RBAC binds groups,
   * so the rules apply to every principal in the group: a group's rules (and namespaces) are
   * given once, or identically by every mapping that gives them. Groups whose names differ
   * only in case or symbols (`acme:oncall`, `acme-oncall`) cannot both have rules (their
   * ClusterRoles would share a name).
   * @default - none: the groups are bound by RBAC the user manages elsewhere
   */
  readonly rules?: readonly RbacRule[];
  /**
   * Restrict `rules` to these namespaces.
   * @default - cluster-wide
   */
  readonly namespaces?: readonly string[];
}

/** What a principal may do: one of four closed choices. */
export type Access = AdminAccess | ViewAccess | DeployAccess | CustomAccess;

/** An IAM principal and its access to one cluster. */
export interface IdentityMapping {
  /**
   * IAM role or user ARN, e.g. `arn:aws:iam::111122223333:role/platform-admin`. Must be in
   * the account unless `crossAccount` is set. Use the role ARN, not an assumed-role/STS ARN.
   * One mapping per principal: ARNs that differ only in IAM path or case name one principal
   * (aws-auth compares them so), and node roles are mapped automatically.
   */
  readonly arn: string;
  /**
   * Kubernetes username. Must not start with `system:` (Kubernetes) nor with `eks:`, `aws:`,
   * `amazon:` or `iam:` (EKS refuses those in access entries).
   * @default - `<role-or-user-name>` for users; `<role-name>:{{SessionName}}` for roles
   */
  readonly username?: string;
  /** What the principal may do. */
  readonly access: Access;
  /**
   * Allow a principal of another AWS account (a central CI account, say).
   * @default false
   */
  readonly crossAccount?: boolean;
}
