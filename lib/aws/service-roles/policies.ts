/**
 * Pure builders of the IRSA trust policy and of each add-on's least-privilege permissions.
 * Every statement names the exact bucket, key, or cluster it is for; `Resource: '*'` appears
 * only where AWS offers no resource-level permissions (the autoscaler's Describe calls).
 */
import { AUTOSCALER_ENABLED_TAG_KEY, autoscalerClusterTagKey, type ServiceIdentity } from '../../names';
import { policyDocument, type PolicyCondition, type PolicyDocument, type PolicyStatement } from './policy-document';

/** The audience EKS's pod identity webhook puts in projected service-account tokens. */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';

/** The AWS managed policy the EKS user guide gives the EBS CSI driver's role. */
export const EBS_CSI_MANAGED_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy';

/**
 * The autoscaler's read-only calls. AWS supports no resource-level permissions for them
 * (the Service Authorization Reference lists their resource type as `*`), so they, and only
 * they, are granted on `Resource: '*'`. List from the upstream AWS provider README.
 */
export const AUTOSCALER_DESCRIBE_ACTIONS: readonly string[] = [
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeAutoScalingInstances',
  'autoscaling:DescribeLaunchConfigurations',
  'autoscaling:DescribeScalingActivities',
  'autoscaling:DescribeTags',
  'ec2:DescribeImages',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeLaunchTemplateVersions',
  'ec2:GetInstanceTypesFromInstanceRequirements',
];

/** The OIDC issuer without its scheme (`oidc.eks.<region>.amazonaws.com/id/<ID>`), the condition-key prefix. */
export function issuerHostPath(issuerUrl: string): string {
  return issuerUrl.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

/**
 * Trust policy of an IRSA role: only tokens of the one service account `identity`, issued by
 * the cluster's OIDC provider for the STS audience, may assume it.
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, identity: ServiceIdentity): PolicyDocument {
  const issuer = issuerHostPath(issuerUrl);
  return policyDocument({
    Effect: 'Allow',
    Principal: { Federated: oidcProviderArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        [`${issuer}:sub`]: `system:serviceaccount:${identity.namespace}:${identity.serviceAccount}`,
        [`${issuer}:aud`]: IRSA_AUDIENCE,
      },
    },
  });
}

/** ARN of an S3 bucket. */
export function bucketArn(bucketName: string): string {
  return `arn:aws:s3:::${bucketName}`;
}

function keyUse(keyArn: string, actions: readonly string[]): PolicyStatement {
  return { Sid: 'UseBucketKey', Effect: 'Allow', Action: actions, Resource: keyArn };
}

/**
 * The syslog archiver: write and read back (GetObject also answers HeadObject) its own
 * cluster's prefix of the log-archive bucket, nothing else; no List, no Delete.
 */
export function syslogArchiverPolicy(args: { bucketName: string; prefix: string; kmsKeyArn: string }): PolicyDocument {
  return policyDocument(
    { Sid: 'WriteOwnPrefix', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: `${bucketArn(args.bucketName)}/${args.prefix}*` },
    keyUse(args.kmsKeyArn, ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt']),
  );
}

/** Loki: list its bucket, read, write and delete (compactor retention) its objects. */
export function lokiPolicy(args: { bucketName: string; kmsKeyArn: string }): PolicyDocument {
  const arn = bucketArn(args.bucketName);
  return policyDocument(
    { Sid: 'ListBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: arn },
    { Sid: 'ReadWriteObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `${arn}/*` },
    keyUse(args.kmsKeyArn, ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt']),
  );
}

const KMS_ALIAS_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

/**
 * What the EBS CSI driver needs on a customer managed key besides
 * {@link EBS_CSI_MANAGED_POLICY_ARN} (EKS user guide, "Store Kubernetes volumes with Amazon
 * EBS", custom KMS key policy). An alias ARN cannot be an IAM `Resource`, so an alias is
 * matched with `kms:ResourceAliases` on the account's keys of that region.
 */
export function ebsCsiKmsPolicy(kmsKeyArn: string): PolicyDocument {
  const alias = KMS_ALIAS_ARN.exec(kmsKeyArn);
  const resource = alias ? `arn:aws:kms:${alias[1]}:${alias[2]}:key/*` : kmsKeyArn;
  const aliasCondition: PolicyCondition = alias ? { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias[3] } } : {};
  return policyDocument(
    {
      Sid: 'GrantsForAttachedVolumes',
      Effect: 'Allow',
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Resource: resource,
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, ...aliasCondition },
    },
    {
      Sid: 'UseVolumeKey',
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: resource,
      ...(alias ? { Condition: aliasCondition } : {}),
    },
  );
}

/**
 * The cluster autoscaler (upstream AWS README, the tag-conditioned variant): Describe calls on
 * `*` (see {@link AUTOSCALER_DESCRIBE_ACTIONS}), `eks:DescribeNodegroup` on this cluster's node
 * groups, and resizing only Auto Scaling groups of this account and region tagged
 * `k8s.io/cluster-autoscaler/<cluster>: owned` (EKS tags managed node groups so).
 */
export function clusterAutoscalerPolicy(args: { accountId: string; region: string; clusterName: string }): PolicyDocument {
  const { accountId, region, clusterName } = args;
  return policyDocument(
    { Sid: 'DescribeEverywhere', Effect: 'Allow', Action: AUTOSCALER_DESCRIBE_ACTIONS, Resource: '*' },
    { Sid: 'DescribeOwnNodegroups', Effect: 'Allow', Action: 'eks:DescribeNodegroup', Resource: `arn:aws:eks:${region}:${accountId}:nodegroup/${clusterName}/*/*` },
    {
      Sid: 'ResizeOwnGroups',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: `arn:aws:autoscaling:${region}:${accountId}:autoScalingGroup:*:autoScalingGroupName/*`,
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/${autoscalerClusterTagKey(clusterName)}`]: 'owned',
          [`aws:ResourceTag/${AUTOSCALER_ENABLED_TAG_KEY}`]: 'true',
        },
      },
    },
  );
}
