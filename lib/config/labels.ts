/**
 * Kubernetes name and label syntax, and the label keys kubelet refuses, as the config validator
 * checks them.
 */
import { KUBELET_OWN_LABELS } from './constants';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** True when `name` is a DNS-1123 label (lower-case alphanumerics and `-`, at most 63). */
export function isDnsLabel(name: unknown): boolean {
  return typeof name === 'string' && name.length <= 63 && DNS_LABEL.test(name);
}

/** True when `key` is a valid Kubernetes label or annotation key (`[prefix/]name`). */
export function isQualifiedName(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix))) return false;
  return LABEL_NAME.test(name);
}

/** True when `value` is a valid Kubernetes label value (may be empty). */
export function isLabelValue(value: unknown): boolean {
  return typeof value === 'string' && LABEL_VALUE.test(value);
}

/**
 * True when kubelet refuses `key` in `--node-labels`, so nodes of a group with that label never
 * join: a key in the `kubernetes.io` or `k8s.io` namespace (or a subdomain of either) outside
 * `kubelet.kubernetes.io`, `node.kubernetes.io` (and their subdomains) and the labels kubelet sets itself.
 */
export function isLabelRefusedByKubelet(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const ns = key.slice(0, slash);
  const within = (domain: string) => ns === domain || ns.endsWith(`.${domain}`);
  if (!within('kubernetes.io') && !within('k8s.io')) return false;
  return !KUBELET_OWN_LABELS.has(key) && !within('kubelet.kubernetes.io') && !within('node.kubernetes.io');
}

/** True when `value` is a string that `re` matches. */
export function matches(re: RegExp, value: unknown): value is string {
  return typeof value === 'string' && re.test(value);
}
