/**
 * Tenants: teams that share a cluster (soft multi-tenancy), each in its own namespace with a
 * Pod Security Standard, a quota, default container limits, a default-deny network and rights
 * for the team's principals inside the namespace only. Plain data, defaults and validation;
 * the Kubernetes objects are `lib/k8s/tenants`.
 */
import { ARGO_DEFAULT_WORKFLOW_NAMESPACES } from './addons/argo-workflows';
import { ADDON_NAMESPACES, BUILTIN_NAMESPACES } from './constants';
import { principalKey } from './identity';
import { isDnsLabel } from './labels';
import { parseCidr } from './network';
import { isRecord, show, type ProblemCollector } from './problems';
import { checkInteger, type IntegerRange } from './resources';
import type { IdentityMapping } from './types';
import { SERVICE_IDENTITIES } from '../names';

/** The tenant's ResourceQuota: what all its pods together may request. */
export interface TenantQuotaConfig {
  /**
   * Sum of CPU requests, in millicores.
   * @default 4000
   */
  readonly cpuMillicores?: number;
  /**
   * Sum of memory requests, and of memory limits, in MiB.
   * @default 8192
   */
  readonly memoryMiB?: number;
  /**
   * Number of pods.
   * @default 50
   */
  readonly pods?: number;
  /**
   * Number of PersistentVolumeClaims.
   * @default 10
   */
  readonly persistentVolumeClaims?: number;
  /**
   * Sum of storage requested by PersistentVolumeClaims, in GiB.
   * @default 200
   */
  readonly storageGiB?: number;
}

/** The tenant's LimitRange: what a container gets when it does not say, and at most. */
export interface TenantLimitsConfig {
  /**
   * CPU request of a container that sets none, in millicores.
   * @default 100
   */
  readonly defaultCpuMillicores?: number;
  /**
   * Memory request and limit of a container that sets none, in MiB.
   * @default 256
   */
  readonly defaultMemoryMiB?: number;
  /**
   * Largest memory limit of one container, in MiB.
   * @default 4096
   */
  readonly maxMemoryMiB?: number;
}

/** A Pod Security Standards level a tenant namespace may enforce. */
export type TenantPodSecurity = 'restricted' | 'baseline';

/** One tenant of a cluster. */
export interface TenantConfig {
  /** The team's name: a DNS-1123 label, unique in the cluster. */
  readonly name: string;
  /**
   * The tenant's namespace: a DNS-1123 label that is neither a system nor a platform namespace.
   * @default - the tenant's name
   */
  readonly namespace?: string;
  /**
   * The Pod Security Standard the namespace enforces.
   * @default 'restricted'
   */
  readonly podSecurity?: TenantPodSecurity;
  /**
   * Why the tenant needs `baseline` (required with it; shown on the Namespace).
   * @default - none; required when podSecurity is 'baseline'
   */
  readonly podSecurityReason?: string;
  /**
   * The namespace's ResourceQuota.
   * @default - see TenantQuotaConfig
   */
  readonly quota?: TenantQuotaConfig;
  /**
   * The namespace's LimitRange for containers.
   * @default - see TenantLimitsConfig
   */
  readonly limits?: TenantLimitsConfig;
  /**
   * Namespaces of the ingress controllers allowed to reach the tenant's pods (any port).
   * @default [] - no ingress from other namespaces but scraping from 'monitoring'
   */
  readonly ingressControllerNamespaces?: readonly string[];
  /**
   * IPv4 CIDRs the tenant's pods may connect to (any port): databases, partner APIs.
   * @default [] - DNS and the same namespace only
   */
  readonly egressCidrs?: readonly string[];
  /**
   * IAM principals (ARNs of `clusters[].identities`) that deploy into the tenant: each must have
   * `deploy` access listing the tenant's namespace (the deploy rules then apply there).
   * @default []
   */
  readonly deployers?: readonly string[];
  /**
   * IAM principals (ARNs of `clusters[].identities` with `custom` access) whose groups may read
   * the tenant's objects (no Secrets), in its namespace only.
   * @default []
   */
  readonly viewers?: readonly string[];
}

/** Defaults of {@link TenantQuotaConfig}. */
export const TENANT_QUOTA_DEFAULTS: Required<TenantQuotaConfig> = { cpuMillicores: 4000, memoryMiB: 8192, pods: 50, persistentVolumeClaims: 10, storageGiB: 200 };
/** Defaults of {@link TenantLimitsConfig}. */
export const TENANT_LIMITS_DEFAULTS: Required<TenantLimitsConfig> = { defaultCpuMillicores: 100, defaultMemoryMiB: 256, maxMemoryMiB: 4096 };

/**
 * Namespaces the platform's add-ons run in, and Argo's default workflow namespaces (whose
 * service account and policies Argo owns): no tenant may take one (its quota, policies and
 * bindings would apply to the add-on's pods). Extend `ADDON_NAMESPACES` when an add-on takes a
 * new namespace.
 */
