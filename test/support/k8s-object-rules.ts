/**
 * Rules that look at one object alone: names, labels and annotations, pod templates
 * (containers, ports, volumes, mounts, env, probes, images, limits), workload selectors and
 * Service ports.
 */
import {
  ianaSvcNameProblem, labelProblem, labelValueProblem, pathSegmentProblem, qualifiedNameProblem,
  rfc1035Problem, subdomainProblem,
} from './k8s-names';
import {
  containersOf, imageTag, list, Manifest, nameOf, podTemplatesOf, record, Report, selectorMatches,
} from './k8s-shared';

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);
const ANNOTATIONS_MAX_BYTES = 256 * 1024;
/** A CronJob's Jobs are named `<cronjob>-<11 digits>`, and a Job name is at most 63. */
const CRONJOB_NAME_MAX = 52;

/** metadata.name (by kind) and metadata.namespace (present exactly when the kind is namespaced). */
export function checkIdentity(object: Manifest, namespaced: boolean, report: Report): void {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '') {
    report(object, 'name-required', 'metadata.name is required.');
  } else {
    const kind = object.kind;
    const problem = kind === 'Namespace' ? labelProblem(name)
      : kind === 'Service' ? rfc1035Problem(name)
        : RBAC_KINDS.has(kind) ? pathSegmentProblem(name)
          : subdomainProblem(name);
    if (problem) report(object, 'invalid-name', `metadata.name '${name}' ${problem}.`);
    if (kind === 'CronJob' && name.length > CRONJOB_NAME_MAX) {
      report(object, 'invalid-name', `metadata.name '${name}' must be at most ${CRONJOB_NAME_MAX} characters for a CronJob (its Jobs append 11), got ${name.length}.`);
    }
    if (kind === 'CustomResourceDefinition') {
      const expected = `${object.spec?.names?.plural}.${object.spec?.group}`;
      if (name !== expected) report(object, 'invalid-name', `metadata.name must be '<spec.names.plural>.<spec.group>' = '${expected}', got '${name}'.`);
    }
  }
  const namespace = object.metadata?.namespace;
  if (namespaced && (typeof namespace !== 'string' || namespace === '')) {
    report(object, 'namespace-required', `metadata.namespace is required for namespaced kind ${object.kind} (set the chart's namespace); an object without one lands in whatever namespace kubectl defaults to.`);
  } else if (!namespaced && namespace !== undefined) {
    report(object, 'namespace-forbidden', `${object.kind} is cluster-scoped: remove metadata.namespace ('${namespace}').`);
  } else if (namespaced) {
    const problem = labelProblem(namespace);
    if (problem) report(object, 'invalid-name', `metadata.namespace '${namespace}' ${problem}.`);
  }
}

function checkLabels(object: Manifest, path: string, labels: unknown, report: Report): void {
  const map = record(labels);
  if (!map) return;
  for (const [key, value] of Object.entries(map)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) report(object, 'invalid-label-key', `${path} key '${key}': ${keyProblem}.`);
    const valueProblem = labelValueProblem(value);
    if (valueProblem) report(object, 'invalid-label-value', `${path}['${key}'] value ${JSON.stringify(value)}: ${valueProblem}.`);
  }
}

function checkAnnotations(object: Manifest, path: string, annotations: unknown, report: Report): void {
  const map = record(annotations);
  if (!map) return;
  let bytes = 0;
  for (const [key, value] of Object.entries(map)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) report(object, 'invalid-annotation-key', `${path} key '${key}': ${keyProblem}.`);
    if (typeof value !== 'string') {
      report(object, 'invalid-annotation-value', `${path}['${key}'] must be a string, got ${JSON.stringify(value)} (quote it).`);
    }
    bytes += Buffer.byteLength(key) + Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    report(object, 'annotations-too-large', `${path} total ${bytes} bytes, must be at most ${ANNOTATIONS_MAX_BYTES} (256 KiB).`);
  }
}

/** Every metadata block of an object: its own, pod templates', job templates', claim templates'. */
function metadataBlocks(object: Manifest): { path: string; metadata: unknown }[] {
  const blocks: { path: string; metadata: unknown }[] = [{ path: 'metadata', metadata: object.metadata }];
  for (const t of podTemplatesOf(object)) if (t.path) blocks.push({ path: `${t.path}.metadata`, metadata: t.metadata });
  if (object.kind === 'CronJob') blocks.push({ path: 'spec.jobTemplate.metadata', metadata: object.spec?.jobTemplate?.metadata });
  if (object.kind === 'StatefulSet') {
    list(object.spec?.volumeClaimTemplates).forEach((claim, i) =>
      blocks.push({ path: `spec.volumeClaimTemplates[${i}].metadata`, metadata: claim?.metadata }));
  }
  return blocks;
}

