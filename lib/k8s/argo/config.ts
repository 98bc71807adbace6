/**
 * The `workflow-controller-configmap`: Argo reads each data key as a YAML document. Rendered by
 * a pure function so tests can read it back without cdk8s.
 *
 * Keys (upstream docs/workflow-controller-configmap.yaml): `executor` (the init/wait
 * containers of every workflow pod), `workflowDefaults` (merged under every Workflow's spec),
 * `metricsConfig` (the Prometheus endpoint).
 */
import type { ArgoPodGCStrategy, ArgoSsoConfig } from '../../config/addons/argo-workflows';
import type { ResolvedContainerResources } from '../../config/resources';
import { toYaml } from '../../yaml';

/** Name of the ConfigMap the controller reads (`--configmap`). */
export const ARGO_CONTROLLER_CONFIGMAP = 'workflow-controller-configmap';
/** Port of the controller's Prometheus metrics. */
export const ARGO_METRICS_PORT = 9090;
/** Name of the executor ServiceAccount in every workflow namespace. */
export const ARGO_EXECUTOR_SERVICE_ACCOUNT = 'argo-workflow';

/** What the ConfigMap is rendered from. */
export interface ArgoControllerSettings {
  /** Executor container resources. */
  readonly executorResources: ResolvedContainerResources;
  /** Seconds a succeeded workflow is kept. */
  readonly ttlAfterSuccessSeconds: number;
  /** Seconds a failed workflow is kept. */
  readonly ttlAfterFailureSeconds: number;
  /** Pod GC strategy. */
  readonly podGCStrategy: ArgoPodGCStrategy;
  /**
   * OIDC login of argo-server.
   * @default - no `sso` key
   */
  readonly sso?: ArgoSsoConfig;
}

/** The container security context every pod of the library runs with (non-root, read-only root, no capabilities). */
export const RESTRICTED_CONTAINER_SECURITY = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

function resources(r: ResolvedContainerResources): Record<string, Record<string, string>> {
  return {
    requests: { cpu: `${r.cpuMillicores}m`, memory: `${r.memoryMiB}Mi` },
    limits: { memory: `${r.memoryMiB}Mi`, ...(r.cpuLimitMillicores !== undefined ? { cpu: `${r.cpuLimitMillicores}m` } : {}) },
  };
}

/** The ConfigMap's data: key -> YAML document. */
export function argoControllerConfigData(settings: ArgoControllerSettings): Record<string, string> {
  return {
    executor: toYaml({
      resources: resources(settings.executorResources),
      securityContext: RESTRICTED_CONTAINER_SECURITY,
    }),
    workflowDefaults: toYaml({
      spec: {
        serviceAccountName: ARGO_EXECUTOR_SERVICE_ACCOUNT,
        ttlStrategy: {
          secondsAfterSuccess: settings.ttlAfterSuccessSeconds,
          secondsAfterFailure: settings.ttlAfterFailureSeconds,
        },
        podGC: { strategy: settings.podGCStrategy },
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      },
    }),
    // Plain HTTP inside the cluster (3.6 turned TLS on by default), so annotation-based
    // Prometheus scraping works without a client certificate setup.
    metricsConfig: toYaml({ enabled: true, path: '/metrics', port: ARGO_METRICS_PORT, secure: false }),
    ...(settings.sso ? {
      sso: toYaml({
        issuer: settings.sso.issuer,
        clientId: { name: settings.sso.clientSecretName, key: 'client-id' },
        clientSecret: { name: settings.sso.clientSecretName, key: 'client-secret' },
        redirectUrl: settings.sso.redirectUrl,
        scopes: [...(settings.sso.scopes ?? ['groups', 'email'])],
        rbac: { enabled: false },
      }),
    } : {}),
  };
}
