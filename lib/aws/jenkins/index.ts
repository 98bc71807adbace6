/**
 * `JenkinsRoles`: the IAM side of Jenkins in one cluster. Where `addons.jenkins` is set, the IRSA
 * role of `jenkins:jenkins`, whose only power is `sts:AssumeRole` on its targets' deploy roles;
 * where `addons.jenkinsDeployRole` is set, the deploy role that trusts exactly that IRSA role.
 * The cluster's `identities` map the deploy role (`deploy` access), so aws-auth and the access
 * entries carry it like any other principal.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AccountConfig, ClusterConfig } from '../../config';
import { jenkinsDeployRoleName, serviceRoleArn } from '../../names';
import { ServiceRole } from '../service-roles';
import { jenkinsAssumeDeployRolesPolicy, jenkinsDeployPolicy, jenkinsDeployTrustPolicy } from './policies';

export * from './policies';

/** Arguments of {@link JenkinsRoles}. */
export interface JenkinsRolesArgs {
  /** The account (validated). */
  readonly account: AccountConfig;
  /** The cluster, one of `account.clusters`. */
  readonly cluster: ClusterConfig;
  /** ARN of the cluster's IAM OIDC provider (IRSA). */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** The cluster's OIDC issuer URL. */
  readonly oidcProviderUrl: pulumi.Input<string>;
  /**
   * Tags of the roles.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Jenkins's IRSA role and/or the deploy role of one cluster. */
export class JenkinsRoles extends pulumi.ComponentResource {
  /** The IRSA role of `jenkins:jenkins`, when the cluster runs Jenkins. */
  public readonly jenkinsRole?: ServiceRole;
  /** The deploy role, when Jenkins deploys into the cluster. */
  public readonly deployRole?: aws.iam.Role;
  /** The deploy role's permissions. */
  public readonly deployPolicy?: aws.iam.RolePolicy;

  constructor(name: string, args: JenkinsRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:JenkinsRoles', name, {}, opts);
    const { account, cluster } = args;
    const addons = cluster.addons ?? {};
    const tags = { ...args.tags };
    if (addons.jenkins) {
      this.jenkinsRole = new ServiceRole(`${name}-jenkins`, {
        clusterName: cluster.name,
        addon: 'jenkins',
        oidcProviderArn: args.oidcProviderArn,
        oidcProviderUrl: args.oidcProviderUrl,
        policy: jenkinsAssumeDeployRolesPolicy(addons.jenkins.deployTargets ?? []),
        tags,
      }, { parent: this });
    }
    const deploy = addons.jenkinsDeployRole;
    if (deploy) {
      const roleName = jenkinsDeployRoleName(cluster.name);
      this.deployRole = new aws.iam.Role(`${name}-deploy`, {
        name: roleName,
        description: `Jenkins of ${deploy.jenkinsAccountId}/${deploy.jenkinsClusterName} deploys into cluster ${cluster.name} with this role.`,
        assumeRolePolicy: JSON.stringify(jenkinsDeployTrustPolicy(serviceRoleArn(deploy.jenkinsAccountId, deploy.jenkinsClusterName, 'jenkins'))),
        maxSessionDuration: 3600,
        tags,
      }, { parent: this });
      this.deployPolicy = new aws.iam.RolePolicy(`${name}-deploy-policy`, {
        role: this.deployRole.name,
        name: 'describe-cluster',
        policy: JSON.stringify(jenkinsDeployPolicy({ accountId: account.accountId, region: account.region, clusterName: cluster.name })),
      }, { parent: this });
    }
    this.registerOutputs({ jenkinsRoleArn: this.jenkinsRole?.arn, deployRoleArn: this.deployRole?.arn });
  }
}
