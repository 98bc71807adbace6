/**
 * Rules across objects: duplicates, namespaces, what pods reference (service accounts,
 * ConfigMaps, Secrets, claims), RBAC role references and subjects, and what selects what
 * (Services, PodDisruptionBudgets, StatefulSet Services, Ingress backends, HPA targets).
 */
import {
  containersOf, groupOf, list, Manifest, mapSelects, nameOf, namespaceOf, PodTemplate, podTemplatesOf, record,
  Report, selectorMatches,
} from './k8s-shared';

/** An object managed outside the synthesized set; no namespace matches every namespace. */
export interface ExternalObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const BUILT_IN_CLUSTER_ROLES = ['cluster-admin', 'admin', 'edit', 'view'];
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Lookups over the synthesized set, the declared external objects and what every cluster has. */
export class ObjectIndex {
  private readonly byKey = new Map<string, Manifest>();
  private readonly templatesByNamespace = new Map<string, { object: Manifest; template: PodTemplate }[]>();
  private readonly external = new Set<string>();

  constructor(objects: readonly Manifest[], external: readonly ExternalObject[]) {
    for (const object of objects) {
      const name = nameOf(object);
      if (name) this.byKey.set(key(object.kind, namespaceOf(object), name), object);
      const namespace = namespaceOf(object) ?? '';
      for (const template of podTemplatesOf(object)) {
        const inNamespace = this.templatesByNamespace.get(namespace) ?? [];
        inNamespace.push({ object, template });
        this.templatesByNamespace.set(namespace, inNamespace);
      }
    }
    for (const e of external) this.external.add(key(e.kind, e.namespace, e.name));
  }

  /** The object in the set, if there. */
  get(kind: string, namespace: string | undefined, name: string): Manifest | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  /** In the set, declared external, or built into every cluster. */
  has(kind: string, namespace: string | undefined, name: string): boolean {
    return this.byKey.has(key(kind, namespace, name))
      || this.external.has(key(kind, namespace, name)) || this.external.has(key(kind, undefined, name))
      || builtIn(kind, namespace, name);
  }

