import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { NOTIFY_SCRIPT, OUTCOME_SCRIPT, ScheduledWorkflow, WorkflowTemplate } from '../../../lib/k8s/argo';
import { findObject } from '../../support/find';
import { NIGHTLY, TEMPLATE } from './fixtures';

function cron(props = {}): any {
  const chart = Testing.chart() as Chart;
  const template = new WorkflowTemplate(chart, 't', TEMPLATE);
  new ScheduledWorkflow(chart, 'w', { ...NIGHTLY, workflowTemplates: [template], ...props });
  return findObject(Testing.synth(chart), 'CronWorkflow', 'nightly-export', 'batch');
}
const templateOf = (c: any, name: string) => c.spec.workflowSpec.templates.find((t: any) => t.name === name);

/** Runs the real outcome script with node, as the handler's container does; returns stdout and the files it wrote. */
function outcome(status: string, failures: unknown): { stdout: string; outcome: string; failed: string; partial: string } {
  const dir = mkdtempSync(join(tmpdir(), 'argo-outcome-'));
  const stdout = execFileSync(process.execPath, ['-e', OUTCOME_SCRIPT], {
    env: { STATUS: status, FAILURES: typeof failures === 'string' ? failures : JSON.stringify(failures), OUT_DIR: dir },
  }).toString().trim();
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return { stdout, outcome: read('outcome'), failed: read('failed'), partial: read('partial') };
}

const failure = (displayName: string, phase = 'Failed') => ({
  displayName, templateName: displayName.replace(/\(.*\)$/, ''), message: 'Error (exit code 1)', phase, podName: `nightly-${displayName}`, finishedAt: '2026-12-04T02:31:00Z',
});

