/** The network peers of the cluster autoscaler, for `PlatformNetworkPolicies`. */
import type { NetworkAccess } from '../network-policy';
import type { ClusterAutoscaler } from '.';

/**
 * The autoscaler's pods watch the API server and call the EC2 and Auto Scaling APIs; nothing
 * connects to them but the scraper.
 */
export function clusterAutoscalerNetworkAccess(autoscaler: ClusterAutoscaler): NetworkAccess {
  return { workload: autoscaler.deployment, kubernetesApi: true, awsApis: true };
}
