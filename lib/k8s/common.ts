/**
 * Small helpers every add-on construct shares: the standard labels and the conventional
 * Prometheus scrape annotations.
 */
import { MANAGED_BY_LABEL } from '../names';

/**
 * The recommended `app.kubernetes.io/*` labels of one component of an add-on.
 * Use them as pod-template labels and as selectors (`name` + `component` + `instance` only,
 * so they never change across upgrades).
 */
export function componentLabels(name: string, component: string, instance: string = name): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/instance': instance,
  };
}

/** `componentLabels` plus the managed-by and version labels, for object metadata. */
export function objectLabels(name: string, component: string, version: string, instance: string = name): Record<string, string> {
  return { ...componentLabels(name, component, instance), 'app.kubernetes.io/version': version, ...MANAGED_BY_LABEL };
}

/**
 * The conventional annotations that tell Prometheus's `kubernetes_sd` pod role to scrape a
 * pod: `prometheus.io/scrape`, `prometheus.io/port`, `prometheus.io/path`.
 */
export function prometheusScrapeAnnotations(port: number, path: string = '/metrics'): Record<string, string> {
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': path };
}
