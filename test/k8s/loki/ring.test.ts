/**
 * Mode `replicated` as three real Loki processes on loopback, each on the production account's
 * emitted config (paths and addresses changed only; a shared directory stands in for S3),
 * started with the StatefulSet's arguments, with the production fluent-bit pushing to them.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { PlatformChart } from '../../../lib/platform/k8s-platform';
import { ACCOUNTS } from '../../../stacks/accounts';
import { criLine, criLogName, localFluentBitConfig, writePodMeta, type LocalFluentBit } from '../../support/fluent-bit-run';
import { localLokiConfig, localLokis, pushLine, queryRange, startLoki, waitReady, type RunningLoki } from '../../support/loki-run';
import { FLUENT_BIT, LOKI, describeWithPrograms, startFluentBit, http, waitUntil, type RunningProgram } from '../../support/programs';
import { freePort } from '../../support/syslog-ng';

jest.setTimeout(240_000);

describeWithPrograms([LOKI, FLUENT_BIT], 'Loki ring of three, production account (real programs)', ([lokiBinary, fluentBitBinary]) => {
  const account = ACCOUNTS.production;
  const chart = new PlatformChart(Testing.app(), 'platform', { account });
  const lokiArgs: string[] = chart.loki!.statefulSet.toJson().spec.template.spec.containers[0].args;
  const tenant = chart.fluentBit!.tenantId!;
  let root: string;
  let lokis: RunningLoki[] = [];
  let fluentBit: RunningProgram | undefined;
  let logFile: string;
  const pod = { namespace: 'shop', pod: 'api-6b7c8-q9w8e', container: 'api', node: 'ip-10-0-2-7.ec2.internal', labels: { app: 'api' } };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(tmpdir(), 'loki-ring-'));
    const specs = await localLokis(root, chart.loki!.replicas);
    lokis = specs.map((spec) => startLoki(lokiBinary, spec, localLokiConfig(chart.loki!.configYaml, spec), lokiArgs));
    await Promise.all(lokis.map((l) => waitReady(l, 180_000)));
    const dir = path.join(root, 'node');
    const local: LocalFluentBit = {
      logDir: path.join(dir, 'containers'), stateDir: path.join(dir, 'state'), metaDir: path.join(dir, 'meta'), httpPort: await freePort(), lokiPort: specs[0].httpPort,
    };
    for (const d of [local.logDir, local.stateDir, local.metaDir]) fs.mkdirSync(d, { recursive: true });
    writePodMeta(local.metaDir, pod);
    logFile = path.join(local.logDir, criLogName(pod.pod, pod.namespace, pod.container));
    fs.writeFileSync(logFile, '');
    fs.writeFileSync(path.join(root, 'fluent-bit.yaml'), localFluentBitConfig(chart.fluentBit!.configYaml, local));
    fluentBit = await startFluentBit(fluentBitBinary, path.join(root, 'fluent-bit.yaml'));
  });

  afterAll(async () => {
    await fluentBit?.stop();
    await Promise.all(lokis.map((l) => l.program.stop()));
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const query = `{namespace="${pod.namespace}", pod="${pod.pod}"}`;
  /** fluent-bit sends the container's own text, as a direct push does. */
  const logOf = (line: string): string => line;
  const waitForLines = (url: string, texts: string[]) => waitUntil(async () => {
    const { lines } = await queryRange(url, query, tenant);
    const logs = lines.map((l) => logOf(l.line));
    return texts.every((t) => logs.includes(t)) ? lines : undefined;
  }, 90_000, () => `not all of ${texts.join(', ')} in Loki`, 1000);

  it('forms one ring: every member sees three ACTIVE ingesters', async () => {
    for (const loki of lokis) {
      const ring = await waitUntil(async () => {
        const body = (await http(`${loki.url}/metrics`)).body;
        const active = /^loki_ring_members\{name="ingester",state="ACTIVE"\} (\d+)/m.exec(body) ?? /^cortex_ring_members\{name="ingester",state="ACTIVE"\} (\d+)/m.exec(body);
        return active && Number(active[1]) === 3 ? Number(active[1]) : undefined;
      }, 60_000, () => `${loki.url} does not see 3 ACTIVE ingesters`);
      expect(ring).toBe(3);
    }
  });

  it('takes fluent-bit\'s pushes with the tenant header at replication factor 3, and answers queries only for that tenant', async () => {
    expect(chart.loki!.replicationFactor).toBe(3);
    fs.appendFileSync(logFile, criLine('ring 1') + criLine('ring 2'));
    const lines = await waitForLines(lokis[1].url, ['ring 1', 'ring 2']);
    expect(lines.map((l) => logOf(l.line))).toEqual(['ring 1', 'ring 2']);
    for (const line of lines) {
      expect(line.labels).toMatchObject({ job: 'fluent-bit', cluster: 'platform-production', namespace: 'shop', pod: pod.pod, container: 'api', app: 'api', node: pod.node });
    }
    expect((await queryRange(lokis[1].url, query)).status).toBe(401);
    expect((await queryRange(lokis[1].url, query, 'someone-else')).lines).toEqual([]);
  });

  it('keeps taking pushes with one member down', async () => {
    await lokis[2].program.stop('SIGKILL');
    expect(await pushLine(lokis[1].url, { job: 'direct', namespace: pod.namespace, pod: pod.pod }, 'direct with one down', tenant)).toBe(204);
    fs.appendFileSync(logFile, criLine('with one down'));
    const lines = await waitForLines(lokis[0].url, ['with one down', 'direct with one down']);
    expect(lines.map((l) => logOf(l.line)).sort()).toEqual(['direct with one down', 'ring 1', 'ring 2', 'with one down']);
  });
});
