import { Chart, Testing } from 'cdk8s';
import { ScheduledWorkflow, WorkflowTemplate, type ScheduledWorkflowProps } from '../../../lib/k8s/argo';
import { findObject } from '../../support/find';
import { validateManifests } from '../../support/k8s-validate';
import { NIGHTLY, TEMPLATE } from './fixtures';

function synth(props: Partial<ScheduledWorkflowProps> = {}): { objects: any[]; cron: any; workflow: ScheduledWorkflow } {
  const chart = Testing.chart() as Chart;
  const template = new WorkflowTemplate(chart, 'template', TEMPLATE);
  const workflow = new ScheduledWorkflow(chart, 'nightly', { ...NIGHTLY, workflowTemplates: [template], ...props });
  const objects = Testing.synth(chart);
  return { objects, cron: findObject(objects, 'CronWorkflow', workflow.name, 'batch'), workflow };
}

const templateOf = (cron: any, name: string) => cron.spec.workflowSpec.templates.find((t: any) => t.name === name);

describe('ScheduledWorkflow', () => {
  it('forbids concurrent runs and holds a mutex keyed to the job by default', () => {
    const { cron, workflow } = synth();
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(cron.spec.workflowSpec.synchronization).toEqual({ mutexes: [{ name: 'scheduled-nightly-export' }] });
    expect(workflow.mutexName).toBe('scheduled-nightly-export');
  });

  it('keeps the mutex when concurrencyPolicy is Replace', () => {
    const { cron } = synth({ concurrencyPolicy: 'Replace' });
    expect(cron.spec.concurrencyPolicy).toBe('Replace');
    expect(cron.spec.workflowSpec.synchronization.mutexes).toEqual([{ name: 'scheduled-nightly-export' }]);
  });

  it('emits the list form of schedules, an explicit time zone, deadlines and history limits', () => {
    const { cron } = synth();
    expect(cron.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(cron.spec).toMatchObject({
      schedules: ['30 2 * * *'], timezone: 'America/New_York', startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 5, suspend: false,
    });
    expect(cron.spec.schedule).toBeUndefined();
    expect(cron.spec.workflowSpec).toMatchObject({ entrypoint: 'main', onExit: 'exit-handler', activeDeadlineSeconds: 3600, serviceAccountName: 'argo-workflow' });
  });

  it('labels every run with the job', () => {
    expect(synth().cron.spec.workflowMetadata).toEqual({ labels: { 'eks-platform.io/scheduled-workflow': 'nightly-export' } });
  });

  it('runs steps in order, with env from Secrets by reference, retries with backoff and continueOn', () => {
    const { cron } = synth();
    expect(templateOf(cron, 'main').steps).toEqual([
      [{ name: 'extract', template: 'extract' }],
      [expect.objectContaining({ name: 'report', templateRef: { name: 'report-job', template: 'run-report' }, continueOn: { failed: true } })],
    ]);
    const extract = templateOf(cron, 'extract');
    expect(extract.container.env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'claims-db', key: 'password' } } }]);
    expect(extract.retryStrategy).toEqual({ limit: 2, retryPolicy: 'OnFailure', backoff: { duration: '60s', factor: 2, cap: '600s' } });
    expect(extract.container.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' } });
    expect(extract.container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, readOnlyRootFilesystem: true });
  });

  it('builds a DAG when a step has dependsOn', () => {
    const { cron } = synth({
      steps: [
        { name: 'a', image: 'ghcr.io/acme/a:1.0.0' },
        { name: 'b', image: 'ghcr.io/acme/b:1.0.0', dependsOn: ['a'], activeDeadlineSeconds: 600, nodeSelector: { 'acme.io/pool': 'batch' } },
      ],
    });
    expect(templateOf(cron, 'main').dag.tasks).toEqual([{ name: 'a', template: 'a' }, { name: 'b', template: 'b', dependencies: ['a'] }]);
    expect(templateOf(cron, 'b')).toMatchObject({ activeDeadlineSeconds: 600, nodeSelector: { 'acme.io/pool': 'batch' } });
  });

  it('passes the Argo 4 schema, which rejects a CronWorkflow without schedules', () => {
    const { objects } = synth();
    const external = [{ kind: 'Namespace', name: 'batch' }];
    expect(validateManifests(objects, { external })).toEqual([]);
    const broken = objects.map((o) => (o.kind === 'CronWorkflow' ? { ...o, spec: { ...o.spec, schedules: undefined } } : o));
    expect(validateManifests(broken, { external }).map((v) => v.message)).toEqual(['spec.schedules is required.']);
  });
});
