/**
 * `validateAccount()`: every problem of an account's configuration at once, each naming the
 * field path, the value received and the fix. Nothing is built from an invalid account.
 */
import { validateControlPlaneLogs } from './control-plane-logs';
import { validateDeployer } from './deployer';
import { validateVersionSupport } from './versions';
import {
  AWS_REGIONS, SUPPORTED_KUBERNETES_VERSIONS,
} from './constants';
import { parseIamArn, principalKey, validateIdentityMappings, type KnownNodeRole } from './identity';
import { twinName, validateTenancyMigration } from './migration';
import { validateIpBudget } from './ip-budget';
import { cidrContains, cidrsOverlap, parseCidr, type Cidr } from './network';
import { AccountConfigError, ProblemCollector, isRecord, show, type ConfigProblem } from './problems';
import type {
  AccountConfig, ClusterConfig, EndpointAccessConfig, NetworkConfig, NodeGroupConfig, StorageConfig,
} from './types';
import { validateAccountServices, validateEksAddons } from './aws-services';
import { validateArgoWorkflowsConfig } from './addons/argo-workflows';
import { validateClusterAutoscalerConfig } from './addons/cluster-autoscaler';
import { validateFluentBitConfig, validateFluentBitTenant } from './addons/fluent-bit';
import { validateLokiConfig } from './addons/loki';
import { validateMetricsConfig } from './addons/metrics';
import { validateAlertRulesAddons } from './addons/alert-rules';
import { validateSyslogNgConfig } from './addons/syslog-ng';
import { validateJenkinsConfig } from './addons/jenkins';
import { validateJenkinsDeployRole } from './addons/jenkins-deploy';
import { jenkinsDeployRoleArn, nodeRoleArn } from '../names';
import { isDnsLabel, isLabelValue, matches } from './labels';
import { validateNodeGroups } from './node-groups';
import { groupNodeRoleArn, validateControlPlane } from './control-plane';
import { validateTenants } from './tenants';
import { validateKnownKeys } from './unknown-keys';

const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** A KMS key ARN (single-Region key id, or `mrk-` multi-Region key id) or alias ARN. */
const KMS_KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):\d{12}:(key\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias\/[A-Za-z0-9/_-]+)$/;

/**
 * The first value under `value` that no field of the account model takes (`null`, a bigint, a
 * symbol, a function), with its path; `undefined` when there is none. The sections other
 * modules check (add-ons, EKS add-ons, the migration, services) are screened with it first,
 * since their validators assume the declared types.
 */
