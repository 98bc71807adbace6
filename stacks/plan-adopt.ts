/**
 * The adoption flags of `npm run plan -- <account> ...` (pure; loads neither SDK):
 *
 * - `--adopt`: the `pulumi import` runbook and import file of the account's adopted clusters;
 * - `--aws-auth <file>`: the live aws-auth ConfigMap (`kubectl get configmap aws-auth -n
 *   kube-system -o yaml`) against what the library applies; refuses while an entry mapping
 *   `system:nodes` would be removed;
 * - `--observed <file>`: `aws eks describe-cluster --name <cluster>` JSON against the config
 *   (version, endpoint access, logging, authentication mode); refuses on a blocking difference;
 * - `--cluster <name>`: the cluster `--aws-auth` is about, when the account has several.
 *
 * A refusal is exit status 2 (1 stays for usage and configuration errors).
 */
import { readFileSync } from 'node:fs';
import {
  assertValidAccount, diffAwsAuth, parseAwsAuthConfigMap, renderAwsAuthDiff, renderedAwsAuth,
  type AccountConfig, type ClusterConfig,
} from '../lib/config';
import { renderAdoption } from '../lib/aws/adopt/imports';
import { compareControlPlane, parseDescribeCluster, renderControlPlaneComparison } from '../lib/aws/adopt/observed';
import { getAccount } from './accounts';

/** The adoption flags, and the arguments left for the migration plan. */
export interface AdoptArgs {
  /** Arguments without the adoption flags (account name and the migration plan's own flags). */
  readonly rest: readonly string[];
  /** `--adopt` was given. */
  readonly adopt: boolean;
  /** `--aws-auth <file>`. */
  readonly awsAuthFile?: string;
  /** `--observed <file>`. */
  readonly observedFile?: string;
  /** `--cluster <name>`. */
  readonly cluster?: string;
}

/** Take the adoption flags out of `argv`; throws on a flag without its value. */
export function splitAdoptArgs(argv: readonly string[]): AdoptArgs {
  const rest: string[] = [];
  const values: Record<string, string> = {};
  let adopt = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const flag = ['--aws-auth', '--observed', '--cluster'].find((f) => arg === f || arg.startsWith(`${f}=`));
    if (arg === '--adopt') adopt = true;
    else if (flag) {
      const value = arg === flag ? argv[++i] : arg.slice(flag.length + 1);
      if (value === undefined || value === '' || value.startsWith('--')) throw new Error(`${flag} needs a value, e.g. ${flag} ${flag === '--cluster' ? '<cluster name>' : '<file>'}.`);
      values[flag] = value;
    } else rest.push(arg);
  }
  return { rest, adopt, awsAuthFile: values['--aws-auth'], observedFile: values['--observed'], cluster: values['--cluster'] };
}

function clusterOf(account: AccountConfig, name: string | undefined, flag: string): ClusterConfig {
  if (name === undefined) {
    if (account.clusters.length === 1) return account.clusters[0];
    throw new Error(`${flag}: account '${account.name}' has several clusters (${account.clusters.map((c) => c.name).join(', ')}); name one with --cluster <name>.`);
  }
  const cluster = account.clusters.find((c) => c.name === name);
  if (!cluster) throw new Error(`--cluster: account '${account.name}' has no cluster '${name}' (clusters: ${account.clusters.map((c) => c.name).join(', ')}).`);
  return cluster;
}

/** What the adoption flags print, and whether it is a refusal. */
export interface AdoptResult {
  /** The text to print. */
  readonly text: string;
  /** True when the comparison refuses (exit status 2). */
  readonly refused: boolean;
}

/**
 * The output of the adoption flags for `account`, or `undefined` when none is given. Files are
 * read with `read` (the file system by default).
 */
export function adoptPlan(account: AccountConfig, args: AdoptArgs, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): AdoptResult | undefined {
  if (!args.adopt && args.awsAuthFile === undefined && args.observedFile === undefined) return undefined;
  const sections: string[] = [];
  let refused = false;
  if (args.observedFile !== undefined) {
    const observed = parseDescribeCluster(read(args.observedFile), args.observedFile);
    const cluster = clusterOf(account, args.cluster ?? observed.name, '--observed');
    const diffs = compareControlPlane(account, cluster, observed);
    refused ||= diffs.some((d) => d.blocking);
    sections.push(renderControlPlaneComparison(cluster.name, diffs));
  }
  if (args.awsAuthFile !== undefined) {
    const cluster = clusterOf(account, args.cluster, '--aws-auth');
    const diff = diffAwsAuth(parseAwsAuthConfigMap(read(args.awsAuthFile), args.awsAuthFile), renderedAwsAuth(account, cluster));
    refused ||= diff.refusals.length > 0;
    sections.push(renderAwsAuthDiff(cluster.name, diff));
  }
  if (args.adopt) sections.push(renderAdoption(account));
  return { text: sections.join('\n\n'), refused };
}

/** `adoptPlan` for a command line: the account is its first remaining argument, validated. */
export function adoptPlanFor(argv: readonly string[], read?: (path: string) => string): AdoptResult | undefined {
  const args = splitAdoptArgs(argv);
  if (!args.adopt && args.awsAuthFile === undefined && args.observedFile === undefined) return undefined;
  const name = args.rest.find((a) => !a.startsWith('-'));
  if (name === undefined) throw new Error('no account given: npm run plan -- <account> [--adopt] [--aws-auth <file>] [--observed <file>] [--cluster <name>]');
  const account = getAccount(name);
  assertValidAccount(account);
  return adoptPlan(account, args, read);
}
