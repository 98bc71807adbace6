/**
 * `KmsKey`: a symmetric customer managed key with yearly rotation and an alias. Protected and
 * retained on delete: deleting a key makes everything encrypted with it unreadable.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { PolicyDocument } from '../service-roles/policy-document';

export * from './policies';

/** Arguments of {@link KmsKey}. */
export interface KmsKeyArgs {
  /** What the key is for (the key's description). */
  readonly description: string;
  /** Alias, `alias/...` (from `lib/names.ts`). */
  readonly alias: string;
  /** The key policy (see `./policies`). */
  readonly policy: PolicyDocument;
  /**
   * Days between scheduling deletion and deletion (7-30).
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Tags of the key.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A rotated, protected customer managed KMS key and its alias. */
export class KmsKey extends pulumi.ComponentResource {
  /** The key. */
  public readonly key: aws.kms.Key;
  /** Its alias. */
  public readonly alias: aws.kms.Alias;
  /** The key's ARN (IAM policies and bucket encryption name this, never the alias). */
  public readonly arn: pulumi.Output<string>;

  constructor(name: string, args: KmsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:KmsKey', name, {}, opts);
    if (!/^alias\/[A-Za-z0-9/_-]+$/.test(args.alias) || args.alias.startsWith('alias/aws/')) {
      throw new Error(`KmsKey '${name}': 'alias' must be 'alias/' followed by letters, digits, '/', '_' or '-' and not start with 'alias/aws/', got '${args.alias}'.`);
    }
    const window = args.deletionWindowDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      throw new Error(`KmsKey '${name}': 'deletionWindowDays' must be a whole number between 7 and 30, got ${window}.`);
    }
    this.key = new aws.kms.Key(`${name}-key`, {
      description: args.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: window,
      policy: JSON.stringify(args.policy),
      tags: { ...args.tags },
    }, { parent: this, protect: true, retainOnDelete: true });
    this.alias = new aws.kms.Alias(`${name}-alias`, { name: args.alias, targetKeyId: this.key.keyId }, { parent: this });
    this.arn = this.key.arn;
    this.registerOutputs({ arn: this.arn, alias: args.alias });
  }
}
