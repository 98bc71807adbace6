import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FLUENT_BIT_LOKI_LABELS } from '../../../lib/config/addons/fluent-bit';
import {
  CONTAINER_LOG_DIR, FLUENT_BIT_STATE_DIR, fluentBitConfigYaml, labelAccessor, POD_NAME_FIRST_CHARACTERS,
  renderFluentBitConfig, tailShardPaths, type FluentBitSettings,
} from '../../../lib/k8s/fluent-bit/config';
import { fluentBitConfigViolations } from '../../support/fluent-bit-schema';

const base: FluentBitSettings = {
  shards: 1,
  outputWorkers: 2,
  labels: ['namespace', 'pod', 'container', 'app', 'node'],
  appLabelKey: 'app',
  staticLabels: {},
  bufferLimitMiB: 2048,
  maxChunksUp: 64,
  logLevel: 'info',
  lokiHost: 'loki.logging.svc.cluster.local',
  lokiPort: 3100,
  lokiTls: false,
};

const variants: [string, FluentBitSettings][] = [
  ['1 shard, no tenant', base],
  ['4 shards with a tenant', { ...base, shards: 4, tenantId: 'platform' }],
  ['36 shards, every label, static labels, TLS', {
    ...base, shards: 36, labels: FLUENT_BIT_LOKI_LABELS, staticLabels: { cluster: 'prod-1' }, lokiTls: true, lokiPort: 443,
  }],
];

const render = (settings: FluentBitSettings = base) => renderFluentBitConfig(settings) as any;

