/** Where the replicas of the metrics stack's StatefulSets run: the shared rule of `../common`. */
export { spreadReplicas } from '../common';
