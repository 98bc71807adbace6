/**
 * The `argoWorkflows` add-on section: the Argo Workflows install (controller, server, the
 * namespaces workflows run in) and the account's shared WorkflowTemplates and scheduled
 * workflows. Plain data; `lib/k8s/argo` renders it.
 */
import { isRecord, show, type ProblemCollector } from '../problems';

/** `isRecord` without narrowing (the declared type stays; the check only guards malformed input). */
const isObject = (value: unknown): boolean => isRecord(value);
import { checkInteger, validateContainerResources, type ContainerResourceDefaults, type ContainerResources } from '../resources';
import type { ScheduledWorkflowConfig, WorkflowTemplateConfig } from './argo-workflow-spec';
import { validateScheduledWorkflow, validateWorkflowTemplate } from './argo-workflow-validate';

/**
 * How argo-server authenticates API and UI callers. `client`: callers present their own
 * Kubernetes bearer token and act with its RBAC. `sso`: OIDC login mapped to service accounts.
 * `server` (everyone acts as the server's own service account) is never offered.
 */
export type ArgoServerAuthMode = 'client' | 'sso';

/** Argo's pod garbage-collection strategies (`podGC.strategy`). */
export type ArgoPodGCStrategy = 'OnPodCompletion' | 'OnPodSuccess' | 'OnWorkflowCompletion' | 'OnWorkflowSuccess';

/** The auth modes of {@link ArgoServerAuthMode}, for validation. */
export const ARGO_SERVER_AUTH_MODES: readonly ArgoServerAuthMode[] = ['client', 'sso'];
/** The strategies of {@link ArgoPodGCStrategy}, for validation. */
export const ARGO_POD_GC_STRATEGIES: readonly ArgoPodGCStrategy[] = ['OnPodCompletion', 'OnPodSuccess', 'OnWorkflowCompletion', 'OnWorkflowSuccess'];
/** Default of {@link ArgoWorkflowsConfig.workflowNamespaces}. */
export const ARGO_DEFAULT_WORKFLOW_NAMESPACES: readonly string[] = ['workflows'];
/** Default of {@link ArgoWorkflowsConfig.controllerReplicas}: two, one leading, one standing by. */
export const ARGO_DEFAULT_CONTROLLER_REPLICAS = 2;
/** Default of {@link ArgoWorkflowsConfig.serverReplicas}. */
export const ARGO_DEFAULT_SERVER_REPLICAS = 2;
/** Default of {@link ArgoWorkflowsConfig.ttlAfterSuccessSeconds}: one day. */
export const ARGO_DEFAULT_TTL_AFTER_SUCCESS_SECONDS = 86400;
/** Default of {@link ArgoWorkflowsConfig.ttlAfterFailureSeconds}: one week. */
export const ARGO_DEFAULT_TTL_AFTER_FAILURE_SECONDS = 604800;
/** Default of {@link ArgoWorkflowsConfig.podGCStrategy}. */
export const ARGO_DEFAULT_POD_GC_STRATEGY: ArgoPodGCStrategy = 'OnPodCompletion';
/** Default of {@link ArgoWorkflowsConfig.executorResources}. */
export const ARGO_DEFAULT_EXECUTOR_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 50, memoryMiB: 128 };
/** Default of {@link ArgoWorkflowsConfig.controllerResources}. */
export const ARGO_DEFAULT_CONTROLLER_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 200, memoryMiB: 512 };
/** Default of {@link ArgoWorkflowsConfig.serverResources}. */
export const ARGO_DEFAULT_SERVER_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 100, memoryMiB: 256 };

/** argo-server's OIDC login, for `authMode: 'sso'` (the `sso` key of the controller ConfigMap). */
export interface ArgoSsoConfig {
  /** OIDC issuer URL (https). */
  readonly issuer: string;
  /** The UI's callback URL, `https://<host>/oauth2/callback`. */
  readonly redirectUrl: string;
  /** Secret in `argo` with keys `client-id` and `client-secret` of the OIDC client (created outside the library). */
  readonly clientSecretName: string;
  /**
   * Extra OIDC scopes (`openid` is always asked).
   * @default ['groups', 'email']
   */
  readonly scopes?: readonly string[];
}

