/**
 * The typed description of Argo workflows: steps (or a DAG), shared WorkflowTemplates and the
 * per-use overrides of one, and scheduled workflows. Plain data, so an account's config can
 * declare real ones; `lib/k8s/argo` renders them to WorkflowTemplate and CronWorkflow objects.
 * Their validators are in `argo-workflow-validate.ts`.
 */
import type { ContainerResources } from '../resources';

/** A key of a Secret in the workflow's namespace, read by reference (never copied). */
export interface SecretKeyReference {
  /** Name of the Secret. */
  readonly name: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** One environment variable of a step: a literal `value` or a `secret` reference, exactly one. */
export interface WorkflowEnvVar {
  /** Variable name. */
  readonly name: string;
  /**
   * Literal value (never a secret: use `secret`).
   * @default - none: `secret` must be set
   */
  readonly value?: string;
  /**
   * Secret key whose value the variable takes.
   * @default - none: `value` must be set
   */
  readonly secret?: SecretKeyReference;
}

/** Retries of a failed step, with exponential backoff. */
export interface WorkflowRetries {
  /** Retries after the first attempt. */
  readonly limit: number;
  /**
   * Which failures are retried: Argo's `retryPolicy`.
   * @default 'OnFailure'
   */
  readonly policy?: 'Always' | 'OnFailure' | 'OnError' | 'OnTransientError';
  /**
   * Wait before the first retry, in seconds.
   * @default 30
   */
  readonly backoffSeconds?: number;
  /**
   * Factor the wait grows by after each retry.
   * @default 2
   */
  readonly backoffFactor?: number;
  /**
   * Longest wait between retries, in seconds (Argo's backoff `cap`).
   * @default 600
   */
  readonly maxBackoffSeconds?: number;
}

/**
 * Per-use changes to a shared WorkflowTemplate's step. The library turns `activeDeadlineSeconds`
 * into the template's own field and the rest into a `podSpecPatch`; nobody writes a patch.
 */
export interface TemplateOverrides {
  /**
   * CPU and memory of the step's main container.
   * @default - the template's
   */
  readonly resources?: ContainerResources;
  /**
   * Deadline of the step, in seconds.
   * @default - the template's
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * Environment variables added to (or replacing, by name) the template's.
   * @default - the template's
   */
  readonly env?: readonly WorkflowEnvVar[];
  /**
   * Node selector of the step's pod (replaces the template's keys of the same name).
   * @default - the template's
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
}

/** Run one template of a shared WorkflowTemplate, with overrides. */
export interface TemplateUse {
  /** Name of the WorkflowTemplate (in the same namespace). */
  readonly workflowTemplate: string;
  /**
   * Name of the template inside it.
   * @default - the WorkflowTemplate's only step
   */
  readonly template?: string;
  /**
   * Per-use overrides.
   * @default - none
   */
  readonly overrides?: TemplateOverrides;
}

/** One step of a workflow: its own container, or a template of a shared WorkflowTemplate (`use`). */
export interface WorkflowStepConfig {
  /** Step name (DNS-1123 label, unique in the workflow). */
  readonly name: string;
  /**
   * Container image, pinned by tag or digest. Required unless `use` is set.
   * @default - none
   */
  readonly image?: string;
  /**
   * Entrypoint.
   * @default - the image's
   */
  readonly command?: readonly string[];
  /**
   * Arguments.
   * @default - the image's
   */
  readonly args?: readonly string[];
  /**
   * Environment variables.
   * @default - none
   */
  readonly env?: readonly WorkflowEnvVar[];
  /**
   * CPU and memory of the container.
   * @default - 100 millicores, 256 MiB
   */
  readonly resources?: ContainerResources;
  /**
   * Retries with backoff.
   * @default - no retry
   */
  readonly retries?: WorkflowRetries;
  /**
   * Deadline of the step, in seconds.
   * @default - only the workflow's deadline applies
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * Let the workflow go on when this step fails (Argo `continueOn.failed`); the run then ends
   * with outcome `partial`.
   * @default false
   */
  readonly continueOnFailure?: boolean;
  /**
   * Steps this one waits for. When any step of a workflow sets it, the steps form a DAG;
   * otherwise they run one after the other, in order.
   * @default - none
   */
  readonly dependsOn?: readonly string[];
  /**
   * Node selector of the step's pod.
   * @default - none
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * uid the container runs as, for an image whose default user is root (pods never run as root).
   * @default - the image's user, which must not be root
   */
  readonly runAsUser?: number;
  /**
   * Run a shared WorkflowTemplate's step instead of an own container.
   * @default - none: `image` must be set
   */
  readonly use?: TemplateUse;
}

/** A shared WorkflowTemplate: named steps other workflows run by reference, with overrides. */
export interface WorkflowTemplateConfig {
  /** Name of the WorkflowTemplate. */
  readonly name: string;
  /** Namespace (one of the install's `workflowNamespaces`). */
  readonly namespace: string;
  /** Its steps, each a template others can `use`; `use` is not allowed inside. */
  readonly steps: readonly WorkflowStepConfig[];
}

/** Where the default exit handler posts each run's outcome. */
export interface WebhookNotification {
  /** Secret key holding the webhook URL (the URL often embeds a token, so it is never inlined). */
  readonly urlSecret: SecretKeyReference;
}

/** A workflow run on a schedule by Argo's CronWorkflow. */
export interface ScheduledWorkflowConfig {
  /** Name of the CronWorkflow (at most 52 characters: Argo appends `-<10-digit time>` to each run). */
  readonly name: string;
  /** Namespace (one of the install's `workflowNamespaces`). */
  readonly namespace: string;
  /** Cron expressions (5 fields), all in `timezone`. */
  readonly schedules: readonly string[];
  /** IANA time zone of the schedules, always explicit (the controller's local time is nobody's). */
  readonly timezone: string;
  /** Steps, run in order or as a DAG (see {@link WorkflowStepConfig.dependsOn}). */
  readonly steps: readonly WorkflowStepConfig[];
  /**
   * Deadline of a whole run, in seconds. Consecutive firings must be at least this far apart.
   * @default 3600
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * How late a missed firing may still start, in seconds (controller restart, leader change).
   * @default 300
   */
  readonly startingDeadlineSeconds?: number;
  /**
   * What a firing does while the previous run is still going: `Forbid` skips it, `Replace`
   * stops the old run. (`Allow`, which overlaps runs, is not offered.)
   * @default 'Forbid'
   */
  readonly concurrencyPolicy?: 'Forbid' | 'Replace';
  /**
   * Finished successful runs kept.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Finished failed runs kept.
   * @default 5
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Workflow parameters (`{{workflow.parameters.<name>}}`), also passed to the exit handler.
   * @default - none
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * Post every run's status, outcome and failures to a webhook.
   * @default - the exit handler computes the outcome but posts nothing
   */
  readonly notify?: WebhookNotification;
  /**
   * Your own exit step (own image; `use`, `dependsOn` and `continueOnFailure` are not
   * allowed), run after the outcome is known, beside `notify`. It receives the inputs
   * `status`, `failures`, `outcome` and every workflow parameter, also as the environment
   * variables `STATUS`, `FAILURES`, `OUTCOME` and `PARAM_<name>`.
   * @default - none
   */
  readonly exitStep?: WorkflowStepConfig;
  /**
   * Stop scheduling new runs.
   * @default false
   */
  readonly suspend?: boolean;
}

/** Default of {@link ScheduledWorkflowConfig.activeDeadlineSeconds}. */
export const SCHEDULED_WORKFLOW_DEFAULT_DEADLINE_SECONDS = 3600;
/** Default of {@link ScheduledWorkflowConfig.startingDeadlineSeconds}. */
export const SCHEDULED_WORKFLOW_DEFAULT_STARTING_DEADLINE_SECONDS = 300;
/** Longest CronWorkflow name: Argo names each run `<name>-<unix time>` and caps object names at 63. */
export const CRON_WORKFLOW_NAME_MAX = 52;
