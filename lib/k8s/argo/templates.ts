/**
 * Rendering of typed steps into Argo templates, and of per-use overrides of a shared
 * WorkflowTemplate into the fields Argo reads: the template's `activeDeadlineSeconds` and a
 * `podSpecPatch` (a JSON strategic-merge patch of the PodSpec). Pure functions.
 *
 * A shared template declares two inputs with harmless defaults, `pod-spec-patch` (`{}`) and
 * `active-deadline-seconds` (its own deadline), and wires them into `podSpecPatch` and
 * `activeDeadlineSeconds`; a workflow that uses it passes the library-made values as arguments.
 */
import type {
  TemplateOverrides, WorkflowEnvVar, WorkflowRetries, WorkflowStepConfig,
} from '../../config/addons/argo-workflow-spec';
import { withResourceDefaults, type ContainerResourceDefaults, type ContainerResources } from '../../config/resources';
import { RESTRICTED_CONTAINER_SECURITY } from './config';

/** An Argo template or step, as plain JSON. */
export type ArgoJson = Record<string, unknown>;

/** CPU and memory of a step that sets none. */
export const ARGO_STEP_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 100, memoryMiB: 256 };
/** Deadline of a shared template's step that sets none, in seconds (so an override has a field to replace). */
export const SHARED_STEP_DEFAULT_DEADLINE_SECONDS = 3600;
/** Input of a shared template that carries the pod spec patch. */
export const POD_SPEC_PATCH_INPUT = 'pod-spec-patch';
/** Input of a shared template that carries the deadline. */
export const DEADLINE_INPUT = 'active-deadline-seconds';
/** Argo names the container of a container template `main`; patches address it so. */
export const MAIN_CONTAINER = 'main';

/** Kubernetes env vars of `env` (Secrets by reference). */
export function renderEnv(env: readonly WorkflowEnvVar[]): ArgoJson[] {
  return env.map((v) => (v.secret
    ? { name: v.name, valueFrom: { secretKeyRef: { name: v.secret.name, key: v.secret.key } } }
    : { name: v.name, value: v.value }));
}

/** Container `resources` of `resources` (memory request = limit, CPU limit only when set). */
export function renderResources(resources: ContainerResources | undefined, defaults?: ContainerResourceDefaults): ArgoJson {
  const r = defaults ? withResourceDefaults(resources, defaults) : resources ?? {};
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (r.cpuMillicores !== undefined) requests.cpu = `${r.cpuMillicores}m`;
  if (r.memoryMiB !== undefined) {
    requests.memory = `${r.memoryMiB}Mi`;
    limits.memory = `${r.memoryMiB}Mi`;
  }
  if (r.cpuLimitMillicores !== undefined) limits.cpu = `${r.cpuLimitMillicores}m`;
  return { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) };
}

/** Argo `retryStrategy` of `retries`: exponential backoff with a cap. */
export function renderRetries(retries: WorkflowRetries): ArgoJson {
  return {
    limit: retries.limit,
    retryPolicy: retries.policy ?? 'OnFailure',
    backoff: {
      duration: `${retries.backoffSeconds ?? 30}s`,
      factor: retries.backoffFactor ?? 2,
      cap: `${retries.maxBackoffSeconds ?? 600}s`,
    },
  };
}

/**
 * The container template of a step with its own image. `shared` wires the override inputs in
 * (for a WorkflowTemplate's steps).
 */
