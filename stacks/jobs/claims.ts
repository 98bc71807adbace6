/**
 * The scheduled jobs both accounts run on Argo Workflows (the team's claims report and the
 * nightly snapshot check), so the two account files differ only in what really differs: the
 * environment name and how big the report's run is.
 */
import type { ArgoWorkflowsConfig } from '../../lib/config';
import type { ContainerResources } from '../../lib/config/resources';

/** What differs between accounts. */
export interface ClaimsJobsOptions {
  /** Passed to every job as its `environment` parameter. */
  readonly environment: string;
  /** The daily report's overrides of the shared `claims-report` template. */
  readonly report: { readonly resources: ContainerResources; readonly activeDeadlineSeconds: number };
}

/** The shared `claims-report` WorkflowTemplate and the two scheduled workflows, in namespace `batch`. */
export function claimsJobs({ environment, report }: ClaimsJobsOptions): Pick<ArgoWorkflowsConfig, 'workflowTemplates' | 'scheduledWorkflows'> {
  return {
    workflowTemplates: [
      {
        name: 'claims-report',
        namespace: 'batch',
        steps: [{
          name: 'render',
          image: 'ghcr.io/acme/claims-report:3.2.0',
          command: ['/app/claims-report'],
          args: ['--day', '{{workflow.parameters.day}}'],
          env: [{ name: 'REPORTS_DB_URL', secret: { name: 'reports-db', key: 'url' } }],
          resources: { cpuMillicores: 250, memoryMiB: 512 },
          activeDeadlineSeconds: 1800,
          retries: { limit: 2, backoffSeconds: 60 },
          runAsUser: 10001,
        }],
      },
    ],
    scheduledWorkflows: [
      {
        // The shared report template, given more memory, a longer deadline and its API token.
        name: 'daily-claims-report',
        namespace: 'batch',
        schedules: ['15 6 * * 1-5'],
        timezone: 'America/New_York',
        parameters: { environment, day: 'yesterday' },
        notify: { urlSecret: { name: 'argo-notifications', key: 'webhook-url' } },
        steps: [{
          name: 'report',
          use: {
            workflowTemplate: 'claims-report',
            overrides: {
              resources: report.resources,
              activeDeadlineSeconds: report.activeDeadlineSeconds,
              env: [{ name: 'REPORTS_API_TOKEN', secret: { name: 'reports-api', key: 'token' } }],
              nodeSelector: { 'kubernetes.io/arch': 'amd64' },
            },
          },
        }],
      },
      {
        // Verify last night's database snapshots, then prune old exports; a failed prune
        // alone makes the run 'partial', not failed.
        name: 'nightly-snapshot-check',
        namespace: 'batch',
        schedules: ['0 3 * * *'],
        timezone: 'UTC',
        activeDeadlineSeconds: 5400,
        parameters: { environment },
        notify: { urlSecret: { name: 'argo-notifications', key: 'webhook-url' } },
        steps: [
          {
            name: 'verify-snapshots',
            image: 'ghcr.io/acme/db-tools:1.8.0',
            args: ['verify-snapshots', '--max-age-hours', '26'],
            env: [{ name: 'AWS_REGION', value: 'us-east-1' }],
            retries: { limit: 3, backoffSeconds: 120, policy: 'OnError' },
            runAsUser: 10001,
          },
          {
            name: 'prune-exports',
            image: 'ghcr.io/acme/db-tools:1.8.0',
            args: ['prune-exports', '--keep-days', '14'],
            continueOnFailure: true,
            runAsUser: 10001,
          },
        ],
      },
    ],
  };
}
