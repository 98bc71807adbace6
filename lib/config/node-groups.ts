/**
 * Node group checks of `validateAccount()`: names, instance types, tenancy, sizes, disk,
 * capacity type, labels and taints (EKS and kubelet limits), availability zones.
 */
import { EKS_MAX_TAINTS, EKS_NODE_LABEL_MAX } from './constants';
import { isDnsLabel, isLabelRefusedByKubelet, isLabelValue, isQualifiedName, matches } from './labels';
import { isRecord, show, type ProblemCollector } from './problems';
import type { ClusterConfig, NodeGroupConfig } from './types';

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** Check a cluster's node groups (names unique, sizes ordered, labels and taints EKS and kubelet accept). */
export function validateNodeGroups(cluster: ClusterConfig, azs: Set<string>, path: string, p: ProblemCollector): void {
  if (!Array.isArray(cluster.nodeGroups) || cluster.nodeGroups.length === 0) {
    p.add(path, `must list at least one managed node group, got ${show(cluster.nodeGroups)}.`);
    return;
  }
  const names = new Map<string, number>();
  cluster.nodeGroups.forEach((g: unknown, i) => {
    if (isRecord(g)) validateNodeGroup(g as unknown as NodeGroupConfig, azs, `${path}[${i}]`, names, i, p);
    else p.add(`${path}[${i}]`, `must be a node group ({ name, instanceTypes, tenancy, minSize, desiredSize, maxSize }), got ${show(g)}.`);
  });
}

function validateNodeGroup(g: NodeGroupConfig, azs: Set<string>, path: string, names: Map<string, number>, i: number, p: ProblemCollector): void {
  if (!isDnsLabel(g.name) || g.name.length > 40) {
    p.add(`${path}.name`, `must be a DNS-1123 label of at most 40 characters (it names IAM roles and launch templates), got ${show(g.name)}.`);
  }
  const first = names.get(g.name);
  if (first !== undefined) p.add(`${path}.name`, `duplicates nodeGroups[${first}].name ${show(g.name)}; node group names must be unique in a cluster.`);
  else names.set(g.name, i);
  if (!Array.isArray(g.instanceTypes) || g.instanceTypes.length === 0) {
    p.add(`${path}.instanceTypes`, "must list at least one EC2 instance type, e.g. ['m6i.xlarge'].");
  } else {
    g.instanceTypes.forEach((t: unknown, j) => {
      if (!matches(INSTANCE_TYPE, t)) p.add(`${path}.instanceTypes[${j}]`, `must be an EC2 instance type like 'm6i.xlarge', got ${show(t)}.`);
    });
  }
  if (g.tenancy !== 'dedicated' && g.tenancy !== 'default') {
    p.add(`${path}.tenancy`, `must be 'dedicated' or 'default', got ${show(g.tenancy)}.`);
  }
  for (const field of ['minSize', 'desiredSize', 'maxSize'] as const) {
    if (!isCount(g[field])) p.add(`${path}.${field}`, `must be a whole number of at least 0, got ${show(g[field])}.`);
  }
  if (isCount(g.minSize) && isCount(g.desiredSize) && g.minSize > g.desiredSize) {
    p.add(`${path}.minSize`, `must not exceed desiredSize (${g.desiredSize}), got ${g.minSize}.`);
  }
  if (isCount(g.desiredSize) && isCount(g.maxSize) && g.desiredSize > g.maxSize) {
    p.add(`${path}.desiredSize`, `must not exceed maxSize (${g.maxSize}), got ${g.desiredSize}.`);
  }
  if (isCount(g.maxSize) && g.maxSize < 1) p.add(`${path}.maxSize`, `must be at least 1 (EKS requires it), got ${g.maxSize}.`);
  if (g.diskSizeGiB !== undefined && (!Number.isInteger(g.diskSizeGiB) || g.diskSizeGiB < 20 || g.diskSizeGiB > 16384)) {
    p.add(`${path}.diskSizeGiB`, `must be a whole number of GiB between 20 and 16384, got ${show(g.diskSizeGiB)}.`);
  }
  if (g.capacityType !== undefined && g.capacityType !== 'ON_DEMAND' && g.capacityType !== 'SPOT') {
    p.add(`${path}.capacityType`, `must be 'ON_DEMAND' or 'SPOT', got ${show(g.capacityType)}.`);
  }
  if (g.capacityType === 'SPOT' && g.tenancy === 'dedicated') {
    p.add(`${path}.capacityType`, "is 'SPOT', but dedicated tenancy needs on-demand instances; use 'ON_DEMAND' or tenancy 'default'.");
  }
  validateNodeLabels(g.labels, `${path}.labels`, p);
  validateTaints(g.taints, `${path}.taints`, p);
  const zones: unknown = g.availabilityZones;
  if (zones !== undefined && !Array.isArray(zones)) {
    p.add(`${path}.availabilityZones`, `must be a list of availability zones, got ${show(zones)}.`);
  } else if (zones !== undefined && zones.length === 0) {
    p.add(`${path}.availabilityZones`, 'must list at least one availability zone, or be left out to use every AZ of the private subnets.');
  }
  (Array.isArray(zones) ? zones : []).forEach((az: unknown, j) => {
    if (typeof az !== 'string' || !azs.has(az)) p.add(`${path}.availabilityZones[${j}]`, `${show(az)} has no private subnet in this cluster's network (private subnet AZs: ${[...azs].join(', ') || 'none'}).`);
  });
}

