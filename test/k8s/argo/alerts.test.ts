import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { argoWorkflowsAlertRules } from '../../../lib/k8s/argo';
import { toYaml } from '../../../lib/yaml';
import { describeWithProgram, PROMTOOL } from '../../support/programs';
import { NIGHTLY } from './fixtures';

describe('argoWorkflowsAlertRules', () => {
  it('alerts on failed and partial runs from the exit handler gauges', () => {
    const group = argoWorkflowsAlertRules();
    expect(group.name).toBe('argo-workflows');
    expect(group.rules.map((r) => [r.alert, r.expr])).toEqual([
      ['ScheduledWorkflowFailed', 'max by (workflow_namespace, cronworkflow) (argo_workflows_scheduled_workflow_failed) == 1'],
      ['ScheduledWorkflowPartial', 'max by (workflow_namespace, cronworkflow) (argo_workflows_scheduled_workflow_partial) == 1'],
    ]);
  });

  it('alerts when a job was not triggered within twice its longest gap plus its starting deadline', () => {
    const rule = argoWorkflowsAlertRules([NIGHTLY]).rules[2];
    // Daily at 02:30 New York time: the longest gap is 25 h (fall back), 2 x 25 h + 300 s = 3005 minutes.
    expect(rule).toMatchObject({
      alert: 'ScheduledWorkflowNeverStarted',
      expr: 'sum(increase(argo_workflows_cronworkflows_triggered_total{exported_namespace="batch",name="nightly-export"}[3005m])) == 0',
      labels: { severity: 'warning', cronworkflow: 'nightly-export', workflow_namespace: 'batch' },
    });
  });
});

describeWithProgram(PROMTOOL, 'argoWorkflowsAlertRules checked by the real promtool', (promtool) => {
  it('is a rule file promtool accepts', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'argo-rules-')), 'argo.rules.yml');
    fs.writeFileSync(file, toYaml({ groups: [argoWorkflowsAlertRules([NIGHTLY])] }));
    const result = spawnSync(promtool, ['check', 'rules', file], { encoding: 'utf8' });
    expect({ status: result.status, output: `${result.stdout}${result.stderr}`.includes('SUCCESS: 3 rules found') }).toEqual({ status: 0, output: true });
  });
});

describeWithProgram(PROMTOOL, 'ScheduledWorkflowNeverStarted on the series as the platform scrapes them (real promtool)', (promtool) => {
  // The controller is scraped by Prometheus's `kubernetes-pods` job, which sets `namespace` to the
  // controller pod's namespace (argo): the counter's own `namespace` label, the CronWorkflow's,
  // arrives as `exported_namespace`.
  const series = (values: string) => ({
    series: 'argo_workflows_cronworkflows_triggered_total{job="kubernetes-pods",namespace="argo",exported_namespace="batch",name="nightly-export"}',
    values,
  });
  const never = { alertname: 'ScheduledWorkflowNeverStarted', eval_time: '3100m' };

  function promtoolTest(values: string, expAlerts: object[]): { status: number | null; output: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'argo-rules-test-'));
    fs.writeFileSync(path.join(dir, 'argo.rules.yml'), toYaml({ groups: [argoWorkflowsAlertRules([NIGHTLY])] }));
    fs.writeFileSync(path.join(dir, 'test.yml'), toYaml({
      rule_files: ['argo.rules.yml'],
      evaluation_interval: '1m',
      tests: [{ interval: '10m', input_series: [series(values)], alert_rule_test: [{ ...never, exp_alerts: expAlerts }] }],
    }));
    const result = spawnSync(promtool, ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('fires for a job the controller has not triggered within its window', () => {
    const result = promtoolTest('3+0x320', [{
      exp_labels: { severity: 'warning', cronworkflow: 'nightly-export', workflow_namespace: 'batch' },
      exp_annotations: {
        summary: 'Scheduled workflow batch/nightly-export has not started in 3005m.',
        description: 'nightly-export (30 2 * * * in America/New_York) was not triggered within twice its longest gap between firings. Check that it is not suspended, that a workflow-controller holds the leader lease, and the controller\'s logs.',
      },
    }]);
    expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('stays quiet while the job is triggered', () => {
    expect(promtoolTest('0+1x320', [])).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });
});
