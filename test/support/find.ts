/** Find synthesized Kubernetes objects by kind and name (never by array index). */
import { describeObject, Manifest } from './k8s-shared';

export type { Manifest } from './k8s-shared';

/** Every object of `kind`, in order. */
export function findAll(objects: readonly any[], kind: string): Manifest[] {
  return objects.filter((o) => o?.kind === kind);
}

/**
 * The one object of `kind` named `name` (in `namespace`, when given). Throws, listing what is
 * there, when there is none or when several namespaces hold one and `namespace` was not given.
 */
export function findObject(objects: readonly any[], kind: string, name: string, namespace?: string): Manifest {
  const matches = objects.filter((o) => o?.kind === kind && o?.metadata?.name === name
    && (namespace === undefined || o?.metadata?.namespace === namespace));
  if (matches.length === 1) return matches[0];
  const wanted = `${kind} ${namespace !== undefined ? `${namespace}/` : ''}${name}`;
  if (matches.length > 1) {
    throw new Error(`findObject: ${matches.length} objects match ${wanted}: ${matches.map(describeObject).join(', ')}; pass the namespace.`);
  }
  const sameKind = objects.filter((o) => o?.kind === kind).map(describeObject);
  const available = sameKind.length > 0 ? sameKind : objects.map(describeObject);
  throw new Error(`findObject: no ${wanted} among ${objects.length} objects. ${sameKind.length > 0 ? `${kind} objects` : 'Available'}: ${available.join(', ') || 'none'}.`);
}
