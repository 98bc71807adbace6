/**
 * Configuration section of the central syslog-ng server: plain data, defaults and validation.
 * What comes from AWS (bucket, role ARN, cluster name) is not here: the construct takes it as
 * props (`lib/k8s/syslog-ng`).
 */
import { parseCidr } from '../network';
import { show, type ProblemCollector } from '../problems';
import {
  checkInteger, EBS_VOLUME_SIZE_GIB, isStorageClassName, validateContainerResources,
  type ContainerResourceDefaults, type ContainerResources, type IntegerRange,
} from '../resources';

/** Reaching syslog-ng from outside the cluster through an internal AWS Network Load Balancer. */
export interface SyslogNgLoadBalancerConfig {
  /**
   * IPv4 CIDRs allowed to send to the load balancer (the Service's `loadBalancerSourceRanges`,
   * which the AWS Load Balancer Controller turns into security-group rules). At least one;
   * `0.0.0.0/0` is rejected: name the networks that send logs.
   */
  readonly sourceRanges: readonly string[];
}

/** Configuration section of the syslog-ng add-on. */
export interface SyslogNgConfig {
  /**
   * Size of the log volume (the StatefulSet's claim), in GiB. Holds today's logs plus any day
   * the archiver has not uploaded yet.
   * @default 100
   */
  readonly volumeSizeGiB?: number;
  /**
   * StorageClass of the log volume.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Most concurrent connections each TCP listener (514/TCP and 601/TCP) accepts
   * (syslog-ng `max-connections()`). Each connection gets a flow-control window of 100
   * messages, so the listener's `log-iw-size()` is `maxConnections * 100`.
   * @default 1000
   */
  readonly maxConnections?: number;
  /**
   * Minutes between two runs of the archiver, which uploads finished days to S3.
   * @default 15
   */
  readonly archiveIntervalMinutes?: number;
  /**
   * An internal Network Load Balancer for senders outside the cluster (VPC, peered networks).
   * @default - none: only pods of the cluster can send
   */
  readonly loadBalancer?: SyslogNgLoadBalancerConfig;
  /**
   * CPU and memory of the syslog-ng container. Memory holds what the flow-control windows let
   * in while the disk lags: up to `2 * maxConnections * 100` messages in the worst case.
   * @default - 250 millicores, 512 MiB, no CPU limit
   */
  readonly resources?: ContainerResources;
  /**
   * CPU and memory of the archiver sidecar that uploads to S3 (aws-cli). The compressor
   * sidecar (gzip) has a fixed 50 millicores and 64 MiB.
   * @default - 100 millicores, 384 MiB, no CPU limit
   */
  readonly archiverResources?: ContainerResources;
}

/** Default of {@link SyslogNgConfig.volumeSizeGiB}. */
export const SYSLOG_NG_DEFAULT_VOLUME_SIZE_GIB = 100;
/** Default of {@link SyslogNgConfig.maxConnections}. */
export const SYSLOG_NG_DEFAULT_MAX_CONNECTIONS = 1000;
/** Default of {@link SyslogNgConfig.archiveIntervalMinutes}. */
export const SYSLOG_NG_DEFAULT_ARCHIVE_INTERVAL_MINUTES = 15;
/** Default of {@link SyslogNgConfig.resources}. */
export const SYSLOG_NG_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 250, memoryMiB: 512 };
/** Default of {@link SyslogNgConfig.archiverResources}. */
export const SYSLOG_NG_DEFAULT_ARCHIVER_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 100, memoryMiB: 384 };

const VOLUME_SIZE_GIB: IntegerRange = { ...EBS_VOLUME_SIZE_GIB, why: 'EBS volumes are 1 GiB to 16 TiB' };
const MAX_CONNECTIONS: IntegerRange = { min: 10, max: 100000 };
const ARCHIVE_INTERVAL_MINUTES: IntegerRange = { min: 1, max: 1440, why: 'at most one day' };

function field(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/**
 * Check a SyslogNgConfig section; report every problem under `path` (`''` reports bare field
 * names, as the construct does).
 */
export function validateSyslogNgConfig(config: SyslogNgConfig, path: string, problems: ProblemCollector): void {
  checkInteger(config.volumeSizeGiB, VOLUME_SIZE_GIB, field(path, 'volumeSizeGiB'), problems);
  if (config.storageClassName !== undefined && !isStorageClassName(config.storageClassName)) {
    problems.add(field(path, 'storageClassName'), `must be a StorageClass name (lower-case DNS subdomain, e.g. 'gp3-encrypted'), got ${show(config.storageClassName)}; leave it out to use the cluster's default StorageClass.`);
  }
  checkInteger(config.maxConnections, MAX_CONNECTIONS, field(path, 'maxConnections'), problems);
  checkInteger(config.archiveIntervalMinutes, ARCHIVE_INTERVAL_MINUTES, field(path, 'archiveIntervalMinutes'), problems);
  if (config.loadBalancer !== undefined) validateLoadBalancer(config.loadBalancer, field(path, 'loadBalancer'), problems);
  validateContainerResources(config.resources ?? {}, field(path, 'resources'), problems, SYSLOG_NG_DEFAULT_RESOURCES);
  validateContainerResources(config.archiverResources ?? {}, field(path, 'archiverResources'), problems, SYSLOG_NG_DEFAULT_ARCHIVER_RESOURCES);
}

function validateLoadBalancer(lb: SyslogNgLoadBalancerConfig, path: string, problems: ProblemCollector): void {
  const ranges = lb.sourceRanges;
  if (!Array.isArray(ranges) || ranges.length === 0) {
    problems.add(field(path, 'sourceRanges'), `must list at least one IPv4 CIDR allowed to send logs, got ${show(ranges)}; leave loadBalancer out to keep syslog-ng inside the cluster.`);
    return;
  }
  ranges.forEach((text, i) => {
    const cidr = parseCidr(text);
    if (!cidr) {
      problems.add(field(path, `sourceRanges[${i}]`), `must be an IPv4 CIDR on its network boundary, like '10.20.0.0/16', got ${show(text)}.`);
    } else if (cidr.prefix === 0) {
      problems.add(field(path, `sourceRanges[${i}]`), `must not admit every address, got ${show(text)}; name the networks that send logs.`);
    }
  });
}
