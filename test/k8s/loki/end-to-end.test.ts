/**
 * End to end on loopback: the sandbox account's fluent-bit into the sandbox account's Loki
 * (single binary, filesystem instead of S3), both real programs on their emitted configs
 * with only paths and addresses changed. Read back with LogQL.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { PlatformChart } from '../../../lib/platform/k8s-platform';
import { ACCOUNTS } from '../../../stacks/accounts';
import { criLine, criLogName, localFluentBitConfig, writePodMeta, type LocalFluentBit } from '../../support/fluent-bit-run';
import { listDeletes, localLokiConfig, localLokis, pushLine, queryRange, requestDelete, startLoki, waitReady, type RunningLoki } from '../../support/loki-run';
import { FLUENT_BIT, LOKI, describeWithPrograms, startFluentBit, sleep, waitUntil, type RunningProgram } from '../../support/programs';
import { freePort } from '../../support/syslog-ng';

jest.setTimeout(240_000);

describeWithPrograms([LOKI, FLUENT_BIT], 'fluent-bit into Loki, sandbox account (real programs)', ([lokiBinary, fluentBitBinary]) => {
  const chart = new PlatformChart(Testing.app(), 'platform', { account: ACCOUNTS.sandbox });
  const lokiArgs: string[] = chart.loki!.statefulSet.toJson().spec.template.spec.containers[0].args;
  let root: string;
  let loki: RunningLoki;
  let lokiConfig: Record<string, any>;
  let fluentBit: RunningProgram | undefined;
  let local: LocalFluentBit;

  const web = { namespace: 'shop', pod: 'web-7d9c5-x2x4k', container: 'app', node: 'ip-10-0-1-5.ec2.internal', labels: { app: 'web' } };
  const worker = { namespace: 'jobs', pod: 'worker-0', container: 'main', node: 'ip-10-0-1-5.ec2.internal', labels: { app: 'worker' } };
  const noisy = { namespace: 'shop', pod: 'noisy-5f6d7-abcde', container: 'app', node: web.node, labels: { app: 'noisy' }, annotations: { 'fluentbit.io/exclude': 'true' } };
  const file = (pod: typeof web) => path.join(local.logDir, criLogName(pod.pod, pod.namespace, pod.container));

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(tmpdir(), 'logs-e2e-'));
    const [spec] = await localLokis(root, 1);
    lokiConfig = localLokiConfig(chart.loki!.configYaml, spec);
    loki = startLoki(lokiBinary, spec, lokiConfig, lokiArgs);
    const dir = path.join(root, 'node');
    local = { logDir: path.join(dir, 'containers'), stateDir: path.join(dir, 'state'), metaDir: path.join(dir, 'meta'), httpPort: await freePort(), lokiPort: spec.httpPort };
    for (const d of [local.logDir, local.stateDir, local.metaDir]) fs.mkdirSync(d, { recursive: true });
    for (const pod of [web, worker, noisy]) writePodMeta(local.metaDir, pod);
    // Written before fluent-bit starts, with no saved position: must arrive in full.
    fs.writeFileSync(file(web), [1, 2, 3].map((i) => criLine(`web early ${i}`)).join(''));
    fs.writeFileSync(file(noisy), criLine('noisy early'));
    fs.writeFileSync(path.join(root, 'fluent-bit.yaml'), localFluentBitConfig(chart.fluentBit!.configYaml, local));
    await waitReady(loki);
    fluentBit = await startFluentBit(fluentBitBinary, path.join(root, 'fluent-bit.yaml'));
  });

  afterAll(async () => {
    await fluentBit?.stop();
    await loki?.program.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  // First: the querier caches a tenant's delete requests from its first query on, for five minutes.
  it('honours a delete sent to the delete URL, which is the single-binary pod itself', async () => {
    expect(chart.loki!.deleteUrl).toBe(chart.loki!.url);
    const at = Date.now() - 60_000;
    for (const n of [0, 1]) expect(await pushLine(loki.url, { job: 'direct', namespace: 'records', pod: `patient-${n}` }, `record ${n}`, undefined, at)).toBe(204);
    const now = Math.floor(Date.now() / 1000);
    const deleted = '{job="direct", namespace="records", pod="patient-0"}';
    expect(await requestDelete(loki.url, deleted, now - 3600, now - 1)).toBe(204);
    expect(await listDeletes(loki.url)).toEqual([deleted]);
    const lines = await waitUntil(async () => {
      const result = (await queryRange(loki.url, '{job="direct", namespace="records"}')).lines;
      return result.length > 0 ? result : undefined;
    }, 30_000, () => 'no record in Loki');
    expect(lines.map((l) => l.line)).toEqual(['record 1']);
  });

  it('delivers every line exactly once with its labels, through partial lines, a rotation and a Loki restart', async () => {
    const expected: string[] = ['web early 1', 'web early 2', 'web early 3'];
    const podOf = new Map<string, typeof web>(expected.map((text) => [text, web]));
    const write = (pod: typeof web, text: string) => { fs.appendFileSync(file(pod), criLine(text)); expected.push(text); podOf.set(text, pod); };
    fs.writeFileSync(file(worker), '');
    for (let i = 0; i < 20; i++) { write(web, `web ${i}`); write(worker, `worker ${i}`); fs.appendFileSync(file(noisy), criLine(`noisy ${i}`)); }
    fs.appendFileSync(file(web), criLine('split ', { partial: true }) + criLine('in three ', { partial: true }) + criLine('parts'));
    expected.push('split in three parts');
    podOf.set('split in three parts', web);
    await sleep(3000);

    // Loki restarts in the middle of the stream; fluent-bit keeps writing into its buffer.
    await loki.program.stop('SIGTERM', 60_000);
    for (let i = 0; i < 20; i++) write(worker, `while Loki is down ${i}`);
    fs.renameSync(file(web), `${file(web)}.20261204-000000`);
    fs.writeFileSync(file(web), '');
    write(web, 'after rotation');
    loki = startLoki(lokiBinary, loki.local, lokiConfig, lokiArgs);
    await waitReady(loki);
    for (let i = 0; i < 10; i++) write(web, `after restart ${i}`);

    const query = '{job="fluent-bit"}';
    const lines = await waitUntil(async () => {
      const result = await queryRange(loki.url, query);
      return result.lines.length >= expected.length ? result.lines : undefined;
    }, 120_000, () => `fewer than ${expected.length} lines in Loki`, 1000);
    await sleep(3000);
    const final = (await queryRange(loki.url, query)).lines;
    expect(final.map((l) => l.line).sort()).toEqual([...expected].sort());
    expect(final.length).toBe(lines.length);
    const labelsOf = (pod: typeof web) => ({ job: 'fluent-bit', namespace: pod.namespace, pod: pod.pod, container: pod.container, app: pod.labels.app, node: pod.node });
    // Loki 3 adds service_name (from app) and detected_level itself (limits_config.discover_*).
    const sent = (labels: Record<string, string>) => Object.fromEntries(Object.entries(labels).filter(([k]) => k !== 'service_name' && k !== 'detected_level').sort());
    const mislabelled = final.filter((l) => JSON.stringify(sent(l.labels)) !== JSON.stringify(sent(labelsOf(podOf.get(l.line)!))));
    expect(mislabelled).toEqual([]);
    expect(sent(final[0].labels)).toEqual(labelsOf(web));
  });
});
