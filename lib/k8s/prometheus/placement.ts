/** Where the replicas of the metrics stack's StatefulSets run. */
import type { k8s } from 'cdk8s-plus-27';

/**
 * Pod-spec fields that keep replicas apart: never two on one node (a node loss takes at most
 * one), and spread across zones where capacity allows (soft: EBS volumes are zonal, and a
 * zone short of capacity must not leave a pod pending).
 */
export function spreadReplicas(selector: Record<string, string>): Pick<k8s.PodSpec, 'affinity' | 'topologySpreadConstraints'> {
  return {
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' }] } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }],
  };
}
