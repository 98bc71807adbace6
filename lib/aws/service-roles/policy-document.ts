/**
 * IAM policy documents as plain typed data, so the functions that build them are pure and
 * tests can walk every statement. Used by the service roles, the bucket policies and the KMS
 * key policies.
 */

/** A principal block of a resource-based or trust policy. */
export interface PolicyPrincipal {
  /** IAM principals (account roots, roles, users). */
  readonly AWS?: string | readonly string[];
  /** A federated identity provider, e.g. an OIDC provider ARN. */
  readonly Federated?: string;
  /** AWS service principals, e.g. `ec2.amazonaws.com`. */
  readonly Service?: string | readonly string[];
}

/** Condition operators to keys to values, e.g. `{ StringEquals: { 'aws:SourceAccount': '1111' } }`. */
export type PolicyCondition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** One statement of a policy document. */
export interface PolicyStatement {
  /** Statement id: letters and digits only. */
  readonly Sid?: string;
  /** Allow or deny. */
  readonly Effect: 'Allow' | 'Deny';
  /** Who (resource-based and trust policies only). */
  readonly Principal?: PolicyPrincipal | '*';
  /** The actions. */
  readonly Action: string | readonly string[];
  /** The resources (absent in trust policies). */
  readonly Resource?: string | readonly string[];
  /** When it applies. */
  readonly Condition?: PolicyCondition;
}

/** An IAM policy document (version 2012-10-17). */
export interface PolicyDocument {
  /** Policy language version. */
  readonly Version: '2012-10-17';
  /** The statements. */
  readonly Statement: readonly PolicyStatement[];
}

/** A policy document of `statements`. */
export function policyDocument(...statements: readonly PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** `value` as an array (policy fields take a string or a list). */
export function asList(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}