describe('fluent-bit config file', () => {
  it.each(variants)('uses only documented keys with documented types (%s)', (_name, settings) => {
    expect(fluentBitConfigViolations(renderFluentBitConfig(settings))).toEqual([]);
  });

  it.each(variants)('round-trips through YAML to the same object (%s)', (_name, settings) => {
    expect(parse(fluentBitConfigYaml(settings))).toEqual(renderFluentBitConfig(settings));
  });

  it('tails container logs in threaded inputs, one per shard, each with its own position database', () => {
    const inputs = render({ ...base, shards: 3 }).pipeline.inputs;
    expect(inputs.map((i: any) => [i.name, i.alias, i.threaded, i.db])).toEqual([
      ['tail', 'containers-0', true, `${FLUENT_BIT_STATE_DIR}/tail-containers-0.db`],
      ['tail', 'containers-1', true, `${FLUENT_BIT_STATE_DIR}/tail-containers-1.db`],
      ['tail', 'containers-2', true, `${FLUENT_BIT_STATE_DIR}/tail-containers-2.db`],
    ]);
    expect(inputs.map((i: any) => i.path)).toEqual(tailShardPaths(3));
    for (const input of inputs) {
      expect(input).toMatchObject({ tag: 'kube.*', 'multiline.parser': 'cri, docker', 'db.locking': true, 'storage.type': 'filesystem', read_from_head: true });
    }
  });

  it('adds Kubernetes metadata as a processor of each input (its thread), not as a main-thread filter', () => {
    const config = render({ ...base, shards: 2 });
    expect(config.pipeline.filters).toBeUndefined();
    for (const input of config.pipeline.inputs) {
      expect(input.processors).toEqual({
        logs: [{
          name: 'kubernetes',
          kube_url: 'https://kubernetes.default.svc:443',
          kube_tag_prefix: 'kube.var.log.containers.',
          merge_log: false,
          keep_log: false,
          'k8s-logging.exclude': true,
          'k8s-logging.parser': false,
          labels: true,
          annotations: false,
          buffer_size: 0,
        }],
      });
    }
  });

  it('buffers on the filesystem with bounded memory and bounded disk', () => {
    const config = render({ ...base, maxChunksUp: 32, bufferLimitMiB: 4096 });
    expect(config.service).toMatchObject({ 'storage.path': `${FLUENT_BIT_STATE_DIR}/buffer/`, 'storage.max_chunks_up': 32 });
    expect(config.pipeline.outputs[0]).toMatchObject({ 'storage.total_limit_size': '4096M', retry_limit: 'no_limits' });
  });

  it('serves Prometheus metrics on port 2020, with the health check (which counts Loki refusals) off', () => {
    expect(render().service).toMatchObject({ http_server: true, http_listen: '0.0.0.0', http_port: 2020, health_check: false, 'storage.metrics': true });
    expect(Object.keys(render().service).filter((k) => k.startsWith('hc_'))).toEqual([]);
  });

  it('reads files it has no saved position for from their start', () => {
    for (const input of render({ ...base, shards: 3 }).pipeline.inputs) expect(input.read_from_head).toBe(true);
  });

  it('reads in 128 KiB buffers and leaves the page cache alone (no fadvise before every read)', () => {
    for (const input of render({ ...base, shards: 3 }).pipeline.inputs) {
      expect(input).toMatchObject({ buffer_chunk_size: '128k', buffer_max_size: '128k', file_cache_advise: false });
    }
  });

  it('pushes to Loki with several workers, uncompressed, each line the container\'s own text', () => {
    expect(render({ ...base, outputWorkers: 4 }).pipeline.outputs).toEqual([{
      name: 'loki',
      alias: 'loki',
      match: 'kube.*',
      host: 'loki.logging.svc.cluster.local',
      port: 3100,
      tls: false,
      labels: "job=fluent-bit, namespace=$kubernetes['namespace_name'], pod=$kubernetes['pod_name'], container=$kubernetes['container_name'], app=$kubernetes['labels']['app'], node=$kubernetes['host']",
      remove_keys: '$kubernetes, $time, $_p, $stream',
      line_format: 'json',
      drop_single_key: 'raw',
      workers: 4,
      retry_limit: 'no_limits',
      'storage.total_limit_size': '2048M',
    }]);
  });

  it('sends the tenant header only when a tenant is set', () => {
    expect(render({ ...base, tenantId: 'platform' }).pipeline.outputs[0].tenant_id).toBe('platform');
    expect('tenant_id' in render().pipeline.outputs[0]).toBe(false);
  });

  it('sets only bounded labels: job, static ones and Kubernetes fields from a closed set', () => {
    const labels: string[] = render({ ...base, labels: FLUENT_BIT_LOKI_LABELS, staticLabels: { cluster: 'prod-1' } }).pipeline.outputs[0].labels.split(', ');
    const known = new Set(FLUENT_BIT_LOKI_LABELS.map((l) => `${l}=${labelAccessor(l, 'app')}`));
    expect(labels.slice(0, 2)).toEqual(['job=fluent-bit', 'cluster=prod-1']);
    expect(labels.slice(2).every((l) => known.has(l))).toBe(true);
    expect(labels).toHaveLength(2 + FLUENT_BIT_LOKI_LABELS.length);
  });

  it('reads the app label from the configured pod label key', () => {
    expect(render({ ...base, labels: ['app'], appLabelKey: 'app.kubernetes.io/name' }).pipeline.outputs[0].labels)
      .toBe("job=fluent-bit, app=$kubernetes['labels']['app.kubernetes.io/name']");
  });

  it('names labels as key=$accessor, which the loki output removes from the line, so remove_keys does not repeat them', () => {
    const output = render({ ...base, labels: FLUENT_BIT_LOKI_LABELS }).pipeline.outputs[0];
    const accessors = output.labels.split(', ').filter((l: string) => l.includes('=$')).map((l: string) => l.slice(l.indexOf('=') + 1));
    const removed = output.remove_keys.split(', ');
    expect(accessors).toHaveLength(FLUENT_BIT_LOKI_LABELS.length);
    expect(accessors.filter((a: string) => removed.includes(a))).toEqual([]);
  });

  it('keeps the stream key for the label when stream is a label', () => {
    expect(render({ ...base, labels: ['namespace', 'stream'] }).pipeline.outputs[0].remove_keys).toBe('$kubernetes, $time, $_p');
  });

  it('connects over TLS when the endpoint is https', () => {
    expect(render({ ...base, lokiTls: true, lokiPort: 443 }).pipeline.outputs[0]).toMatchObject({ tls: true, port: 443 });
  });
});

describe('fluent-bit schema table', () => {
  it('reports a misspelt key, a wrong type and a section it does not tabulate', () => {
    const config = render();
    config.service['storage.max_chunk_up'] = 64;
    config.pipeline.inputs[0].threaded = 'maybe';
    config.pipeline.filters = [{ name: 'kubernetes', match: 'kube.*' }];
    expect(fluentBitConfigViolations(config)).toEqual([
      expect.stringMatching(/^service\.storage\.max_chunk_up: not a documented key here/),
      'pipeline.inputs[0].threaded: expected a boolean, got "maybe"',
      expect.stringMatching(/^pipeline\.filters: not a documented key here/),
    ]);
  });
});

