/**
 * The `clusterAutoscaler` add-on section: the Kubernetes cluster autoscaler on AWS, discovering
 * the cluster's node groups by their Auto Scaling group tags. Plain data, defaults and
 * validation; the objects are rendered by `lib/k8s/cluster-autoscaler`, the IRSA role is
 * created on the AWS side.
 */
import { show, type ProblemCollector } from '../problems';
import { checkInteger, type ContainerResourceDefaults } from '../resources';

/**
 * How the autoscaler picks a node group to grow (`--expander`). `priority` is left out: it
 * needs a ConfigMap of priorities the library does not render.
 */
export type ClusterAutoscalerExpander = 'least-waste' | 'random' | 'most-pods';

/** The expanders of {@link ClusterAutoscalerExpander}, for validation. */
export const CLUSTER_AUTOSCALER_EXPANDERS: readonly ClusterAutoscalerExpander[] = ['least-waste', 'random', 'most-pods'];

/**
 * The image tag per Kubernetes minor: the autoscaler's minor must match the cluster's.
 *
 * Sources (checked 2026-11-22; registry: registry.k8s.io/autoscaling/cluster-autoscaler):
 * - 1.32: v1.32.5 promoted in kubernetes/k8s.io#8815.
 * - 1.33, 1.34, 1.35: v1.33.5, v1.34.4, v1.35.1 per the kubernetes/autoscaler releases page,
 *   as mapped in aws-ia/terraform-aws-eks-blueprints-addons#516 (2026-07-17).
 * - 1.36: v1.36.0, the image kubernetes/autoscaler#9985 (2026-07-14) reports as published.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
  '1.32': 'v1.32.5',
  '1.33': 'v1.33.5',
  '1.34': 'v1.34.4',
  '1.35': 'v1.35.1',
  '1.36': 'v1.36.0',
};

/** The image repository of the cluster autoscaler. */
export const CLUSTER_AUTOSCALER_IMAGE = 'registry.k8s.io/autoscaling/cluster-autoscaler';

/** Default requests and limits, from the upstream `cluster-autoscaler-autodiscover.yaml`. */
export const CLUSTER_AUTOSCALER_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 100, memoryMiB: 600 };

/** Configuration section of the cluster autoscaler. */
export interface ClusterAutoscalerConfig {
  /**
   * Image tag, `v1.<minor>.<patch>`; its minor must equal the cluster's Kubernetes minor.
   * @default - {@link CLUSTER_AUTOSCALER_IMAGE_TAGS} for the cluster's version
   */
  readonly imageTag?: string;
  /**
   * Pods. More than one gives a warm standby: they elect a leader (a Lease in kube-system).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * How a node group is chosen when several could fit the pending pods (`--expander`).
   * @default 'least-waste'
   */
  readonly expander?: ClusterAutoscalerExpander;
  /**
   * How long a node must be unneeded before it is removed (`--scale-down-unneeded-time`), in minutes.
   * @default 10
   */
  readonly scaleDownUnneededMinutes?: number;
  /**
   * CPU request and limit, in millicores.
   * @default 100
   */
  readonly cpuMillicores?: number;
  /**
   * Memory request and limit, in MiB.
   * @default 600
   */
  readonly memoryMiB?: number;
}

const IMAGE_TAG = /^v1\.(\d+)\.(\d+)$/;

/**
 * The image of the autoscaler for a cluster of Kubernetes `version` (`'1.33'`). Throws when
 * no tag is pinned for that version or when `imageTag` is of another minor.
 */
export function clusterAutoscalerImage(version: string, imageTag?: string): string {
  const tag = imageTag ?? CLUSTER_AUTOSCALER_IMAGE_TAGS[version];
  if (tag === undefined) {
    throw new Error(`ClusterAutoscaler: no image tag is pinned for Kubernetes ${version} (pinned: ${Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(', ')}); set addons.clusterAutoscaler.imageTag.`);
  }
  const m = IMAGE_TAG.exec(tag);
  if (!m) throw new Error(`ClusterAutoscaler: 'imageTag' must look like 'v1.33.5', got '${tag}'.`);
  if (`1.${m[1]}` !== version) {
    throw new Error(`ClusterAutoscaler: 'imageTag' ${tag} is for Kubernetes 1.${m[1]}, but the cluster runs ${version}; the autoscaler's minor version must match the cluster's.`);
  }
  return `${CLUSTER_AUTOSCALER_IMAGE}:${tag}`;
}

/** Check a ClusterAutoscalerConfig section; report problems under `path`. */
export function validateClusterAutoscalerConfig(config: ClusterAutoscalerConfig, path: string, problems: ProblemCollector): void {
  if (config.imageTag !== undefined && (typeof config.imageTag !== 'string' || !IMAGE_TAG.test(config.imageTag))) {
    problems.add(`${path}.imageTag`, `must be a cluster-autoscaler release tag like 'v1.33.5', got ${show(config.imageTag)}.`);
  }
  checkInteger(config.replicas, { min: 1 }, `${path}.replicas`, problems);
  if (config.expander !== undefined && !CLUSTER_AUTOSCALER_EXPANDERS.includes(config.expander)) {
    problems.add(`${path}.expander`, `must be one of ${CLUSTER_AUTOSCALER_EXPANDERS.join(', ')}, got ${show(config.expander)}.`);
  }
  checkInteger(config.scaleDownUnneededMinutes, { min: 1, unit: 'minutes' }, `${path}.scaleDownUnneededMinutes`, problems);
  checkInteger(config.cpuMillicores, { min: 10, unit: 'millicores' }, `${path}.cpuMillicores`, problems);
  checkInteger(config.memoryMiB, { min: 64, unit: 'MiB' }, `${path}.memoryMiB`, problems);
}
