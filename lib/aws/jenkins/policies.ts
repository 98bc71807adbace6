/**
 * Pure builders of the cross-account deploy chain's IAM documents. Both ends compute every ARN
 * from lib/names.ts, so no stack reads another's outputs:
 * Jenkins IRSA role (account running Jenkins) --sts:AssumeRole--> deploy role (target account)
 * --identity mapping `deploy`--> namespaces of the target cluster.
 */
import type { JenkinsDeployTarget } from '../../config';
import { jenkinsDeployRoleArn } from '../../names';
import { policyDocument, type PolicyDocument } from '../service-roles/policy-document';

/** ARNs of the deploy roles of `targets`, sorted, unique. */
export function deployRoleArns(targets: readonly Pick<JenkinsDeployTarget, 'accountId' | 'clusterName'>[]): string[] {
  return [...new Set(targets.map((t) => jenkinsDeployRoleArn(t.accountId, t.clusterName)))].sort();
}

/**
 * The Jenkins IRSA role's only permission: assume the deploy roles of its targets. `undefined`
 * when there is no target (the role then can do nothing at all).
 */
export function jenkinsAssumeDeployRolesPolicy(targets: readonly Pick<JenkinsDeployTarget, 'accountId' | 'clusterName'>[]): PolicyDocument | undefined {
  const arns = deployRoleArns(targets);
  if (arns.length === 0) return undefined;
  return policyDocument({ Sid: 'AssumeDeployRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arns });
}

/**
 * Trust policy of a deploy role: exactly the Jenkins IRSA role `jenkinsRoleArn` may assume it.
 * The principal is that role's account and `aws:PrincipalArn` pins the role: unlike a role ARN
 * principal, this neither fails when the Jenkins account is deployed second (IAM refuses a
 * principal role that does not exist yet) nor silently stops matching when the Jenkins role is
 * recreated (IAM stores a role principal by its unique id).
 */
export function jenkinsDeployTrustPolicy(jenkinsRoleArn: string): PolicyDocument {
  const accountId = /^arn:aws:iam::(\d{12}):role\//.exec(jenkinsRoleArn)?.[1];
  if (!accountId) throw new Error(`jenkinsDeployTrustPolicy: '${jenkinsRoleArn}' is not an IAM role ARN.`);
  return policyDocument({
    Sid: 'TrustJenkinsOnly',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${accountId}:root` },
    Action: 'sts:AssumeRole',
    Condition: { ArnEquals: { 'aws:PrincipalArn': jenkinsRoleArn } },
  });
}

/** What the deploy role may do in AWS: describe its one cluster (`aws eks update-kubeconfig`). */
export function jenkinsDeployPolicy(args: { accountId: string; region: string; clusterName: string }): PolicyDocument {
  return policyDocument({
    Sid: 'DescribeOwnCluster',
    Effect: 'Allow',
    Action: 'eks:DescribeCluster',
    Resource: `arn:aws:eks:${args.region}:${args.accountId}:cluster/${args.clusterName}`,
  });
}
