/**
 * The exit handler every scheduled workflow gets (`onExit`). It runs after the workflow ends,
 * whatever happened, in two steps:
 *
 * 1. `outcome`: a small Node script reads `{{workflow.status}}` and `{{workflow.failures}}` (the
 *    JSON list of failed nodes: displayName, templateName, message, phase, podName) and decides
 *    `succeeded`, `partial` (the workflow Succeeded but some step failed under `continueOn`) or
 *    `failed`. The outcome is an output parameter with `globalName: outcome`, so it shows in
 *    the Workflow's `status.outputs.parameters` (the UI's and `argo get`'s "outputs"), and it
 *    sets the gauges `scheduled_workflow_failed` and `scheduled_workflow_partial` the alert
 *    rules read (Argo prefixes custom metrics with `argo_workflows_`).
 * 2. `notify`: receives status, failures, outcome and every workflow parameter; by default
 *    posts them as JSON to a webhook whose URL comes from a Secret.
 *
 * Failed attempts of a step that a retry later fixed appear in `workflow.failures` too, named
 * `<step>(<attempt>)`; they do not make a run partial.
 */
import type { SecretKeyReference, WorkflowStepConfig } from '../../config/addons/argo-workflow-spec';
import { ARGO_HANDLER_IMAGE, ARGO_HANDLER_UID } from './versions';
import { RESTRICTED_CONTAINER_SECURITY } from './config';
import { containerTemplate } from './templates';

/** Name of the exit-handler template. */
export const EXIT_HANDLER_TEMPLATE = 'exit-handler';
/** Writable scratch volume of the handler steps (their root filesystem is read-only). */
export const HANDLER_TMP_VOLUME = 'handler-tmp';

/**
 * The outcome script. Input: env `STATUS`, `FAILURES`; output: files `/tmp/outcome`,
 * `/tmp/failed`, `/tmp/partial` (under `OUT_DIR` when set) and the outcome on stdout.
 */
export const OUTCOME_SCRIPT = `
const fs = require('fs');
const status = process.env.STATUS || '';
let failures = [];
try { failures = JSON.parse(process.env.FAILURES || '[]') || []; } catch (e) { failures = []; }
if (!Array.isArray(failures)) failures = [];
const real = failures.filter((f) => f && (f.phase === 'Failed' || f.phase === 'Error')
  && !/\\(\\d+\\)$/.test(String(f.displayName || '')));
const outcome = status === 'Succeeded' ? (real.length > 0 ? 'partial' : 'succeeded') : 'failed';
const dir = process.env.OUT_DIR || '/tmp';
fs.writeFileSync(dir + '/outcome', outcome);
fs.writeFileSync(dir + '/failed', outcome === 'failed' ? '1' : '0');
fs.writeFileSync(dir + '/partial', outcome === 'partial' ? '1' : '0');
console.log(outcome);
`.trim();

/**
 * The default notify script: POSTs `{workflow, namespace, cronWorkflow, status, outcome,
 * failures, parameters}` as JSON to env `WEBHOOK_URL`; parameters come from env `PARAM_<name>`.
 * Exits non-zero when the webhook does not answer 2xx, so a lost notification shows as an
 * Error node.
 */
export const NOTIFY_SCRIPT = `
const env = process.env;
let failures = [];
try { failures = JSON.parse(env.FAILURES || '[]') || []; } catch (e) { failures = [{ message: String(env.FAILURES) }]; }
const parameters = {};
for (const [k, v] of Object.entries(env)) if (k.startsWith('PARAM_')) parameters[k.slice(6)] = v;
const body = { workflow: env.WORKFLOW_NAME, namespace: env.WORKFLOW_NAMESPACE, cronWorkflow: env.CRON_WORKFLOW,
  status: env.STATUS, outcome: env.OUTCOME, failures, parameters };
fetch(env.WEBHOOK_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  signal: AbortSignal.timeout(30000) })
  .then((r) => { console.log('webhook answered ' + r.status); if (!r.ok) process.exit(1); })
  .catch((e) => { console.error('webhook failed: ' + e.message); process.exit(1); });
`.trim();

const HANDLER_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '64Mi' } };

function handlerContainer(script: string, env: Record<string, unknown>[]): Record<string, unknown> {
  return {
    name: 'main',
    image: ARGO_HANDLER_IMAGE,
    command: ['node'],
    source: script,
    env,
    resources: HANDLER_RESOURCES,
    securityContext: { ...RESTRICTED_CONTAINER_SECURITY, runAsUser: ARGO_HANDLER_UID, runAsGroup: ARGO_HANDLER_UID },
    volumeMounts: [{ name: HANDLER_TMP_VOLUME, mountPath: '/tmp' }],
  };
}

const param = (name: string) => ({ name, value: `{{inputs.parameters.${name}}}` });

