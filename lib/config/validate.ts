/**
 * `validateAccount()`: every problem of an account's configuration at once, each naming the
 * field path, the value received and the fix. Nothing is built from an invalid account.
 */
import { AWS_REGIONS, BUILTIN_NAMESPACES, SUPPORTED_KUBERNETES_VERSIONS } from './constants';
import { parseIamArn, pathlessArn } from './identity';
import { validateTenancyMigration } from './migration';
import { validateIpBudget } from './ip-budget';
import { cidrContains, cidrsOverlap, parseCidr, type Cidr } from './network';
import { AccountConfigError, ProblemCollector, show, type ConfigProblem } from './problems';
import type {
  AccountConfig, ClusterConfig, EndpointAccessConfig, IdentityMapping, NetworkConfig, NodeGroupConfig, StorageConfig,
} from './types';
import { validateAccountServices, validateEksAddons } from './aws-services';
import { validateClusterAutoscalerConfig } from './addons/cluster-autoscaler';
import { validateFluentBitConfig, validateFluentBitTenant } from './addons/fluent-bit';
import { validateLokiConfig } from './addons/loki';
import { validateSyslogNgConfig } from './addons/syslog-ng';
import { nodeRoleArn } from '../names';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const KMS_KEY_ARN = /^arn:aws:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]+)$/;

/** True when `name` is a DNS-1123 label (lower-case alphanumerics and `-`, at most 63). */
export function isDnsLabel(name: unknown): boolean {
  return typeof name === 'string' && name.length <= 63 && DNS_LABEL.test(name);
}

/** True when `key` is a valid Kubernetes label or annotation key (`[prefix/]name`). */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix))) return false;
  return LABEL_NAME.test(name);
}

/** True when `value` is a valid Kubernetes label value (may be empty). */
export function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && LABEL_VALUE.test(value);
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/**
 * Check a whole account. Returns every problem found (empty when valid); never throws.
 */
export function validateAccount(account: AccountConfig): readonly ConfigProblem[] {
  const p = new ProblemCollector();
  if (!isDnsLabel(account.name)) {
    p.add('name', `must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got ${show(account.name)}; it names the Pulumi stack and the dist/ folder.`);
  }
  if (typeof account.accountId !== 'string' || !/^\d{12}$/.test(account.accountId)) {
    p.add('accountId', `must be the 12-digit AWS account id (as a string, to keep leading zeros), got ${show(account.accountId)}.`);
  }
  if (!(AWS_REGIONS as readonly string[]).includes(account.region)) {
    p.add('region', `must be an AWS region where EKS runs, e.g. 'us-east-1', got ${show(account.region)}. Known regions: ${AWS_REGIONS.join(', ')}.`);
  }
  if (typeof account.profile !== 'string' || account.profile.trim() === '') {
    p.add('profile', `must name the AWS CLI profile that reaches account ${show(account.accountId)} (see ~/.aws/config), got ${show(account.profile)}.`);
  }
  for (const [key, value] of Object.entries(account.tags ?? {})) {
    if (key.length === 0 || key.length > 128 || key.startsWith('aws:')) {
      p.add(`tags.${key}`, `tag keys must be 1-128 characters and not start with 'aws:', got ${show(key)}.`);
    }
    if (typeof value !== 'string' || value.length > 256) p.add(`tags.${key}`, `tag values must be strings of at most 256 characters, got ${show(value)}.`);
  }
  if (!Array.isArray(account.clusters) || account.clusters.length === 0) {
    p.add('clusters', 'must list at least one cluster.');
    return p.problems;
  }
  const seen = new Map<string, number>();
  account.clusters.forEach((cluster, i) => {
    const path = `clusters[${i}]`;
    const first = seen.get(cluster.name);
    if (first !== undefined) {
      p.add(`${path}.name`, `duplicates clusters[${first}].name ${show(cluster.name)}; cluster names must be unique in an account.`);
    } else {
      seen.set(cluster.name, i);
    }
    validateCluster(account, cluster, path, p);
  });
  validateVpcsOfAccount(account, p);
  validateIpBudget(account, p);
  validateAccountServices(account, 'services', p);
  return p.problems;
}

/** Throw an {@link AccountConfigError} listing every problem when the account is invalid. */
export function assertValidAccount(account: AccountConfig): void {
  const problems = validateAccount(account);
  if (problems.length > 0) throw new AccountConfigError(String(account.name), problems);
}