  /** Pod templates of the objects in `namespace`. */
  templatesIn(namespace: string | undefined): readonly { object: Manifest; template: PodTemplate }[] {
    return this.templatesByNamespace.get(namespace ?? '') ?? [];
  }
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}|${namespace ?? ''}|${name}`;
}

function builtIn(kind: string, namespace: string | undefined, name: string): boolean {
  switch (kind) {
    case 'Namespace': return BUILT_IN_NAMESPACES.includes(name);
    case 'ClusterRole': return BUILT_IN_CLUSTER_ROLES.includes(name) || name.startsWith('system:');
    case 'Role': return namespace === 'kube-system'
      && (name === 'extension-apiserver-authentication-reader' || name.startsWith('system:'));
    case 'ServiceAccount': return name === 'default';
    case 'ConfigMap': return name === 'kube-root-ca.crt';
    default: return false;
  }
}

function where(namespace: string | undefined): string {
  return namespace ? `${namespace}/` : '';
}

const MANAGED_ELSEWHERE = 'add it, or declare it in options.external if it is managed elsewhere';

/** Two objects with the same group, kind, namespace and name. */
export function checkDuplicates(objects: readonly Manifest[], report: Report): void {
  const seen = new Set<string>();
  for (const object of objects) {
    const name = nameOf(object);
    if (!name) continue;
    const id = `${groupOf(object.apiVersion)}|${object.kind}|${namespaceOf(object) ?? ''}|${name}`;
    if (seen.has(id)) report(object, 'duplicate-object', `another ${object.kind} named '${where(namespaceOf(object))}${name}' is already in the set.`);
    seen.add(id);
  }
}

/** A namespaced object's namespace must exist. */
export function checkNamespace(object: Manifest, index: ObjectIndex, report: Report): void {
  const namespace = namespaceOf(object);
  if (namespace && !index.has('Namespace', undefined, namespace)) {
    report(object, 'missing-namespace', `namespace '${namespace}' is not a Namespace in the set nor built in: ${MANAGED_ELSEWHERE} ({kind: 'Namespace', name: '${namespace}'}).`);
  }
}

/** Checks one named reference from a pod; returns the referenced object when it is in the set. */
function reference(
  object: Manifest, index: ObjectIndex, report: Report,
  ref: { kind: string; name: unknown; optional?: unknown; path: string; rule: string },
): Manifest | undefined {
  if (typeof ref.name !== 'string' || ref.name === '' || ref.optional === true) return undefined;
  const namespace = namespaceOf(object);
  if (!index.has(ref.kind, namespace, ref.name)) {
    report(object, ref.rule, `${ref.path} '${ref.name}': no ${ref.kind} ${where(namespace)}${ref.name} in the set; ${MANAGED_ELSEWHERE}.`);
  }
  return index.get(ref.kind, namespace, ref.name);
}

/** Keys a ConfigMap or Secret provides, or undefined when it cannot be known. */
function keysOf(source: Manifest): Set<string> | undefined {
  if (source.kind === 'Secret' && source.type === 'kubernetes.io/service-account-token') return undefined;
  const fields = source.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  return new Set(fields.flatMap((f) => Object.keys(record(source[f]) ?? {})));
}

function checkKey(object: Manifest, report: Report, source: Manifest | undefined, keyName: unknown, path: string): void {
  if (!source || typeof keyName !== 'string') return;
  const keys = keysOf(source);
  if (keys && !keys.has(keyName)) {
    const rule = source.kind === 'Secret' ? 'missing-secret-key' : 'missing-configmap-key';
    report(object, rule, `${path} '${keyName}' is not a key of ${source.kind} ${nameOf(source)} (its keys: ${[...keys].join(', ') || 'none'}).`);
  }
}

const CONFIG_MAP = { kind: 'ConfigMap', rule: 'missing-configmap' };
const SECRET = { kind: 'Secret', rule: 'missing-secret' };

/** A ConfigMap or Secret volume source (or projected source): its name and its `items[].key`. */
function checkSource(
  object: Manifest, index: ObjectIndex, report: Report,
  source: Manifest | undefined, path: string, target: { kind: string; rule: string }, nameField: 'name' | 'secretName',
): void {
  if (!source) return;
  const found = reference(object, index, report, { ...target, name: source[nameField], optional: source.optional, path: `${path}.${nameField}` });
  list(source.items).forEach((item, i) => checkKey(object, report, found, item?.key, `${path}.items[${i}].key`));
}

/** Service account, volumes, env and envFrom, image pull secrets of every pod template. */
export function checkPodReferences(object: Manifest, index: ObjectIndex, report: Report): void {
  for (const template of podTemplatesOf(object)) {
    const spec = template.spec;
    const specPath = template.path ? `${template.path}.spec` : 'spec';
    const account = spec.serviceAccountName ?? spec.serviceAccount;
    if (account !== 'default') {
      reference(object, index, report, { kind: 'ServiceAccount', rule: 'missing-service-account', name: account, path: `${specPath}.serviceAccountName` });
    }
    list(spec.imagePullSecrets).forEach((ref, i) =>
      reference(object, index, report, { ...SECRET, name: ref?.name, path: `${specPath}.imagePullSecrets[${i}].name` }));
    list(spec.volumes).forEach((volume, i) => {
      const path = `${specPath}.volumes[${i}]`;
      checkSource(object, index, report, record(volume?.configMap), `${path}.configMap`, CONFIG_MAP, 'name');
      checkSource(object, index, report, record(volume?.secret), `${path}.secret`, SECRET, 'secretName');
      const claim = record(volume?.persistentVolumeClaim);
      if (claim) reference(object, index, report, { kind: 'PersistentVolumeClaim', rule: 'missing-pvc', name: claim.claimName, path: `${path}.persistentVolumeClaim.claimName` });
      list(volume?.projected?.sources).forEach((source, j) => {
        const sourcePath = `${path}.projected.sources[${j}]`;
        checkSource(object, index, report, record(source?.configMap), `${sourcePath}.configMap`, CONFIG_MAP, 'name');
        checkSource(object, index, report, record(source?.secret), `${sourcePath}.secret`, SECRET, 'name');
      });
    });
    for (const { container, path } of containersOf(spec, template.path)) {
      list(container.env).forEach((env, i) => {
        const from = record(env?.valueFrom);
        for (const [field, target] of [['configMapKeyRef', CONFIG_MAP], ['secretKeyRef', SECRET]] as const) {
          const ref = record(from?.[field]);
          if (!ref) continue;
          const refPath = `${path}.env[${i}].valueFrom.${field}`;
          const found = reference(object, index, report, { ...target, name: ref.name, optional: ref.optional, path: `${refPath}.name` });
          checkKey(object, report, found, ref.key, `${refPath}.key`);
        }
      });
      list(container.envFrom).forEach((source, i) => {
        for (const [field, target] of [['configMapRef', CONFIG_MAP], ['secretRef', SECRET]] as const) {
          const ref = record(source?.[field]);
          if (ref) reference(object, index, report, { ...target, name: ref.name, optional: ref.optional, path: `${path}.envFrom[${i}].${field}.name` });
        }
      });
    }
  }
}

/** roleRef kinds and targets, ServiceAccount subjects. */
export function checkRbac(object: Manifest, index: ObjectIndex, report: Report): void {
  const binding = object.kind;
  if (binding !== 'RoleBinding' && binding !== 'ClusterRoleBinding') return;
  const namespace = namespaceOf(object);
  const roleRef = record(object.roleRef) ?? {};
  const allowed = binding === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!allowed.includes(roleRef.kind) || roleRef.apiGroup !== RBAC_GROUP) {
    report(object, 'invalid-role-ref', `roleRef must have apiGroup '${RBAC_GROUP}' and kind ${allowed.map((k) => `'${k}'`).join(' or ')}, got apiGroup '${roleRef.apiGroup}', kind '${roleRef.kind}'.`);
  } else if (typeof roleRef.name === 'string') {
    const roleNamespace = roleRef.kind === 'Role' ? namespace : undefined;
    if (!index.has(roleRef.kind, roleNamespace, roleRef.name)) {
      report(object, 'missing-role', `roleRef ${roleRef.kind} '${where(roleNamespace)}${roleRef.name}' is not in the set nor built in; ${MANAGED_ELSEWHERE}.`);
    }
  }
  list(object.subjects).forEach((subject, i) => {
    if (subject?.kind !== 'ServiceAccount' || typeof subject.name !== 'string') return;
    // The API server defaults a RoleBinding's ServiceAccount subject to the binding's namespace.
    const subjectNamespace: string | undefined = subject.namespace || (binding === 'RoleBinding' ? namespace : undefined);
    if (!subjectNamespace) {
      report(object, 'subject-namespace-required', `subjects[${i}] (ServiceAccount '${subject.name}') needs a namespace in a ClusterRoleBinding.`);
    } else if (!index.has('ServiceAccount', subjectNamespace, subject.name)) {
      report(object, 'missing-service-account', `subjects[${i}]: no ServiceAccount ${subjectNamespace}/${subject.name} in the set; ${MANAGED_ELSEWHERE}.`);
    }
  });
}

/** A Service's selector must select a pod template in its namespace; named targetPorts must exist there. */
function checkService(object: Manifest, index: ObjectIndex, report: Report): void {
  const selector = record(object.spec?.selector);
  if (!selector || Object.keys(selector).length === 0 || object.spec?.type === 'ExternalName') return;
  const selected = index.templatesIn(namespaceOf(object)).filter(({ template }) => mapSelects(selector, template.labels));
  if (selected.length === 0) {
    report(object, 'service-selects-nothing', `spec.selector ${JSON.stringify(selector)} matches no pod template in namespace '${namespaceOf(object) ?? ''}'.`);
    return;
  }
  const portNames = new Set<string>();
  for (const { template } of selected) {
    for (const { container } of containersOf(template.spec, template.path)) {
      for (const port of list(container.ports)) if (typeof port?.name === 'string') portNames.add(port.name);
    }
  }
  list(object.spec?.ports).forEach((port, i) => {
    if (typeof port?.targetPort === 'string' && !/^[0-9]+$/.test(port.targetPort) && !portNames.has(port.targetPort)) {
      const owners = [...new Set(selected.map(({ object: o }) => `${o.kind} ${nameOf(o)}`))].join(', ');
      report(object, 'unknown-target-port', `spec.ports[${i}].targetPort '${port.targetPort}' is not a container port name of the selected pods (${owners}; port names: ${[...portNames].join(', ') || 'none'}).`);
    }
  });
}

/** What PodDisruptionBudgets, StatefulSets, Ingresses and HorizontalPodAutoscalers point at. */
function checkTargets(object: Manifest, index: ObjectIndex, report: Report): void {
  const namespace = namespaceOf(object);
  const spec = record(object.spec) ?? {};
  if (object.kind === 'PodDisruptionBudget') {
    const selector = record(spec.selector);
    const empty = !selector || (Object.keys(record(selector.matchLabels) ?? {}).length === 0 && list(selector.matchExpressions).length === 0);
    if (!empty && !index.templatesIn(namespace).some(({ template }) => selectorMatches(selector!, template.labels))) {
      report(object, 'pdb-selects-nothing', `spec.selector ${JSON.stringify(selector)} matches no pod template in namespace '${namespace ?? ''}'.`);
    }
  } else if (object.kind === 'StatefulSet' && typeof spec.serviceName === 'string' && spec.serviceName !== '') {
    const service = index.get('Service', namespace, spec.serviceName);
    if (!service && !index.has('Service', namespace, spec.serviceName)) {
      report(object, 'missing-statefulset-service', `spec.serviceName '${spec.serviceName}': no Service ${where(namespace)}${spec.serviceName} in the set (a StatefulSet's pods get DNS names from this headless Service); ${MANAGED_ELSEWHERE}.`);
    } else if (service && service.spec?.clusterIP !== 'None') {
      report(object, 'statefulset-service-not-headless', `spec.serviceName '${spec.serviceName}' names a Service without clusterIP: None; pods get no per-pod DNS names.`);
    }
  } else if (object.kind === 'Ingress') {
    const backends = [{ path: 'spec.defaultBackend', backend: spec.defaultBackend }];
    list(spec.rules).forEach((rule, i) => list(rule?.http?.paths).forEach((p, j) =>
      backends.push({ path: `spec.rules[${i}].http.paths[${j}].backend`, backend: p?.backend })));
    for (const { path, backend } of backends) {
      const ref = record(record(backend)?.service);
      if (!ref || typeof ref.name !== 'string') continue;
      const service = index.get('Service', namespace, ref.name);
      if (!service) {
        if (!index.has('Service', namespace, ref.name)) report(object, 'missing-service', `${path}.service.name '${ref.name}': no Service ${where(namespace)}${ref.name} in the set; ${MANAGED_ELSEWHERE}.`);
        continue;
      }
      const ports = list(service.spec?.ports);
      const port = record(ref.port) ?? {};
      const ok = port.name !== undefined ? ports.some((p) => p?.name === port.name) : ports.some((p) => p?.port === port.number);
      if (!ok) report(object, 'unknown-service-port', `${path}.service.port ${JSON.stringify(port)} is not a port of Service ${ref.name} (ports: ${ports.map((p) => p?.name ?? p?.port).join(', ')}).`);
    }
  } else if (object.kind === 'HorizontalPodAutoscaler') {
    const target = record(spec.scaleTargetRef);
    if (target && typeof target.name === 'string' && !index.has(target.kind, namespace, target.name)) {
      report(object, 'missing-scale-target', `spec.scaleTargetRef: no ${target.kind} ${where(namespace)}${target.name} in the set; ${MANAGED_ELSEWHERE}.`);
    }
  }
}

/** Every cross-object rule for one object (duplicates are checked once for the whole set). */
export function checkReferences(object: Manifest, index: ObjectIndex, report: Report): void {
  checkNamespace(object, index, report);
  checkPodReferences(object, index, report);
  checkRbac(object, index, report);
  if (object.kind === 'Service') checkService(object, index, report);
  checkTargets(object, index, report);
}
