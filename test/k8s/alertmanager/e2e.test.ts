/**
 * The real Alertmanager (Debian's 0.25) on loopback with the emitted configuration: alerts
 * posted to its API are grouped under the receiver their labels route to, and a node that is
 * not ready inhibits the alerts of its pods.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { Alertmanager, alertmanagerConfigYaml } from '../../../lib/k8s/alertmanager';
import { describeWithProgram, ALERTMANAGER, freePort, startProgram, waitForHttp, type RunningProgram } from '../../support/programs';

/** The Alertmanager container's args of a single-replica StatefulSet. */
function statefulSetArgs(): string[] {
  const chart = Testing.chart() as Chart;
  new Alertmanager(chart, 'am');
  const sts = Testing.synth(chart).find((o) => o.kind === 'StatefulSet');
  return sts.spec.template.spec.containers.find((c: any) => c.name === 'alertmanager').args;
}

describeWithProgram(ALERTMANAGER, 'the real Alertmanager running the emitted configuration', (binary) => {
  let dir: string;
  let alertmanager: RunningProgram | undefined;
  let base: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'am-e2e-'));
    // Notifications would go here: nothing listens, and group_wait keeps them from being tried.
    fs.writeFileSync(path.join(dir, 'slack-url'), 'http://127.0.0.1:9/slack');
    fs.writeFileSync(path.join(dir, 'pd-key'), 'routing-key');
    fs.writeFileSync(path.join(dir, 'alertmanager.yml'), alertmanagerConfigYaml({
      receivers: [
        { name: 'slack-platform', type: 'slack', channel: '#alerts', apiUrlKey: 'slack-url' },
        { name: 'pagerduty-platform', type: 'pagerduty', routingKeyKey: 'pd-key' },
      ],
      defaultReceiver: 'slack-platform',
      routes: [{ receiver: 'pagerduty-platform', matchers: { severity: 'critical' } }],
      groupBy: ['alertname', 'namespace'],
      groupWaitSeconds: 300,
      groupIntervalMinutes: 5,
      repeatIntervalHours: 4,
      secretsDir: dir,
    }));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The StatefulSet's flags, with paths and the listen address moved to the test's.
    const moved: Record<string, string> = {
      '--config.file': path.join(dir, 'alertmanager.yml'),
      '--storage.path': path.join(dir, 'data'),
      '--web.listen-address': `127.0.0.1:${port}`,
    };
    alertmanager = startProgram(binary, statefulSetArgs().map((a) => {
      const flag = a.split('=')[0];
      return flag in moved ? `${flag}=${moved[flag]}` : a;
    }));
    await waitForHttp(`${base}/-/ready`, 20_000, () => alertmanager!.output());
    const alert = (labels: Record<string, string>) => ({ labels, annotations: { summary: labels.alertname }, startsAt: new Date().toISOString() });
    const res = await fetch(`${base}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([
        alert({ alertname: 'KubeNodeNotReady', severity: 'critical', node: 'ip-10-0-1-5' }),
        alert({ alertname: 'KubePodCrashLooping', severity: 'warning', namespace: 'apps', pod: 'web-1', node: 'ip-10-0-1-5' }),
        alert({ alertname: 'KubeJobFailed', severity: 'warning', namespace: 'apps', job_name: 'report' }),
      ]),
    });
    if (res.status !== 200) throw new Error(`posting alerts: ${res.status} ${await res.text()}`);
  }, 30_000);

  afterAll(async () => {
    await alertmanager?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Polls `GET path` until `done(body)` or 10 s pass; returns the last body. */
  async function poll(apiPath: string, done: (body: any) => boolean): Promise<any> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const body = await (await fetch(`${base}${apiPath}`)).json();
      if (done(body) || Date.now() > deadline) return body;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('groups each alert under the receiver its labels route to', async () => {
    const groups = await poll('/api/v2/alerts/groups', (b) => b.length >= 3);
    const byReceiver = groups.map((g: any) => ({ receiver: g.receiver.name, labels: g.labels, alerts: g.alerts.map((a: any) => a.labels.alertname) }));
    expect(byReceiver).toEqual(expect.arrayContaining([
      { receiver: 'pagerduty-platform', labels: { alertname: 'KubeNodeNotReady' }, alerts: ['KubeNodeNotReady'] },
      { receiver: 'slack-platform', labels: { alertname: 'KubeJobFailed', namespace: 'apps' }, alerts: ['KubeJobFailed'] },
    ]));
  });

  it('inhibits the alerts of a node that is not ready, and only those', async () => {
    const alerts = await poll('/api/v2/alerts', (b) => b.some((a: any) => a.status.state === 'suppressed'));
    const states = Object.fromEntries(alerts.map((a: any) => [a.labels.alertname, { state: a.status.state, inhibited: a.status.inhibitedBy.length > 0 }]));
    expect(states).toEqual({
      KubeNodeNotReady: { state: 'active', inhibited: false },
      KubePodCrashLooping: { state: 'suppressed', inhibited: true },
      KubeJobFailed: { state: 'active', inhibited: false },
    });
  });
});