describe('exit handler', () => {
  it('is the onExit of every scheduled workflow and receives status and failures', () => {
    const c = cron();
    expect(c.spec.workflowSpec.onExit).toBe('exit-handler');
    const [[outcomeStep], [notifyStep]] = templateOf(c, 'exit-handler').steps;
    expect(outcomeStep.arguments.parameters).toEqual([
      { name: 'status', value: '{{workflow.status}}' }, { name: 'failures', value: '{{workflow.failures}}' },
    ]);
    expect(notifyStep.arguments.parameters).toEqual([
      { name: 'status', value: '{{workflow.status}}' },
      { name: 'failures', value: '{{workflow.failures}}' },
      { name: 'outcome', value: '{{steps.outcome.outputs.parameters.outcome}}' },
      { name: 'dataset', value: '{{workflow.parameters.dataset}}' },
    ]);
  });

  it("hands the user's parameters and the outcome to the notify step, the webhook URL from a Secret", () => {
    const notify = templateOf(cron(), 'notify');
    expect(notify.inputs.parameters.map((p: any) => p.name)).toEqual(['status', 'failures', 'outcome', 'dataset']);
    expect(notify.script.env).toEqual(expect.arrayContaining([
      { name: 'WEBHOOK_URL', valueFrom: { secretKeyRef: { name: 'workflow-webhook', key: 'url' } } },
      { name: 'PARAM_dataset', value: '{{inputs.parameters.dataset}}' },
      { name: 'OUTCOME', value: '{{inputs.parameters.outcome}}' },
    ]));
  });

  it('makes the outcome a workflow output and the failed/partial gauges the alerts read', () => {
    const o = templateOf(cron(), 'outcome');
    expect(o.outputs.parameters[0]).toEqual({ name: 'outcome', globalName: 'outcome', valueFrom: { path: '/tmp/outcome' } });
    expect(o.metrics.prometheus.map((m: any) => [m.name, m.gauge.value])).toEqual([
      ['scheduled_workflow_failed', '{{outputs.parameters.failed}}'],
      ['scheduled_workflow_partial', '{{outputs.parameters.partial}}'],
    ]);
  });

  it('leaves out the notify step without a webhook, still computing the outcome', () => {
    const c = cron({ notify: undefined });
    expect(templateOf(c, 'exit-handler').steps.map((g: any[]) => g[0].name)).toEqual(['outcome']);
    expect(templateOf(c, 'notify')).toBeUndefined();
  });

  it("runs the user's own exit step beside notify, with status, failures, outcome and parameters as inputs and env", () => {
    const c = cron({ exitStep: { name: 'page-oncall', image: 'ghcr.io/acme/pager:2.1.0', env: [{ name: 'TEAM', value: 'data' }], runAsUser: 10001 } });
    const groups = templateOf(c, 'exit-handler').steps;
    expect(groups.map((g: any[]) => g.map((s) => s.name))).toEqual([['outcome'], ['page-oncall', 'notify']]);
    expect(groups[1][0].arguments).toEqual(groups[1][1].arguments);
    const own = templateOf(c, 'page-oncall');
    expect(own.inputs.parameters.map((p: any) => p.name)).toEqual(['status', 'failures', 'outcome', 'dataset']);
    expect(own.container.env).toEqual([
      { name: 'STATUS', value: '{{inputs.parameters.status}}' },
      { name: 'FAILURES', value: '{{inputs.parameters.failures}}' },
      { name: 'OUTCOME', value: '{{inputs.parameters.outcome}}' },
      { name: 'PARAM_dataset', value: '{{inputs.parameters.dataset}}' },
      { name: 'TEAM', value: 'data' },
    ]);
  });

  it('computes succeeded when every step succeeded (failures null or empty)', () => {
    expect(outcome('Succeeded', 'null')).toEqual({ stdout: 'succeeded', outcome: 'succeeded', failed: '0', partial: '0' });
    expect(outcome('Succeeded', []).outcome).toBe('succeeded');
  });

  it('computes partial when the workflow succeeded but a step failed under continueOn', () => {
    expect(outcome('Succeeded', [failure('report')])).toEqual({ stdout: 'partial', outcome: 'partial', failed: '0', partial: '1' });
  });

  it('does not count attempts a retry later fixed as failures', () => {
    expect(outcome('Succeeded', [failure('extract(0)'), failure('extract(1)', 'Error')]).outcome).toBe('succeeded');
  });

  it('computes failed when the workflow failed or errored', () => {
    expect(outcome('Failed', [failure('extract'), failure('report')])).toEqual({ stdout: 'failed', outcome: 'failed', failed: '1', partial: '0' });
    expect(outcome('Error', []).outcome).toBe('failed');
  });

  it('posts status, outcome, failures and parameters to the webhook (real node, loopback server)', async () => {
    const received: any[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { received.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body) }); res.end('ok'); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['-e', NOTIFY_SCRIPT], {
        env: {
          WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, WORKFLOW_NAME: 'nightly-export-1733279400', WORKFLOW_NAMESPACE: 'batch',
          CRON_WORKFLOW: 'nightly-export', STATUS: 'Succeeded', OUTCOME: 'partial', FAILURES: JSON.stringify([failure('report')]), PARAM_dataset: 'claims',
        },
        stdio: 'ignore',
      });
      child.on('exit', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
    expect(code).toBe(0);
    expect(received).toEqual([{
      method: 'POST', type: 'application/json',
      body: {
        workflow: 'nightly-export-1733279400', namespace: 'batch', cronWorkflow: 'nightly-export', status: 'Succeeded', outcome: 'partial',
        failures: [failure('report')], parameters: { dataset: 'claims' },
      },
    }]);
  });

  it('fails the notify step when the webhook does not answer 2xx', async () => {
    const server = createServer((_req, res) => { res.statusCode = 500; res.end(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['-e', NOTIFY_SCRIPT], { env: { WEBHOOK_URL: `http://127.0.0.1:${port}/`, STATUS: 'Failed' }, stdio: 'ignore' });
      child.on('exit', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
    expect(code).toBe(1);
  });
});
