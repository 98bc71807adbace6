/**
 * Pure builders of bucket policies and lifecycle rules. Every bucket the library creates gets
 * the same policy: no plain-HTTP access at all, and no upload encrypted any other way than
 * with the bucket's own KMS key (uploads without encryption headers get the bucket default,
 * SSE-KMS with that key).
 */
import type * as aws from '@pulumi/aws';
import type { ResolvedAccountServices } from '../../config/aws-services';
import { bucketArn } from '../service-roles/policies';
import { policyDocument, type PolicyDocument } from '../service-roles/policy-document';

/** A lifecycle rule, as `aws.s3.BucketLifecycleConfiguration` takes it. */
export type LifecycleRule = aws.types.input.s3.BucketLifecycleConfigurationRule;

/** Days after which unfinished multipart uploads are aborted (their parts cost storage). */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

/** The policy of a bucket encrypted with `kmsKeyArn`. */
export function secureBucketPolicy(bucketName: string, kmsKeyArn: string): PolicyDocument {
  const arn = bucketArn(bucketName);
  const SSE = 's3:x-amz-server-side-encryption';
  const KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';
  return policyDocument(
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyEncryptionOtherThanKms',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${arn}/*`,
      Condition: { StringNotEquals: { [SSE]: 'aws:kms' }, Null: { [SSE]: 'false' } },
    },
    {
      Sid: 'DenyOtherKmsKeys',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${arn}/*`,
      Condition: { StringNotEquals: { [KEY]: kmsKeyArn }, Null: { [KEY]: 'false' } },
    },
  );
}

/**
 * The log archive: to the archive storage class after `glacierAfterDays`, deleted after
 * `expireAfterDays` (S3 then also removes the expired delete markers), replaced or deleted
 * versions kept `noncurrentVersionExpireAfterDays`, stale multipart uploads aborted.
 */
export function logArchiveLifecycleRules(c: ResolvedAccountServices['logArchive']): LifecycleRule[] {
  return [{
    id: 'archive-then-expire',
    status: 'Enabled',
    filter: {},
    transitions: [{ days: c.glacierAfterDays, storageClass: c.storageClass }],
    expiration: { days: c.expireAfterDays },
    noncurrentVersionExpiration: { noncurrentDays: c.noncurrentVersionExpireAfterDays },
    abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS },
  }];
}

/**
 * A Loki bucket. Loki's compactor deletes expired chunks and index tables itself, so current
 * objects do not expire (an S3 expiry could remove index or bookkeeping objects Loki still
 * needs) unless the safety net is set. Deleted objects linger as noncurrent versions for
 * `noncurrentVersionExpireAfterDays`, then go, with their delete markers.
 */
export function lokiLifecycleRules(c: ResolvedAccountServices['lokiBucket']): LifecycleRule[] {
  return [{
    id: 'expire-deleted-chunks',
    status: 'Enabled',
    filter: {},
    noncurrentVersionExpiration: { noncurrentDays: c.noncurrentVersionExpireAfterDays },
    expiration: c.safetyNetExpireAfterDays !== undefined ? { days: c.safetyNetExpireAfterDays } : { expiredObjectDeleteMarker: true },
    abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS },
  }];
}
