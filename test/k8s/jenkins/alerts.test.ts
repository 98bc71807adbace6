/**
 * The Jenkins alert rules, checked by the real promtool (Debian package `prometheus`): the group
 * must be a valid rule file, and the rule must fire when no controller target is up.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toYaml } from '../../../lib/yaml';
import { jenkinsAlertRules } from '../../../lib/k8s/jenkins';
import { describeWithProgram, PROMTOOL } from '../../support/programs';

describe('jenkinsAlertRules', () => {
  it('names the group and its JenkinsDown rule', () => {
    const group = jenkinsAlertRules();
    expect(group.name).toBe('jenkins');
    expect(group.rules.map((r) => [r.alert, r.for, r.labels?.severity])).toEqual([['JenkinsDown', '5m', 'critical']]);
  });

  it('selects the controller pods of the namespace given', () => {
    expect(jenkinsAlertRules({ namespace: 'ci' }).rules[0].expr).toContain('namespace="ci", pod=~"jenkins-[0-9]+"');
  });
});

describeWithProgram(PROMTOOL, 'jenkinsAlertRules with promtool', (promtool) => {
  const dir = mkdtempSync(join(tmpdir(), 'jenkins-alerts-'));
  const rules = join(dir, 'jenkins.rules.yml');
  writeFileSync(rules, toYaml({ groups: [jenkinsAlertRules()] }));

  it('is a rule file promtool accepts', () => {
    expect(execFileSync(promtool, ['check', 'rules', rules], { encoding: 'utf8' })).toContain('SUCCESS: 1 rules found');
  });

  it('fires when the controller is down for 5 minutes and stays quiet while it is up', () => {
    const tests = join(dir, 'tests.yml');
    writeFileSync(tests, toYaml({
      rule_files: [rules],
      evaluation_interval: '1m',
      tests: [{
        interval: '1m',
        input_series: [
          { series: 'up{namespace="jenkins", pod="jenkins-0"}', values: '1 1 1 0 0 0 0 0 0 0 0' },
        ],
        alert_rule_test: [
          { eval_time: '2m', alertname: 'JenkinsDown', exp_alerts: [] },
          {
            eval_time: '10m',
            alertname: 'JenkinsDown',
            exp_alerts: [{
              exp_labels: { severity: 'critical' },
              exp_annotations: jenkinsAlertRules().rules[0].annotations,
            }],
          },
        ],
      }],
    }));
    const run = spawnSync(promtool, ['test', 'rules', tests], { encoding: 'utf8' });
    expect([run.status, run.stdout + run.stderr]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });
});