describe('tailShardPaths', () => {
  it('tails every container log with one input when unsharded', () => {
    expect(tailShardPaths(1)).toEqual([`${CONTAINER_LOG_DIR}/*.log`]);
  });

  it('splits by first character in listed (not ranged) bracket sets, the last shard taking the rest', () => {
    expect(tailShardPaths(4)).toEqual([
      `${CONTAINER_LOG_DIR}/[012345678]*.log`,
      `${CONTAINER_LOG_DIR}/[9abcdefgh]*.log`,
      `${CONTAINER_LOG_DIR}/[ijklmnopq]*.log`,
      `${CONTAINER_LOG_DIR}/[!0123456789abcdefghijklmnopq]*.log`,
    ]);
  });

  it.each([0, 37, 2.5])('throws for %p shards', (shards) => {
    expect(() => tailShardPaths(shards)).toThrow(`tailShardPaths: shards must be a whole number from 1 to 36, got ${shards}.`);
  });

  /**
   * The proof uses the shell's pathname expansion (POSIX pattern matching, the notation
   * glob(3) implements and fluent-bit's tail uses) on real files: one per possible first
   * character, named like kubelet's links. Every file `*.log` matches must be matched by
   * exactly one shard, for every shard count.
   */
  it('covers every file *.log matches exactly once, for every shard count from 1 to 36', () => {
    const dir = mkdtempSync(join(tmpdir(), 'containers-'));
    try {
      const id = 'a'.repeat(64);
      const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter((c) => c !== '/');
      const names = printable.map((c) => `${c}x-7d9c_default_app-${id}.log`);
      for (const name of names) writeFileSync(join(dir, name), '');
      // One shell for every pattern: each pattern's matches follow a '#<pattern>' line.
      const expandAll = (patterns: readonly string[]): Map<string, string[]> => {
        const loops = patterns.map((p) => `echo '#${p}'; for f in ${p}; do [ -e "$f" ] && printf '%s\\n' "$f"; done`);
        const result = spawnSync('/bin/sh', ['-c', `cd "$1" && { ${loops.join('; ')}; }; true`, 'sh', dir], { encoding: 'utf8' });
        expect(result.status).toBe(0);
        const out = new Map<string, string[]>();
        let current = '';
        for (const line of result.stdout.split('\n').filter((l) => l !== '')) {
          if (line.startsWith('#') && patterns.includes(line.slice(1))) out.set((current = line.slice(1)), []);
          else out.get(current)!.push(line);
        }
        return out;
      };
      const counts = Array.from({ length: 36 }, (_, i) => i + 1);
      const patterns = ['*.log', ...new Set(counts.flatMap((n) => tailShardPaths(n).map((p) => p.slice(CONTAINER_LOG_DIR.length + 1))))];
      const expanded = expandAll(patterns);
      const unsharded = [...expanded.get('*.log')!].sort();
      expect(unsharded).toEqual(names.filter((n) => !n.startsWith('.')).sort());
      for (const c of POD_NAME_FIRST_CHARACTERS) expect(unsharded).toContain(`${c}x-7d9c_default_app-${id}.log`);
      for (const shards of counts) {
        const matched = tailShardPaths(shards).flatMap((path) => expanded.get(path.slice(CONTAINER_LOG_DIR.length + 1))!);
        expect({ shards, files: matched.sort() }).toEqual({ shards, files: unsharded });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('spreads pod-name characters evenly: shard sizes differ by at most one character', () => {
    for (let shards = 2; shards <= 36; shards++) {
      const sizes = tailShardPaths(shards).slice(0, -1).map((p) => /\[([^\]]*)\]/.exec(p)![1].length);
      const lastSize = POD_NAME_FIRST_CHARACTERS.length - sizes.reduce((a, b) => a + b, 0);
      const all = [...sizes, lastSize];
      expect(Math.max(...all) - Math.min(...all)).toBeLessThanOrEqual(1);
    }
  });
});
