/**
 * Pure builders of KMS key policies.
 *
 * Every key policy grants the account root the key's administration. Without a statement for
 * the account, a key whose named administrators are deleted can never be managed again (AWS
 * support cannot recover it): the key and everything it encrypts would be orphaned. Granting
 * administration to `arn:aws:iam::<account>:root` lets the account's IAM administrators
 * (through IAM policies) always repair the key policy.
 */
import { policyDocument, type PolicyDocument } from '../service-roles/policy-document';

/**
 * Key management actions, never data: the account root gets these on every key. `kms:CreateGrant`
 * is left out on purpose (AWS's default administrator statement has it through `kms:Create*`):
 * a grant can give its creator Decrypt, which would bypass the named-principal restriction.
 */
export const KMS_ADMIN_ACTIONS: readonly string[] = [
  'kms:CreateAlias', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*',
  'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource',
  'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand',
];

/** Data actions of a symmetric key: what sops (and helm-secrets) call. */
export const KMS_USE_ACTIONS: readonly string[] = [
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey',
];

/** The account root principal. */
export function accountRoot(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/**
 * A key only the listed principals may use: the root may administer it (see above) but not
 * encrypt or decrypt, so no IAM policy in the account can grant use of it; only this key
 * policy does. Principals must exist when the policy is set (KMS checks them).
 */
export function restrictedKeyPolicy(accountId: string, userArns: readonly string[]): PolicyDocument {
  if (userArns.length === 0) throw new Error('restrictedKeyPolicy: at least one principal must be allowed to use the key.');
  return policyDocument(
    { Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: accountRoot(accountId) }, Action: KMS_ADMIN_ACTIONS, Resource: '*' },
    { Sid: 'NamedPrincipalsUseKey', Effect: 'Allow', Principal: { AWS: [...userArns] }, Action: KMS_USE_ACTIONS, Resource: '*' },
  );
}

/**
 * A key whose use IAM policies grant (the AWS default key policy): for bucket keys, where
 * each IRSA role's own policy names the key ARN and the bucket policy guards the data.
 */
export function iamDelegatedKeyPolicy(accountId: string): PolicyDocument {
  return policyDocument(
    { Sid: 'AccountAdministersAndDelegatesToIam', Effect: 'Allow', Principal: { AWS: accountRoot(accountId) }, Action: 'kms:*', Resource: '*' },
  );
}

/**
 * The key of one CloudWatch Logs log group: the account administers it (and IAM may delegate
 * its use), and the Logs service of `region` may use it only for that log group (the
 * encryption context condition CloudWatch Logs documents for log group keys).
 */
export function logGroupKeyPolicy(accountId: string, region: string, logGroupName: string): PolicyDocument {
  return policyDocument(
    { Sid: 'AccountAdministersAndDelegatesToIam', Effect: 'Allow', Principal: { AWS: accountRoot(accountId) }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'CloudWatchLogsUsesKeyForThisLogGroup',
      Effect: 'Allow',
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}` } },
    },
  );
}