/** Node labels: Kubernetes label syntax, the EKS length limits, and the keys kubelet accepts. */
function validateNodeLabels(labels: unknown, path: string, p: ProblemCollector): void {
  if (labels === undefined) return;
  if (!isRecord(labels)) {
    p.add(path, `must map label keys to values, got ${show(labels)}.`);
    return;
  }
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) p.add(path, `key ${show(key)} is not a valid Kubernetes label key ([prefix/]name, name at most 63 characters).`);
    else if (key.length > EKS_NODE_LABEL_MAX) p.add(path, `key ${show(key)} is ${key.length} characters; EKS limits node group label keys, prefix included, to ${EKS_NODE_LABEL_MAX}.`);
    else if (isLabelRefusedByKubelet(key)) {
      p.add(path, `key ${show(key)} is in a namespace kubelet refuses for node labels (kubernetes.io and k8s.io, but for kubelet.kubernetes.io/ and node.kubernetes.io/), so the group's nodes would never join; use your own prefix, e.g. 'acme.io/role'.`);
    }
    if (!isLabelValue(value) || value === '') {
      p.add(`${path}.${key}`, `must be a valid label value (1-63 letters, digits, '-', '_', '.', starting and ending with a letter or digit; EKS refuses empty values), got ${show(value)}.`);
    }
  }
}

/** Node taints: Kubernetes taint syntax, the EKS limits, no key and effect twice. */
function validateTaints(taints: unknown, path: string, p: ProblemCollector): void {
  if (taints === undefined) return;
  if (!Array.isArray(taints)) {
    p.add(path, `must be a list of taints ({ key, value?, effect }), got ${show(taints)}.`);
    return;
  }
  if (taints.length > EKS_MAX_TAINTS) p.add(path, `must hold at most ${EKS_MAX_TAINTS} taints (the EKS limit per node group), got ${taints.length}.`);
  const seen = new Map<string, number>();
  taints.forEach((t: unknown, j) => {
    const tp = `${path}[${j}]`;
    if (!isRecord(t)) {
      p.add(tp, `must be a taint ({ key, value?, effect }), got ${show(t)}.`);
      return;
    }
    if (!isQualifiedName(t.key)) p.add(`${tp}.key`, `must be a valid Kubernetes taint key, got ${show(t.key)}.`);
    else if ((t.key as string).length > EKS_NODE_LABEL_MAX) p.add(`${tp}.key`, `must be at most ${EKS_NODE_LABEL_MAX} characters, prefix included (the EKS limit), got ${show(t.key)}.`);
    if (t.value !== undefined && !isLabelValue(t.value)) p.add(`${tp}.value`, `must be a valid taint value, got ${show(t.value)}.`);
    if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect as string)) {
      p.add(`${tp}.effect`, `must be 'NoSchedule', 'PreferNoSchedule' or 'NoExecute', got ${show(t.effect)}.`);
    }
    const id = `${String(t.key)}:${String(t.effect)}`;
    const first = seen.get(id);
    if (first !== undefined) p.add(tp, `repeats the key ${show(t.key)} and effect ${show(t.effect)} of ${path}[${first}]; a node holds one taint per key and effect.`);
    else seen.set(id, j);
  });
}
