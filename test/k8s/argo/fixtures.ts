/** Shared inputs of the Argo tests: a shared template and scheduled workflows that use it. */
import type { ScheduledWorkflowConfig, WorkflowTemplateConfig } from '../../../lib/config/addons/argo-workflow-spec';

export const TEMPLATE: WorkflowTemplateConfig = {
  name: 'report-job',
  namespace: 'batch',
  steps: [{
    name: 'run-report',
    image: 'ghcr.io/acme/reports:1.4.2',
    command: ['/app/report'],
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
    resources: { cpuMillicores: 250, memoryMiB: 512 },
    activeDeadlineSeconds: 1800,
    runAsUser: 10001,
  }],
};

export const NIGHTLY: ScheduledWorkflowConfig = {
  name: 'nightly-export',
  namespace: 'batch',
  schedules: ['30 2 * * *'],
  timezone: 'America/New_York',
  parameters: { dataset: 'claims' },
  notify: { urlSecret: { name: 'workflow-webhook', key: 'url' } },
  steps: [
    {
      name: 'extract',
      image: 'ghcr.io/acme/extract:2.0.1',
      args: ['--dataset', '{{workflow.parameters.dataset}}'],
      env: [{ name: 'DB_PASSWORD', secret: { name: 'claims-db', key: 'password' } }],
      retries: { limit: 2, backoffSeconds: 60 },
      runAsUser: 10001,
    },
    {
      name: 'report',
      use: {
        workflowTemplate: 'report-job',
        overrides: {
          resources: { cpuMillicores: 1000, memoryMiB: 2048 },
          activeDeadlineSeconds: 2700,
          env: [{ name: 'REPORT_TOKEN', secret: { name: 'report-api', key: 'token' } }],
          nodeSelector: { 'acme.io/pool': 'batch' },
        },
      },
      continueOnFailure: true,
    },
  ],
};
