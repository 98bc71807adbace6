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
      expr: 'sum(increase(argo_workflows_cronworkflows_triggered_total{namespace="batch",name="nightly-export"}[3005m])) == 0',
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
