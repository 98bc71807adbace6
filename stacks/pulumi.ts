/**
 * The Pulumi program: one stack per account (`pulumi up --stack production`). Run the
 * compiled JS (`npm run build` first; `Pulumi.yaml` points at `build/stacks/pulumi.js`).
 *
 * Picks the account whose name is the stack name, validates it, creates the account's AWS
 * provider (its profile, its region, `allowedAccountIds` = that account only) and the
 * `Platform`, and exports what other programs and people need.
 */
import * as pulumi from '@pulumi/pulumi';
import { assertValidAccount, type AccountConfig } from '../lib/config';
import { createAwsProvider } from '../lib/aws/provider';
import { Platform } from '../lib/platform/aws-platform';
import { ACCOUNTS, getAccount } from './accounts';

/** The outputs of one account's stack. */
export interface PlatformStack {
  /** The account of the stack. */
  readonly account: AccountConfig;
  /** Its platform component. */
  readonly platform: Platform;
}

/**
 * The account of stack `stackName`; throws naming the known accounts when there is none, and
 * when the stack's `aws:region` config contradicts the account.
 */
export function accountForStack(stackName: string, awsRegionConfig?: string): AccountConfig {
  if (!Object.prototype.hasOwnProperty.call(ACCOUNTS, stackName)) {
    throw new Error(`Pulumi stack '${stackName}' has no account: stacks are named after accounts (${Object.keys(ACCOUNTS).join(', ')}). Select one with 'pulumi stack select <account>', or add stacks/accounts/${stackName}.ts and list it in stacks/accounts/index.ts.`);
  }
  const account = getAccount(stackName);
  if (awsRegionConfig !== undefined && awsRegionConfig !== account.region) {
    throw new Error(`Pulumi stack '${stackName}': config 'aws:region' is '${awsRegionConfig}' but account '${account.name}' is in '${account.region}'; fix Pulumi.${stackName}.yaml.`);
  }
  return account;
}

/** Build the platform of stack `stackName` (validated first: nothing is created from a bad config). */
export function definePlatformStack(stackName: string, awsRegionConfig?: string): PlatformStack {
  const account = accountForStack(stackName, awsRegionConfig);
  assertValidAccount(account);
  const provider = createAwsProvider(account);
  const platform = new Platform(account.name, { account }, { providers: { aws: provider } });
  return { account, platform };
}

const stack = definePlatformStack(pulumi.getStack(), new pulumi.Config('aws').get('region'));

/** The account this stack manages. */
export const accountId = stack.account.accountId;
/** EKS cluster names, by config name. */
export const clusterNames = stack.platform.clusterNames;
/** Kubeconfigs (secret), by cluster; their exec credentials use the account's profile. */
export const kubeconfigs = stack.platform.kubeconfigs;
/** IAM OIDC provider ARNs, by cluster. */
export const oidcProviderArns = stack.platform.oidcProviderArns;
/** OIDC issuer URLs, by cluster. */
export const oidcProviderUrls = stack.platform.oidcProviderUrls;
/** The tenancy migration phase each cluster was built in (compare with `previousPhase`). */
export const tenancyPhases = stack.platform.tenancyPhases;
/** Node group names, by cluster. */
export const nodeGroupNames = stack.platform.nodeGroupNames;
/** EKS name and force-new inputs of every node group (`npm run plan -- <account> --applied <file>`). */
export const nodeGroupGenerations = stack.platform.nodeGroupGenerations;