/** Label keys/values and annotations in every metadata block, and label keys/values of selectors. */
export function checkMetadata(object: Manifest, report: Report): void {
  for (const { path, metadata } of metadataBlocks(object)) {
    checkLabels(object, `${path}.labels`, record(metadata)?.labels, report);
    checkAnnotations(object, `${path}.annotations`, record(metadata)?.annotations, report);
  }
  const selector = object.spec?.selector;
  if (object.kind === 'Service') checkLabels(object, 'spec.selector', selector, report);
  else checkLabels(object, 'spec.selector.matchLabels', record(selector)?.matchLabels, report);
}

/** Reports every value seen twice in `items` (by `keyOf`; undefined keys are skipped). */
function duplicates<T>(items: readonly T[], keyOf: (item: T) => string | undefined, onDuplicate: (key: string) => void): void {
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    if (seen.has(key) && !reported.has(key)) {
      reported.add(key);
      onDuplicate(key);
    }
    seen.add(key);
  }
}

function checkImage(object: Manifest, path: string, container: Manifest, report: Report): void {
  const image = container.image;
  if (typeof image !== 'string' || image === '') {
    report(object, 'image-required', `${path}.image is required (container '${container.name}').`);
    return;
  }
  if (image.includes('@')) return;
  const tag = imageTag(image);
  if (tag === undefined) report(object, 'image-unpinned', `${path}.image '${image}' has no tag (means 'latest'): pin a version tag or digest.`);
  else if (tag === 'latest') report(object, 'image-unpinned', `${path}.image '${image}' uses 'latest': pin a version tag or digest.`);
}

/** Named ports used by a container's probes and lifecycle hooks must be its own port names. */
function checkProbePorts(object: Manifest, path: string, container: Manifest, report: Report): void {
  const names = new Set(list(container.ports).map((p) => p?.name).filter((n) => typeof n === 'string'));
  const handlers: [string, unknown][] = [
    ['livenessProbe', container.livenessProbe], ['readinessProbe', container.readinessProbe],
    ['startupProbe', container.startupProbe],
    ['lifecycle.postStart', container.lifecycle?.postStart], ['lifecycle.preStop', container.lifecycle?.preStop],
  ];
  for (const [field, handler] of handlers) {
    for (const action of ['httpGet', 'tcpSocket']) {
      const port = record(record(handler)?.[action])?.port;
      if (typeof port === 'string' && !/^[0-9]+$/.test(port) && !names.has(port)) {
        report(object, 'unknown-probe-port', `${path}.${field}.${action}.port '${port}' is not a port name of container '${container.name}' (its ports: ${[...names].join(', ') || 'none named'}).`);
      }
    }
  }
}

function checkContainer(object: Manifest, path: string, container: Manifest, volumes: ReadonlySet<string>, report: Report): void {
  const ephemeral = path.includes('.ephemeralContainers[');
  checkImage(object, path, container, report);
  const limits = record(container.resources?.limits);
  if (!ephemeral && limits?.cpu === undefined && limits?.memory === undefined) {
    report(object, 'no-resource-limits', `${path}.resources.limits sets neither cpu nor memory (container '${container.name}').`);
  }
  const ports = list(container.ports);
  ports.forEach((port, i) => {
    if (typeof port?.name !== 'string') return;
    const problem = ianaSvcNameProblem(port.name);
    if (problem) report(object, 'invalid-port-name', `${path}.ports[${i}].name '${port.name}' ${problem}.`);
  });
  duplicates(ports, (p) => p?.name, (name) =>
    report(object, 'duplicate-port-name', `${path}.ports has two ports named '${name}' (container '${container.name}').`));
  duplicates(ports, (p) => (p?.containerPort === undefined ? undefined : `${p.containerPort}/${p.protocol ?? 'TCP'}`), (key) =>
    report(object, 'duplicate-container-port', `${path}.ports declares containerPort ${key} twice (container '${container.name}').`));
  const mounts = [...list(container.volumeMounts), ...list(container.volumeDevices)];
  duplicates(mounts, (m) => m?.mountPath ?? m?.devicePath, (mountPath) =>
    report(object, 'duplicate-mount-path', `${path}.volumeMounts mounts two volumes at '${mountPath}' (container '${container.name}').`));
  for (const mount of mounts) {
    if (typeof mount?.name === 'string' && !volumes.has(mount.name)) {
      report(object, 'unknown-volume-mount', `${path} mounts volume '${mount.name}', which is not a volume of the pod (volumes: ${[...volumes].join(', ') || 'none'}).`);
    }
  }
  duplicates(list(container.env), (e) => e?.name, (name) =>
    report(object, 'duplicate-env-name', `${path}.env sets '${name}' twice (container '${container.name}'); the API server only warns and the last value wins.`));
  checkProbePorts(object, path, container, report);
}

