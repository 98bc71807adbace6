/**
 * Account-level AWS services (the sops KMS key, the log-archive bucket, the Loki buckets'
 * lifecycle) and a cluster's EKS managed add-ons: plain data, defaults and validation.
 *
 * Defaults are applied once, by `resolveAccountServices()` and `resolveEksAddons()`; the Pulumi
 * components in `lib/aws` read only the resolved values.
 */
import { ebsVolumeAttachLimit } from './ebs-attach-limit';
import { parseIamArn } from './identity';
import { validateObjectLock, type ObjectLockConfig } from './object-lock';
import { isRecord, show, type ProblemCollector } from './problems';
import { checkInteger, type IntegerRange } from './resources';
import type { AccountConfig, ClusterConfig } from './types';

/** S3 storage class the log archive moves to after {@link LogArchiveConfig.glacierAfterDays}. */
export type ArchiveStorageClass = 'GLACIER' | 'DEEP_ARCHIVE';

/** The account's KMS key for sops / helm-secrets. */
export interface SopsKeyConfig {
  /**
   * IAM role or user ARNs that may encrypt and decrypt with the key (people editing secrets).
   * @default - every principal mapped with access kind `admin` in any cluster of the account
   */
  readonly userArns?: readonly string[];
  /**
   * The CI role that decrypts secrets when it deploys (helm-secrets in the pipeline).
   * @default - none: only `userArns` may use the key
   */
  readonly ciRoleArn?: string;
  /**
   * Days KMS waits before deleting the key once deletion is scheduled (7-30).
   * @default 30
   */
  readonly deletionWindowDays?: number;
}

/** Lifecycle of the account's log-archive bucket (daily syslog archives). */
export interface LogArchiveConfig {
  /**
   * Days after upload when archives move to {@link storageClass}.
   * @default 90
   */
  readonly glacierAfterDays?: number;
  /**
   * Storage class archives move to: `GLACIER` (Flexible Retrieval, minutes to hours to read)
   * or `DEEP_ARCHIVE` (cheapest, up to 12 hours, 180-day minimum charge).
   * @default 'GLACIER'
   */
  readonly storageClass?: ArchiveStorageClass;
  /**
   * Days after upload when archives are deleted. The default keeps six years: HIPAA requires
   * its required documentation (45 CFR 164.316(b)(2)) to be kept six years, and audit logs
   * are commonly held to the same period. Shorten only with your compliance officer.
   * @default 2190
   */
  readonly expireAfterDays?: number;
  /**
   * Days a replaced or deleted version is kept before it is removed (the bucket is versioned,
   * so an overwrite or a delete is recoverable for this long).
   * @default 30
   */
  readonly noncurrentVersionExpireAfterDays?: number;
  /**
   * S3 Object Lock default retention, so archives cannot be altered or deleted before it ends
   * (see `./object-lock.ts`). Recommended for an account holding PHI.
   * @default - off
   */
  readonly objectLock?: ObjectLockConfig;
}

/** Lifecycle of every cluster's Loki bucket. */
export interface LokiBucketConfig {
  /**
   * Days a deleted or overwritten Loki object is kept as a noncurrent version. Loki's
   * compactor enforces retention by deleting objects; in a versioned bucket a delete only
   * hides the object, so without this rule deleted logs would be kept (and paid for) forever.
   * @default 7
   */
  readonly noncurrentVersionExpireAfterDays?: number;
  /**
   * Safety net: S3 deletes any object older than this many days, in case the compactor stops
   * enforcing retention. Must be greater than the Loki `retentionDays` of every cluster (an
   * object is never older than the logs in it, so this never removes logs Loki still serves).
   * It also removes long-lived bookkeeping objects (`loki_cluster_seed.json`, which Loki
   * recreates, and the compactor's delete-request store, which loses pending delete requests),
   * which is why it is off by default.
   * @default - none: Loki's compactor alone deletes expired logs
   */
  readonly safetyNetExpireAfterDays?: number;
}

/** Account-level AWS services. */
export interface AccountServicesConfig {
  /**
   * The sops / helm-secrets KMS key.
   * @default - see SopsKeyConfig
   */
  readonly sops?: SopsKeyConfig;
  /**
   * The log-archive bucket's lifecycle.
   * @default - see LogArchiveConfig
   */
  readonly logArchive?: LogArchiveConfig;
  /**
   * The Loki buckets' lifecycle.
   * @default - see LokiBucketConfig
   */
  readonly lokiBucket?: LokiBucketConfig;
}

