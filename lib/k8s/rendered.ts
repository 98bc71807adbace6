/**
 * Reading a workload's rendered form more than once without rendering it again. Network policies
 * and namespaces are derived from what the add-ons' workloads render to (selector labels, ports,
 * scrape annotations, host access), and `PlatformChart` asks about the same dozen workloads some
 * seventy times per cluster. `ApiObject.toJson()` resolves the whole object each time, which made
 * those questions a tenth of a synth.
 */
import type { ApiObject } from 'cdk8s';

let rendered: Map<ApiObject, any> | undefined;

/**
 * `object.toJson()`; inside {@link withRenderedObjects}, computed once per object and shared (the
 * caller must not change the returned JSON).
 */
export function renderedJson(object: ApiObject): any {
  if (!rendered) return object.toJson();
  let json = rendered.get(object);
  if (json === undefined) rendered.set(object, json = object.toJson());
  return json;
}

/**
 * Runs `fn`, during which {@link renderedJson} renders each object at most once. Only for code that
 * reads objects and adds new ones, and changes none that it reads (no container, label, annotation
 * or port added to a workload): a change made after the first read would not be seen.
 */
export function withRenderedObjects<T>(fn: () => T): T {
  if (rendered) return fn();
  rendered = new Map();
  try {
    return fn();
  } finally {
    rendered = undefined;
  }
}