export const PLATFORM_NAMESPACES: readonly string[] = [...new Set([
  ...BUILTIN_NAMESPACES,
  ...Object.values(SERVICE_IDENTITIES).map((s) => s.namespace),
  ...ADDON_NAMESPACES,
  ...ARGO_DEFAULT_WORKFLOW_NAMESPACES,
])].sort();

const QUOTA_RANGES: Record<keyof TenantQuotaConfig, IntegerRange> = {
  cpuMillicores: { min: 1, max: 10_000_000, unit: 'millicores' },
  memoryMiB: { min: 16, max: 100_000_000, unit: 'MiB' },
  pods: { min: 1, max: 100_000 },
  persistentVolumeClaims: { min: 0, max: 10_000 },
  storageGiB: { min: 0, max: 1_000_000, unit: 'GiB' },
};
const LIMIT_RANGES: Record<keyof TenantLimitsConfig, IntegerRange> = {
  defaultCpuMillicores: { min: 1, max: 256_000, unit: 'millicores' },
  defaultMemoryMiB: { min: 16, max: 1_048_576, unit: 'MiB' },
  maxMemoryMiB: { min: 16, max: 1_048_576, unit: 'MiB' },
};

/** The tenant's namespace, default applied. */
export function tenantNamespace(tenant: TenantConfig): string {
  return tenant.namespace ?? tenant.name;
}

/**
 * Check `clusters[].tenants`; report every problem under `path` (`clusters[0].tenants`). Needs
 * the cluster's identities to check deployers and viewers. Never throws, whatever it is given.
 */
export function validateTenants(tenants: unknown, identities: unknown, path: string, problems: ProblemCollector): void {
  if (tenants === undefined) return;
  if (!Array.isArray(tenants)) {
    problems.add(path, `must be a list of tenants ({ name, ... }), got ${show(tenants)}.`);
    return;
  }
  const names = new Map<unknown, number>();
  const namespaces = new Map<unknown, number>();
  tenants.forEach((tenant: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!validateTenant(tenant, identities, at, problems)) return;
    const t = tenant as TenantConfig;
    if (isDnsLabel(t.name)) {
      if (names.has(t.name)) problems.add(`${at}.name`, `duplicates ${path}[${names.get(t.name)}].name ${show(t.name)}; tenant names must be unique in a cluster.`);
      else names.set(t.name, i);
    }
    const ns = tenantNamespace(t);
    if (isDnsLabel(ns) && !PLATFORM_NAMESPACES.includes(ns)) {
      if (namespaces.has(ns)) problems.add(`${at}.namespace`, `${show(ns)} is already the namespace of ${path}[${namespaces.get(ns)}]; each tenant needs its own namespace.`);
      else namespaces.set(ns, i);
    }
  });
}

/**
 * Check one tenant (not against the others); report under `path`. Returns false when it is not
 * an object at all. Never throws, whatever it is given.
 */
export function validateTenant(tenant: unknown, identities: unknown, path: string, problems: ProblemCollector): boolean {
  if (!isRecord(tenant)) {
    problems.add(path, `must be a tenant object ({ name, ... }), got ${show(tenant)}.`);
    return false;
  }
  const t = tenant as unknown as TenantConfig;
  const at = path;
  if (!isDnsLabel(t.name)) problems.add(`${at}.name`, `must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got ${show(t.name)}.`);
  const ns = t.namespace ?? t.name;
  if (t.namespace !== undefined && !isDnsLabel(t.namespace)) {
    problems.add(`${at}.namespace`, `must be a DNS-1123 label, got ${show(t.namespace)}.`);
  } else if (PLATFORM_NAMESPACES.includes(ns as string)) {
    problems.add(`${at}.namespace`, `must not be a system or platform namespace (${PLATFORM_NAMESPACES.join(', ')}), got ${show(ns)}; give the tenant its own namespace.`);
  }
  validatePodSecurity(t, at, problems);
  validateNumbers(t.quota, QUOTA_RANGES, `${at}.quota`, problems);
  validateNumbers(t.limits, LIMIT_RANGES, `${at}.limits`, problems);
  validateLimitsAgainstQuota(t, at, problems);
  validateNamespaceList(t.ingressControllerNamespaces, `${at}.ingressControllerNamespaces`, problems);
  validateCidrs(t.egressCidrs, `${at}.egressCidrs`, problems);
  validatePrincipals(t, ns, identities, at, problems);
  return true;
}

