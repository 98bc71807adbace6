/**
 * The real Prometheus (Debian's 2.42) on loopback, started with the StatefulSet's own flags
 * (paths and listen address moved to the test's), every emitted rule file and a static scrape
 * of itself: it must load every group and evaluate every rule with health `ok`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { Prometheus, platformRuleGroups, resolveAlertSettings, ruleFileYaml } from '../../../lib/k8s/prometheus';
import { toYaml } from '../../../lib/yaml';
import { describeWithProgram, PROMETHEUS, freePort, startProgram, waitForHttp, type RunningProgram } from '../../support/programs';

/** The Prometheus container's args, as the StatefulSet runs them. */
function statefulSetArgs(): string[] {
  const chart = Testing.chart() as Chart;
  new Prometheus(chart, 'p', { clusterName: 'main', retentionDays: 7, volumeSizeGiB: 20 });
  const sts = Testing.synth(chart).find((o) => o.kind === 'StatefulSet');
  return sts.spec.template.spec.containers.find((c: any) => c.name === 'prometheus').args;
}

const groups = platformRuleGroups(resolveAlertSettings({ runbookBaseUrl: 'https://runbooks.example.com/eks' }), { fluentBit: true, loki: true, clusterAutoscaler: true });

describeWithProgram(PROMETHEUS, 'the real Prometheus running the emitted rules', (binary) => {
  let dir: string;
  let prometheus: RunningProgram | undefined;
  let base: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prom-e2e-'));
    fs.mkdirSync(path.join(dir, 'rules'));
    for (const g of groups) fs.writeFileSync(path.join(dir, 'rules', `${g.name}.rules.yml`), ruleFileYaml(g));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), toYaml({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [path.join(dir, 'rules', '*.rules.yml')],
      scrape_configs: [{ job_name: 'prometheus', static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
    }));
    const moved: Record<string, string> = {
      '--config.file': path.join(dir, 'prometheus.yml'),
      '--storage.tsdb.path': path.join(dir, 'data'),
      '--web.listen-address': `127.0.0.1:${port}`,
    };
    prometheus = startProgram(binary, statefulSetArgs().map((a) => {
      const flag = a.split('=')[0];
      return flag in moved ? `${flag}=${moved[flag]}` : a;
    }));
    await waitForHttp(`${base}/-/ready`, 20_000, () => prometheus!.output());
  }, 30_000);

  afterAll(async () => {
    await prometheus?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the StatefulSet flags: retention by time and size, and reloads through /-/reload', async () => {
    expect(statefulSetArgs()).toEqual(expect.arrayContaining(['--storage.tsdb.retention.time=7d', '--storage.tsdb.retention.size=16GB', '--web.enable-lifecycle']));
    // Prometheus reports 7d as 1w, and GB as GiB (its sizes are base 2).
    const flags = (await (await fetch(`${base}/api/v1/status/flags`)).json() as any).data;
    expect({ time: flags['storage.tsdb.retention.time'], size: flags['storage.tsdb.retention.size'], lifecycle: flags['web.enable-lifecycle'] })
      .toEqual({ time: '1w', size: '16GiB', lifecycle: 'true' });
    expect((await fetch(`${base}/-/reload`, { method: 'POST' })).status).toBe(200);
  });

  it('loads every rule group and evaluates every rule with health ok', async () => {
    const deadline = Date.now() + 20_000;
    let loaded: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] = [];
    while (Date.now() < deadline) {
      const body = await (await fetch(`${base}/api/v1/rules`)).json() as any;
      loaded = body.data.groups;
      if (loaded.length === groups.length && loaded.every((g) => g.rules.every((r) => r.health !== 'unknown'))) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(loaded.map((g) => g.name).sort()).toEqual(groups.map((g) => g.name).sort());
    const health = loaded.flatMap((g) => g.rules.map((r) => ({ rule: r.name, health: r.health, error: r.lastError ?? '' })));
    expect(health.map((h) => h.rule).sort()).toEqual(groups.flatMap((g) => g.rules.map((r) => r.alert)).sort());
    expect(health.filter((h) => h.health !== 'ok' || h.error !== '')).toEqual([]);
  }, 30_000);
});