/** Configuration section of the Argo Workflows add-on. */
export interface ArgoWorkflowsConfig {
  /**
   * argo-server's `--auth-mode`; see {@link ArgoServerAuthMode}.
   * @default 'client'
   */
  readonly authMode?: ArgoServerAuthMode;
  /**
   * OIDC settings; required with `authMode: 'sso'`, refused otherwise. Logged-in users act with
   * argo-server's own account (SSO RBAC, which needs cluster-wide Secret reads, stays off).
   * @default - none
   */
  readonly sso?: ArgoSsoConfig;
  /**
   * workflow-controller replicas. Leader election is always on: one replica schedules, the
   * others wait, so two controllers never fire the same cron tick.
   * @default 2
   */
  readonly controllerReplicas?: number;
  /**
   * argo-server replicas.
   * @default 2
   */
  readonly serverReplicas?: number;
  /**
   * Namespaces workflows run in; each gets the executor ServiceAccount `argo-workflow`.
   * @default ['workflows']
   */
  readonly workflowNamespaces?: readonly string[];
  /**
   * Seconds a succeeded workflow is kept before it is deleted (`ttlStrategy.secondsAfterSuccess`).
   * @default 86400
   */
  readonly ttlAfterSuccessSeconds?: number;
  /**
   * Seconds a failed workflow is kept (`ttlStrategy.secondsAfterFailure`).
   * @default 604800
   */
  readonly ttlAfterFailureSeconds?: number;
  /**
   * When finished pods are deleted (`podGC.strategy`). Their logs are in Loki already.
   * @default 'OnPodCompletion'
   */
  readonly podGCStrategy?: ArgoPodGCStrategy;
  /**
   * CPU and memory of the executor (`init`/`wait`) containers of every workflow pod.
   * @default - 50 millicores, 128 MiB
   */
  readonly executorResources?: ContainerResources;
  /**
   * CPU and memory of each workflow-controller pod.
   * @default - 200 millicores, 512 MiB
   */
  readonly controllerResources?: ContainerResources;
  /**
   * CPU and memory of each argo-server pod.
   * @default - 100 millicores, 256 MiB
   */
  readonly serverResources?: ContainerResources;
  /**
   * Put `prometheus.io/*` scrape annotations on the controller's pods (metrics on port 9090).
   * @default true
   */
  readonly prometheusScrape?: boolean;
  /**
   * Shared WorkflowTemplates.
   * @default - none
   */
  readonly workflowTemplates?: readonly WorkflowTemplateConfig[];
  /**
   * Scheduled workflows (CronWorkflows).
   * @default - none
   */
  readonly scheduledWorkflows?: readonly ScheduledWorkflowConfig[];
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const RESERVED_NAMESPACES = ['argo', 'kube-system', 'kube-public', 'kube-node-lease', 'default'];

/** Check an ArgoWorkflowsConfig section; report every problem under `path`. */
export function validateArgoWorkflowsConfig(config: ArgoWorkflowsConfig, path: string, problems: ProblemCollector): void {
  if (config.authMode !== undefined && !ARGO_SERVER_AUTH_MODES.includes(config.authMode)) {
    problems.add(`${path}.authMode`, `must be 'client' or 'sso', got ${show(config.authMode)}; 'server' would let anyone reaching the UI act as argo-server's own service account.`);
  }
  validateSso(config, `${path}.sso`, problems);
  checkInteger(config.controllerReplicas, { min: 1, max: 5 }, `${path}.controllerReplicas`, problems);
  checkInteger(config.serverReplicas, { min: 1, max: 10 }, `${path}.serverReplicas`, problems);
  const namespaces = config.workflowNamespaces ?? ARGO_DEFAULT_WORKFLOW_NAMESPACES;
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    problems.add(`${path}.workflowNamespaces`, `must be a non-empty list of namespace names, got ${show(config.workflowNamespaces)}.`);
  } else {
    namespaces.forEach((ns, i) => {
      if (typeof ns !== 'string' || !NAMESPACE.test(ns)) problems.add(`${path}.workflowNamespaces[${i}]`, `must be a namespace name (DNS-1123 label), got ${show(ns)}.`);
      else if (RESERVED_NAMESPACES.includes(ns)) problems.add(`${path}.workflowNamespaces[${i}]`, `must not be ${show(ns)}: workflows run apart from the controller and the system.`);
      else if (namespaces.indexOf(ns) !== i) problems.add(`${path}.workflowNamespaces[${i}]`, `lists ${show(ns)} twice.`);
    });
  }
  checkInteger(config.ttlAfterSuccessSeconds, { min: 60, max: 90 * 86400, unit: 'seconds' }, `${path}.ttlAfterSuccessSeconds`, problems);
  checkInteger(config.ttlAfterFailureSeconds, { min: 60, max: 90 * 86400, unit: 'seconds' }, `${path}.ttlAfterFailureSeconds`, problems);
  if (config.podGCStrategy !== undefined && !ARGO_POD_GC_STRATEGIES.includes(config.podGCStrategy)) {
    problems.add(`${path}.podGCStrategy`, `must be one of ${ARGO_POD_GC_STRATEGIES.join(', ')}, got ${show(config.podGCStrategy)}.`);
  }
  validateContainerResources(config.executorResources ?? {}, `${path}.executorResources`, problems, ARGO_DEFAULT_EXECUTOR_RESOURCES);
  validateContainerResources(config.controllerResources ?? {}, `${path}.controllerResources`, problems, ARGO_DEFAULT_CONTROLLER_RESOURCES);
  validateContainerResources(config.serverResources ?? {}, `${path}.serverResources`, problems, ARGO_DEFAULT_SERVER_RESOURCES);
  if (config.prometheusScrape !== undefined && typeof config.prometheusScrape !== 'boolean') {
    problems.add(`${path}.prometheusScrape`, `must be true or false, got ${show(config.prometheusScrape)}.`);
  }
  validateWorkflows(config, Array.isArray(namespaces) ? namespaces : [], path, problems);
}

