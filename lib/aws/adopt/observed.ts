/**
 * What the config states about an existing control plane, against what AWS reports for it
 * (`aws eks describe-cluster`, or `aws.eks.getClusterOutput` at `pulumi up`): version, endpoint
 * access, control-plane logging, authentication mode, and the VPC. Pure: no Pulumi.
 *
 * An adopted control plane is looked up, never managed, so `pulumi up` changes none of these:
 * each difference is listed with the `aws eks` command that would apply the stated value (or
 * the fix is to state the observed one). Version and authentication mode are *blocking*: the
 * library chooses EKS add-on versions by the version, and access entries or aws-auth by the
 * mode, so a difference there would make `pulumi up` act on a wrong assumption; so is the VPC
 * (the twins of a migration go into the configured subnets).
 */
import type { AccountConfig, AuthenticationMode, ClusterConfig } from '../../config';
import { isRecord } from '../../config/problems';
import { authenticationModeOf, CONTROL_PLANE_LOG_TYPES, endpointArgs } from '../cluster/config';

/** The observed settings of a control plane. */
export interface ObservedControlPlane {
  /** Kubernetes minor version, e.g. `1.31`. */
  readonly version: string;
  /** Private endpoint on. */
  readonly endpointPrivateAccess: boolean;
  /** Public endpoint on. */
  readonly endpointPublicAccess: boolean;
  /** CIDRs allowed to reach the public endpoint (`0.0.0.0/0` when unrestricted). */
  readonly publicAccessCidrs: readonly string[];
  /** Control-plane log types sent to CloudWatch Logs. */
  readonly enabledLogTypes: readonly string[];
  /** Authentication mode (`CONFIG_MAP` for clusters that predate access entries). */
  readonly authenticationMode: string;
  /**
   * The cluster's VPC.
   * @default - not compared
   */
  readonly vpcId?: string;
}

/** One stated-vs-observed difference. */
export interface ControlPlaneDifference {
  /** What differs, e.g. `version`. */
  readonly field: 'version' | 'endpoint' | 'logging' | 'authenticationMode' | 'vpc';
  /** The value the config states. */
  readonly stated: string;
  /** The value AWS reports. */
  readonly observed: string;
  /** True when `pulumi up` must not run until it is resolved (see the module comment). */
  readonly blocking: boolean;
  /** How to resolve it: the command that applies the stated value, or the config change. */
  readonly fix: string;
}

function str(v: unknown, what: string, source: string): string {
  if (typeof v !== 'string') throw new Error(`${source}: ${what} must be a string, got ${JSON.stringify(v)}; give the output of 'aws eks describe-cluster --name <cluster>'.`);
  return v;
}