function validateCluster(account: AccountConfig, cluster: ClusterConfig, path: string, p: ProblemCollector): void {
  if (typeof cluster.name !== 'string' || !EKS_CLUSTER_NAME.test(cluster.name)) {
    p.add(`${path}.name`, `must be a valid EKS cluster name (1-100 letters, digits, '-' or '_', starting with a letter or digit), got ${show(cluster.name)}.`);
  }
  if (!(SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(cluster.version)) {
    p.add(`${path}.version`, `must be a Kubernetes version EKS supports (${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}), got ${show(cluster.version)}.`);
  }
  const modes = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'];
  if (cluster.authenticationMode !== undefined && !modes.includes(cluster.authenticationMode)) {
    p.add(`${path}.authenticationMode`, `must be one of ${modes.join(', ')}, got ${show(cluster.authenticationMode)}.`);
  }
  validateEndpoint(cluster.endpoint ?? {}, `${path}.endpoint`, p);
  const azs = validateNetwork(account, cluster.network, `${path}.network`, p);
  validateNodeGroups(cluster, azs, `${path}.nodeGroups`, p);
  validateIdentities(account, cluster, `${path}.identities`, p);
  (cluster.extraNodeRoleArns ?? []).forEach((arn, i) => {
    const parsed = parseIamArn(arn);
    if (!parsed || parsed.principalType !== 'role') {
      p.add(`${path}.extraNodeRoleArns[${i}]`, `must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got ${show(arn)}.`);
    }
  });
  validateStorage(cluster.storage ?? {}, `${path}.storage`, p);
  validateTenancyMigration(cluster, `${path}.tenancyMigration`, p);
  validateEksAddons(cluster, `${path}.eksAddons`, p);
  const addons = cluster.addons ?? {};
  if (addons.clusterAutoscaler) validateClusterAutoscalerConfig(addons.clusterAutoscaler, `${path}.addons.clusterAutoscaler`, p);
  if (addons.fluentBit) validateFluentBitConfig(addons.fluentBit, `${path}.addons.fluentBit`, p);
  if (addons.loki) validateLokiConfig(addons.loki, `${path}.addons.loki`, p);
  if (addons.syslogNg) validateSyslogNgConfig(addons.syslogNg, `${path}.addons.syslogNg`, p);
  if (addons.fluentBit && addons.loki) validateFluentBitTenant(addons.fluentBit, addons.loki, `${path}.addons.fluentBit`, p);
  if (addons.fluentBit && !addons.loki) {
    p.add(`${path}.addons.fluentBit`, 'ships logs to Loki, but addons.loki is not configured; add a loki section or remove fluentBit.');
  }
}

function validateEndpoint(endpoint: EndpointAccessConfig, path: string, p: ProblemCollector): void {
  const cidrs = endpoint.publicAccessCidrs ?? [];
  cidrs.forEach((text, i) => {
    const c = parseCidr(text);
    if (!c) p.add(`${path}.publicAccessCidrs[${i}]`, `must be an IPv4 CIDR like '203.0.113.0/24', got ${show(text)}.`);
    else if (c.prefix === 0) p.add(`${path}.publicAccessCidrs[${i}]`, `must not open the API server to the whole internet, got ${show(text)}; list your office/VPN ranges instead.`);
  });
  if (endpoint.privateAccess === false && cidrs.length === 0) {
    p.add(`${path}.privateAccess`, 'is false and no publicAccessCidrs are set, so nothing could reach the API server; set privateAccess to true.');
  }
}

/** Validates the network; returns the AZs that have a private subnet. */
function validateNetwork(account: AccountConfig, network: NetworkConfig, path: string, p: ProblemCollector): Set<string> {
  const azs = new Set<string>();
  if (!network || (network.mode !== 'existing' && network.mode !== 'managed')) {
    p.add(`${path}.mode`, `must be 'existing' (a VPC by id) or 'managed' (the library creates one), got ${show((network as { mode?: unknown } | undefined)?.mode)}.`);
    return azs;
  }
  if (network.mode === 'existing' && !VPC_ID.test(network.vpcId)) {
    p.add(`${path}.vpcId`, `must be a VPC id like 'vpc-0123456789abcdef0', got ${show(network.vpcId)}.`);
  }
  const vpc = parseCidr(network.vpcCidr);
  if (!vpc) p.add(`${path}.vpcCidr`, `must be an IPv4 CIDR on its network boundary, like '10.20.0.0/16', got ${show(network.vpcCidr)}.`);
  else if (vpc.prefix < 16 || vpc.prefix > 28) p.add(`${path}.vpcCidr`, `must have a prefix between /16 and /28 (the VPC limits), got ${show(network.vpcCidr)}.`);
  const all: { cidr: Cidr; path: string }[] = [];
  const check = (kind: 'privateSubnets' | 'publicSubnets', subnets: readonly { cidr: string; availabilityZone: string; id?: string }[]) => {
    subnets.forEach((s, i) => {
      const sp = `${path}.${kind}[${i}]`;
      if (network.mode === 'existing' && !SUBNET_ID.test(s.id ?? '')) p.add(`${sp}.id`, `must be a subnet id like 'subnet-0123456789abcdef0', got ${show(s.id)}.`);
      const az = s.availabilityZone;
      if (typeof az !== 'string' || !new RegExp(`^${account.region}[a-z]$`).test(az)) {
        p.add(`${sp}.availabilityZone`, `must be an availability zone of region ${show(account.region)} (e.g. '${account.region}a'), got ${show(az)}.`);
      } else if (kind === 'privateSubnets') {
        azs.add(az);
      }
      const c = parseCidr(s.cidr);
      if (!c) {
        p.add(`${sp}.cidr`, `must be an IPv4 CIDR on its network boundary, like '10.20.0.0/19', got ${show(s.cidr)}.`);
        return;
      }
      if (vpc && !cidrContains(vpc, c)) p.add(`${sp}.cidr`, `${show(s.cidr)} is not inside the VPC CIDR ${show(network.vpcCidr)}.`);
      for (const other of all) {
        if (cidrsOverlap(other.cidr, c)) p.add(`${sp}.cidr`, `${show(s.cidr)} overlaps ${other.path}.cidr ${show(other.cidr.text)}; subnets of a VPC must not overlap.`);
      }
      all.push({ cidr: c, path: sp });
    });
  };
  check('privateSubnets', network.privateSubnets ?? []);
  check('publicSubnets', network.publicSubnets ?? []);
  if (azs.size < 2) {
    p.add(`${path}.privateSubnets`, `must span at least two availability zones (EKS requires it), got ${azs.size} (${[...azs].join(', ') || 'none'}).`);
  }
  return azs;
}

/** Clusters of one account whose VPCs differ must not have overlapping VPC CIDRs (peering, routing). */
function validateVpcsOfAccount(account: AccountConfig, p: ProblemCollector): void {
  const vpcs: { key: string; cidr: Cidr; path: string }[] = [];
  account.clusters.forEach((cluster, i) => {
    const n = cluster.network;
    const c = n && parseCidr(n.vpcCidr);
    if (!c) return;
    const key = n.mode === 'existing' ? n.vpcId : `managed:${cluster.name}`;
    for (const other of vpcs) {
      if (other.key === key) {
        if (other.cidr.text !== c.text) p.add(`clusters[${i}].network.vpcCidr`, `VPC ${show(key)} is given CIDR ${show(c.text)} here but ${show(other.cidr.text)} at ${other.path}; one VPC has one CIDR.`);
      } else if (cidrsOverlap(other.cidr, c)) {
        p.add(`clusters[${i}].network.vpcCidr`, `${show(c.text)} overlaps the VPC CIDR ${show(other.cidr.text)} at ${other.path}; VPCs of one account must not overlap.`);
      }
    }
    vpcs.push({ key, cidr: c, path: `clusters[${i}].network.vpcCidr` });
  });
}

function validateNodeGroups(cluster: ClusterConfig, azs: Set<string>, path: string, p: ProblemCollector): void {
  if (!Array.isArray(cluster.nodeGroups) || cluster.nodeGroups.length === 0) {
    p.add(path, 'must list at least one managed node group.');
    return;
  }
  const names = new Map<string, number>();
  cluster.nodeGroups.forEach((g, i) => validateNodeGroup(g, azs, `${path}[${i}]`, names, i, p));
}

function validateNodeGroup(g: NodeGroupConfig, azs: Set<string>, path: string, names: Map<string, number>, i: number, p: ProblemCollector): void {
  if (!isDnsLabel(g.name) || g.name.length > 40) {
    p.add(`${path}.name`, `must be a DNS-1123 label of at most 40 characters (it names IAM roles and launch templates), got ${show(g.name)}.`);
  }
  const first = names.get(g.name);
  if (first !== undefined) p.add(`${path}.name`, `duplicates nodeGroups[${first}].name ${show(g.name)}; node group names must be unique in a cluster.`);
  else names.set(g.name, i);
  if (!Array.isArray(g.instanceTypes) || g.instanceTypes.length === 0) {
    p.add(`${path}.instanceTypes`, "must list at least one EC2 instance type, e.g. ['m6i.xlarge'].");
  } else {
    g.instanceTypes.forEach((t, j) => {
      if (!INSTANCE_TYPE.test(t)) p.add(`${path}.instanceTypes[${j}]`, `must be an EC2 instance type like 'm6i.xlarge', got ${show(t)}.`);
    });
  }
  if (g.tenancy !== 'dedicated' && g.tenancy !== 'default') {
    p.add(`${path}.tenancy`, `must be 'dedicated' or 'default', got ${show(g.tenancy)}.`);
  }
  for (const field of ['minSize', 'desiredSize', 'maxSize'] as const) {
    if (!isCount(g[field])) p.add(`${path}.${field}`, `must be a whole number of at least 0, got ${show(g[field])}.`);
  }
  if (isCount(g.minSize) && isCount(g.desiredSize) && g.minSize > g.desiredSize) {
    p.add(`${path}.minSize`, `must not exceed desiredSize (${g.desiredSize}), got ${g.minSize}.`);
  }
  if (isCount(g.desiredSize) && isCount(g.maxSize) && g.desiredSize > g.maxSize) {
    p.add(`${path}.desiredSize`, `must not exceed maxSize (${g.maxSize}), got ${g.desiredSize}.`);
  }
  if (isCount(g.maxSize) && g.maxSize < 1) p.add(`${path}.maxSize`, `must be at least 1 (EKS requires it), got ${g.maxSize}.`);
  if (g.diskSizeGiB !== undefined && (!Number.isInteger(g.diskSizeGiB) || g.diskSizeGiB < 20 || g.diskSizeGiB > 16384)) {
    p.add(`${path}.diskSizeGiB`, `must be a whole number of GiB between 20 and 16384, got ${show(g.diskSizeGiB)}.`);
  }
  if (g.capacityType !== undefined && g.capacityType !== 'ON_DEMAND' && g.capacityType !== 'SPOT') {
    p.add(`${path}.capacityType`, `must be 'ON_DEMAND' or 'SPOT', got ${show(g.capacityType)}.`);
  }
  if (g.capacityType === 'SPOT' && g.tenancy === 'dedicated') {
    p.add(`${path}.capacityType`, "is 'SPOT', but dedicated tenancy needs on-demand instances; use 'ON_DEMAND' or tenancy 'default'.");
  }
  for (const [key, value] of Object.entries(g.labels ?? {})) {
    if (!isQualifiedName(key)) p.add(`${path}.labels`, `key ${show(key)} is not a valid Kubernetes label key ([prefix/]name, name at most 63 characters).`);
    if (!isLabelValue(value)) p.add(`${path}.labels.${key}`, `must be a valid label value (at most 63 letters, digits, '-', '_', '.'), got ${show(value)}.`);
  }
  (g.taints ?? []).forEach((t, j) => {
    if (!isQualifiedName(t.key)) p.add(`${path}.taints[${j}].key`, `must be a valid Kubernetes taint key, got ${show(t.key)}.`);
    if (t.value !== undefined && !isLabelValue(t.value)) p.add(`${path}.taints[${j}].value`, `must be a valid taint value, got ${show(t.value)}.`);
    if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) {
      p.add(`${path}.taints[${j}].effect`, `must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute', got ${show(t.effect)}.`);
    }
  });
  (g.availabilityZones ?? []).forEach((az, j) => {
    if (!azs.has(az)) p.add(`${path}.availabilityZones[${j}]`, `${show(az)} has no private subnet in this cluster's network (private subnet AZs: ${[...azs].join(', ') || 'none'}).`);
  });
  if (g.availabilityZones !== undefined && g.availabilityZones.length === 0) {
    p.add(`${path}.availabilityZones`, 'must list at least one availability zone, or be left out to use every AZ of the private subnets.');
  }
}

