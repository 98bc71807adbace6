/**
 * Keys Argo Workflows 4 removed (deprecated in 3.6: docs/deprecations.md; removed by
 * argoproj/argo-workflows#14977). The v4 schema models still accept unknown keys, so these are
 * looked for explicitly, anywhere in an object.
 */
const REMOVED: Record<string, (parentKey: string | undefined, kind: string) => boolean> = {
  schedule: (parent, kind) => kind === 'CronWorkflow' && parent === 'spec',
  mutex: (parent) => parent === 'synchronization',
  semaphore: (parent) => parent === 'synchronization',
  podPriority: () => true,
};

/** Paths of every key of `object` that Argo 4 removed. */
export function removedArgoKeys(object: any): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string, parentKey: string | undefined) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, parentKey));
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (REMOVED[key]?.(parentKey, object.kind)) found.push(`${path}.${key}`);
        walk(child, `${path}.${key}`, key);
      }
    }
  };
  walk(object, object.kind, undefined);
  return found;
}
