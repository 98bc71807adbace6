/**
 * `ServiceRole`: the IAM role of one add-on that talks to AWS, bound through IRSA to exactly
 * one Kubernetes service account, with its least-privilege permissions.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { SERVICE_IDENTITIES, serviceRoleName, type ServiceIdentityName } from '../../names';
import { irsaTrustPolicy } from './policies';
import type { PolicyDocument } from './policy-document';

export * from './policies';
export * from './policy-document';

/** Arguments of {@link ServiceRole}. */
export interface ServiceRoleArgs {
  /** The cluster's name as configured (`ClusterConfig.name`); it names the role. */
  readonly clusterName: string;
  /** Which add-on: picks the service account from `SERVICE_IDENTITIES` and the role name. */
  readonly addon: ServiceIdentityName;
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** The cluster's OIDC issuer URL (with or without `https://`). */
  readonly oidcProviderUrl: pulumi.Input<string>;
  /**
   * Inline permissions of the role.
   * @default - none
   */
  readonly policy?: pulumi.Input<PolicyDocument>;
  /**
   * AWS managed policies to attach, by ARN.
   * @default []
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Tags of the role.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The IRSA role of one add-on of one cluster. */
export class ServiceRole extends pulumi.ComponentResource {
  /** The IAM role, named `serviceRoleName(clusterName, addon)`. */
  public readonly role: aws.iam.Role;
  /** The role's ARN: what the service account's `eks.amazonaws.com/role-arn` annotation holds. */
  public readonly arn: pulumi.Output<string>;
  /** The role's name. */
  public readonly roleName: string;
  /** The inline policy, when `policy` was given. */
  public readonly policy?: aws.iam.RolePolicy;
  /** Attachments of `managedPolicyArns`, in order. */
  public readonly attachments: readonly aws.iam.RolePolicyAttachment[];

  constructor(name: string, args: ServiceRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:ServiceRole', name, {}, opts);
    const identity = SERVICE_IDENTITIES[args.addon];
    if (!identity) {
      throw new Error(`ServiceRole '${name}': 'addon' must be one of ${Object.keys(SERVICE_IDENTITIES).join(', ')}, got '${args.addon}'.`);
    }
    this.roleName = serviceRoleName(args.clusterName, args.addon);
    const trust = pulumi.all([args.oidcProviderArn, args.oidcProviderUrl])
      .apply(([arn, url]) => JSON.stringify(irsaTrustPolicy(arn, url, identity)));
    this.role = new aws.iam.Role(`${name}-role`, {
      name: this.roleName,
      description: `IRSA role of ${identity.namespace}/${identity.serviceAccount} in cluster ${args.clusterName}.`,
      assumeRolePolicy: trust,
      tags: { ...args.tags },
    }, { parent: this });
    if (args.policy !== undefined) {
      this.policy = new aws.iam.RolePolicy(`${name}-policy`, {
        role: this.role.name,
        name: args.addon,
        policy: pulumi.output(args.policy).apply((doc) => JSON.stringify(doc)),
      }, { parent: this });
    }
    this.attachments = (args.managedPolicyArns ?? []).map((policyArn) => new aws.iam.RolePolicyAttachment(
      `${name}-${policyArn.split('/').pop()}`,
      { role: this.role.name, policyArn },
      { parent: this },
    ));
    this.arn = this.role.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
