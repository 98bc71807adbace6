/**
 * A small RBAC evaluator over synthesized objects, so tests can ask "may group G do V on R in
 * namespace N?" the way the API server's RBAC authorizer would (no aggregation, no
 * resourceNames): bindings of the group, then the rules of the roles they reference.
 */
interface Rule { apiGroups?: string[]; resources?: string[]; verbs: string[] }
interface K8sObject { kind: string; metadata: { name: string; namespace?: string }; rules?: Rule[]; roleRef?: { kind: string; name: string }; subjects?: { kind: string; name: string }[] }

/** What to ask. `namespace` undefined means a cluster-wide request (e.g. list pods in all namespaces). */
export interface AccessQuery {
  readonly group: string;
  readonly verb: string;
  readonly resource: string;
  /** @default '' (core) */
  readonly apiGroup?: string;
  readonly namespace?: string;
}

function matches(list: string[] | undefined, value: string): boolean {
  return (list ?? []).some((x) => x === '*' || x === value);
}

function rulesOf(objects: readonly K8sObject[], kind: string, name: string, namespace?: string): Rule[] {
  const role = objects.find((o) => o.kind === kind && o.metadata.name === name && (kind === 'ClusterRole' || o.metadata.namespace === namespace));
  if (!role) throw new Error(`RBAC: ${kind} '${name}' is referenced but not in the synthesized objects; it cannot be evaluated.`);
  return role.rules ?? [];
}

/** True when a member of `q.group` is allowed the request by the objects' RBAC. */
export function can(objects: readonly K8sObject[], q: AccessQuery): boolean {
  if (q.group === 'system:masters') return true;
  const apiGroup = q.apiGroup ?? '';
  const bound = (o: K8sObject) => (o.subjects ?? []).some((s) => s.kind === 'Group' && s.name === q.group);
  const rules: Rule[] = [];
  for (const b of objects.filter((o) => o.kind === 'ClusterRoleBinding' && bound(o))) rules.push(...rulesOf(objects, 'ClusterRole', b.roleRef!.name));
  if (q.namespace !== undefined) {
    for (const b of objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.namespace === q.namespace && bound(o))) {
      rules.push(...rulesOf(objects, b.roleRef!.kind, b.roleRef!.name, q.namespace));
    }
  }
  return rules.some((r) => matches(r.apiGroups, apiGroup) && matches(r.resources, q.resource) && matches(r.verbs, q.verb));
}
