/** The network peers of Loki, for `PlatformNetworkPolicies`. */
import {
  containerPorts, GRAFANA_PEER_LABELS, METRICS_NAMESPACE, NetworkPeer, type NetworkAccess,
} from '../network-policy';
import type { Loki } from '.';

/**
 * Loki's pods: gossip (memberlist, 7946) and gRPC (9095) among themselves, Grafana in the metrics
 * namespace queries the HTTP API, the S3 chunk store and STS (IRSA) are AWS APIs. Writers
 * (fluent-bit) declare their own egress to Loki, which opens the matching ingress.
 */
export function lokiNetworkAccess(loki: Loki): NetworkAccess {
  const sts = loki.statefulSet;
  return {
    workload: sts,
    ingress: [{ peers: [NetworkPeer.pods(METRICS_NAMESPACE, GRAFANA_PEER_LABELS)], ports: containerPorts(sts, 'http-metrics') }],
    egress: [{ peers: [NetworkPeer.workload(sts)], ports: containerPorts(sts, 'grpc', 'memberlist') }],
    awsApis: true,
  };
}