/** Default of {@link LogArchiveConfig.glacierAfterDays}. */
export const LOG_ARCHIVE_GLACIER_AFTER_DAYS = 90;
/** Default of {@link LogArchiveConfig.expireAfterDays}: six years (HIPAA documentation retention). */
export const LOG_ARCHIVE_EXPIRE_AFTER_DAYS = 2190;
/** Default of {@link LogArchiveConfig.noncurrentVersionExpireAfterDays}. */
export const LOG_ARCHIVE_NONCURRENT_EXPIRE_AFTER_DAYS = 30;
/** Default of {@link LokiBucketConfig.noncurrentVersionExpireAfterDays}. */
export const LOKI_BUCKET_NONCURRENT_EXPIRE_AFTER_DAYS = 7;
/** Default of {@link SopsKeyConfig.deletionWindowDays}. */
export const KMS_DELETION_WINDOW_DAYS = 30;
/** Default of `LokiConfig.retentionDays`, used to check the safety net against it. */
const LOKI_DEFAULT_RETENTION_DAYS = 30;

/** {@link AccountServicesConfig} with every default applied. */
export interface ResolvedAccountServices {
  /** The sops key: who may use it (defaults applied) and its deletion window. */
  readonly sops: { readonly userArns: readonly string[]; readonly ciRoleArn?: string; readonly deletionWindowDays: number };
  /** The log-archive bucket lifecycle, defaults applied. */
  readonly logArchive: Required<Omit<LogArchiveConfig, 'objectLock'>> & Pick<LogArchiveConfig, 'objectLock'>;
  /** The Loki buckets' lifecycle, defaults applied. */
  readonly lokiBucket: { readonly noncurrentVersionExpireAfterDays: number; readonly safetyNetExpireAfterDays?: number };
}

/** The admin principals of every cluster of the account, each once, in order of appearance. */
export function accountAdminArns(account: AccountConfig): readonly string[] {
  const arns = account.clusters.flatMap((c) => (c.identities ?? []).filter((m) => m.access?.kind === 'admin').map((m) => m.arn));
  return [...new Set(arns)];
}

/** Apply the defaults of {@link AccountServicesConfig}. */
export function resolveAccountServices(account: AccountConfig): ResolvedAccountServices {
  const s = account.services ?? {};
  return {
    sops: {
      userArns: [...new Set(s.sops?.userArns ?? accountAdminArns(account))],
      ciRoleArn: s.sops?.ciRoleArn,
      deletionWindowDays: s.sops?.deletionWindowDays ?? KMS_DELETION_WINDOW_DAYS,
    },
    logArchive: {
      glacierAfterDays: s.logArchive?.glacierAfterDays ?? LOG_ARCHIVE_GLACIER_AFTER_DAYS,
      ...(s.logArchive?.objectLock ? { objectLock: s.logArchive.objectLock } : {}),
      storageClass: s.logArchive?.storageClass ?? 'GLACIER',
      expireAfterDays: s.logArchive?.expireAfterDays ?? LOG_ARCHIVE_EXPIRE_AFTER_DAYS,
      noncurrentVersionExpireAfterDays: s.logArchive?.noncurrentVersionExpireAfterDays ?? LOG_ARCHIVE_NONCURRENT_EXPIRE_AFTER_DAYS,
    },
    lokiBucket: {
      noncurrentVersionExpireAfterDays: s.lokiBucket?.noncurrentVersionExpireAfterDays ?? LOKI_BUCKET_NONCURRENT_EXPIRE_AFTER_DAYS,
      safetyNetExpireAfterDays: s.lokiBucket?.safetyNetExpireAfterDays,
    },
  };
}

const DAYS: IntegerRange = { min: 1, unit: 'days' };

/** True when `value` is unset or a whole number of days; reports it otherwise. */
function checkDays(value: unknown, path: string, p: ProblemCollector): boolean {
  return value === undefined || checkInteger(value, DAYS, path, p);
}

