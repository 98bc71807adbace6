/**
 * The platform's security and reliability baseline, checked over synthesized objects. Modelled
 * on the Pod Security Standards (restricted) and the workload checks of the CIS Amazon EKS
 * Benchmark. `checkBaseline()` returns every violation not covered by an allow-list entry,
 * and every allow-list entry that matched nothing (a stale exception is a hole waiting).
 */
import {
  containersOf, describeObject, imageTag, list, namespaceOf, nameOf, podTemplatesOf, record, selectorMatches,
  type Manifest,
} from './k8s-shared';

/** Rules that an allow-list entry may waive; every other rule has no exception. */
export type WaivableRule =
  | 'run-as-root' | 'host-path' | 'host-network' | 'host-pid' | 'host-ipc' | 'host-port' | 'privileged'
  | 'writable-root-fs' | 'api-token' | 'cluster-secrets' | 'cluster-admin';

/** One reasoned exception: `rule` is allowed on the object `kind namespace/name`. */
export interface BaselineException {
  readonly kind: string;
  readonly name: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  readonly rule: WaivableRule;
  /** Why the program cannot meet the rule (required: an exception nobody can explain goes). */
  readonly reason: string;
}

/** One violation: the object, the rule, what is wrong. */
export interface BaselineViolation {
  readonly object: string;
  readonly rule: string;
  readonly message: string;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

/**
 * Every baseline violation of `objects` not waived by `exceptions`. With `reportStale` (the
 * default), also one `stale-exception` violation for each exception that waived nothing; turn it
 * off when the exceptions serve several object sets, and check {@link unusedExceptions} over all.
 */
export function checkBaseline(objects: readonly Manifest[], exceptions: readonly BaselineException[] = [], reportStale = true): BaselineViolation[] {
  const { violations, used } = evaluate(objects, exceptions);
  return reportStale ? [...violations, ...staleViolations(exceptions.filter((e) => !used.has(e)))] : violations;
}

/** The exceptions that waive nothing in any of `objectSets`. */
export function unusedExceptions(objectSets: readonly (readonly Manifest[])[], exceptions: readonly BaselineException[]): BaselineException[] {
  const used = new Set<BaselineException>();
  for (const objects of objectSets) for (const e of evaluate(objects, exceptions).used) used.add(e);
  return exceptions.filter((e) => !used.has(e));
}

function staleViolations(stale: readonly BaselineException[]): BaselineViolation[] {
  return stale.map((e) => ({ object: `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`, rule: 'stale-exception', message: `the allow-list waives '${e.rule}' but the object does not need it (or is gone): remove the entry.` }));
}

function evaluate(objects: readonly Manifest[], exceptions: readonly BaselineException[]): { violations: BaselineViolation[]; used: Set<BaselineException> } {
  const raw: { object: Manifest; rule: string; message: string }[] = [];
  const report = (object: Manifest, rule: string, message: string) => raw.push({ object, rule, message });
  for (const object of objects) {
    if (WORKLOADS.has(object.kind)) checkWorkload(object, objects, report);
    if (object.kind === 'ClusterRole' || object.kind === 'Role') checkRules(object, report);
    if (object.kind === 'ClusterRoleBinding' || object.kind === 'RoleBinding') checkBinding(object, objects, report);
    if (object.kind === 'PersistentVolumeClaim') checkClaim(object, object, objects, report);
  }
  const used = new Set<BaselineException>();
  const violations: BaselineViolation[] = [];
  for (const v of raw) {
    const waiver = exceptions.find((e) => e.rule === v.rule && e.kind === v.object.kind && e.name === nameOf(v.object) && e.namespace === namespaceOf(v.object));
    if (waiver && waiver.reason.trim()) { used.add(waiver); continue; }
    violations.push({ object: describeObject(v.object), rule: v.rule, message: v.message });
  }
  return { violations, used };
}

type Report = (object: Manifest, rule: string, message: string) => void;

function checkWorkload(object: Manifest, objects: readonly Manifest[], report: Report): void {
  for (const pod of podTemplatesOf(object)) {
    const spec = pod.spec;
    const podSc = record(spec.securityContext) ?? {};
    if (spec.hostNetwork) report(object, 'host-network', 'uses the host network namespace (hostNetwork: true).');
    if (spec.hostPID) report(object, 'host-pid', 'uses the host PID namespace (hostPID: true).');
    if (spec.hostIPC) report(object, 'host-ipc', 'uses the host IPC namespace (hostIPC: true).');
    for (const v of list(spec.volumes)) if (v?.hostPath) report(object, 'host-path', `mounts hostPath ${v.hostPath.path} (volume '${v.name}').`);
    checkApiToken(object, spec, objects, report);
    for (const { container: c } of containersOf(spec, '')) {
      const sc = record(c.securityContext) ?? {};
      const where = `container '${c.name}'`;
      const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
      const uid = sc.runAsUser ?? podSc.runAsUser;
      if (nonRoot !== true || uid === 0) report(object, 'run-as-root', `${where} may run as root: set runAsNonRoot: true (and a non-zero runAsUser), got runAsNonRoot ${nonRoot}, runAsUser ${uid}.`);
      if (sc.privileged === true) report(object, 'privileged', `${where} is privileged.`);
      const hostPorts = list(c.ports).filter((p) => p?.hostPort).map((p) => p.hostPort);
      if (hostPorts.length > 0) report(object, 'host-port', `${where} binds host ports ${hostPorts.join(', ')}.`);
      if (sc.allowPrivilegeEscalation !== false) report(object, 'privilege-escalation', `${where} must set allowPrivilegeEscalation: false.`);
      const drop = list(record(sc.capabilities)?.drop);
      if (!drop.includes('ALL')) report(object, 'capabilities', `${where} must drop ALL capabilities, drops ${JSON.stringify(drop)}.`);
      const added = list(record(sc.capabilities)?.add);
      if (added.length > 0) report(object, 'capabilities', `${where} adds capabilities ${JSON.stringify(added)}.`);
      const seccomp = record(sc.seccompProfile)?.type ?? record(podSc.seccompProfile)?.type;
      if (seccomp !== 'RuntimeDefault') report(object, 'seccomp', `${where} must run with seccompProfile RuntimeDefault (pod or container), got ${seccomp}.`);
      if (sc.readOnlyRootFilesystem !== true) report(object, 'writable-root-fs', `${where} must set readOnlyRootFilesystem: true and mount a volume where it writes.`);
      const requests = record(record(c.resources)?.requests) ?? {};
      const limits = record(record(c.resources)?.limits) ?? {};
      if (requests.cpu === undefined || requests.memory === undefined) report(object, 'resources', `${where} must request cpu and memory, requests ${JSON.stringify(requests)}.`);
      if (limits.memory === undefined) report(object, 'resources', `${where} must set a memory limit.`);
      if (list(c.ports).length > 0 && (!c.livenessProbe || !c.readinessProbe)) {
        report(object, 'probes', `${where} serves ports but lacks a ${!c.livenessProbe ? 'livenessProbe' : 'readinessProbe'}.`);
      }
      const tag = typeof c.image === 'string' ? imageTag(c.image) : undefined;
      const digest = typeof c.image === 'string' && c.image.includes('@sha256:');
      if (!digest && (tag === undefined || tag === 'latest')) report(object, 'image-tag', `${where} image ${JSON.stringify(c.image)} must be pinned by a tag other than latest.`);
    }
  }
  checkReliability(object, objects, report);
}

/** The pod gets an API token unless the pod or its ServiceAccount turns automount off. */
function checkApiToken(object: Manifest, spec: Manifest, objects: readonly Manifest[], report: Report): void {
  const saName = spec.serviceAccountName ?? 'default';
  const sa = objects.find((o) => o.kind === 'ServiceAccount' && nameOf(o) === saName && namespaceOf(o) === namespaceOf(object));
  const automount = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
  if (automount !== false) report(object, 'api-token', `mounts a Kubernetes API token (service account '${saName}'): set automountServiceAccountToken: false unless the program calls the API.`);
}

function checkReliability(object: Manifest, objects: readonly Manifest[], report: Report): void {
  const pod = podTemplatesOf(object)[0];
  if (!pod) return;
  if (object.kind === 'DaemonSet') {
    const tolerations = list(pod.spec.tolerations);
    if (!tolerations.some((t) => t?.operator === 'Exists' && !t.key && !t.effect)) report(object, 'node-agent', "a node agent must tolerate every taint ({ operator: 'Exists' }).");
    if (!pod.spec.priorityClassName) report(object, 'node-agent', 'a node agent must carry a priorityClassName so it is not evicted first.');
    return;
  }
  if (object.kind === 'StatefulSet') {
    const claims = list(object.spec?.volumeClaimTemplates);
    if (claims.length === 0) report(object, 'retain-data', 'is a StatefulSet that keeps no data on a claim: give it a volumeClaimTemplate (or make it a Deployment).');
    for (const claim of claims) checkClaim(object, claim, objects, report);
  }
  if ((object.kind === 'Deployment' || object.kind === 'StatefulSet') && (object.spec?.replicas ?? 1) > 1) {
    const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget' && namespaceOf(o) === namespaceOf(object) && selectorMatches(record(o.spec?.selector) ?? {}, pod.labels));
    if (!pdb) report(object, 'disruption-budget', `runs ${object.spec.replicas} replicas without a PodDisruptionBudget selecting its pods.`);
    for (const key of ['topology.kubernetes.io/zone', 'kubernetes.io/hostname']) {
      if (!spreadsOver(pod.spec, key)) report(object, 'spread', `runs ${object.spec.replicas} replicas without topologySpreadConstraints or pod anti-affinity over '${key}'.`);
    }
  }
}

function spreadsOver(spec: Manifest, key: string): boolean {
  const anti = record(record(spec.affinity)?.podAntiAffinity) ?? {};
  const terms = [...list(anti.requiredDuringSchedulingIgnoredDuringExecution), ...list(anti.preferredDuringSchedulingIgnoredDuringExecution).map((p) => p?.podAffinityTerm)];
  return list(spec.topologySpreadConstraints).some((t) => t?.topologyKey === key) || terms.some((t) => t?.topologyKey === key);
}

function checkClaim(object: Manifest, claim: Manifest, objects: readonly Manifest[], report: Report): void {
  const name = claim?.spec?.storageClassName;
  const classes = objects.filter((o) => o.kind === 'StorageClass');
  const sc = name !== undefined
    ? classes.find((o) => nameOf(o) === name)
    : classes.find((o) => o.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
  const policy = sc ? (sc.reclaimPolicy ?? 'Delete') : undefined;
  if (policy !== 'Retain') {
    report(object, 'retain-data', `claim '${claim?.metadata?.name}' uses StorageClass ${name ?? '(default)'} whose reclaim policy is ${policy ?? 'unknown (not among the objects)'}: data needs a Retain class.`);
  }
}

function checkRules(object: Manifest, report: Report): void {
  for (const rule of list(object.rules)) {
    for (const field of ['verbs', 'resources', 'apiGroups']) {
      if (list(rule?.[field]).includes('*')) report(object, 'rbac-wildcard', `a rule grants '*' in ${field}: name each ${field.replace(/s$/, '')}.`);
    }
  }
}

const SECRETS = (r: Manifest) => list(r?.apiGroups).some((g) => g === '' || g === '*') && list(r?.resources).some((x) => x === 'secrets' || x === '*') && list(r?.resourceNames).length === 0;

function checkBinding(object: Manifest, objects: readonly Manifest[], report: Report): void {
  const ref = record(object.roleRef) ?? {};
  if (ref.kind === 'ClusterRole' && ref.name === 'cluster-admin') report(object, 'cluster-admin', 'binds cluster-admin: admins get access through the identity model (system:masters / AmazonEKSClusterAdminPolicy).');
  if (object.kind !== 'ClusterRoleBinding') return;
  const role = objects.find((o) => o.kind === 'ClusterRole' && nameOf(o) === ref.name);
  if (role && list(role.rules).some(SECRETS)) report(object, 'cluster-secrets', `grants access to Secrets in every namespace through ClusterRole '${ref.name}'.`);
}

/** Violations as one readable block, for a test failure message. */
export function formatViolations(violations: readonly BaselineViolation[]): string {
  return violations.map((v) => `${v.object} [${v.rule}]: ${v.message}`).join('\n');
}