export function containerTemplate(step: WorkflowStepConfig, shared = false): ArgoJson {
  const container: ArgoJson = {
    name: MAIN_CONTAINER,
    image: step.image,
    ...(step.command ? { command: [...step.command] } : {}),
    ...(step.args ? { args: [...step.args] } : {}),
    ...(step.env?.length ? { env: renderEnv(step.env) } : {}),
    resources: renderResources(step.resources, ARGO_STEP_DEFAULT_RESOURCES),
    securityContext: { ...RESTRICTED_CONTAINER_SECURITY, ...(step.runAsUser !== undefined ? { runAsUser: step.runAsUser } : {}) },
  };
  const template: ArgoJson = { name: step.name };
  if (shared) {
    template.inputs = {
      parameters: [
        { name: POD_SPEC_PATCH_INPUT, value: '{}' },
        { name: DEADLINE_INPUT, value: String(step.activeDeadlineSeconds ?? SHARED_STEP_DEFAULT_DEADLINE_SECONDS) },
      ],
    };
    template.activeDeadlineSeconds = `{{inputs.parameters.${DEADLINE_INPUT}}}`;
    template.podSpecPatch = `{{inputs.parameters.${POD_SPEC_PATCH_INPUT}}}`;
  } else if (step.activeDeadlineSeconds !== undefined) {
    template.activeDeadlineSeconds = step.activeDeadlineSeconds;
  }
  if (step.nodeSelector) template.nodeSelector = { ...step.nodeSelector };
  if (step.retries) template.retryStrategy = renderRetries(step.retries);
  template.container = container;
  return template;
}

/**
 * The PodSpec fragment an override needs, or undefined when it changes nothing in the pod:
 * the main container's resources and env (merged by container name, env by variable name,
 * as strategic merge patch does) and the node selector.
 */
export function overridePodSpecPatch(overrides: TemplateOverrides): ArgoJson | undefined {
  const main: ArgoJson = { name: MAIN_CONTAINER };
  if (overrides.resources) main.resources = renderResources(overrides.resources);
  if (overrides.env?.length) main.env = renderEnv(overrides.env);
  const patch: ArgoJson = {};
  if (Object.keys(main).length > 1) patch.containers = [main];
  if (overrides.nodeSelector && Object.keys(overrides.nodeSelector).length) patch.nodeSelector = { ...overrides.nodeSelector };
  return Object.keys(patch).length ? patch : undefined;
}

/** The arguments a step passes to a shared template for `overrides` (none when there are none). */
export function overrideArguments(overrides: TemplateOverrides | undefined): ArgoJson[] {
  if (!overrides) return [];
  const args: ArgoJson[] = [];
  const patch = overridePodSpecPatch(overrides);
  if (patch) args.push({ name: POD_SPEC_PATCH_INPUT, value: JSON.stringify(patch) });
  if (overrides.activeDeadlineSeconds !== undefined) args.push({ name: DEADLINE_INPUT, value: String(overrides.activeDeadlineSeconds) });
  return args;
}

/** How one step is called from the entry template: its own template, or a shared one by reference. */
function call(step: WorkflowStepConfig): ArgoJson {
  const base: ArgoJson = step.use
    ? { name: step.name, templateRef: { name: step.use.workflowTemplate, template: step.use.template ?? '' } }
    : { name: step.name, template: step.name };
  const args = overrideArguments(step.use?.overrides);
  if (args.length) base.arguments = { parameters: args };
  if (step.continueOnFailure) base.continueOn = { failed: true };
  return base;
}

/**
 * The templates of a workflow's steps: `main` (steps run in order, or a DAG when any step has
 * `dependsOn`) and one container template per step with its own image. `resolveTemplate`
 * names the only step of a shared WorkflowTemplate when `use.template` is left out.
 */
export function workflowTemplates(steps: readonly WorkflowStepConfig[], resolveTemplate: (workflowTemplate: string) => string): ArgoJson[] {
  const resolved = steps.map((s) => (s.use && s.use.template === undefined
    ? { ...s, use: { ...s.use, template: resolveTemplate(s.use.workflowTemplate) } }
    : s));
  const dag = resolved.some((s) => s.dependsOn !== undefined);
  const main: ArgoJson = dag
    ? { name: 'main', dag: { tasks: resolved.map((s) => ({ ...call(s), ...(s.dependsOn?.length ? { dependencies: [...s.dependsOn] } : {}) })) } }
    : { name: 'main', steps: resolved.map((s) => [call(s)]) };
  return [main, ...resolved.filter((s) => !s.use).map((s) => containerTemplate(s))];
}