function checkRoleOrUser(arn: unknown, path: string, p: ProblemCollector): void {
  if (typeof arn !== 'string' || !parseIamArn(arn)) {
    p.add(path, `must be an IAM role or user ARN like 'arn:aws:iam::111122223333:role/platform-admin', got ${show(arn)}.`);
  }
}

/** Check the account-level services section; report problems under `path`. */
export function validateAccountServices(account: AccountConfig, path: string, problems: ProblemCollector): void {
  const s = account.services ?? {};
  let malformed = false;
  for (const [key, value] of Object.entries(s)) {
    if (value !== undefined && !isRecord(value)) {
      problems.add(`${path}.${key}`, `must be an object, got ${show(value)}.`);
      malformed = true;
    }
  }
  const sops: SopsKeyConfig = isRecord(s.sops) ? s.sops : {};
  if (sops.userArns !== undefined && !Array.isArray(sops.userArns)) {
    problems.add(`${path}.sops.userArns`, `must be a list of IAM role or user ARNs, got ${show(sops.userArns)}.`);
    malformed = true;
  }
  if (malformed) return;
  (sops.userArns ?? []).forEach((arn, i) => checkRoleOrUser(arn, `${path}.sops.userArns[${i}]`, problems));
  if (sops.ciRoleArn !== undefined) {
    checkRoleOrUser(sops.ciRoleArn, `${path}.sops.ciRoleArn`, problems);
    if (parseIamArn(sops.ciRoleArn)?.principalType === 'user') {
      problems.add(`${path}.sops.ciRoleArn`, `must be an IAM role (CI assumes it), got the user ${show(sops.ciRoleArn)}.`);
    }
  }
  const w = sops.deletionWindowDays;
  if (w !== undefined && (!Number.isInteger(w) || w < 7 || w > 30)) {
    problems.add(`${path}.sops.deletionWindowDays`, `must be a whole number of days between 7 and 30 (the KMS limits), got ${show(w)}.`);
  }
  if (Array.isArray(account.clusters)) {
    const resolved = resolveAccountServices(account).sops;
    if (resolved.userArns.length === 0 && resolved.ciRoleArn === undefined) {
      problems.add(`${path}.sops`, 'no principal could use the sops key: no cluster maps an identity with access kind \'admin\', and neither userArns nor ciRoleArn is set. List who edits secrets in userArns.');
    }
  }
  validateLogArchive(s.logArchive ?? {}, `${path}.logArchive`, problems);
  validateLokiBucket(account, s.lokiBucket ?? {}, `${path}.lokiBucket`, problems);
}

function validateLogArchive(c: LogArchiveConfig, path: string, p: ProblemCollector): void {
  const okGlacier = checkDays(c.glacierAfterDays, `${path}.glacierAfterDays`, p);
  const okExpire = checkDays(c.expireAfterDays, `${path}.expireAfterDays`, p);
  checkDays(c.noncurrentVersionExpireAfterDays, `${path}.noncurrentVersionExpireAfterDays`, p);
  if (c.storageClass !== undefined && c.storageClass !== 'GLACIER' && c.storageClass !== 'DEEP_ARCHIVE') {
    p.add(`${path}.storageClass`, `must be 'GLACIER' or 'DEEP_ARCHIVE', got ${show(c.storageClass)}.`);
  }
  const glacier = c.glacierAfterDays ?? LOG_ARCHIVE_GLACIER_AFTER_DAYS;
  const expire = c.expireAfterDays ?? LOG_ARCHIVE_EXPIRE_AFTER_DAYS;
  if (okGlacier && okExpire && glacier >= expire) {
    p.add(`${path}.glacierAfterDays`, `must be less than expireAfterDays (${expire}), got ${glacier}.`);
  }
  validateObjectLock(c.objectLock, expire, `${path}.objectLock`, p);
}