/** Containers, volumes and mounts of every pod template of `object`. */
export function checkPodTemplates(object: Manifest, report: Report): void {
  for (const template of podTemplatesOf(object)) {
    const specPath = template.path ? `${template.path}.spec` : 'spec';
    const containers = containersOf(template.spec, template.path);
    for (const { container, path } of containers) {
      const problem = typeof container.name === 'string' ? labelProblem(container.name) : 'is required';
      if (problem) report(object, 'invalid-container-name', `${path}.name '${container.name ?? ''}' ${problem}.`);
    }
    duplicates(containers, (c) => c.container.name, (name) =>
      report(object, 'duplicate-container-name', `${specPath} has two containers named '${name}' (containers, initContainers and ephemeralContainers share one namespace).`));
    const volumes = list(template.spec.volumes);
    volumes.forEach((volume, i) => {
      const problem = typeof volume?.name === 'string' ? labelProblem(volume.name) : 'is required';
      if (problem) report(object, 'invalid-volume-name', `${specPath}.volumes[${i}].name '${volume?.name ?? ''}' ${problem}.`);
    });
    duplicates(volumes, (v) => v?.name, (name) =>
      report(object, 'duplicate-volume-name', `${specPath}.volumes has two volumes named '${name}'.`));
    const mountable = new Set<string>(volumes.map((v) => v?.name).filter((n) => typeof n === 'string'));
    if (object.kind === 'StatefulSet') {
      for (const claim of list(object.spec?.volumeClaimTemplates)) if (nameOf(claim)) mountable.add(nameOf(claim)!);
    }
    for (const { container, path } of containers) checkContainer(object, path, container, mountable, report);
  }
}

/** A workload's spec.selector must select its own pod template. */
export function checkWorkloadSelector(object: Manifest, report: Report): void {
  if (!SELECTOR_KINDS.has(object.kind)) return;
  const selector = record(object.spec?.selector);
  if (!selector) return; // required for apps/v1 kinds: the schema rule reports it
  const template = podTemplatesOf(object)[0];
  if (!template) return;
  if (Object.keys(record(selector.matchLabels) ?? {}).length === 0 && list(selector.matchExpressions).length === 0) {
    report(object, 'empty-selector', 'spec.selector is empty: it would select every pod in the namespace; the API server rejects it.');
    return;
  }
  if (!selectorMatches(selector, template.labels)) {
    report(object, 'selector-mismatch', `spec.selector ${JSON.stringify(selector)} does not match spec.template.metadata.labels ${JSON.stringify(template.labels)}.`);
  }
}

/** Service port names (DNS-1123 labels, required when there are several), unique names and port/protocol pairs. */
export function checkServicePorts(object: Manifest, report: Report): void {
  if (object.kind !== 'Service') return;
  const ports = list(object.spec?.ports);
  ports.forEach((port, i) => {
    if (typeof port?.name === 'string' && port.name !== '') {
      const problem = labelProblem(port.name);
      if (problem) report(object, 'invalid-port-name', `spec.ports[${i}].name '${port.name}' ${problem}.`);
    } else if (ports.length > 1) {
      report(object, 'service-port-name-required', `spec.ports[${i}] (port ${port?.port}) needs a name: a Service with several ports must name each one.`);
    }
  });
  duplicates(ports, (p) => (p?.name ? p.name : undefined), (name) =>
    report(object, 'duplicate-service-port-name', `spec.ports has two ports named '${name}'.`));
  duplicates(ports, (p) => (p?.port === undefined ? undefined : `${p.port}/${p.protocol ?? 'TCP'}`), (key) =>
    report(object, 'duplicate-service-port', `spec.ports declares port ${key} twice.`));
}

/** Every single-object rule. */
export function checkObject(object: Manifest, namespaced: boolean, report: Report): void {
  checkIdentity(object, namespaced, report);
  checkMetadata(object, report);
  checkPodTemplates(object, report);
  checkWorkloadSelector(object, report);
  checkServicePorts(object, report);
}
