/**
 * The real Prometheus (Debian's 2.42) on loopback, with every emitted rule file and a static
 * scrape of itself: it must load every group and evaluate every rule with health `ok`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { platformRuleGroups, resolveAlertSettings, ruleFileYaml } from '../../../lib/k8s/prometheus';
import { toYaml } from '../../../lib/yaml';
import { describeWithProgram, freePort, startProgram, waitForHttp, type RunningProgram } from '../../support/programs';

const groups = platformRuleGroups(resolveAlertSettings({ runbookBaseUrl: 'https://runbooks.example.com/eks' }), { fluentBit: true, loki: true, clusterAutoscaler: true });

describeWithProgram('prometheus', 'prometheus', 'the real Prometheus running the emitted rules', (binary) => {
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
    prometheus = startProgram(binary, [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    await waitForHttp(`${base}/-/ready`, 20_000, () => prometheus!.output());
  }, 30_000);

  afterAll(async () => {
    await prometheus?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
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
