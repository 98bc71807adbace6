/** The network peers of syslog-ng, for `PlatformNetworkPolicies`. */
import { containerPorts, NetworkPeer, type NetworkAccess } from '../network-policy';
import type { SyslogNg } from '.';

/**
 * syslog-ng's pods receive syslog from every pod of the cluster (its ClusterIP Service) and,
 * with a load balancer, from its `sourceRanges` and from the VPC (the NLB's health checks come
 * from its own addresses in the VPC; with `preserve_client_ip` the senders' addresses reach the
 * pod). The archiver uploads to S3 (an AWS API).
 */
export function syslogNgNetworkAccess(syslogNg: SyslogNg, vpcCidr: string): NetworkAccess {
  const sts = syslogNg.statefulSet;
  const ports = containerPorts(sts, 'syslog-udp', 'syslog-tcp', 'syslog-rfc5424');
  const outside = syslogNg.loadBalancer ? [...new Set([...syslogNg.loadBalancer.sourceRanges, vpcCidr])].map((c) => NetworkPeer.cidr(c)) : [];
  return {
    workload: sts,
    ingress: [{ peers: [NetworkPeer.anyPod(), ...outside], ports }],
    awsApis: true,
  };
}
