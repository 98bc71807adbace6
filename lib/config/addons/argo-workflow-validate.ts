/**
 * Validators of the typed Argo workflow descriptions of `argo-workflow-spec.ts`: names, steps,
 * env, overrides, retries, and the schedules of a scheduled workflow. They report into a
 * ProblemCollector and never throw, whatever shape the input has.
 */
import { isRecord, show, type ProblemCollector } from '../problems';
import { checkInteger, validateContainerResources } from '../resources';
import { validateSchedules } from './argo-schedule';
import {
  CRON_WORKFLOW_NAME_MAX, SCHEDULED_WORKFLOW_DEFAULT_DEADLINE_SECONDS,
  type ScheduledWorkflowConfig, type SecretKeyReference, type TemplateOverrides, type WorkflowEnvVar, type WorkflowStepConfig,
  type WorkflowTemplateConfig,
} from './argo-workflow-spec';

/** `isRecord` without narrowing (the declared type stays; the check only guards malformed input). */
const isObject = (value: unknown): boolean => isRecord(value);

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const PARAMETER_NAME = /^[a-zA-Z0-9][-_a-zA-Z0-9]*$/;
/** Template names the library uses itself. */
const RESERVED_STEP_NAMES: unknown[] = ['main', 'exit-handler', 'outcome', 'notify'];
const RETRY_POLICIES = ['Always', 'OnFailure', 'OnError', 'OnTransientError'];
const SECONDS = { min: 1, max: 31 * 24 * 3600, unit: 'seconds' };

function checkName(value: unknown, max: number, path: string, problems: ProblemCollector): void {
  if (typeof value !== 'string' || value.length > max || !LABEL.test(value)) {
    problems.add(path, `must be a DNS-1123 label of at most ${max} characters (lower-case letters, digits, '-'), got ${show(value)}.`);
  }
}

function checkSecretRef(ref: unknown, path: string, problems: ProblemCollector): void {
  const r = ref as SecretKeyReference | undefined;
  if (typeof r !== 'object' || r === null || typeof r.name !== 'string' || !LABEL.test(r.name) || typeof r.key !== 'string' || r.key === '') {
    problems.add(path, `must be { name: <Secret name>, key: <key> }, got ${show(ref)}.`);
  }
}

/** Check a list of {@link WorkflowEnvVar}. */
export function validateEnv(env: readonly WorkflowEnvVar[] | undefined, path: string, problems: ProblemCollector): void {
  if (env === undefined) return;
  if (!Array.isArray(env)) {
    problems.add(path, `must be a list of { name, value } or { name, secret }, got ${show(env)}.`);
    return;
  }
  const names = new Set<string>();
  env.forEach((v, i) => {
    if (!isObject(v)) {
      problems.add(`${path}[${i}]`, `must be { name, value } or { name, secret }, got ${show(v)}.`);
      return;
    }
    if (typeof v?.name !== 'string' || !ENV_NAME.test(v.name)) problems.add(`${path}[${i}].name`, `must be an environment variable name, got ${show(v?.name)}.`);
    else if (names.has(v.name)) problems.add(`${path}[${i}].name`, `sets ${show(v.name)} twice.`);
    else names.add(v.name);
    if ((v?.value === undefined) === (v?.secret === undefined)) {
      problems.add(`${path}[${i}]`, `must set exactly one of 'value' or 'secret', got ${show(v)}.`);
    } else if (v.secret !== undefined) {
      checkSecretRef(v.secret, `${path}[${i}].secret`, problems);
    } else if (typeof v.value !== 'string') {
      problems.add(`${path}[${i}].value`, `must be a string, got ${show(v.value)}.`);
    }
  });
}

function checkNodeSelector(selector: unknown, path: string, problems: ProblemCollector): void {
  if (selector === undefined) return;
  if (typeof selector !== 'object' || selector === null || Array.isArray(selector)
    || Object.values(selector).some((v) => typeof v !== 'string')) {
    problems.add(path, `must be a map of label keys to string values, got ${show(selector)}.`);
  }
}

/** Check {@link TemplateOverrides}. */
export function validateOverrides(overrides: TemplateOverrides, path: string, problems: ProblemCollector): void {
  if (!isObject(overrides)) {
    problems.add(path, `must be an object, got ${show(overrides)}.`);
    return;
  }
  if (overrides.resources !== undefined && !isObject(overrides.resources)) problems.add(`${path}.resources`, `must be an object, got ${show(overrides.resources)}.`);
  else if (overrides.resources) validateContainerResources(overrides.resources, `${path}.resources`, problems);
  checkInteger(overrides.activeDeadlineSeconds, SECONDS, `${path}.activeDeadlineSeconds`, problems);
  validateEnv(overrides.env, `${path}.env`, problems);
  checkNodeSelector(overrides.nodeSelector, `${path}.nodeSelector`, problems);
}

