/**
 * Mode `replicated` as real Loki processes on loopback, one per pod of the production account:
 * its write pods, its read pods and its one compactor, each on the emitted config (paths and
 * addresses changed only; a shared directory stands in for S3) and started with its workload's
 * arguments, with the production fluent-bit pushing to a write pod.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { PlatformChart } from '../../../lib/platform/k8s-platform';
import { ACCOUNTS } from '../../../stacks/accounts';
import { criLine, criLogName, localFluentBitConfig, writePodMeta, type LocalFluentBit } from '../../support/fluent-bit-run';
import {
  listDeletes, localLokiConfig, localLokis, pushLine, queryRange, requestDelete, startLoki, waitReady, type LocalLoki, type RunningLoki,
} from '../../support/loki-run';
import { FLUENT_BIT, LOKI, describeWithPrograms, startFluentBit, http, waitUntil, type RunningProgram } from '../../support/programs';
import { freePort } from '../../support/syslog-ng';

jest.setTimeout(420_000);

const argsOf = (workload: { toJson(): any } | undefined): string[] => workload!.toJson().spec.template.spec.containers[0].args;

describeWithPrograms([LOKI, FLUENT_BIT], 'Loki in mode replicated, production account (real programs)', ([lokiBinary, fluentBitBinary]) => {
  const account = ACCOUNTS.production;
  const chart = new PlatformChart(Testing.app(), 'platform', { account });
  const loki = chart.loki!;
  const tenant = chart.fluentBit!.tenantId!;
  let root: string;
  let writers: RunningLoki[] = [];
  let readers: RunningLoki[] = [];
  let compactor: RunningLoki;
  let compactorSpec: LocalLoki;
  let compactorUrl: string;
  let fluentBit: RunningProgram | undefined;
  let logFile: string;
  const pod = { namespace: 'shop', pod: 'api-6b7c8-q9w8e', container: 'api', node: 'ip-10-0-2-7.ec2.internal', labels: { app: 'api' } };
  const startCompactor = () => startLoki(lokiBinary, compactorSpec, localLokiConfig(loki.configYaml, compactorSpec, compactorUrl), argsOf(loki.compactorStatefulSet));

  beforeAll(async () => {
    expect({ mode: loki.mode, replicas: loki.replicas, readReplicas: loki.readReplicas }).toEqual({ mode: 'replicated', replicas: 3, readReplicas: 2 });
    root = fs.mkdtempSync(path.join(tmpdir(), 'loki-ring-'));
    const specs = await localLokis(root, loki.replicas + loki.readReplicas + 1);
    compactorSpec = specs[specs.length - 1];
    compactorUrl = `http://127.0.0.1:${compactorSpec.httpPort}`;
    const start = (spec: LocalLoki, args: string[]) => startLoki(lokiBinary, spec, localLokiConfig(loki.configYaml, spec, compactorUrl), args);
    writers = specs.slice(0, loki.replicas).map((spec) => start(spec, argsOf(loki.statefulSet)));
    readers = specs.slice(loki.replicas, -1).map((spec) => start(spec, argsOf(loki.readDeployment)));
    compactor = startCompactor();
    await Promise.all([...writers, ...readers, compactor].map((l) => waitReady(l, 300_000)));
    const dir = path.join(root, 'node');
    const local: LocalFluentBit = {
      logDir: path.join(dir, 'containers'), stateDir: path.join(dir, 'state'), metaDir: path.join(dir, 'meta'), httpPort: await freePort(), lokiPort: writers[0].local.httpPort,
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
    await Promise.all([...writers, ...readers, compactor].filter(Boolean).map((l) => l.program.stop()));
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const query = `{namespace="${pod.namespace}", pod="${pod.pod}"}`;
  const waitForLines = (url: string, texts: string[]) => waitUntil(async () => {
    const { lines } = await queryRange(url, query, tenant);
    const logs = lines.map((l) => l.line);
    return texts.every((t) => logs.includes(t)) ? lines : undefined;
  }, 90_000, () => `not all of ${texts.join(', ')} in Loki`, 1000);

  it('forms one ring: every write pod sees three ACTIVE ingesters', async () => {
    for (const writer of writers) {
      const ring = await waitUntil(async () => {
        const body = (await http(`${writer.url}/metrics`)).body;
        const active = /^loki_ring_members\{name="ingester",state="ACTIVE"\} (\d+)/m.exec(body);
        return active && Number(active[1]) === 3 ? Number(active[1]) : undefined;
      }, 60_000, () => `${writer.url} does not see 3 ACTIVE ingesters`);
      expect(ring).toBe(3);
    }
  });

  it('takes fluent-bit\'s pushes with the tenant header at replication factor 3, and answers queries on every read pod only for that tenant', async () => {
    expect(loki.replicationFactor).toBe(3);
    fs.appendFileSync(logFile, criLine('ring 1') + criLine('ring 2'));
    for (const reader of readers) {
      const lines = await waitForLines(reader.url, ['ring 1', 'ring 2']);
      expect(lines.map((l) => l.line)).toEqual(['ring 1', 'ring 2']);
      for (const line of lines) {
        expect(line.labels).toMatchObject({ job: 'fluent-bit', cluster: 'platform-production', namespace: 'shop', pod: pod.pod, container: 'api', app: 'api', node: pod.node });
      }
    }
    expect((await queryRange(readers[0].url, query)).status).toBe(401);
    expect((await queryRange(readers[0].url, query, 'someone-else')).lines).toEqual([]);
  });

  describe('deletes', () => {
    // A tenant no query has asked about yet: queriers cache each tenant's delete requests for 5 minutes.
    const owner = 'delete-test';
    const stream = (n: number) => ({ job: 'direct', namespace: 'records', pod: `patient-${n}` });
    const everyStream = '{job="direct", namespace="records"}';
    const deleted = '{job="direct", namespace="records", pod="patient-0"}';
    const podsOf = (lines: { labels: Record<string, string> }[]) => [...new Set(lines.map((l) => l.labels.pod))].sort();

    beforeAll(async () => {
      // One line through each write pod, a minute old (a delete may not reach into the future).
      const at = Date.now() - 60_000;
      for (const [n, writer] of writers.entries()) expect(await pushLine(writer.url, stream(n), `record ${n}`, owner, at)).toBe(204);
      // Not queried before the delete: that would cache the tenant's (empty) delete requests.
      await waitUntil(async () => ((await http(`${writers[0].url}/ready`)).status === 200 ? true : undefined), 10_000, () => 'write pod not ready');
    });

    it('are refused by every write and read pod, so none is accepted where it is not applied', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const other of [...writers, ...readers]) expect(await requestDelete(other.url, deleted, now - 3600, now - 1, owner)).toBe(404);
    });

    it('sent to the delete URL, are honoured by every read pod, whichever write pod took the lines', async () => {
      expect(new URL(loki.deleteUrl).hostname).toBe(`loki-compactor.${loki.namespace}.svc.cluster.local`);
      const now = Math.floor(Date.now() / 1000);
      expect(await requestDelete(compactorUrl, deleted, now - 3600, now - 1, owner)).toBe(204);
      expect(await listDeletes(compactorUrl, owner)).toEqual([deleted]);
      // The first query for the tenant on each read pod fetches the delete requests from the compactor.
      for (const reader of readers) {
        expect(podsOf((await queryRange(reader.url, everyStream, owner)).lines)).toEqual(['patient-1', 'patient-2']);
      }
    });

    it('are kept through a compactor restart', async () => {
      await compactor.program.stop();
      compactor = startCompactor();
      await waitReady(compactor, 180_000);
      expect(await listDeletes(compactorUrl, owner)).toEqual([deleted]);
    });
  });

  it('keeps taking pushes and answering queries with one write pod down', async () => {
    await writers[2].program.stop('SIGKILL');
    expect(await pushLine(writers[1].url, { job: 'direct', namespace: pod.namespace, pod: pod.pod }, 'direct with one down', tenant)).toBe(204);
    fs.appendFileSync(logFile, criLine('with one down'));
    const lines = await waitForLines(readers[1].url, ['with one down', 'direct with one down']);
    expect(lines.map((l) => l.line).sort()).toEqual(['direct with one down', 'ring 1', 'ring 2', 'with one down']);
  });
});
