import { validateAlertmanagerConfig, type AlertmanagerConfig } from '../../../lib/config/addons/alertmanager';
import { ProblemCollector } from '../../../lib/config/problems';

function problems(config: AlertmanagerConfig | Record<string, unknown>): string[] {
  const collector = new ProblemCollector();
  validateAlertmanagerConfig(config as AlertmanagerConfig, 'am', collector);
  return collector.problems.map((p) => `${p.path}: ${p.message}`);
}

const slack = { name: 'slack', type: 'slack', channel: '#alerts', apiUrlKey: 'slack-url' };

describe('validateAlertmanagerConfig', () => {
  it('accepts an empty section and a full one', () => {
    expect(problems({})).toEqual([]);
    expect(problems({
      replicas: 3, volumeSizeGiB: 5, storageClassName: 'gp3', receiversSecretName: 'am-secrets', defaultReceiver: 'slack',
      receivers: [slack, { name: 'pd', type: 'pagerduty', routingKeyKey: 'pd' }, { name: 'hook', type: 'webhook', url: 'https://x.example.com/a', bearerTokenKey: 't' }],
      routes: [{ receiver: 'pd', matchers: { severity: 'critical' }, continue: true }],
      groupBy: ['alertname'], groupWaitSeconds: 10, groupIntervalMinutes: 2, repeatIntervalHours: 12, resources: { memoryMiB: 256 },
    })).toEqual([]);
  });

  it('rejects two replicas and out-of-range numbers', () => {
    expect(problems({ replicas: 2 })).toEqual(["am.replicas: must be 1, or 3 or more, got 2: two gossiping peers cannot tell a dead peer from a partition; use 3."]);
    expect(problems({ replicas: 9 })).toEqual(['am.replicas: must be a whole number from 1 to 7, got 9.']);
    expect(problems({ groupWaitSeconds: -1 })).toEqual(['am.groupWaitSeconds: must be a whole number of seconds from 0 to 3600, got -1.']);
    expect(problems({ groupIntervalMinutes: 0 })).toEqual(['am.groupIntervalMinutes: must be a whole number of minutes from 1 to 1440, got 0.']);
    expect(problems({ repeatIntervalHours: 200 })).toEqual(['am.repeatIntervalHours: must be a whole number of hours from 1 to 168, got 200.']);
    expect(problems({ volumeSizeGiB: 0 })).toEqual(['am.volumeSizeGiB: must be a whole number from 1 to 16384, got 0.']);
  });

  it('rejects bad StorageClass and Secret names', () => {
    expect(problems({ storageClassName: 'GP3' })).toEqual(["am.storageClassName: must be a StorageClass name (lower-case DNS-1123 subdomain), got 'GP3'."]);
    expect(problems({ receiversSecretName: 'A' })).toEqual(["am.receiversSecretName: must be a Secret name (lower-case DNS-1123 subdomain), got 'A'."]);
  });

  it('rejects receivers that are not a list, unnamed, duplicated or named null', () => {
    expect(problems({ receivers: {} })).toEqual(['am.receivers: must be a list of receivers, got {}.']);
    expect(problems({ receivers: [slack, slack] })).toEqual(["am.receivers[1].name: must be unique, got 'slack' twice."]);
    expect(problems({ receivers: [{ ...slack, name: 'null' }] })).toEqual(["am.receivers[0].name: must be a lower-case DNS-1123 label other than 'null' (reserved for the receiver that drops alerts), got 'null'."]);
  });

  it('rejects an unknown receiver type', () => {
    expect(problems({ receivers: [{ name: 'x', type: 'email' }] })).toEqual(["am.receivers[0].type: must be one of 'slack', 'pagerduty', 'webhook', got 'email'."]);
  });

  it('rejects a Slack receiver without a channel or with a bad Secret key', () => {
    expect(problems({ receivers: [{ ...slack, channel: 'alerts', apiUrlKey: 'a/b' }] })).toEqual([
      "am.receivers[0].apiUrlKey: must be a key of the receivers Secret (letters, digits, '-', '_', '.'), got 'a/b'.",
      "am.receivers[0].channel: must be a Slack channel like '#alerts', got 'alerts'.",
    ]);
  });

  it('rejects a PagerDuty receiver without its routing key', () => {
    expect(problems({ receivers: [{ name: 'pd', type: 'pagerduty' }] })).toEqual(["am.receivers[0].routingKeyKey: must be a key of the receivers Secret (letters, digits, '-', '_', '.'), got undefined."]);
  });

  it('rejects a webhook URL that could carry a secret or is not https', () => {
    for (const url of ['http://x.example.com/a', 'https://user:pw@x.example.com/a', 'https://x.example.com/a?token=1']) {
      expect(problems({ receivers: [{ name: 'h', type: 'webhook', url }] })).toEqual([`am.receivers[0].url: must be an https:// URL without credentials, query or fragment (put secrets in bearerTokenKey), got '${url}'.`]);
    }
  });

  it('rejects a default receiver or route receiver that does not exist', () => {
    expect(problems({ receivers: [slack], defaultReceiver: 'pd' })).toEqual(["am.defaultReceiver: must name one of the receivers ('slack'), got 'pd'."]);
    expect(problems({ routes: [{ receiver: 'pd', matchers: { severity: 'critical' } }] })).toEqual(["am.routes[0].receiver: must name one of the receivers (none configured), got 'pd'."]);
  });

  it('rejects routes that are not a list, without matchers, with bad label names or values, or a bad continue', () => {
    expect(problems({ routes: {} })).toEqual(['am.routes: must be a list of routes, got {}.']);
    expect(problems({ receivers: [slack], routes: [{ receiver: 'slack', matchers: {} }] })).toEqual(['am.routes[0].matchers: must be a non-empty object of label name to value, got {}.']);
    expect(problems({ receivers: [slack], routes: [{ receiver: 'slack', matchers: { 'a-b': 'x', sev: 1 }, continue: 'yes' }] })).toEqual([
      "am.routes[0].matchers: has 'a-b', which is not a Prometheus label name.",
      'am.routes[0].matchers.sev: must be a string, got 1.',
      "am.routes[0].continue: must be true or false, got 'yes'.",
    ]);
  });

  it('rejects an empty or invalid groupBy', () => {
    expect(problems({ groupBy: [] })).toEqual(['am.groupBy: must be a non-empty list of label names, got [].']);
    expect(problems({ groupBy: ['alert-name'] })).toEqual(["am.groupBy[0]: must be a Prometheus label name, got 'alert-name'."]);
  });
});
