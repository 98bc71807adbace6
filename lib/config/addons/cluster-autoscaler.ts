import type { ProblemCollector } from '../problems';

/** Configuration section of the cluster autoscaler (being written: issue 4). */
export interface ClusterAutoscalerConfig {}

/** Check a ClusterAutoscalerConfig section; report problems under `path`. */
export function validateClusterAutoscalerConfig(_config: ClusterAutoscalerConfig, _path: string, _problems: ProblemCollector): void {}