function validateIdentities(account: AccountConfig, cluster: ClusterConfig, path: string, p: ProblemCollector): void {
  const seen = new Map<string, number>();
  const nodeRoles = new Set((cluster.nodeGroups ?? []).map((g) => nodeRoleArn(account.accountId, cluster.name, g.name)));
  (cluster.identities ?? []).forEach((m, i) => {
    const ip = `${path}[${i}]`;
    validateIdentity(account, m, ip, p);
    const key = pathlessArn(m.arn);
    const first = seen.get(key);
    if (first !== undefined) {
      p.add(`${ip}.arn`, `maps ${show(m.arn)} again (already mapped at ${path}[${first}]); give each principal one mapping, with the widest access it needs.`);
    } else {
      seen.set(key, i);
    }
    if (nodeRoles.has(key)) p.add(`${ip}.arn`, `${show(m.arn)} is a node group's role; node roles are mapped automatically, remove this mapping.`);
  });
}

function validateIdentity(account: AccountConfig, m: IdentityMapping, path: string, p: ProblemCollector): void {
  const parsed = typeof m.arn === 'string' ? parseIamArn(m.arn) : undefined;
  if (!parsed) {
    const hint = typeof m.arn === 'string' && m.arn.includes(':assumed-role/')
      ? " This is an STS assumed-role session ARN: map the role itself, 'arn:aws:iam::<account>:role/<name>'."
      : '';
    p.add(`${path}.arn`, `must be an IAM role or user ARN like 'arn:aws:iam::111122223333:role/platform-admin', got ${show(m.arn)}.${hint}`);
  } else if (/^\d{12}$/.test(String(account.accountId)) && parsed.accountId !== account.accountId && !m.crossAccount) {
    p.add(`${path}.arn`, `${show(m.arn)} belongs to account ${parsed.accountId}, not this account (${account.accountId}); set crossAccount: true if that is intended.`);
  }
  if (m.username !== undefined && (m.username.trim() === '' || m.username.startsWith('system:'))) {
    p.add(`${path}.username`, `must be non-empty and must not start with 'system:' (reserved for Kubernetes), got ${show(m.username)}.`);
  }
  const access = m.access;
  switch (access?.kind) {
    case 'admin':
    case 'view':
      return;
    case 'deploy':
      validateNamespaces(access.namespaces, `${path}.access.namespaces`, true, p);
      return;
    case 'custom':
      if (!Array.isArray(access.groups) || access.groups.length === 0) {
        p.add(`${path}.access.groups`, 'must list at least one Kubernetes group.');
      }
      (access.groups ?? []).forEach((g, j) => {
        if (typeof g !== 'string' || g.trim() === '') p.add(`${path}.access.groups[${j}]`, `must be a non-empty group name, got ${show(g)}.`);
        else if (g.startsWith('system:')) p.add(`${path}.access.groups[${j}]`, `must not be a 'system:' group, got ${show(g)}; use access kind 'admin' for cluster administrators.`);
        else if (g.startsWith('eks-platform:')) p.add(`${path}.access.groups[${j}]`, `must not use the library's reserved 'eks-platform:' prefix, got ${show(g)}; use access kind 'view' or 'deploy'.`);
      });
      (access.rules ?? []).forEach((r, j) => {
        for (const f of ['apiGroups', 'resources', 'verbs'] as const) {
          if (!Array.isArray(r[f]) || r[f].length === 0) p.add(`${path}.access.rules[${j}].${f}`, `must list at least one entry, got ${show(r[f])}.`);
        }
      });
      if (access.namespaces !== undefined) validateNamespaces(access.namespaces, `${path}.access.namespaces`, false, p);
      if (access.namespaces !== undefined && access.rules === undefined) {
        p.add(`${path}.access.namespaces`, 'only scopes rules, but no rules are given; add rules or remove namespaces.');
      }
      return;
    default:
      p.add(`${path}.access.kind`, `must be 'admin', 'view', 'deploy' or 'custom', got ${show((access as { kind?: unknown } | undefined)?.kind)}.`);
  }
}