function validateLokiBucket(account: AccountConfig, c: LokiBucketConfig, path: string, p: ProblemCollector): void {
  checkDays(c.noncurrentVersionExpireAfterDays, `${path}.noncurrentVersionExpireAfterDays`, p);
  if (!checkDays(c.safetyNetExpireAfterDays, `${path}.safetyNetExpireAfterDays`, p) || c.safetyNetExpireAfterDays === undefined) return;
  (account.clusters ?? []).forEach((cluster, i) => {
    const loki = cluster.addons?.loki;
    if (!loki) return;
    const retention = loki.retentionDays ?? LOKI_DEFAULT_RETENTION_DAYS;
    if (c.safetyNetExpireAfterDays! <= retention) {
      p.add(`${path}.safetyNetExpireAfterDays`, `must be greater than the Loki retention of clusters[${i}] (${retention} days), got ${c.safetyNetExpireAfterDays}; S3 would delete logs Loki still serves.`);
    }
  });
}

/** One EKS managed add-on's settings. */
export interface EksAddonConfig {
  /**
   * The add-on version, e.g. `v1.22.3-eksbuild.1` (`aws eks describe-addon-versions`).
   * @default - the version of {@link EKS_ADDON_VERSIONS} for the cluster's Kubernetes version
   */
  readonly version?: string;
}

/** The VPC CNI add-on's settings. */
export interface VpcCniAddonConfig extends EksAddonConfig {
  /**
   * Enforce Kubernetes NetworkPolicies with the VPC CNI's network policy agent
   * (`configurationValues: {"enableNetworkPolicy": "true"}`).
   * @default true
   */
  readonly networkPolicy?: boolean;
}

/** EKS managed add-ons of a cluster. All four are always installed; only versions vary. */
export interface EksAddonsConfig {
  /** @default - see VpcCniAddonConfig */
  readonly vpcCni?: VpcCniAddonConfig;
  /** @default - see EksAddonConfig */
  readonly coredns?: EksAddonConfig;
  /** @default - see EksAddonConfig */
  readonly kubeProxy?: EksAddonConfig;
  /** @default - see EksAddonConfig */
  readonly ebsCsiDriver?: EksAddonConfig;
}

/** The add-ons of {@link EksAddonsConfig}, by their key there. */
export type EksAddonKey = keyof EksAddonsConfig;

/** EKS add-on names (`aws eks create-addon --addon-name`), by config key. */
export const EKS_ADDON_NAMES: Readonly<Record<EksAddonKey, string>> = {
  vpcCni: 'vpc-cni',
  coredns: 'coredns',
  kubeProxy: 'kube-proxy',
  ebsCsiDriver: 'aws-ebs-csi-driver',
};

/**
 * Default add-on versions per Kubernetes minor. A missing entry means no version was
 * confirmed for that minor: the cluster must pin one in `eksAddons`.
 *
 * Sources (checked 2026-11-22; refresh with `aws eks describe-addon-versions --kubernetes-version <v>`):
 * - vpc-cni: one version serves every supported minor (EKS user guide, "Amazon VPC CNI
 *   versions" table); v1.22.3-eksbuild.1 from ministryofjustice/cloud-platform-infrastructure#4678
 *   (2026-07-08, EKS 1.33). Network policy needs v1.14 or later.
 * - coredns: EKS user guide "CoreDNS versions" (1.32: v1.11.4-eksbuild.33, 1.34: v1.13.2-eksbuild.7,
 *   1.35: v1.14.2-eksbuild.4); 1.33: v1.13.2-eksbuild.11 from ministryofjustice/cloud-platform-infrastructure#4675.
 *   No 1.36 version was confirmed.
 * - kube-proxy: EKS user guide "kube-proxy versions" table (1.32-1.36); 1.33 also
 *   ministryofjustice/cloud-platform-infrastructure#4676.
 * - aws-ebs-csi-driver: v1.66.0-eksbuild.1, the default for 1.36 (mitodl/ol-infrastructure#5959,
 *   2026-09-21); EBS CSI add-on versions span every supported minor.
 */