const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

function validateSso(config: ArgoWorkflowsConfig, path: string, problems: ProblemCollector): void {
  const sso = config.sso;
  if (config.authMode !== 'sso') {
    if (sso !== undefined) problems.add(path, `is only used with authMode 'sso', got authMode ${show(config.authMode ?? 'client')}; remove it or set authMode 'sso'.`);
    return;
  }
  if (!isObject(sso)) {
    problems.add(path, `is required with authMode 'sso': { issuer, redirectUrl, clientSecretName }, got ${show(sso)}.`);
    return;
  }
  if (typeof sso!.issuer !== 'string' || !HTTPS_URL.test(sso!.issuer)) problems.add(`${path}.issuer`, `must be an https URL, got ${show(sso!.issuer)}.`);
  if (typeof sso!.redirectUrl !== 'string' || !HTTPS_URL.test(sso!.redirectUrl) || !sso!.redirectUrl.endsWith('/oauth2/callback')) {
    problems.add(`${path}.redirectUrl`, `must be an https URL ending in /oauth2/callback, got ${show(sso!.redirectUrl)}.`);
  }
  if (typeof sso!.clientSecretName !== 'string' || !NAMESPACE.test(sso!.clientSecretName)) {
    problems.add(`${path}.clientSecretName`, `must be a Secret name, got ${show(sso!.clientSecretName)}.`);
  }
  if (sso!.scopes !== undefined && (!Array.isArray(sso!.scopes) || sso!.scopes.some((x) => typeof x !== 'string' || x === ''))) {
    problems.add(`${path}.scopes`, `must be a list of scope names, got ${show(sso!.scopes)}.`);
  }
}

/** The WorkflowTemplates of `namespace`: name -> step names. */
export function templatesIn(templates: readonly WorkflowTemplateConfig[], namespace: string): Map<string, readonly string[]> {
  return new Map(templates.filter((t) => isObject(t) && t.namespace === namespace)
    .map((t) => [t.name, Array.isArray(t.steps) ? t.steps.map((s) => (isObject(s) ? s.name : '')) : []]));
}

function validateWorkflows(config: ArgoWorkflowsConfig, namespaces: readonly string[], path: string, problems: ProblemCollector): void {
  const list = <T>(value: readonly T[] | undefined, field: string): readonly T[] => {
    if (value === undefined || Array.isArray(value)) return value ?? [];
    problems.add(`${path}.${field}`, `must be a list, got ${show(value)}.`);
    return [];
  };
  const templates = list(config.workflowTemplates, 'workflowTemplates');
  const scheduled = list(config.scheduledWorkflows, 'scheduledWorkflows');
  const seen = new Set<string>();
  const place = (kind: string, item: { name: string; namespace: string }, at: string): boolean => {
    if (!isObject(item)) {
      problems.add(at, `must be an object, got ${show(item)}.`);
      return false;
    }
    if (!namespaces.includes(item.namespace as string)) {
      problems.add(`${at}.namespace`, `must be one of workflowNamespaces (${namespaces.map(String).join(', ')}), got ${show(item.namespace)}.`);
    }
    const key = `${kind}/${String(item.namespace)}/${String(item.name)}`;
    if (seen.has(key)) problems.add(`${at}.name`, `declares ${kind} ${String(item.namespace)}/${String(item.name)} twice.`);
    seen.add(key);
    return true;
  };
  templates.forEach((t, i) => {
    if (place('WorkflowTemplate', t, `${path}.workflowTemplates[${i}]`)) validateWorkflowTemplate(t, `${path}.workflowTemplates[${i}]`, problems);
  });
  scheduled.forEach((w, i) => {
    if (!place('CronWorkflow', w, `${path}.scheduledWorkflows[${i}]`)) return;
    validateScheduledWorkflow(w, templatesIn(templates, w.namespace), `${path}.scheduledWorkflows[${i}]`, problems);
  });
}