/** What the exit handler is built from. */
export interface ExitHandlerOptions {
  /** Name of the CronWorkflow (a metric label and part of the webhook body). */
  readonly cronWorkflow: string;
  /** Names of the workflow's parameters, passed on to `notify`. */
  readonly parameters: readonly string[];
  /**
   * Secret key of the webhook URL.
   * @default - no notify step
   */
  readonly webhookUrl?: SecretKeyReference;
  /**
   * The user's own exit step.
   * @default - none
   */
  readonly exitStep?: WorkflowStepConfig;
}

/** The exit handler's templates: `exit-handler` (steps), `outcome`, and `notify` when a webhook is set. */
export function exitHandlerTemplates(options: ExitHandlerOptions): Record<string, unknown>[] {
  const gauge = (name: string, help: string) => ({
    name, help,
    labels: [{ key: 'cronworkflow', value: options.cronWorkflow }, { key: 'workflow_namespace', value: '{{workflow.namespace}}' }],
    gauge: { value: `{{outputs.parameters.${name.replace('scheduled_workflow_', '')}}}`, realtime: false },
  });
  const outcome = {
    name: 'outcome',
    inputs: { parameters: [{ name: 'status' }, { name: 'failures' }] },
    outputs: {
      parameters: [
        { name: 'outcome', globalName: 'outcome', valueFrom: { path: '/tmp/outcome' } },
        { name: 'failed', valueFrom: { path: '/tmp/failed' } },
        { name: 'partial', valueFrom: { path: '/tmp/partial' } },
      ],
    },
    metrics: {
      prometheus: [
        gauge('scheduled_workflow_failed', '1 when the last run of the scheduled workflow failed, else 0.'),
        gauge('scheduled_workflow_partial', '1 when the last run succeeded only partly (a step failed under continueOn), else 0.'),
      ],
    },
    script: handlerContainer(OUTCOME_SCRIPT, [
      { name: 'STATUS', value: '{{inputs.parameters.status}}' },
      { name: 'FAILURES', value: '{{inputs.parameters.failures}}' },
    ]),
  };
  const handlerArgs = [
    { name: 'status', value: '{{workflow.status}}' },
    { name: 'failures', value: '{{workflow.failures}}' },
  ];
  const steps: Record<string, unknown>[][] = [[{ name: 'outcome', template: 'outcome', arguments: { parameters: handlerArgs } }]];
  const templates: Record<string, unknown>[] = [];
  const inputs = ['status', 'failures', 'outcome', ...options.parameters];
  const handlerArguments = {
    parameters: [
      ...handlerArgs,
      { name: 'outcome', value: '{{steps.outcome.outputs.parameters.outcome}}' },
      ...options.parameters.map((p) => ({ name: p, value: `{{workflow.parameters.${p}}}` })),
    ],
  };
  const after: Record<string, unknown>[] = [];
  if (options.exitStep) {
    const own = containerTemplate(options.exitStep);
    const container = own.container as Record<string, unknown>;
    const env = [
      { name: 'STATUS', value: '{{inputs.parameters.status}}' },
      { name: 'FAILURES', value: '{{inputs.parameters.failures}}' },
      { name: 'OUTCOME', value: '{{inputs.parameters.outcome}}' },
      ...options.parameters.map((p) => ({ name: `PARAM_${p}`, value: `{{inputs.parameters.${p}}}` })),
    ];
    templates.push({ ...own, inputs: { parameters: inputs.map((name) => ({ name })) }, container: { ...container, env: [...env, ...((container.env as unknown[]) ?? [])] } });
    after.push({ name: options.exitStep.name, template: options.exitStep.name, arguments: handlerArguments });
  }
  if (options.webhookUrl) {
    after.push({ name: 'notify', template: 'notify', arguments: handlerArguments });
    templates.push({
      name: 'notify',
      inputs: { parameters: inputs.map((name) => ({ name })) },
      retryStrategy: { limit: 3, retryPolicy: 'Always', backoff: { duration: '10s', factor: 2, cap: '2m' } },
      script: handlerContainer(NOTIFY_SCRIPT, [
        { name: 'WEBHOOK_URL', valueFrom: { secretKeyRef: { name: options.webhookUrl.name, key: options.webhookUrl.key } } },
        { name: 'WORKFLOW_NAME', value: '{{workflow.name}}' },
        { name: 'WORKFLOW_NAMESPACE', value: '{{workflow.namespace}}' },
        { name: 'CRON_WORKFLOW', value: options.cronWorkflow },
        { name: 'STATUS', value: '{{inputs.parameters.status}}' },
        { name: 'FAILURES', value: '{{inputs.parameters.failures}}' },
        { name: 'OUTCOME', value: '{{inputs.parameters.outcome}}' },
        ...options.parameters.map((p) => param(p)).map((p) => ({ name: `PARAM_${p.name}`, value: p.value })),
      ]),
    });
  }
  if (after.length) steps.push(after);
  return [{ name: EXIT_HANDLER_TEMPLATE, steps }, outcome, ...templates];
}