export const EKS_ADDON_VERSIONS: Readonly<Record<string, Readonly<Partial<Record<EksAddonKey, string>>>>> = {
  '1.32': { vpcCni: 'v1.22.3-eksbuild.1', coredns: 'v1.11.4-eksbuild.33', kubeProxy: 'v1.32.13-eksbuild.16', ebsCsiDriver: 'v1.66.0-eksbuild.1' },
  '1.33': { vpcCni: 'v1.22.3-eksbuild.1', coredns: 'v1.13.2-eksbuild.11', kubeProxy: 'v1.33.10-eksbuild.13', ebsCsiDriver: 'v1.66.0-eksbuild.1' },
  '1.34': { vpcCni: 'v1.22.3-eksbuild.1', coredns: 'v1.13.2-eksbuild.7', kubeProxy: 'v1.34.6-eksbuild.13', ebsCsiDriver: 'v1.66.0-eksbuild.1' },
  '1.35': { vpcCni: 'v1.22.3-eksbuild.1', coredns: 'v1.14.2-eksbuild.4', kubeProxy: 'v1.35.3-eksbuild.13', ebsCsiDriver: 'v1.66.0-eksbuild.1' },
  '1.36': { vpcCni: 'v1.22.3-eksbuild.1', kubeProxy: 'v1.36.0-eksbuild.14', ebsCsiDriver: 'v1.66.0-eksbuild.1' },
};

const ADDON_VERSION = /^v(\d+)\.(\d+)\.(\d+)-eksbuild\.(\d+)$/;

/** One add-on with its version and configuration resolved. */
export interface ResolvedEksAddon {
  /** Config key, e.g. `vpcCni`. */
  readonly key: EksAddonKey;
  /** EKS add-on name, e.g. `vpc-cni`. */
  readonly addonName: string;
  /** Pinned version. */
  readonly version: string;
  /** `configurationValues` JSON, when the add-on is configured. */
  readonly configurationValues?: string;
}

/**
 * The four add-ons of a cluster with defaults applied, in install order. Throws when a
 * version has no default and none is set: run `validateAccount()` first.
 */
export function resolveEksAddons(cluster: ClusterConfig): readonly ResolvedEksAddon[] {
  const c = cluster.eksAddons ?? {};
  return (Object.keys(EKS_ADDON_NAMES) as EksAddonKey[]).map((key) => {
    const version = c[key]?.version ?? EKS_ADDON_VERSIONS[cluster.version]?.[key];
    if (version === undefined) {
      throw new Error(`Cluster '${cluster.name}': eksAddons.${key}.version has no default for Kubernetes ${cluster.version}; pin one (run validateAccount() first).`);
    }
    const configurationValues = key === 'vpcCni' && (c.vpcCni?.networkPolicy ?? true)
      ? JSON.stringify({ enableNetworkPolicy: 'true' })
      // IMDS hop limit 1: the node plugin cannot count ENIs; see ./ebs-attach-limit.ts.
      : key === 'ebsCsiDriver' ? JSON.stringify({ node: { volumeAttachLimit: ebsVolumeAttachLimit(cluster) } }) : undefined;
    return { key, addonName: EKS_ADDON_NAMES[key], version, ...(configurationValues ? { configurationValues } : {}) };
  });
}

/** Check a cluster's EKS add-on section; report problems under `path`. */
export function validateEksAddons(cluster: ClusterConfig, path: string, problems: ProblemCollector): void {
  const c = cluster.eksAddons ?? {};
  for (const key of Object.keys(EKS_ADDON_NAMES) as EksAddonKey[]) {
    const version = c[key]?.version;
    const field = `${path}.${key}.version`;
    if (version === undefined) {
      if (EKS_ADDON_VERSIONS[cluster.version] && EKS_ADDON_VERSIONS[cluster.version][key] === undefined) {
        problems.add(field, `has no default for Kubernetes ${show(cluster.version)}; pin the ${EKS_ADDON_NAMES[key]} version (aws eks describe-addon-versions --addon-name ${EKS_ADDON_NAMES[key]} --kubernetes-version ${cluster.version}).`);
      }
      continue;
    }
    const m = typeof version === 'string' ? ADDON_VERSION.exec(version) : null;
    if (!m) {
      problems.add(field, `must be an EKS add-on version like 'v1.22.3-eksbuild.1', got ${show(version)}.`);
    } else if (key === 'kubeProxy' && `${m[1]}.${m[2]}` !== cluster.version) {
      problems.add(field, `must be a kube-proxy build of the cluster's Kubernetes version ${show(cluster.version)} (v${cluster.version}.x-eksbuild.N), got ${show(version)}.`);
    }
  }
  const np = c.vpcCni?.networkPolicy;
  if (np !== undefined && typeof np !== 'boolean') {
    problems.add(`${path}.vpcCni.networkPolicy`, `must be true or false, got ${show(np)}.`);
  }
}
