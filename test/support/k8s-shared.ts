/** Types and helpers shared by the rule files of `k8s-validate.ts`. */

/** A plain Kubernetes manifest, as `cdk8s.Testing.synth()` or `chart.toJson()` returns it. */
export type Manifest = Record<string, any>;

/** Records a violation against `object`. */
export type Report = (object: Manifest, rule: string, message: string) => void;

/** A pod template inside an object (or a bare Pod's own metadata and spec). */
export interface PodTemplate {
  /** Dotted path of the template in its object, e.g. `spec.template`; '' for a Pod. */
  readonly path: string;
  /** The template's metadata (empty object when absent). */
  readonly metadata: Manifest;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: Manifest;
}

/** Kinds whose `spec.template` is a pod template. */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/** `Deployment logging/loki`, `ClusterRole edit`. */
export function describeObject(object: Manifest): string {
  const kind = typeof object?.kind === 'string' ? object.kind : '<no kind>';
  const name = typeof object?.metadata?.name === 'string' && object.metadata.name ? object.metadata.name : '<no name>';
  const namespace = object?.metadata?.namespace;
  return typeof namespace === 'string' && namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

export function nameOf(object: Manifest): string | undefined {
  const name = object?.metadata?.name;
  return typeof name === 'string' && name ? name : undefined;
}

export function namespaceOf(object: Manifest): string | undefined {
  const namespace = object?.metadata?.namespace;
  return typeof namespace === 'string' && namespace ? namespace : undefined;
}

/** The API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> '' (core). */
export function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `value` when it is an array, else an empty array (manifests are untyped input). */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** `value` when it is a plain object, else undefined. */
export function record(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : undefined;
}

function template(path: string, metadata: unknown, spec: unknown): PodTemplate[] {
  const s = record(spec);
  if (!s) return [];
  const meta = record(metadata) ?? {};
  return [{ path, metadata: meta, labels: record(meta.labels) ?? {}, spec: s }];
}

/** Every pod template of `object`: workloads, CronJob job templates, PodTemplates and Pods. */
export function podTemplatesOf(object: Manifest): PodTemplate[] {
  const kind = object?.kind;
  if (kind === 'Pod') return template('', object.metadata, object.spec);
  if (kind === 'PodTemplate') return template('template', object.template?.metadata, object.template?.spec);
  if (kind === 'CronJob') {
    const pod = object.spec?.jobTemplate?.spec?.template;
    return template('spec.jobTemplate.spec.template', pod?.metadata, pod?.spec);
  }
  if (TEMPLATE_KINDS.has(kind)) return template('spec.template', object.spec?.template?.metadata, object.spec?.template?.spec);
  return [];
}

/** A pod spec's containers, init containers and ephemeral containers, each with its path. */
export function containersOf(spec: Manifest, base: string): { container: Manifest; path: string }[] {
  const prefix = base ? `${base}.spec` : 'spec';
  const out: { container: Manifest; path: string }[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    list(spec[field]).forEach((container, i) => {
      if (record(container)) out.push({ container, path: `${prefix}.${field}[${i}]` });
    });
  }
  return out;
}

/** Does a `LabelSelector` (matchLabels + matchExpressions) select `labels`? */
export function selectorMatches(selector: Manifest, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(record(selector.matchLabels) ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expression of list(selector.matchExpressions)) {
    const has = Object.prototype.hasOwnProperty.call(labels, expression?.key);
    const values = list(expression?.values);
    switch (expression?.operator) {
      case 'In': if (!has || !values.includes(labels[expression.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[expression.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Does a plain `key: value` map (a Service selector) select `labels`? */
export function mapSelects(selector: Readonly<Record<string, unknown>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** The tag of an image reference, or undefined when it has none (`nginx`, `nginx@sha256:...`). */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(colon + 1) : undefined;
}
