/** The network peers of fluent-bit, for `PlatformNetworkPolicies`. */
import type { ApiObject } from 'cdk8s';
import { containerPorts, NetworkPeer, type NetworkAccess } from '../network-policy';
import type { FluentBit } from '.';

/**
 * fluent-bit's pods push to Loki's HTTP port (`loki`, the Loki StatefulSet of this cluster) and
 * read pod metadata from the API server (the kubernetes filter). Nothing connects to them but
 * the scraper.
 */
export function fluentBitNetworkAccess(fluentBit: FluentBit, loki: ApiObject): NetworkAccess {
  return {
    workload: fluentBit.daemonSet,
    egress: [{ peers: [NetworkPeer.workload(loki)], ports: containerPorts(loki, 'http-metrics') }],
    kubernetesApi: true,
  };
}