/**
 * Check the steps of a workflow or template. `templates` lists the WorkflowTemplates (name ->
 * its step names) a `use` may name; `allowUse` false rejects `use` (inside a template).
 */
export function validateSteps(
  steps: readonly WorkflowStepConfig[] | undefined, templates: ReadonlyMap<string, readonly string[]>, allowUse: boolean,
  path: string, problems: ProblemCollector,
): void {
  if (!Array.isArray(steps) || steps.length === 0) {
    problems.add(`${path}.steps`, `must be a non-empty list of steps, got ${show(steps)}.`);
    return;
  }
  const names = steps.map((s) => (isObject(s) ? s.name : undefined));
  const others = (name: unknown) => names.filter((n) => n !== name && typeof n === 'string').join(', ') || 'none';
  steps.forEach((step, i) => {
    const at = `${path}.steps[${i}]`;
    if (!isObject(step)) {
      problems.add(at, `must be a step object, got ${show(step)}.`);
      return;
    }
    checkName(step.name, 63, `${at}.name`, problems);
    if (names.indexOf(step.name) !== i) problems.add(`${at}.name`, `names step ${show(step.name)} twice.`);
    if (RESERVED_STEP_NAMES.includes(step.name)) {
      problems.add(`${at}.name`, `must not be ${show(step.name)}: the library names its own templates so.`);
    }
    if (step.use !== undefined && !isObject(step.use)) {
      problems.add(`${at}.use`, `must be { workflowTemplate, template?, overrides? }, got ${show(step.use)}.`);
    } else if (step.use !== undefined) {
      if (!allowUse) problems.add(`${at}.use`, 'is not allowed inside a WorkflowTemplate or as an exit step: the step must have its own image.');
      if ([step.image, step.command, step.args, step.env, step.resources, step.retries, step.runAsUser, step.nodeSelector, step.activeDeadlineSeconds].some((v) => v !== undefined)) {
        problems.add(`${at}`, "must not set image, command, args, env, resources, retries, runAsUser, nodeSelector or activeDeadlineSeconds together with 'use': put them in 'use.overrides' or in the template.");
      }
      const known = templates.get(step.use.workflowTemplate);
      if (!known) {
        problems.add(`${at}.use.workflowTemplate`, `must name a WorkflowTemplate of the same namespace declared in workflowTemplates (${[...templates.keys()].map(String).join(', ') || 'none'}), got ${show(step.use.workflowTemplate)}.`);
      } else if (step.use.template === undefined ? known.length !== 1 : !known.includes(step.use.template)) {
        problems.add(`${at}.use.template`, `must name one of the steps of WorkflowTemplate '${step.use.workflowTemplate}' (${known.map(String).join(', ')}), got ${show(step.use.template)}.`);
      }
      if (step.use.overrides !== undefined) validateOverrides(step.use.overrides, `${at}.use.overrides`, problems);
    } else if (typeof step.image !== 'string' || !/^[^\s:@]+(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/.test(step.image) || step.image.endsWith(':latest')) {
      problems.add(`${at}.image`, `must be an image pinned by a tag other than 'latest' or by digest, got ${show(step.image)}.`);
    }
    if (step.resources !== undefined && !isObject(step.resources)) problems.add(`${at}.resources`, `must be an object, got ${show(step.resources)}.`);
    else if (step.resources) validateContainerResources(step.resources, `${at}.resources`, problems);
    validateEnv(step.env, `${at}.env`, problems);
    checkNodeSelector(step.nodeSelector, `${at}.nodeSelector`, problems);
    checkInteger(step.activeDeadlineSeconds, SECONDS, `${at}.activeDeadlineSeconds`, problems);
    checkInteger(step.runAsUser, { min: 1, max: 2147483647, why: 'never root' }, `${at}.runAsUser`, problems);
    if (step.retries !== undefined && !isObject(step.retries)) {
      problems.add(`${at}.retries`, `must be { limit, policy?, backoffSeconds?, ... }, got ${show(step.retries)}.`);
    } else if (step.retries !== undefined) {
      checkInteger(step.retries.limit, { min: 0, max: 20 }, `${at}.retries.limit`, problems);
      if (step.retries.limit === undefined) problems.add(`${at}.retries.limit`, 'is required.');
      if (step.retries.policy !== undefined && !RETRY_POLICIES.includes(step.retries.policy)) {
        problems.add(`${at}.retries.policy`, `must be one of ${RETRY_POLICIES.join(', ')}, got ${show(step.retries.policy)}.`);
      }
      checkInteger(step.retries.backoffSeconds, SECONDS, `${at}.retries.backoffSeconds`, problems);
      checkInteger(step.retries.backoffFactor, { min: 1, max: 10 }, `${at}.retries.backoffFactor`, problems);
      checkInteger(step.retries.maxBackoffSeconds, SECONDS, `${at}.retries.maxBackoffSeconds`, problems);
    }
    if (step.dependsOn !== undefined && !Array.isArray(step.dependsOn)) {
      problems.add(`${at}.dependsOn`, `must be a list of step names, got ${show(step.dependsOn)}.`);
    } else {
      (step.dependsOn ?? []).forEach((dep: string, j: number) => {
        if (typeof dep !== 'string' || !names.includes(dep) || dep === step.name) {
          problems.add(`${at}.dependsOn[${j}]`, `must name another step of this workflow (${others(step.name)}), got ${show(dep)}.`);
        }
      });
    }
  });
}

/** Check a {@link WorkflowTemplateConfig}. */
export function validateWorkflowTemplate(template: WorkflowTemplateConfig, path: string, problems: ProblemCollector): void {
  checkName(template.name, 63, `${path}.name`, problems);
  checkName(template.namespace, 63, `${path}.namespace`, problems);
  validateSteps(template.steps, new Map(), false, path, problems);
  if (Array.isArray(template.steps) && template.steps.some((s) => isObject(s) && s.dependsOn !== undefined)) {
    problems.add(`${path}.steps`, 'must not use dependsOn: each step of a WorkflowTemplate is run on its own by the workflows that use it.');
  }
}

/**
 * Check a {@link ScheduledWorkflowConfig}: names, steps, parameters, deadlines, history limits,
 * and the schedules against the time zone and the deadline. `templates` lists the
 * WorkflowTemplates of its namespace (name -> step names).
 */
export function validateScheduledWorkflow(
  workflow: ScheduledWorkflowConfig, templates: ReadonlyMap<string, readonly string[]>, path: string, problems: ProblemCollector,
): void {
  checkName(workflow.name, CRON_WORKFLOW_NAME_MAX, `${path}.name`, problems);
  checkName(workflow.namespace, 63, `${path}.namespace`, problems);
  validateSteps(workflow.steps, templates, true, path, problems);
  const deadlineOk = workflow.activeDeadlineSeconds === undefined || checkInteger(workflow.activeDeadlineSeconds, SECONDS, `${path}.activeDeadlineSeconds`, problems);
  checkInteger(workflow.startingDeadlineSeconds, { min: 10, max: 86400, unit: 'seconds' }, `${path}.startingDeadlineSeconds`, problems);
  if (workflow.concurrencyPolicy !== undefined && workflow.concurrencyPolicy !== 'Forbid' && workflow.concurrencyPolicy !== 'Replace') {
    problems.add(`${path}.concurrencyPolicy`, `must be 'Forbid' or 'Replace' ('Allow' would let runs overlap), got ${show(workflow.concurrencyPolicy)}.`);
  }
  checkInteger(workflow.successfulJobsHistoryLimit, { min: 0, max: 100 }, `${path}.successfulJobsHistoryLimit`, problems);
  checkInteger(workflow.failedJobsHistoryLimit, { min: 0, max: 100 }, `${path}.failedJobsHistoryLimit`, problems);
  if (workflow.parameters !== undefined && !isObject(workflow.parameters)) problems.add(`${path}.parameters`, `must be a map of names to string values, got ${show(workflow.parameters)}.`);
  for (const [key, value] of Object.entries((isObject(workflow.parameters) ? workflow.parameters : undefined) ?? {})) {
    if (typeof value !== 'string') problems.add(`${path}.parameters`, `value of ${show(key)} must be a string, got ${show(value)}.`);
    if (!PARAMETER_NAME.test(key)) problems.add(`${path}.parameters`, `key ${show(key)} must be letters, digits, '-' or '_'.`);
    if (['status', 'failures', 'outcome'].includes(key)) problems.add(`${path}.parameters`, `key ${show(key)} is reserved for the exit handler's own inputs.`);
  }
  if (workflow.exitStep !== undefined) {
    const step = workflow.exitStep;
    validateSteps([step], new Map(), false, `${path}.exitStep`, problems);
    if (isObject(step) && (step.dependsOn !== undefined || step.continueOnFailure !== undefined)) {
      problems.add(`${path}.exitStep`, 'must not set dependsOn or continueOnFailure: it runs once, after the workflow ended.');
    }
    if (isObject(step) && Array.isArray(workflow.steps) && workflow.steps.some((s) => isObject(s) && s.name === step.name)) {
      problems.add(`${path}.exitStep.name`, `must differ from the workflow's step names, got ${show(step.name)}.`);
    }
  }
  if (workflow.notify !== undefined) checkSecretRef(isObject(workflow.notify) ? workflow.notify.urlSecret : workflow.notify, `${path}.notify.urlSecret`, problems);
  const deadline = deadlineOk ? workflow.activeDeadlineSeconds ?? SCHEDULED_WORKFLOW_DEFAULT_DEADLINE_SECONDS : undefined;
  validateSchedules(workflow.schedules, workflow.timezone, deadline, path, problems);
}
