/**
 * The config-reload sidecar of Prometheus and Alertmanager: prometheus-operator's
 * `prometheus-config-reloader`, used here without the operator. It watches the mounted
 * ConfigMap directories and POSTs the server's `/-/reload` when their content changes, so a
 * config or rule change needs no pod restart (Prometheus runs with `--web.enable-lifecycle`;
 * Alertmanager's `/-/reload` is always on).
 */
import { k8s } from 'cdk8s-plus-27';
import { resourceRequirements } from '../common';

/**
 * The pinned reloader image, released with prometheus-operator (v0.94.0: the newest tag seen in
 * public deployments, e.g. `quay.io/prometheus-operator/prometheus-config-reloader:v0.94.0`;
 * releases at https://github.com/prometheus-operator/prometheus-operator/releases).
 */
export const CONFIG_RELOADER_IMAGE = 'quay.io/prometheus-operator/prometheus-config-reloader:v0.94.0';
/** Port of the reloader's own `/metrics` (what its probes call). */
export const CONFIG_RELOADER_PORT = 8080;

/** A mounted directory the reloader watches. */
export interface WatchedMount {
  /** Volume name. */
  readonly volume: string;
  /** Mount path (the same as the server's). */
  readonly path: string;
}

/**
 * The reloader container: watches `dirs` and calls `reloadUrl` (loopback: the server's
 * container in the same pod). Runs as the pod's non-root user with a read-only root filesystem.
 */
export function configReloaderContainer(reloadUrl: string, dirs: readonly WatchedMount[]): k8s.Container {
  return {
    name: 'config-reloader',
    image: CONFIG_RELOADER_IMAGE,
    args: [
      `--listen-address=:${CONFIG_RELOADER_PORT}`,
      `--reload-url=${reloadUrl}`,
      ...dirs.map((d) => `--watched-dir=${d.path}`),
    ],
    ports: [{ name: 'reloader-web', containerPort: CONFIG_RELOADER_PORT, protocol: 'TCP' }],
    // The reloader's HTTP server serves /metrics for as long as the process works.
    livenessProbe: { httpGet: { path: '/metrics', port: k8s.IntOrString.fromString('reloader-web') }, initialDelaySeconds: 10, periodSeconds: 30, timeoutSeconds: 5 },
    readinessProbe: { httpGet: { path: '/metrics', port: k8s.IntOrString.fromString('reloader-web') }, periodSeconds: 30, timeoutSeconds: 5 },
    resources: resourceRequirements({ cpuMillicores: 10, memoryMiB: 32 }),
    securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    volumeMounts: dirs.map((d) => ({ name: d.volume, mountPath: d.path, readOnly: true })),
  };
}
