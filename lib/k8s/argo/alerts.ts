/**
 * Alert rules for scheduled workflows, as plain data for the Prometheus add-on to load:
 * a run failed, a run succeeded only partly, and a job that has not been triggered when its
 * schedule says it should have been.
 *
 * Series: `argo_workflows_scheduled_workflow_failed` / `_partial` are the gauges the exit
 * handler's `outcome` step emits (labels `cronworkflow`, `workflow_namespace`; Argo 3.6+
 * prefixes custom metrics with `argo_workflows_`); `argo_workflows_cronworkflows_triggered_total`
 * (labels `name`, `namespace`) is the controller's own counter of CronWorkflow firings
 * (upstream docs/metrics.md); scraped through Prometheus's `kubernetes-pods` job, its `namespace`
 * becomes `exported_namespace` (the job's `namespace` is the controller pod's).
 */
import { longestIntervalSeconds } from '../../config/addons/argo-schedule';
import {
  SCHEDULED_WORKFLOW_DEFAULT_STARTING_DEADLINE_SECONDS, type ScheduledWorkflowConfig,
} from '../../config/addons/argo-workflow-spec';
import type { AlertRule, AlertRuleGroup } from '../prometheus/alert-rule';

/** `seconds` as a Prometheus duration in whole minutes (at least 1m). */
function minutes(seconds: number): string {
  return `${Math.max(1, Math.ceil(seconds / 60))}m`;
}

/**
 * The alert rules of the Argo add-on: failed and partial runs of any scheduled workflow, and for
 * each of `scheduled` a never-started rule whose window is twice its longest gap between
 * firings plus its starting deadline.
 */
export function argoWorkflowsAlertRules(scheduled: readonly ScheduledWorkflowConfig[] = []): AlertRuleGroup {
  const rules: AlertRule[] = [
    {
      alert: 'ScheduledWorkflowFailed',
      expr: 'max by (workflow_namespace, cronworkflow) (argo_workflows_scheduled_workflow_failed) == 1',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'Scheduled workflow {{ $labels.workflow_namespace }}/{{ $labels.cronworkflow }} failed.',
        description: 'The last run of {{ $labels.cronworkflow }} ended Failed or Error. `argo list -n {{ $labels.workflow_namespace }} -l eks-platform.io/scheduled-workflow={{ $labels.cronworkflow }}` shows the run; its exit handler posted the failed steps.',
      },
    },
    {
      alert: 'ScheduledWorkflowPartial',
      expr: 'max by (workflow_namespace, cronworkflow) (argo_workflows_scheduled_workflow_partial) == 1',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Scheduled workflow {{ $labels.workflow_namespace }}/{{ $labels.cronworkflow }} succeeded only partly.',
        description: 'The last run of {{ $labels.cronworkflow }} ended Succeeded, but a step failed under continueOn. The run\'s output parameter `outcome` is `partial`; its exit handler posted the failed steps.',
      },
    },
  ];
  for (const w of scheduled) {
    const gap = longestIntervalSeconds(w.schedules, w.timezone);
    if (gap === undefined) continue;
    const window = minutes(2 * gap + (w.startingDeadlineSeconds ?? SCHEDULED_WORKFLOW_DEFAULT_STARTING_DEADLINE_SECONDS));
    rules.push({
      alert: 'ScheduledWorkflowNeverStarted',
      // A series that never appeared (no firing since the controller started) is not caught
      // here: absent() would also fire for every job between install and its first firing.
      // The controller is scraped by the platform's `kubernetes-pods` job, whose `namespace`
      // label is the controller pod's (argo): the counter's own one arrives as `exported_namespace`.
      expr: `sum(increase(argo_workflows_cronworkflows_triggered_total{exported_namespace="${w.namespace}",name="${w.name}"}[${window}])) == 0`,
      for: '10m',
      labels: { severity: 'warning', cronworkflow: w.name, workflow_namespace: w.namespace },
      annotations: {
        summary: `Scheduled workflow ${w.namespace}/${w.name} has not started in ${window}.`,
        description: `${w.name} (${w.schedules.join(', ')} in ${w.timezone}) was not triggered within twice its longest gap between firings. Check that it is not suspended, that a workflow-controller holds the leader lease, and the controller's logs.`,
      },
    });
  }
  return { name: 'argo-workflows', rules };
}
