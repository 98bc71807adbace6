/**
 * `ScheduledWorkflow`: an Argo CronWorkflow with the defaults that keep a job from running
 * twice and make every run say how it ended:
 *
 * - `concurrencyPolicy: Forbid`: a firing while the previous run is active creates nothing;
 * - a workflow-level `synchronization.mutexes` entry named after the job: any second Workflow
 *   of it (a manual resubmit, a run created by a controller that lost its lease) waits
 *   instead of overlapping, so no external lock is needed;
 * - `schedules` (the list form, the only one Argo 4 has), an explicit `timezone`,
 *   `startingDeadlineSeconds`, history limits, and a workflow `activeDeadlineSeconds` the
 *   schedule is checked against at synth time;
 * - the exit handler of `exit-handler.ts` on every run.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  SCHEDULED_WORKFLOW_DEFAULT_DEADLINE_SECONDS, SCHEDULED_WORKFLOW_DEFAULT_STARTING_DEADLINE_SECONDS, type ScheduledWorkflowConfig,
} from '../../config/addons/argo-workflow-spec';
import { validateScheduledWorkflow } from '../../config/addons/argo-workflow-validate';
import { ProblemCollector } from '../../config/problems';
import { throwIfProblems } from '../common';
import { ARGO_EXECUTOR_SERVICE_ACCOUNT } from './config';
import { ARGO_API_VERSION } from './crds';
import { EXIT_HANDLER_TEMPLATE, HANDLER_TMP_VOLUME, exitHandlerTemplates } from './exit-handler';
import { workflowTemplates } from './templates';
import type { WorkflowTemplate } from './workflow-template';

/** Label on every run with the ScheduledWorkflow it belongs to. */
export const SCHEDULED_WORKFLOW_LABEL = 'eks-platform.io/scheduled-workflow';

/** Properties of {@link ScheduledWorkflow}: the config entry plus the shared templates it may `use`. */
export interface ScheduledWorkflowProps extends ScheduledWorkflowConfig {
  /**
   * WorkflowTemplates its steps may `use` (those of its namespace count).
   * @default - none
   */
  readonly workflowTemplates?: readonly WorkflowTemplate[];
}

/** A CronWorkflow with safe defaults; read the public fields for the values in effect. */
export class ScheduledWorkflow extends Construct {
  /** Name of the CronWorkflow. */
  public readonly name: string;
  /** Namespace. */
  public readonly namespace: string;
  /** Concurrency policy in effect. */
  public readonly concurrencyPolicy: 'Forbid' | 'Replace';
  /** Deadline of a run, in seconds. */
  public readonly activeDeadlineSeconds: number;
  /** Name of the mutex every run holds. */
  public readonly mutexName: string;
  /** The CronWorkflow (id `Resource`). */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ScheduledWorkflowProps) {
    super(scope, id);
    const shared = (props.workflowTemplates ?? []).filter((t) => t.namespace === props.namespace);
    const problems = new ProblemCollector();
    validateScheduledWorkflow(props, new Map(shared.map((t) => [t.name, t.stepNames])), '', problems);
    throwIfProblems('ScheduledWorkflow', id, problems);

    this.name = props.name;
    this.namespace = props.namespace;
    this.concurrencyPolicy = props.concurrencyPolicy ?? 'Forbid';
    this.activeDeadlineSeconds = props.activeDeadlineSeconds ?? SCHEDULED_WORKFLOW_DEFAULT_DEADLINE_SECONDS;
    this.mutexName = `scheduled-${props.name}`;
    const parameters = Object.entries(props.parameters ?? {});
    const only = (name: string) => shared.find((t) => t.name === name)!.stepNames[0];

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: ARGO_API_VERSION,
      kind: 'CronWorkflow',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        schedules: [...props.schedules],
        timezone: props.timezone,
        concurrencyPolicy: this.concurrencyPolicy,
        startingDeadlineSeconds: props.startingDeadlineSeconds ?? SCHEDULED_WORKFLOW_DEFAULT_STARTING_DEADLINE_SECONDS,
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 5,
        suspend: props.suspend ?? false,
        workflowMetadata: { labels: { [SCHEDULED_WORKFLOW_LABEL]: props.name } },
        workflowSpec: {
          entrypoint: 'main',
          onExit: EXIT_HANDLER_TEMPLATE,
          serviceAccountName: ARGO_EXECUTOR_SERVICE_ACCOUNT,
          activeDeadlineSeconds: this.activeDeadlineSeconds,
          synchronization: { mutexes: [{ name: this.mutexName }] },
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          ...(parameters.length ? { arguments: { parameters: parameters.map(([name, value]) => ({ name, value })) } } : {}),
          volumes: [{ name: HANDLER_TMP_VOLUME, emptyDir: { sizeLimit: '16Mi' } }],
          templates: [
            ...workflowTemplates(props.steps, only),
            ...exitHandlerTemplates({ cronWorkflow: props.name, parameters: parameters.map(([n]) => n), webhookUrl: props.notify?.urlSecret, exitStep: props.exitStep }),
          ],
        },
      },
    });
  }
}