function findOddValue(value: unknown, path: string): { path: string; value: unknown } | undefined {
  if (value === null || ['bigint', 'symbol', 'function'].includes(typeof value)) return { path, value };
  if (typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value as object)) {
    const found = findOddValue(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`);
    if (found) return found;
  }
  return undefined;
}

/** Reports the odd value of a section other modules check; true when there is none. */
function screened(section: unknown, path: string, p: ProblemCollector): boolean {
  const odd = findOddValue(section, path);
  if (odd) p.add(odd.path, `must be left out or hold a value of its type (a string, number, boolean, list or object), got ${show(odd.value)}.`);
  return odd === undefined;
}

/**
 * True when every container of a cluster (network, subnets, node groups, their taints,
 * identities, the migration and service sections) has the shape its type declares, so the
 * validators of other modules that assume the types can walk it. Problems of shape are
 * reported by this module's validators; this only decides whether the others may run.
 */
function isWellFormed(c: unknown): c is ClusterConfig {
  const listOf = (v: unknown, each: (x: unknown) => boolean) => Array.isArray(v) && v.every(each);
  const optionalListOf = (v: unknown, each: (x: unknown) => boolean) => v === undefined || listOf(v, each);
  if (!isRecord(c) || !isRecord(c.network) || findOddValue(c, '') !== undefined) return false;
  return listOf(c.network.privateSubnets, isRecord) && optionalListOf(c.network.publicSubnets, isRecord)
    && listOf(c.nodeGroups, (g) => isRecord(g) && Array.isArray(g.instanceTypes) && optionalListOf(g.taints, isRecord)
      && optionalListOf(g.availabilityZones, () => true) && (g.labels === undefined || isRecord(g.labels)))
    && optionalListOf(c.identities, (m) => isRecord(m) && (m.access === undefined || isRecord(m.access)))
    && optionalListOf(c.extraNodeRoleArns, () => true)
    && (c.tenancyMigration === undefined || isRecord(c.tenancyMigration))
    && (c.eksAddons === undefined || isRecord(c.eksAddons))
    && (c.addons === undefined || isRecord(c.addons));
}

/**
 * Check a whole account. Returns every problem found (empty when valid); never throws, whatever
 * it is given (a field of the wrong type is a problem like any other).
 */
export function validateAccount(account: AccountConfig): readonly ConfigProblem[] {
  const p = new ProblemCollector();
  if (!isRecord(account)) {
    p.add('(account)', `must be an AccountConfig object, got ${show(account)}.`);
    return p.problems;
  }
  validateKnownKeys(account, p);
  if (!isDnsLabel(account.name)) {
    p.add('name', `must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got ${show(account.name)}; it names the Pulumi stack and the dist/ folder.`);
  }
  if (typeof account.accountId !== 'string' || !/^\d{12}$/.test(account.accountId)) {
    p.add('accountId', `must be the 12-digit AWS account id (as a string, to keep leading zeros), got ${show(account.accountId)}.`);
  }
  if (!(AWS_REGIONS as readonly unknown[]).includes(account.region)) {
    p.add('region', `must be an AWS region where EKS runs, e.g. 'us-east-1', got ${show(account.region)}. Known regions: ${AWS_REGIONS.join(', ')}.`);
  }
  if (typeof account.profile !== 'string' || account.profile.trim() === '') {
    p.add('profile', `must name the AWS CLI profile that reaches account ${show(account.accountId)} (see ~/.aws/config), got ${show(account.profile)}.`);
  }
  if (account.tags !== undefined && !isRecord(account.tags)) {
    p.add('tags', `must map tag keys to values, got ${show(account.tags)}.`);
  }
  for (const [key, value] of Object.entries(isRecord(account.tags) ? account.tags : {})) {
    if (key.length === 0 || key.length > 128 || key.toLowerCase().startsWith('aws:')) {
      p.add(`tags.${key}`, `tag keys must be 1-128 characters and not start with 'aws:', got ${show(key)}.`);
    }
    if (typeof value !== 'string' || value.length > 256) p.add(`tags.${key}`, `tag values must be strings of at most 256 characters, got ${show(value)}.`);
  }
  if (!Array.isArray(account.clusters) || account.clusters.length === 0) {
    p.add('clusters', `must list at least one cluster, got ${show(account.clusters)}.`);
    return p.problems;
  }
  const seen = new Map<unknown, number>();
  account.clusters.forEach((cluster: unknown, i) => {
    const path = `clusters[${i}]`;
    if (!isRecord(cluster)) {
      p.add(path, `must be a cluster object ({ name, version, network, nodeGroups, ... }), got ${show(cluster)}.`);
      return;
    }
    const first = seen.get(cluster.name);
    if (first !== undefined) {
      p.add(`${path}.name`, `duplicates clusters[${first}].name ${show(cluster.name)}; cluster names must be unique in an account.`);
    } else {
      seen.set(cluster.name, i);
    }
    validateCluster(account, cluster as unknown as ClusterConfig, path, p);
  });
  validateVpcsOfAccount(account, p);
  validateDeployer(account, p);
  // These walk every cluster assuming the declared types; shape problems are reported above.
  if (account.services !== undefined && !isRecord(account.services)) p.add('services', `must be an object, got ${show(account.services)}.`);
  const servicesOk = account.services === undefined || (isRecord(account.services) && screened(account.services, 'services', p));
  if (account.clusters.every(isWellFormed)) {
    validateIpBudget(account, p);
    if (servicesOk) validateAccountServices(account, 'services', p);
  }
  return p.problems;
}

/** Throw an {@link AccountConfigError} listing every problem when the account is invalid. */
export function assertValidAccount(account: AccountConfig): void {
  const problems = validateAccount(account);
  if (problems.length > 0) throw new AccountConfigError(String(isRecord(account) ? account.name : account), problems);
}

function validateCluster(account: AccountConfig, cluster: ClusterConfig, path: string, p: ProblemCollector): void {
  if (!matches(EKS_CLUSTER_NAME, cluster.name)) {
    p.add(`${path}.name`, `must be a valid EKS cluster name (1-100 letters, digits, '-' or '_', starting with a letter or digit), got ${show(cluster.name)}.`);
  } else if (!isLabelValue(cluster.name)) {
    p.add(`${path}.name`, `must be at most 63 characters and end with a letter or digit, got ${show(cluster.name)}: it is the value of the 'eks-platform.io/cluster' label on every Kubernetes object, and label values have those limits.`);
  }
  if (!(SUPPORTED_KUBERNETES_VERSIONS as readonly unknown[]).includes(cluster.version)) {
    p.add(`${path}.version`, `must be a Kubernetes version EKS supports (${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}), got ${showVersion(cluster.version)}.`);
  } else validateVersionSupport(cluster, path, p);
  validateControlPlaneLogs(cluster, `${path}.controlPlaneLogs`, p);
  if (cluster.adoptNodeAccessEntries !== undefined && typeof cluster.adoptNodeAccessEntries !== 'boolean') {
    p.add(`${path}.adoptNodeAccessEntries`, `must be true or false, got ${show(cluster.adoptNodeAccessEntries)}.`);
  }
  const modes: unknown[] = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'];
  if (cluster.authenticationMode !== undefined && !modes.includes(cluster.authenticationMode)) {
    p.add(`${path}.authenticationMode`, `must be one of ${modes.join(', ')}, got ${show(cluster.authenticationMode)}.`);
  }
  if (cluster.endpoint !== undefined && !isRecord(cluster.endpoint)) p.add(`${path}.endpoint`, `must be an object, got ${show(cluster.endpoint)}.`);
  else validateEndpoint(cluster.endpoint ?? {}, `${path}.endpoint`, p);
  const azs = validateNetwork(account, cluster.network, `${path}.network`, p);
  validateNodeGroups(cluster, azs, `${path}.nodeGroups`, p);
  validateControlPlane(cluster, account.accountId, path, p);
  const nodeRoles = validateNodeRoles(account, cluster, path, p);
  const accountId = matches(/^\d{12}$/, account.accountId) ? account.accountId : undefined;
  validateIdentityMappings(cluster.identities, `${path}.identities`, p, { accountId, nodeRoles });
  validateTenants(cluster.tenants, cluster.identities, `${path}.tenants`, p);
  if (cluster.storage !== undefined && !isRecord(cluster.storage)) p.add(`${path}.storage`, `must be an object, got ${show(cluster.storage)}.`);
  else validateStorageConfig(cluster.storage ?? {}, `${path}.storage`, p, account.region);
  // The sections below are checked by their own modules, which assume the declared types.
  const sections = (['tenancyMigration', 'eksAddons', 'addons'] as const).filter((section) => {
    const value: unknown = cluster[section];
    if (value !== undefined && !isRecord(value)) p.add(`${path}.${section}`, `must be an object, got ${show(value)}.`);
    return isRecord(value) && screened(value, `${path}.${section}`, p);
  });
  if (!isWellFormed(cluster)) return;
  if (sections.includes('tenancyMigration')) validateTenancyMigration(cluster, `${path}.tenancyMigration`, p);
  if (cluster.eksAddons === undefined || sections.includes('eksAddons')) validateEksAddons(cluster, `${path}.eksAddons`, p);
  if (cluster.addons !== undefined && !sections.includes('addons')) return;
  const addons = cluster.addons ?? {};
  for (const [name, section] of Object.entries(addons)) {
    if (section !== undefined && !isRecord(section)) p.add(`${path}.addons.${name}`, `must be an object, got ${show(section)}.`);
  }
  if (Object.values(addons).some((section) => section !== undefined && !isRecord(section))) return;
  if (addons.clusterAutoscaler) validateClusterAutoscalerConfig(addons.clusterAutoscaler, `${path}.addons.clusterAutoscaler`, p);
  if (addons.fluentBit) validateFluentBitConfig(addons.fluentBit, `${path}.addons.fluentBit`, p);
  if (addons.loki) validateLokiConfig(addons.loki, `${path}.addons.loki`, p);
  if (addons.syslogNg) validateSyslogNgConfig(addons.syslogNg, `${path}.addons.syslogNg`, p);
  if (addons.metrics) validateMetricsConfig(addons.metrics, `${path}.addons.metrics`, p);
  if (addons.metrics?.alerts) validateAlertRulesAddons(addons.metrics.alerts, new Set(Object.keys(addons)), `${path}.addons.metrics.alerts`, p);
  if (addons.jenkins) validateJenkinsConfig(addons.jenkins, `${path}.addons.jenkins`, p);
  if (addons.jenkinsDeployRole && matches(/^\d{12}$/, account.accountId) && typeof cluster.name === 'string') {
    validateJenkinsDeployRole(addons.jenkinsDeployRole, jenkinsDeployRoleArn(account.accountId, cluster.name), cluster.identities, `${path}.addons.jenkinsDeployRole`, `${path}.identities`, p);
  }
  if (addons.argoWorkflows) validateArgoWorkflowsConfig(addons.argoWorkflows, `${path}.addons.argoWorkflows`, p);
  if (addons.fluentBit && addons.loki) validateFluentBitTenant(addons.fluentBit, addons.loki, `${path}.addons.fluentBit`, p);
  if (addons.fluentBit && !addons.loki) {
    p.add(`${path}.addons.fluentBit`, 'ships logs to Loki, but addons.loki is not configured; add a loki section or remove fluentBit.');
  }
}

/**
 * A version as received. A number lost its spelling (`1.30` arrives as `1.3`), so it is shown
 * with the supported versions it could have been written as.
 */
function showVersion(version: unknown): string {
  if (typeof version !== 'number') return show(version);
  // Kubernetes minors below 10 are long gone: a number with one decimal lost its trailing zero.
  const written = SUPPORTED_KUBERNETES_VERSIONS.find((v) => Number(v) === version) ?? String(version).replace(/^\d+\.\d$/, (n) => `${n}0`);
  return `${show(version)} (a number: write '${written}' as a string)`;
}

/**
 * Checks `extraNodeRoleArns`; returns every role mapped as nodes (node groups', their blue-green
 * twins', the extra ones), which identities must not map again.
 */
function validateNodeRoles(account: AccountConfig, cluster: ClusterConfig, path: string, p: ProblemCollector): KnownNodeRole[] {
  const roles: KnownNodeRole[] = [];
  const named = typeof account.accountId === 'string' && typeof cluster.name === 'string';
  for (const g of named && Array.isArray(cluster.nodeGroups) ? cluster.nodeGroups : []) {
    if (!isRecord(g) || typeof g.name !== 'string') continue;
    roles.push({ arn: groupNodeRoleArn(account.accountId, cluster.name, g as unknown as NodeGroupConfig), description: "a node group's role" });
    if (g.tenancy === 'dedicated') {
      roles.push({ arn: nodeRoleArn(account.accountId, cluster.name, twinName(g.name)), description: `the role of the tenancy-migration twin of node group ${show(g.name)}` });
    }
  }
  const extra: unknown = cluster.extraNodeRoleArns;
  if (extra !== undefined && !Array.isArray(extra)) {
    p.add(`${path}.extraNodeRoleArns`, `must be a list of IAM role ARNs, got ${show(extra)}.`);
    return roles;
  }
  const keys = new Map(roles.map((r) => [principalKey(r.arn), r.description]));
  (extra ?? []).forEach((arn: unknown, i: number) => {
    const parsed = typeof arn === 'string' ? parseIamArn(arn) : undefined;
    if (!parsed || parsed.principalType !== 'role') {
      p.add(`${path}.extraNodeRoleArns[${i}]`, `must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got ${show(arn)}.`);
      return;
    }
    const key = principalKey(arn as string);
    const known = keys.get(key);
    if (known !== undefined) {
      p.add(`${path}.extraNodeRoleArns[${i}]`, `${show(arn)} is already mapped as ${known}; list each node role once.`);
      return;
    }
    keys.set(key, 'listed in extraNodeRoleArns');
    roles.push({ arn: arn as string, description: 'listed in extraNodeRoleArns' });
  });
  return roles;
}

function validateEndpoint(endpoint: EndpointAccessConfig, path: string, p: ProblemCollector): void {
  const cidrs: unknown = endpoint.publicAccessCidrs ?? [];
  if (!Array.isArray(cidrs)) p.add(`${path}.publicAccessCidrs`, `must be a list of IPv4 CIDRs, got ${show(cidrs)}.`);
  (Array.isArray(cidrs) ? cidrs : []).forEach((text: unknown, i) => {
    const c = typeof text === 'string' ? parseCidr(text) : undefined;
    if (!c) p.add(`${path}.publicAccessCidrs[${i}]`, `must be an IPv4 CIDR like '203.0.113.0/24', got ${show(text)}.`);
    else if (c.prefix === 0) p.add(`${path}.publicAccessCidrs[${i}]`, `must not open the API server to the whole internet, got ${show(text)}; list your office/VPN ranges instead.`);
  });
  if (endpoint.privateAccess !== undefined && typeof endpoint.privateAccess !== 'boolean') {
    p.add(`${path}.privateAccess`, `must be true or false, got ${show(endpoint.privateAccess)}.`);
  } else if (endpoint.privateAccess === false && Array.isArray(cidrs) && cidrs.length === 0) {
    p.add(`${path}.privateAccess`, 'is false and no publicAccessCidrs are set, so nothing could reach the API server; set privateAccess to true.');
  }
}

/** Validates the network; returns the AZs that have a private subnet. */
function validateNetwork(account: AccountConfig, network: NetworkConfig, path: string, p: ProblemCollector): Set<string> {
  const azs = new Set<string>();
  if (!isRecord(network) || (network.mode !== 'existing' && network.mode !== 'managed')) {
    p.add(`${path}.mode`, `must be 'existing' (a VPC by id) or 'managed' (the library creates one), got ${show(isRecord(network) ? network.mode : network)}.`);
    return azs;
  }
  if (network.mode === 'existing' && !matches(VPC_ID, network.vpcId)) {
    p.add(`${path}.vpcId`, `must be a VPC id like 'vpc-0123456789abcdef0', got ${show(network.vpcId)}.`);
  }
  const vpc = parseCidr(network.vpcCidr);
  if (!vpc) p.add(`${path}.vpcCidr`, `must be an IPv4 CIDR on its network boundary, like '10.20.0.0/16', got ${show(network.vpcCidr)}.`);
  else if (vpc.prefix < 16 || vpc.prefix > 28) p.add(`${path}.vpcCidr`, `must have a prefix between /16 and /28 (the VPC limits), got ${show(network.vpcCidr)}.`);
  const region = (AWS_REGIONS as readonly unknown[]).includes(account.region) ? account.region : undefined;
  const all: { cidr: Cidr; path: string }[] = [];
  const check = (kind: 'privateSubnets' | 'publicSubnets', subnets: unknown) => {
    if (!Array.isArray(subnets)) {
      p.add(`${path}.${kind}`, `must be a list of subnets, got ${show(subnets)}.`);
      return;
    }
    subnets.forEach((s: unknown, i) => {
      const sp = `${path}.${kind}[${i}]`;
      if (!isRecord(s)) {
        p.add(sp, `must be a subnet ({ ${network.mode === 'existing' ? 'id, ' : ''}availabilityZone, cidr }), got ${show(s)}.`);
        return;
      }
      if (network.mode === 'existing' && !matches(SUBNET_ID, s.id)) p.add(`${sp}.id`, `must be a subnet id like 'subnet-0123456789abcdef0', got ${show(s.id)}.`);
      const az = s.availabilityZone;
      if (typeof az !== 'string' || (region !== undefined && !(az.startsWith(region) && /^[a-z]$/.test(az.slice(region.length))))) {
        p.add(`${sp}.availabilityZone`, `must be an availability zone of region ${show(account.region)} (e.g. '${region ?? 'us-east-1'}a'), got ${show(az)}.`);
      } else if (kind === 'privateSubnets') {
        azs.add(az);
      }
      const c = parseCidr(s.cidr as string);
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
  check('privateSubnets', network.privateSubnets);
  check('publicSubnets', network.publicSubnets ?? []);
  if (azs.size < 2) {
    p.add(`${path}.privateSubnets`, `must span at least two availability zones (EKS requires it), got ${azs.size} (${[...azs].join(', ') || 'none'}).`);
  }
  return azs;
}

/** Clusters of one account whose VPCs differ must not have overlapping VPC CIDRs (peering, routing). */
function validateVpcsOfAccount(account: AccountConfig, p: ProblemCollector): void {
  const vpcs: { key: string; cidr: Cidr; path: string }[] = [];
  account.clusters.forEach((cluster: unknown, i) => {
    const n = isRecord(cluster) ? cluster.network : undefined;
    const c = isRecord(n) ? parseCidr(n.vpcCidr as string) : undefined;
    if (!isRecord(cluster) || !isRecord(n) || !c) return;
    const key = n.mode === 'existing' ? String(n.vpcId) : `managed:${String(cluster.name)}`;
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

/**
 * Check a cluster's storage section (also the props of `DefaultStorageClass`); report problems
 * under `path`. With `region`, the KMS key must be in it (EBS volumes use keys of their region).
 */
export function validateStorageConfig(storage: StorageConfig, path: string, p: ProblemCollector, region?: string): void {
  if (storage.kmsKeyArn !== undefined) {
    const m = typeof storage.kmsKeyArn === 'string' ? KMS_KEY_ARN.exec(storage.kmsKeyArn) : null;
    if (!m) {
      p.add(`${path}.kmsKeyArn`, `must be a KMS key or alias ARN like 'arn:aws:kms:us-east-1:111122223333:key/<uuid>', got ${show(storage.kmsKeyArn)}.`);
    } else if (region !== undefined && (AWS_REGIONS as readonly unknown[]).includes(region) && m[1] !== region) {
      p.add(`${path}.kmsKeyArn`, `is a key of region '${m[1]}', but EBS volumes of this account live in ${show(region)} and can only use a key of their own region; use a key (or a multi-Region replica) in ${show(region)}.`);
    }
  }
  if (storage.reclaimPolicy !== undefined && storage.reclaimPolicy !== 'Retain' && storage.reclaimPolicy !== 'Delete') {
    p.add(`${path}.reclaimPolicy`, `must be 'Retain' or 'Delete', got ${show(storage.reclaimPolicy)}.`);
  }
}
