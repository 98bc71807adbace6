/**
 * The AWS provider of one account: its region, its named CLI profile, and a guard that makes
 * every AWS call fail unless the credentials belong to that account.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AccountConfig } from '../config';

/** Plain provider arguments for `account` (exported for tests and other programs). */
export function awsProviderArgs(account: AccountConfig): { region: string; profile: string; allowedAccountIds: string[] } {
  return { region: account.region, profile: account.profile, allowedAccountIds: [account.accountId] };
}

/**
 * An explicit `aws.Provider` for `account`, named `aws-<account>`: region and profile from
 * the config, `allowedAccountIds` = that account only (a wrong profile fails at the first
 * call instead of touching another account). Pass it to the `Platform` as
 * `{ providers: { aws: provider } }`.
 */
export function createAwsProvider(account: AccountConfig, opts?: pulumi.CustomResourceOptions): aws.Provider {
  return new aws.Provider(`aws-${account.name}`, awsProviderArgs(account), opts);
}
