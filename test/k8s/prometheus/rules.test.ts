/**
 * `promtool test rules` on every alert of the platform: for each, input series on which it fires
 * (with the expected labels, and the annotations its templates must render to) and a healthy
 * input on which it stays silent. Plus `promtool check rules` on every rule file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALERT_NAMES } from '../../../lib/config/addons/alert-rules';
import {
  platformRuleGroups, resolveAlertSettings, ruleFileYaml, type AlertRule, type AlertRuleGroup,
} from '../../../lib/k8s/prometheus';
import { toYaml } from '../../../lib/yaml';
import { describeWithProgram, PROMTOOL } from '../../support/programs';
import { ALERT_CASES, type AlertCase } from './alert-cases';

const settings = resolveAlertSettings({ runbookBaseUrl: 'https://runbooks.example.com/eks' });
const groups: AlertRuleGroup[] = platformRuleGroups(settings, { fluentBit: true, loki: true, clusterAutoscaler: true });
const rules = new Map<string, { group: string; rule: AlertRule }>(groups.flatMap((g) => g.rules.map((r) => [r.alert, { group: g.name, rule: r }] as const)));

/** The text of a Go template with `$labels.x` and `$value` as promtool renders them here. */
function expand(text: string, labels: Record<string, string>, value: string | undefined): string {
  return text
    .replace(/\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g, (_, name: string) => {
      if (!(name in labels)) throw new Error(`template uses $labels.${name}, which the expected labels lack`);
      return labels[name];
    })
    .replace(/\{\{ \$value \}\}/g, () => {
      if (value === undefined) throw new Error('template uses $value; give the case a value');
      return value;
    });
}

/** A promtool unit-test file for one case: the firing test and the healthy one. */
function unitTestFile(c: AlertCase, ruleFile: string): string {
  const { rule } = rules.get(c.alert)!;
  const labels = { ...c.labels, ...rule.labels };
  const annotations = Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, expand(v as string, labels, c.value)]));
  const test = (series: AlertCase['firing'], expAlerts: unknown[]) => ({
    interval: c.interval ?? '1m',
    input_series: series.map(([s, values]) => ({ series: s, values })),
    alert_rule_test: [{ eval_time: c.evalTime, alertname: c.alert, exp_alerts: expAlerts }],
  });
  return toYaml({
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: [test(c.firing, [{ exp_labels: labels, exp_annotations: annotations }]), test(c.healthy, [])],
  });
}

describe('the alert cases', () => {
  it('cover every alert of the library, and only those', () => {
    expect(ALERT_CASES.map((c) => c.alert).sort()).toEqual([...ALERT_NAMES].sort());
    expect([...rules.keys()].sort()).toEqual([...ALERT_NAMES].sort());
  });
});

describeWithProgram(PROMTOOL, 'alert rules checked by promtool', (promtool) => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prom-rules-'));
    for (const g of groups) fs.writeFileSync(path.join(dir, `${g.name}.rules.yml`), ruleFileYaml(g));
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts every rule file (promtool check rules)', () => {
    const files = groups.map((g) => path.join(dir, `${g.name}.rules.yml`));
    const result = spawnSync(promtool, ['check', 'rules', ...files], { encoding: 'utf8' });
    expect({ status: result.status, output: result.stdout + result.stderr }).toMatchObject({ status: 0 });
  });

  it.each(ALERT_CASES.map((c) => [c.alert, c] as const))('%s fires on its failing input with its labels and annotations, and stays silent when healthy', (_, c) => {
    const file = path.join(dir, `${c.alert}.test.yml`);
    fs.writeFileSync(file, unitTestFile(c, `${rules.get(c.alert)!.group}.rules.yml`));
    const result = spawnSync(promtool, ['test', 'rules', file], { encoding: 'utf8', cwd: dir });
    expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });
});