/** Read `aws eks describe-cluster --name <cluster>` JSON. Throws naming `source` when it is something else. */
export function parseDescribeCluster(text: string, source = 'describe-cluster file'): ObservedControlPlane & { readonly name: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${e instanceof Error ? e.message : String(e)}); give the output of 'aws eks describe-cluster --name <cluster> --output json'.`);
  }
  const c = isRecord(doc) && isRecord(doc.cluster) ? doc.cluster : undefined;
  if (!c) throw new Error(`${source}: has no 'cluster' object; give the output of 'aws eks describe-cluster --name <cluster> --output json'.`);
  const vpc = isRecord(c.resourcesVpcConfig) ? c.resourcesVpcConfig : {};
  const logging = isRecord(c.logging) && Array.isArray(c.logging.clusterLogging) ? c.logging.clusterLogging : [];
  const enabled = logging.filter((l: unknown) => isRecord(l) && l.enabled === true && Array.isArray(l.types)).flatMap((l: Record<string, unknown>) => (l.types as unknown[]).map(String));
  const access = isRecord(c.accessConfig) ? c.accessConfig : {};
  return {
    name: str(c.name, 'cluster.name', source),
    version: str(c.version, 'cluster.version', source),
    endpointPrivateAccess: vpc.endpointPrivateAccess === true,
    endpointPublicAccess: vpc.endpointPublicAccess === true,
    publicAccessCidrs: Array.isArray(vpc.publicAccessCidrs) ? vpc.publicAccessCidrs.map(String) : [],
    enabledLogTypes: [...new Set(enabled)].sort(),
    authenticationMode: typeof access.authenticationMode === 'string' ? access.authenticationMode : 'CONFIG_MAP',
    ...(typeof vpc.vpcId === 'string' ? { vpcId: vpc.vpcId } : {}),
  };
}

function endpointText(privateAccess: boolean, publicAccess: boolean, cidrs: readonly string[]): string {
  return `private ${privateAccess ? 'on' : 'off'}, public ${publicAccess ? `on for ${[...cidrs].sort().join(', ')}` : 'off'}`;
}

/** Every difference between what `cluster` states and `observed` (empty when they agree). */
export function compareControlPlane(account: AccountConfig, cluster: ClusterConfig, observed: ObservedControlPlane): readonly ControlPlaneDifference[] {
  const target = `--name ${cluster.name} --region ${account.region} --profile ${account.profile}`;
  const diffs: ControlPlaneDifference[] = [];
  if (observed.version !== cluster.version) {
    diffs.push({
      field: 'version', stated: cluster.version, observed: observed.version, blocking: true,
      fix: `state version '${observed.version}' (EKS add-on versions follow it), or upgrade one minor at a time: aws eks update-cluster-version ${target} --kubernetes-version <next minor>`,
    });
  }
  const e = endpointArgs(cluster.endpoint);
  const statedCidrs = e.publicAccessCidrs ?? [];
  const stated = endpointText(e.endpointPrivateAccess, e.endpointPublicAccess, statedCidrs);
  const seen = endpointText(observed.endpointPrivateAccess, observed.endpointPublicAccess, observed.publicAccessCidrs);
  if (stated !== seen) {
    const cidrs = e.endpointPublicAccess ? `,publicAccessCidrs=${statedCidrs.join(',')}` : '';
    diffs.push({
      field: 'endpoint', stated, observed: seen, blocking: false,
      fix: `aws eks update-cluster-config ${target} --resources-vpc-config endpointPrivateAccess=${e.endpointPrivateAccess},endpointPublicAccess=${e.endpointPublicAccess}${cidrs}`,
    });
  }
  const logs = [...CONTROL_PLANE_LOG_TYPES].sort();
  if (logs.join(',') !== [...observed.enabledLogTypes].sort().join(',')) {
    diffs.push({
      field: 'logging', stated: logs.join(', '), observed: observed.enabledLogTypes.join(', ') || 'none', blocking: false,
      fix: `aws eks update-cluster-config ${target} --logging '${JSON.stringify({ clusterLogging: [{ types: logs, enabled: true }] })}'`,
    });
  }
  const mode: AuthenticationMode = authenticationModeOf(cluster);
  if (observed.authenticationMode !== mode) {
    diffs.push({
      field: 'authenticationMode', stated: mode, observed: observed.authenticationMode, blocking: true,
      fix: `state authenticationMode '${observed.authenticationMode}', or (one-way: EKS never goes back towards CONFIG_MAP) aws eks update-cluster-config ${target} --access-config authenticationMode=${mode}`,
    });
  }
  const statedVpc = cluster.network.mode === 'existing' ? cluster.network.vpcId : undefined;
  if (observed.vpcId !== undefined && statedVpc !== undefined && observed.vpcId !== statedVpc) {
    diffs.push({
      field: 'vpc', stated: statedVpc, observed: observed.vpcId, blocking: true,
      fix: `state network.vpcId '${observed.vpcId}' and its subnets: new node groups must use the cluster's VPC`,
    });
  }
  return diffs;
}

/** The comparison as printed by `npm run plan -- <account> --observed <file>`. */
export function renderControlPlaneComparison(clusterName: string, diffs: readonly ControlPlaneDifference[]): string {
  const out = [`Control plane '${clusterName}': stated (config) vs observed (aws eks describe-cluster)`];
  if (diffs.length === 0) out.push('  No difference in version, endpoint access, logging or authentication mode.');
  for (const d of diffs) {
    out.push(`  ${d.blocking ? '!' : '~'} ${d.field}: stated ${d.stated}; observed ${d.observed}`, `      ${d.fix}`);
  }
  out.push('  pulumi up changes none of these: an existing control plane is looked up, never managed.');
  if (diffs.some((d) => d.blocking)) out.push('  REFUSED: resolve the differences marked ! before pulumi up.');
  return out.join('\n');
}
