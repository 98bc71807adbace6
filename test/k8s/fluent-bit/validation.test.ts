import { Testing } from 'cdk8s';
import { validateFluentBitConfig, validateFluentBitTenant, type FluentBitConfig } from '../../../lib/config/addons/fluent-bit';
import { ProblemCollector } from '../../../lib/config/problems';
import { FluentBit, LokiEndpoint, type FluentBitProps } from '../../../lib/k8s/fluent-bit';
import { Loki } from '../../../lib/k8s/loki';

const openLoki = LokiEndpoint.fromUrl('http://loki.logging.svc.cluster.local:3100');

function build(props: Record<string, unknown>, loki: unknown = openLoki): () => FluentBit {
  return () => new FluentBit(Testing.chart(), 'logs', { loki, ...props } as FluentBitProps);
}

function problems(config: FluentBitConfig | Record<string, unknown>): { path: string; message: string }[] {
  const collector = new ProblemCollector();
  validateFluentBitConfig(config as FluentBitConfig, 'clusters[0].addons.fluentBit', collector);
  return [...collector.problems];
}

describe('validateFluentBitConfig', () => {
  it('accepts an empty section (every default) and a full production section', () => {
    expect(problems({})).toEqual([]);
    expect(problems({
      shards: 4, outputWorkers: 4, labels: ['namespace', 'pod', 'container', 'app', 'node', 'stream'], appLabelKey: 'app.kubernetes.io/name',
      staticLabels: { cluster: 'prod-1', env: 'production' }, tenantId: 'production', bufferLimitMiB: 4096, maxChunksUp: 128,
      logLevel: 'warn', resources: { cpuMillicores: 200, memoryMiB: 1024 }, prometheusScrape: true,
    })).toEqual([]);
  });

  it('reports every bad field, with its path, in one pass', () => {
    expect(problems({ shards: 0, labels: ['namespace', 'request_id'], bufferLimitMiB: 1 }).map((p) => p.path)).toEqual([
      'clusters[0].addons.fluentBit.shards',
      'clusters[0].addons.fluentBit.labels[1]',
      'clusters[0].addons.fluentBit.bufferLimitMiB',
    ]);
  });
});

describe('validateFluentBitTenant', () => {
  const check = (fluentBit: FluentBitConfig, authEnabled: boolean | undefined) => {
    const collector = new ProblemCollector();
    validateFluentBitTenant(fluentBit, { authEnabled }, 'clusters[0].addons.fluentBit', collector);
    return [...collector.problems];
  };

  it('accepts a tenant with auth on and none with auth off', () => {
    expect(check({ tenantId: 'platform' }, true)).toEqual([]);
    expect(check({}, undefined)).toEqual([]);
  });

  it('rejects a missing tenant when Loki has auth on', () => {
    expect(check({}, true)).toEqual([{ path: 'clusters[0].addons.fluentBit.tenantId', message: 'is required because addons.loki.authEnabled is true; set the tenant logs belong to.' }]);
  });

  it('rejects a tenant when Loki has auth off', () => {
    expect(check({ tenantId: 'platform' }, false)).toEqual([{
      path: 'clusters[0].addons.fluentBit.tenantId',
      message: "is set to 'platform' but addons.loki.authEnabled is false, so every log lands in tenant 'fake'; remove tenantId or enable auth on Loki.",
    }]);
  });
});

