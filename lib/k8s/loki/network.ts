/** The network peers of Loki, for `PlatformNetworkPolicies`. */
import {
  containerPorts, GRAFANA_PEER_LABELS, METRICS_NAMESPACE, NetworkPeer, type NetworkAccess,
} from '../network-policy';
import type { Loki } from '.';

/**
 * Loki's pods, one entry per workload: every Loki pod gossips (memberlist, 7946) and speaks gRPC
 * (9095) with every other; the queriers ask the compactor for delete requests over HTTP; Grafana
 * in the metrics namespace queries the query workload's HTTP API; the S3 chunk store and STS
 * (IRSA) are AWS APIs. Writers (fluent-bit) declare their own egress to the push workload, which
 * opens the matching ingress. The first entry is the workload that answers queries (Grafana's peer).
 */
export function lokiNetworkAccess(loki: Loki): NetworkAccess[] {
  const workloads = [loki.statefulSet, ...(loki.readDeployment ? [loki.readDeployment] : []), ...(loki.compactorStatefulSet ? [loki.compactorStatefulSet] : [])];
  const ring = workloads.map((w) => ({ peers: [NetworkPeer.workload(w)], ports: containerPorts(w, 'grpc', 'memberlist') }));
  const query = loki.readDeployment ?? loki.statefulSet;
  const access = workloads.map((workload): NetworkAccess => ({
    workload,
    ...(workload === query ? { ingress: [{ peers: [NetworkPeer.pods(METRICS_NAMESPACE, GRAFANA_PEER_LABELS)], ports: containerPorts(workload, 'http-metrics') }] } : {}),
    egress: [
      ...ring,
      // The shared config names the compactor (`compactor_address`); the read pods' queriers use it.
      ...(loki.compactorStatefulSet ? [{ peers: [NetworkPeer.workload(loki.compactorStatefulSet)], ports: containerPorts(loki.compactorStatefulSet, 'http-metrics') }] : []),
    ],
    awsApis: true,
  }));
  return [access.find((a) => a.workload === query)!, ...access.filter((a) => a.workload !== query)];
}