function validateNamespaces(namespaces: readonly string[] | undefined, path: string, forDeploy: boolean, p: ProblemCollector): void {
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    p.add(path, 'must list at least one namespace.');
    return;
  }
  const seen = new Set<string>();
  namespaces.forEach((ns, i) => {
    if (!isDnsLabel(ns)) p.add(`${path}[${i}]`, `must be a DNS-1123 label, got ${show(ns)}.`);
    else if (forDeploy && (BUILTIN_NAMESPACES as readonly string[]).includes(ns) && ns !== 'default') {
      p.add(`${path}[${i}]`, `must not be a system namespace, got ${show(ns)}; deployers get edit rights there, which would let them change cluster components.`);
    }
    if (seen.has(ns)) p.add(`${path}[${i}]`, `lists ${show(ns)} twice.`);
    seen.add(ns);
  });
}

function validateStorage(storage: StorageConfig, path: string, p: ProblemCollector): void {
  if (storage.kmsKeyArn !== undefined && !KMS_KEY_ARN.test(storage.kmsKeyArn)) {
    p.add(`${path}.kmsKeyArn`, `must be a KMS key or alias ARN like 'arn:aws:kms:us-east-1:111122223333:key/<uuid>', got ${show(storage.kmsKeyArn)}.`);
  }
  if (storage.reclaimPolicy !== undefined && storage.reclaimPolicy !== 'Retain' && storage.reclaimPolicy !== 'Delete') {
    p.add(`${path}.reclaimPolicy`, `must be 'Retain' or 'Delete', got ${show(storage.reclaimPolicy)}.`);
  }
}
