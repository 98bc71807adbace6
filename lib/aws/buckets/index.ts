/**
 * `SecureBucket`: an S3 bucket for regulated data. SSE-KMS with a customer managed key (S3
 * Bucket Keys on), versioning, every public access block, ACLs disabled (BucketOwnerEnforced),
 * a policy denying plain HTTP and foreign encryption, a lifecycle. Never force-destroyed;
 * protected and retained on delete, so no `pulumi destroy` or replacement loses data.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { BUCKET_NAME_MAX } from '../../names';
import { secureBucketPolicy, type LifecycleRule } from './policies';

export * from './policies';

/** Arguments of {@link SecureBucket}. */
export interface SecureBucketArgs {
  /** The bucket's name (from `lib/names.ts`, so both sides can compute it). */
  readonly bucketName: string;
  /** ARN of the KMS key that encrypts every object (a key ARN, not an alias). */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Lifecycle rules (see `./policies`). At least one. */
  readonly lifecycleRules: readonly LifecycleRule[];
  /**
   * S3 Object Lock default retention (versioning is on already).
   * @default - none
   */
  readonly objectLock?: { readonly mode: 'COMPLIANCE' | 'GOVERNANCE'; readonly retentionDays: number };
  /**
   * Tags of the bucket.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;

/** An encrypted, versioned, private, protected S3 bucket. */
export class SecureBucket extends pulumi.ComponentResource {
  /** The bucket. */
  public readonly bucket: aws.s3.Bucket;
  /** The bucket's name. */
  public readonly bucketName: string;
  /** The bucket's ARN. */
  public readonly arn: string;
  /** Default encryption: SSE-KMS with `kmsKeyArn`, bucket keys on. */
  public readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  /** Versioning, enabled. */
  public readonly versioning: aws.s3.BucketVersioning;
  /** All four public access blocks. */
  public readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  /** Object ownership BucketOwnerEnforced (ACLs off). */
  public readonly ownership: aws.s3.BucketOwnershipControls;
  /** The lifecycle. */
  public readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
  /** The bucket policy. */
  public readonly policy: aws.s3.BucketPolicy;
  /** The Object Lock configuration, when `objectLock` is set. */
  public readonly objectLock?: aws.s3.BucketObjectLockConfiguration;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:SecureBucket', name, {}, opts);
    if (args.bucketName.length < 3 || args.bucketName.length > BUCKET_NAME_MAX || !BUCKET_NAME.test(args.bucketName) || args.bucketName.includes('..')) {
      throw new Error(`SecureBucket '${name}': 'bucketName' must be 3-${BUCKET_NAME_MAX} lower-case letters, digits, '.' or '-', starting and ending with a letter or digit, got '${args.bucketName}'.`);
    }
    if (args.lifecycleRules.length === 0) {
      throw new Error(`SecureBucket '${name}': 'lifecycleRules' must have at least one rule (every bucket states how long it keeps data).`);
    }
    this.bucketName = args.bucketName;
    this.arn = `arn:aws:s3:::${args.bucketName}`;
    const child = { parent: this };
    this.bucket = new aws.s3.Bucket(`${name}-bucket`, {
      bucket: args.bucketName,
      forceDestroy: false,
      tags: { ...args.tags },
    }, { parent: this, protect: true, retainOnDelete: true });
    const bucket = this.bucket.id;
    this.publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-public-access-block`, {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }, child);
    this.ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    }, child);
    this.encryption = new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
      bucket,
      rules: [{
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: args.kmsKeyArn },
        bucketKeyEnabled: true,
      }],
    }, child);
    this.versioning = new aws.s3.BucketVersioning(`${name}-versioning`, {
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    }, child);
    this.lifecycle = new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
      bucket,
      // S3's default keeps objects under 128 KB out of every transition; small daily archives
      // would then stay in S3 Standard for their whole life. This lets them go to Glacier
      // classes (not to the IA classes, where the 128 KB minimum charge applies).
      transitionDefaultMinimumObjectSize: 'varies_by_storage_class',
      rules: [...args.lifecycleRules],
    }, { parent: this, dependsOn: [this.versioning] });
    this.objectLock = args.objectLock ? new aws.s3.BucketObjectLockConfiguration(`${name}-object-lock`, {
      bucket,
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.retentionDays } },
    }, { parent: this, dependsOn: [this.versioning] }) : undefined;
    this.policy = new aws.s3.BucketPolicy(`${name}-policy`, {
      bucket,
      policy: pulumi.output(args.kmsKeyArn).apply((keyArn) => JSON.stringify(secureBucketPolicy(args.bucketName, keyArn))),
    }, { parent: this, dependsOn: [this.publicAccessBlock] });
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }
}
