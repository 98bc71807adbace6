/**
 * Pure helpers of the control plane: the settings derived from a `ClusterConfig` and the
 * aws-auth mappings handed to `@pulumi/eks`.
 *
 * aws-auth interplay: in `CONFIG_MAP` and `API_AND_CONFIG_MAP` modes, `@pulumi/eks` `Cluster`
 * always creates the `kube-system/aws-auth` ConfigMap itself (server-side apply with
 * `pulumi.com/patchForce`), and v4 has no argument to turn that off. So on the Pulumi path
 * `EksCluster` passes the *complete* mapping (node roles of the current migration phase +
 * every identity, the same `identity.ts` model the cdk8s `aws-auth` chart renders) as
 * `roleMappings`/`userMappings`, and the Kubernetes bridge must not apply the chart's
 * aws-auth ConfigMap a second time (two owners of one object would fight on every update).
 * The cdk8s synth (GitOps/kubectl) path keeps the chart's ConfigMap.
 */
import {
  nodeRoleArns, renderAwsAuthEntries, resolveIdentities,
  type AccountConfig, type AuthenticationMode, type ClusterConfig, type EndpointAccessConfig,
} from '../../config';

/** The five EKS control-plane log types; all are sent to CloudWatch Logs. */
export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** The default authentication mode. Moving towards `API` is one-way: EKS refuses to go back. */
export const DEFAULT_AUTHENTICATION_MODE: AuthenticationMode = 'API_AND_CONFIG_MAP';

/** The cluster's authentication mode, defaulted. */
export function authenticationModeOf(cluster: ClusterConfig): AuthenticationMode {
  return cluster.authenticationMode ?? DEFAULT_AUTHENTICATION_MODE;
}

/** True when the mode authenticates through EKS access entries. */
export function usesAccessEntries(mode: AuthenticationMode): boolean {
  return mode === 'API' || mode === 'API_AND_CONFIG_MAP';
}

/** True when the mode reads the aws-auth ConfigMap. */
export function usesConfigMap(mode: AuthenticationMode): boolean {
  return mode === 'CONFIG_MAP' || mode === 'API_AND_CONFIG_MAP';
}

/** Endpoint settings for `@pulumi/eks`: private on by default, public only for listed CIDRs. */
export function endpointArgs(endpoint: EndpointAccessConfig = {}): {
  endpointPrivateAccess: boolean;
  endpointPublicAccess: boolean;
  publicAccessCidrs?: string[];
} {
  const cidrs = [...(endpoint.publicAccessCidrs ?? [])];
  return {
    endpointPrivateAccess: endpoint.privateAccess ?? true,
    endpointPublicAccess: cidrs.length > 0,
    ...(cidrs.length > 0 ? { publicAccessCidrs: cidrs } : {}),
  };
}

/** KMS alias of the key that envelope-encrypts a cluster's Secrets. */
export function secretsKeyAlias(accountName: string, clusterName: string): string {
  return `alias/eks-platform/${accountName}/${clusterName}/secrets`;
}

/** One aws-auth `mapRoles` entry. */
export interface RoleMapping {
  /** The role ARN, without its IAM path. */
  readonly roleArn: string;
  /** Kubernetes username. */
  readonly username: string;
  /** Kubernetes groups. */
  readonly groups: readonly string[];
}

/** One aws-auth `mapUsers` entry. */
export interface UserMapping {
  /** The IAM user ARN. */
  readonly userArn: string;
  /** Kubernetes username. */
  readonly username: string;
  /** Kubernetes groups. */
  readonly groups: readonly string[];
}

/**
 * The aws-auth content of a cluster in its current migration phase, in `@pulumi/eks`'s shape:
 * exactly the entries the cdk8s `AwsAuth` renders (`renderAwsAuthEntries`). Empty when the mode
 * does not read the ConfigMap.
 */
export function awsAuthMappings(account: AccountConfig, cluster: ClusterConfig): { roleMappings: RoleMapping[]; userMappings: UserMapping[] } {
  if (!usesConfigMap(authenticationModeOf(cluster))) return { roleMappings: [], userMappings: [] };
  const { mapRoles, mapUsers } = renderAwsAuthEntries(nodeRoleArns(account, cluster), resolveIdentities(cluster));
  return {
    roleMappings: mapRoles.map((r) => ({ roleArn: r.rolearn, username: r.username, groups: r.groups })),
    userMappings: mapUsers.map((u) => ({ userArn: u.userarn, username: u.username, groups: u.groups })),
  };
}

/**
 * The kubeconfig `@pulumi/eks` emits (its multi-user form, without a profile) with
 * `--profile <profile>` added to the `aws eks get-token` exec arguments of every user, so
 * `kubectl` reaches the cluster with the account's named profile whatever `AWS_PROFILE` says.
 * Arguments that already name a profile are kept.
 */
export function kubeconfigWithProfile(kubeconfigJson: string, profile: string): string {
  if (typeof kubeconfigJson !== 'string' || kubeconfigJson === '') return kubeconfigJson;
  const config = JSON.parse(kubeconfigJson) as { users?: { user?: { exec?: { args?: string[] } } }[] };
  for (const u of config.users ?? []) {
    const exec = u.user?.exec;
    if (exec && !(exec.args ?? []).includes('--profile')) exec.args = [...(exec.args ?? []), '--profile', profile];
  }
  return JSON.stringify(config);
}