describe('FluentBit validation', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['0 shards', { shards: 0 }, "FluentBit 'logs': 'shards' must be a whole number from 1 to 36, got 0."],
    ['more shards than first characters', { shards: 37 }, "'shards' must be a whole number from 1 to 36, got 37."],
    ['0 output workers', { outputWorkers: 0 }, "'outputWorkers' must be a whole number from 1 to 16, got 0."],
    ['an empty label list', { labels: [] }, "'labels' must list at least one of namespace, pod, container, app, node, stream (Loki needs one label per stream), got []."],
    ['an unbounded label', { labels: ['namespace', 'trace_id'] }, "'labels[1]' must be one of namespace, pod, container, app, node, stream (bounded Kubernetes fields), got 'trace_id'; keep other fields in the log line."],
    ['a repeated label', { labels: ['pod', 'pod'] }, "'labels[1]' repeats 'pod'."],
    ['an invalid app label key', { appLabelKey: 'App Name' }, "'appLabelKey' must be a Kubernetes label key such as 'app' or 'app.kubernetes.io/name', got 'App Name'."],
    ['a static label with an invalid name', { staticLabels: { 'cluster-name': 'prod' } }, "'staticLabels.cluster-name' is not a Loki label name (letters, digits and '_', not starting with a digit or '__')."],
    ['a static label with a reserved name', { staticLabels: { __name__: 'x' } }, "'staticLabels.__name__' is not a Loki label name (letters, digits and '_', not starting with a digit or '__')."],
    ['a static label clashing with a set label', { staticLabels: { namespace: 'x' } }, "'staticLabels.namespace' clashes with the label 'namespace' fluent-bit already sets."],
    ['a static label named job', { staticLabels: { job: 'x' } }, "'staticLabels.job' clashes with the label 'job' fluent-bit already sets."],
    ['a static label value with a comma', { staticLabels: { cluster: 'a,b' } }, "'staticLabels.cluster' must be a non-empty value without ',' or '=' (fluent-bit's labels list syntax), got 'a,b'."],
    ['an empty static label value', { staticLabels: { cluster: '' } }, "'staticLabels.cluster' must be a non-empty value without ',' or '=' (fluent-bit's labels list syntax), got ''."],
    ['an invalid tenant id', { tenantId: 'a/b' }, "'tenantId' must be a Loki tenant id (1-150 letters, digits or !-_.*'(), not '.' or '..'), got 'a/b'."],
    ['the tenant id ..', { tenantId: '..' }, "'tenantId' must be a Loki tenant id (1-150 letters, digits or !-_.*'(), not '.' or '..'), got '..'."],
    ['a tiny buffer', { bufferLimitMiB: 10 }, "'bufferLimitMiB' must be a whole number from 64 to 1048576, got 10."],
    ['0 chunks up', { maxChunksUp: 0 }, "'maxChunksUp' must be a whole number from 1 to 4096, got 0."],
    ['an unknown log level', { logLevel: 'verbose' }, "'logLevel' must be one of 'off', 'error', 'warn', 'info', 'debug', 'trace', got 'verbose'."],
    ['a zero CPU request', { resources: { cpuMillicores: 0 } }, "'resources.cpuMillicores' must be a whole number from 1 to 256000, got 0."],
    ['a CPU limit below the default request (the API server refuses a request above its limit)', { resources: { cpuLimitMillicores: 50 } }, "'resources.cpuLimitMillicores' must be at least the default CPU request (100), got 50; set cpuMillicores too to request less."],
    ['too little memory for the chunks up', { maxChunksUp: 128, resources: { memoryMiB: 256 } }, "'resources.memoryMiB' must be at least 512 MiB for maxChunksUp 128 (chunks of up to 2 MB, twice over for records being processed), got 256; raise memoryMiB or lower maxChunksUp."],
    ['a non-boolean prometheusScrape', { prometheusScrape: 'yes' }, "'prometheusScrape' must be true or false, got 'yes'."],
    ['an invalid namespace', { namespace: 'Logging' }, "'namespace' must be a namespace name (DNS-1123 label), got 'Logging'."],
    ['a tenant for a Loki without auth', { tenantId: 'platform' }, "'tenantId' is set to 'platform' but Loki at http://loki.logging.svc.cluster.local:3100 has auth disabled, so every log lands in tenant 'fake'; remove tenantId or enable auth on Loki."],
  ])('rejects %s', (_what, props, message) => {
    expect(build(props)).toThrow(message);
  });

  it('rejects a missing tenant when the Loki construct has auth on, naming it', () => {
    const loki = new Loki(Testing.chart(), 'main', {
      bucketName: 'eksp-loki-main-111122223333-us-east-1', roleArn: 'arn:aws:iam::111122223333:role/main-loki', region: 'us-east-1', authEnabled: true,
    });
    expect(build({}, LokiEndpoint.fromLoki(loki))).toThrow("FluentBit 'logs': 'tenantId' is required because Loki 'main' has auth enabled; set the tenant logs belong to.");
  });

  it('rejects a destination that is not a LokiEndpoint', () => {
    expect(build({}, 'http://loki:3100')).toThrow("'loki' must be a LokiEndpoint (LokiEndpoint.fromLoki(loki) or LokiEndpoint.fromUrl(url)), got 'http://loki:3100'.");
  });
});
