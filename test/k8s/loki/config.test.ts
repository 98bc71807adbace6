import { parse } from 'yaml';
import { LOKI_DATA_DIR, lokiConfigYaml, renderLokiConfig, type LokiSettings } from '../../../lib/k8s/loki/config';
import { LOKI_CONFIG_SCHEMA, lokiConfigViolations, schemaViolations } from '../../support/loki-schema';

const base: LokiSettings = {
  mode: 'single-binary',
  authEnabled: false,
  retentionDays: 7,
  maxChunkAgeHours: 2,
  rejectOldSamplesMaxAgeHours: 168,
  ingestionRateMB: 16,
  ingestionBurstMB: 32,
  resultsCacheMB: 256,
  chunkCacheMB: 512,
  memoryMiB: 2048,
  schemaStartDate: '2024-01-01',
  logLevel: 'info',
  bucketName: 'eksp-loki-main-111122223333-us-east-1',
  region: 'us-east-1',
  memberlistHost: 'loki-headless.logging.svc.cluster.local',
};

const variants: [string, LokiSettings][] = [
  ['single-binary without auth', base],
  ['single-binary with auth', { ...base, authEnabled: true }],
  ['replicated without auth', { ...base, mode: 'replicated' }],
  ['replicated with auth and SSE-KMS', { ...base, mode: 'replicated', authEnabled: true, kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/0f8e2a1c-1111-2222-3333-444455556666' }],
  ['caches off', { ...base, resultsCacheMB: 0, chunkCacheMB: 0 }],
];

describe('Loki config file', () => {
  it.each(variants)('uses only documented keys with documented types (%s)', (_name, settings) => {
    expect(lokiConfigViolations(renderLokiConfig(settings))).toEqual([]);
  });

  it('round-trips through YAML to the same object', () => {
    expect(parse(lokiConfigYaml(base))).toEqual(renderLokiConfig(base));
  });

  it('replicates 3 ways in mode replicated and not at all in single-binary', () => {
    expect(renderLokiConfig({ ...base, mode: 'replicated' }).common).toMatchObject({ replication_factor: 3 });
    expect(renderLokiConfig(base).common).toMatchObject({ replication_factor: 1 });
  });

  it('forms the ring over memberlist through the headless Service, no consul or etcd', () => {
    const config = renderLokiConfig(base);
    expect(config.common).toMatchObject({ ring: { kvstore: { store: 'memberlist' } } });
    expect(config.memberlist).toEqual({ join_members: ['loki-headless.logging.svc.cluster.local:7946'], bind_port: 7946 });
  });

  it('stores a TSDB v13 index and chunks in S3 by bucket and region, without keys', () => {
    const config = renderLokiConfig(base);
    expect(config.schema_config).toEqual({
      configs: [{ from: '2024-01-01', store: 'tsdb', object_store: 's3', schema: 'v13', index: { prefix: 'index_', period: '24h' } }],
    });
    expect(config.common).toMatchObject({ storage: { s3: { bucketnames: base.bucketName, region: 'us-east-1' } } });
    expect(JSON.stringify(config)).not.toMatch(/access_key|secret_access_key|session_token/);
  });

  it('asks S3 for SSE-KMS with the given key, and sends no SSE header without one', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/0f8e2a1c-1111-2222-3333-444455556666';
    expect(renderLokiConfig({ ...base, kmsKeyArn: key }).common).toMatchObject({ storage: { s3: { sse: { type: 'SSE-KMS', kms_key_id: key } } } });
    expect((renderLokiConfig(base).common as any).storage.s3.sse).toBeUndefined();
  });

  it('enforces retention in the compactor, keeping delete requests in S3', () => {
    const config = renderLokiConfig({ ...base, retentionDays: 30 });
    expect(config.compactor).toMatchObject({ retention_enabled: true, delete_request_store: 's3' });
    expect(config.limits_config).toMatchObject({ retention_period: '720h' });
  });

  it('accepts out-of-order writes within half of max_chunk_age and rejects lines older than the window', () => {
    const config = renderLokiConfig({ ...base, maxChunkAgeHours: 3, rejectOldSamplesMaxAgeHours: 72 });
    expect(config.limits_config).toMatchObject({ reject_old_samples_max_age: '72h' });
    expect(config.limits_config).not.toHaveProperty('unordered_writes');
    expect(config.ingester).toMatchObject({ max_chunk_age: '3h' });
  });

  it('sets every path it writes under the data volume (the real Loki checks the derived ones)', () => {
    const config = renderLokiConfig(base) as any;
    const paths = [config.common.path_prefix, config.storage_config.tsdb_shipper.active_index_directory, config.storage_config.tsdb_shipper.cache_location];
    for (const path of paths) expect(path.startsWith(LOKI_DATA_DIR)).toBe(true);
  });

  it('leaves the ruler to its defaults: no rules, so no ruler WAL', () => {
    expect(renderLokiConfig(base)).not.toHaveProperty('ruler');
  });

  it('sizes the caches from the settings and the WAL replay from the memory limit', () => {
    const config = renderLokiConfig({ ...base, resultsCacheMB: 128, chunkCacheMB: 64, memoryMiB: 4096 }) as any;
    expect(config.query_range.results_cache.cache.embedded_cache).toEqual({ enabled: true, max_size_mb: 128 });
    expect(config.chunk_store_config.chunk_cache_config.embedded_cache).toEqual({ enabled: true, max_size_mb: 64 });
    expect(config.ingester.wal.replay_memory_ceiling).toBe('2048MB');
  });

  it('turns a cache of size 0 off', () => {
    const config = renderLokiConfig({ ...base, resultsCacheMB: 0, chunkCacheMB: 0 }) as any;
    expect(config.query_range).toMatchObject({ cache_results: false, results_cache: { cache: { embedded_cache: { enabled: false } } } });
    expect(config.chunk_store_config.chunk_cache_config.embedded_cache.enabled).toBe(false);
  });

  it('sets auth_enabled explicitly either way', () => {
    expect(renderLokiConfig(base).auth_enabled).toBe(false);
    expect(renderLokiConfig({ ...base, authEnabled: true }).auth_enabled).toBe(true);
  });

  it('does not send usage reports', () => {
    expect(renderLokiConfig(base).analytics).toEqual({ reporting_enabled: false });
  });
});

describe('Loki schema table', () => {
  it('reports an undocumented key and a wrongly typed value', () => {
    const config = { ...renderLokiConfig(base), limits_config: { retention_period: 30, retention_days: 30 } };
    expect(schemaViolations(config, LOKI_CONFIG_SCHEMA, 'loki')).toEqual([
      'limits_config.retention_period: expected a duration like 10m or 720h, got 30',
      expect.stringMatching(/^limits_config\.retention_days: not a documented key here/),
    ]);
  });

  it('reports a duration unit only one of Go and Prometheus parses', () => {
    expect(lokiConfigViolations({ ingester: { max_chunk_age: '1d' } })).toEqual(['ingester.max_chunk_age: expected a duration like 10m or 720h, got "1d"']);
  });
});
