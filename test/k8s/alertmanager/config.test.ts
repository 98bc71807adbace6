/**
 * The emitted alertmanager.yml, checked by the real amtool (Debian's 0.25): check-config, and
 * `config routes test` showing where labelled alerts go.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { alertmanagerConfigYaml, renderAlertmanagerConfig, type AlertmanagerSettings } from '../../../lib/k8s/alertmanager';
import { describeWithProgram, AMTOOL } from '../../support/programs';

const settings: AlertmanagerSettings = {
  receivers: [
    { name: 'slack-platform', type: 'slack', channel: '#platform-alerts', apiUrlKey: 'slack-platform-url' },
    { name: 'pagerduty-platform', type: 'pagerduty', routingKeyKey: 'pagerduty-routing-key' },
    { name: 'audit-hook', type: 'webhook', url: 'https://hooks.example.com/alerts', bearerTokenKey: 'audit-token' },
  ],
  defaultReceiver: 'slack-platform',
  routes: [
    { receiver: 'pagerduty-platform', matchers: { severity: 'critical' }, continue: true },
    // `continue` goes on to the next sibling routes only, never back to the default receiver:
    // a critical alert reaches Slack too only through a route of its own.
    { receiver: 'slack-platform', matchers: { severity: 'critical' } },
    { receiver: 'audit-hook', matchers: { team: 'security' } },
  ],
  groupBy: ['alertname', 'namespace'],
  groupWaitSeconds: 30,
  groupIntervalMinutes: 5,
  repeatIntervalHours: 4,
};

describe('alertmanager.yml', () => {
  it('reads every receiver secret from a file of the mounted Secret, never inline', () => {
    expect((renderAlertmanagerConfig(settings) as any).receivers).toEqual([
      { name: 'null' },
      { name: 'slack-platform', slack_configs: [{ api_url_file: '/etc/alertmanager/secrets/slack-platform-url', channel: '#platform-alerts', send_resolved: true }] },
      { name: 'pagerduty-platform', pagerduty_configs: [{ routing_key_file: '/etc/alertmanager/secrets/pagerduty-routing-key', send_resolved: true }] },
      { name: 'audit-hook', webhook_configs: [{ url: 'https://hooks.example.com/alerts', send_resolved: true, http_config: { authorization: { credentials_file: '/etc/alertmanager/secrets/audit-token' } } }] },
    ]);
  });

  it('groups and repeats as configured', () => {
    expect((renderAlertmanagerConfig(settings) as any).route).toMatchObject({
      receiver: 'slack-platform', group_by: ['alertname', 'namespace'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h',
    });
  });

  it('silences every alert of a node while that node is not ready', () => {
    expect((renderAlertmanagerConfig(settings) as any).inhibit_rules).toEqual([{
      source_matchers: ['alertname="KubeNodeNotReady"'], target_matchers: ['alertname!="KubeNodeNotReady"'], equal: ['node'],
    }]);
  });
});

describeWithProgram(AMTOOL, 'alertmanager.yml checked by amtool', (amtool) => {
  let dir: string;
  let file: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'am-config-'));
    for (const key of ['slack-platform-url', 'pagerduty-routing-key', 'audit-token']) fs.writeFileSync(path.join(dir, key), 'secret');
    file = path.join(dir, 'alertmanager.yml');
    fs.writeFileSync(file, alertmanagerConfigYaml({ ...settings, secretsDir: dir }));
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function routes(...labels: string[]): string {
    const result = spawnSync(amtool, ['config', 'routes', 'test', `--config.file=${file}`, ...labels], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`amtool config routes test failed: ${result.stdout}${result.stderr}`);
    return result.stdout.trim();
  }

  it('passes amtool check-config', () => {
    const result = spawnSync(amtool, ['check-config', file], { encoding: 'utf8' });
    expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('passes amtool check-config with no receiver at all (alerts go to null)', () => {
    const bare = path.join(dir, 'bare.yml');
    fs.writeFileSync(bare, alertmanagerConfigYaml({ ...settings, receivers: [], routes: [], defaultReceiver: 'null' }));
    expect(spawnSync(amtool, ['check-config', bare], { encoding: 'utf8' }).status).toBe(0);
  });

  it('pages critical alerts and still posts them to Slack (continue)', () => {
    expect(routes('alertname=KubeNodeNotReady', 'severity=critical')).toBe('pagerduty-platform,slack-platform');
  });

  it('pages critical alerts only when no later route matches them (continue never reaches the default receiver)', () => {
    const file2 = path.join(dir, 'no-slack-route.yml');
    fs.writeFileSync(file2, alertmanagerConfigYaml({ ...settings, secretsDir: dir, routes: [settings.routes[0]] }));
    const result = spawnSync(amtool, ['config', 'routes', 'test', `--config.file=${file2}`, 'severity=critical'], { encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('pagerduty-platform');
  });

  it('sends warnings to the default receiver only', () => {
    expect(routes('alertname=KubeJobFailed', 'severity=warning')).toBe('slack-platform');
  });

  it('sends alerts matching a later route to its receiver', () => {
    expect(routes('alertname=AuditLogGap', 'severity=warning', 'team=security')).toBe('audit-hook');
  });
});