function validatePodSecurity(t: TenantConfig, at: string, problems: ProblemCollector): void {
  const levels: unknown[] = ['restricted', 'baseline'];
  if (t.podSecurity !== undefined && !levels.includes(t.podSecurity)) {
    problems.add(`${at}.podSecurity`, `must be 'restricted' or 'baseline', got ${show(t.podSecurity)}; 'privileged' is for the platform's node agents only.`);
  }
  const reason = t.podSecurityReason;
  if (reason !== undefined && (typeof reason !== 'string' || reason.trim() === '')) {
    problems.add(`${at}.podSecurityReason`, `must be a non-empty string, got ${show(reason)}.`);
  } else if (t.podSecurity === 'baseline' && reason === undefined) {
    problems.add(`${at}.podSecurityReason`, "is required with podSecurity 'baseline': say why the tenant's pods cannot meet 'restricted'.");
  } else if (t.podSecurity !== 'baseline' && reason !== undefined) {
    problems.add(`${at}.podSecurityReason`, "is only for podSecurity 'baseline'; remove it, or set podSecurity.");
  }
}

function validateNumbers(section: unknown, ranges: Record<string, IntegerRange>, path: string, problems: ProblemCollector): void {
  if (section === undefined) return;
  if (!isRecord(section)) {
    problems.add(path, `must be an object, got ${show(section)}.`);
    return;
  }
  for (const [key, value] of Object.entries(section)) {
    const range = ranges[key];
    if (!range) problems.add(`${path}.${key}`, `is not a field; the fields are ${Object.keys(ranges).join(', ')}.`);
    else checkInteger(value, range, `${path}.${key}`, problems);
  }
}

function validateLimitsAgainstQuota(t: TenantConfig, at: string, problems: ProblemCollector): void {
  const limits = { ...TENANT_LIMITS_DEFAULTS, ...(isRecord(t.limits) ? t.limits : {}) };
  const memory = isRecord(t.quota) && t.quota.memoryMiB !== undefined ? t.quota.memoryMiB : TENANT_QUOTA_DEFAULTS.memoryMiB;
  if (typeof limits.defaultMemoryMiB === 'number' && typeof limits.maxMemoryMiB === 'number' && limits.defaultMemoryMiB > limits.maxMemoryMiB) {
    problems.add(`${at}.limits.defaultMemoryMiB`, `must not exceed maxMemoryMiB (${limits.maxMemoryMiB}), got ${limits.defaultMemoryMiB}.`);
  }
  if (typeof limits.maxMemoryMiB === 'number' && typeof memory === 'number' && limits.maxMemoryMiB > memory) {
    problems.add(`${at}.limits.maxMemoryMiB`, `must not exceed the quota's memoryMiB (${memory}), got ${limits.maxMemoryMiB}: no pod could use it.`);
  }
}

function validateNamespaceList(value: unknown, path: string, problems: ProblemCollector): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.add(path, `must be a list of namespace names, got ${show(value)}.`);
    return;
  }
  value.forEach((ns, i) => {
    if (!isDnsLabel(ns)) problems.add(`${path}[${i}]`, `must be a namespace name (DNS-1123 label), got ${show(ns)}.`);
  });
}

function validateCidrs(value: unknown, path: string, problems: ProblemCollector): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.add(path, `must be a list of IPv4 CIDRs, got ${show(value)}.`);
    return;
  }
  value.forEach((text, i) => {
    const cidr = parseCidr(text);
    if (!cidr) problems.add(`${path}[${i}]`, `must be an IPv4 CIDR on its network boundary, like '10.30.0.0/16', got ${show(text)}.`);
    else if (cidr.prefix === 0) problems.add(`${path}[${i}]`, `must not admit every address, got ${show(text)}; name the networks the tenant calls.`);
  });
}

function validatePrincipals(t: TenantConfig, ns: unknown, identities: unknown, at: string, problems: ProblemCollector): void {
  const known = (Array.isArray(identities) ? identities : []).filter((m): m is IdentityMapping => isRecord(m) && typeof m.arn === 'string' && isRecord(m.access));
  const find = (arn: string) => known.find((m) => principalKey(m.arn) === principalKey(arn));
  for (const [field, want] of [['deployers', 'deploy'], ['viewers', 'custom']] as const) {
    const list: unknown = t[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.add(`${at}.${field}`, `must be a list of IAM principal ARNs, got ${show(list)}.`);
      continue;
    }
    list.forEach((arn, i) => {
      const path = `${at}.${field}[${i}]`;
      const mapping = typeof arn === 'string' ? find(arn) : undefined;
      if (!mapping) {
        problems.add(path, `must be the ARN of one of the cluster's identities, got ${show(arn)}; add it to identities first.`);
      } else if (mapping.access.kind !== want) {
        problems.add(path, `${show(arn)} has '${mapping.access.kind}' access; a tenant's ${field} need '${want}' access${want === 'custom' ? ' (its groups get read rights in the tenant)' : ''}.`);
      } else if (want === 'deploy' && mapping.access.kind === 'deploy' && !(mapping.access.namespaces ?? []).includes(ns as string)) {
        problems.add(path, `${show(arn)} may not deploy into ${show(ns)}; add ${show(ns)} to its deploy namespaces.`);
      }
    });
  }
}
