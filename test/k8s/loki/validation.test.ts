import { Testing } from 'cdk8s';
import { validateLokiConfig, type LokiConfig } from '../../../lib/config/addons/loki';
import { ProblemCollector } from '../../../lib/config/problems';
import { Loki, type LokiProps } from '../../../lib/k8s/loki';

const aws = {
  bucketName: 'eksp-loki-main-111122223333-us-east-1',
  roleArn: 'arn:aws:iam::111122223333:role/main-loki',
  region: 'us-east-1',
};

function build(props: Partial<LokiProps> | Record<string, unknown>): () => Loki {
  return () => new Loki(Testing.chart(), 'logs', { ...aws, ...props } as LokiProps);
}

function problems(config: LokiConfig | Record<string, unknown>): { path: string; message: string }[] {
  const collector = new ProblemCollector();
  validateLokiConfig(config as LokiConfig, 'clusters[0].addons.loki', collector);
  return [...collector.problems];
}

describe('validateLokiConfig', () => {
  it('accepts an empty section (every default) and full sandbox and production sections', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ mode: 'single-binary', retentionDays: 7, volumeSizeGiB: 10 })).toEqual([]);
    expect(problems({
      mode: 'replicated', replicas: 3, authEnabled: true, retentionDays: 30, maxChunkAgeHours: 2, rejectOldSamplesMaxAgeHours: 168,
      ingestionRateMB: 32, ingestionBurstMB: 64, volumeSizeGiB: 50, storageClassName: 'gp3', resultsCacheMB: 512, chunkCacheMB: 1024,
      resources: { cpuMillicores: 1000, memoryMiB: 6144 }, schemaStartDate: '2026-01-01', logLevel: 'warn', prometheusScrape: true,
    })).toEqual([]);
  });

  it('reports every bad field, with its path, in one pass', () => {
    expect(problems({ mode: 'replicated', replicas: 1, retentionDays: 0, logLevel: 'loud' }).map((p) => p.path)).toEqual([
      'clusters[0].addons.loki.replicas',
      'clusters[0].addons.loki.retentionDays',
      'clusters[0].addons.loki.logLevel',
    ]);
  });

  it('words a problem as field rule, value received and fix', () => {
    expect(problems({ mode: 'replicated', replicas: 1 })).toEqual([{
      path: 'clusters[0].addons.loki.replicas',
      message: "must be at least 3 in mode 'replicated' (replication factor 3), got 1.",
    }]);
  });
});

describe('Loki validation', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown mode', { mode: 'distributed' }, "Loki 'logs': 'mode' must be one of 'single-binary', 'replicated', got 'distributed'."],
    ['a fractional replica count', { replicas: 1.5 }, "'replicas' must be a whole number, got 1.5."],
    ['more than one replica in single-binary', { replicas: 2 }, "'replicas' must be 1 in mode 'single-binary' (replication factor 1: more pods would each hold different unreplicated data), got 2; use mode 'replicated' for more."],
    ['fewer than 3 replicas in replicated', { mode: 'replicated', replicas: 2 }, "'replicas' must be at least 3 in mode 'replicated' (replication factor 3), got 2."],
    ['read replicas in single-binary', { readReplicas: 2 }, "'readReplicas' applies to mode 'replicated' only (the single-binary pod answers queries itself), got 2; remove it or set mode 'replicated'."],
    ['no read replicas in replicated', { mode: 'replicated', readReplicas: 0 }, "'readReplicas' must be a whole number from 1 to 20, got 0."],
    ['read resources in single-binary', { readResources: { memoryMiB: 4096 } }, "'readResources' applies to mode 'replicated' only (the single-binary pod uses resources), got {\"memoryMiB\":4096}; remove it or set mode 'replicated'."],
    ['compactor resources in single-binary', { compactorResources: { memoryMiB: 1024 } }, "'compactorResources' applies to mode 'replicated' only (the single-binary pod uses resources), got {\"memoryMiB\":1024}; remove it or set mode 'replicated'."],
    ['read pods too small for the caches', { mode: 'replicated', readResources: { memoryMiB: 1024 } }, "'readResources.memoryMiB' must be at least twice the caches (resultsCacheMB + chunkCacheMB = 768 MB) so ingesters and queries have room, got 1024; raise memoryMiB or shrink the caches."],
    ['a compactor CPU limit below the default request', { mode: 'replicated', compactorResources: { cpuLimitMillicores: 100 } }, "'compactorResources.cpuLimitMillicores' must be at least the default CPU request (500), got 100; set cpuMillicores too to request less."],
    ['a non-boolean authEnabled', { authEnabled: 'yes' }, "'authEnabled' must be true or false, got 'yes'."],
    ['a retention of 0 days', { retentionDays: 0 }, "'retentionDays' must be a whole number from 1 to 3650, got 0."],
    ['a max chunk age over a day', { maxChunkAgeHours: 25 }, "'maxChunkAgeHours' must be a whole number from 1 to 24, got 25."],
    ['a reject age that is not a number', { rejectOldSamplesMaxAgeHours: '1w' }, "'rejectOldSamplesMaxAgeHours' must be a whole number from 1 to 87600, got '1w'."],
    ['a reject age past the retention', { retentionDays: 7, rejectOldSamplesMaxAgeHours: 200 }, "'rejectOldSamplesMaxAgeHours' must not exceed the retention (7 days = 168 hours), got 200: Loki would accept lines the compactor deletes at once."],
    ['a reject age below the max chunk age', { maxChunkAgeHours: 4, rejectOldSamplesMaxAgeHours: 3 }, "'rejectOldSamplesMaxAgeHours' must be at least maxChunkAgeHours (4), got 3."],
    ['a zero ingestion rate', { ingestionRateMB: 0 }, "'ingestionRateMB' must be a number from 0.1 to 1024, got 0."],
    ['a non-numeric burst', { ingestionBurstMB: 'big' }, "'ingestionBurstMB' must be a number from 0.1 to 4096, got 'big'."],
    ['a burst below the rate', { ingestionRateMB: 20, ingestionBurstMB: 10 }, "'ingestionBurstMB' must be at least ingestionRateMB (20), got 10."],
    ['a volume of 0 GiB', { volumeSizeGiB: 0 }, "'volumeSizeGiB' must be a whole number from 1 to 16384, got 0."],
    ['an invalid StorageClass name', { storageClassName: 'GP3' }, "'storageClassName' must be a StorageClass name (lower-case DNS-1123 subdomain), got 'GP3'."],
    ['a negative results cache', { resultsCacheMB: -1 }, "'resultsCacheMB' must be a whole number from 0 to 65536, got -1."],
    ['a fractional chunk cache', { chunkCacheMB: 0.5 }, "'chunkCacheMB' must be a whole number from 0 to 65536, got 0.5."],
    ['caches larger than half the memory', { resultsCacheMB: 512, chunkCacheMB: 1024, resources: { memoryMiB: 2048 } }, "'resources.memoryMiB' must be at least twice the caches (resultsCacheMB + chunkCacheMB = 1536 MB) so ingesters and queries have room, got 2048; raise memoryMiB or shrink the caches."],
    ['a zero CPU request', { resources: { cpuMillicores: 0 } }, "'resources.cpuMillicores' must be a whole number from 1 to 256000, got 0."],
    ['a memory size in GiB by mistake', { resources: { memoryMiB: 4.5 } }, "'resources.memoryMiB' must be a whole number from 16 to 1048576, got 4.5."],
    ['a zero CPU limit', { resources: { cpuLimitMillicores: 0 } }, "'resources.cpuLimitMillicores' must be a whole number from 1 to 256000, got 0."],
    ['a CPU limit below the request', { resources: { cpuMillicores: 1000, cpuLimitMillicores: 500 } }, "'resources.cpuLimitMillicores' must be at least cpuMillicores (1000), got 500."],
    ['a CPU limit below the default request (the API server refuses a request above its limit)', { resources: { cpuLimitMillicores: 200 } }, "'resources.cpuLimitMillicores' must be at least the default CPU request (500), got 200; set cpuMillicores too to request less."],
    ['a schema date in another format', { schemaStartDate: '01/01/2024' }, "'schemaStartDate' must be a date 'YYYY-MM-DD', got '01/01/2024'."],
    ['a schema date that does not exist', { schemaStartDate: '2024-02-30' }, "'schemaStartDate' must be a date 'YYYY-MM-DD', got '2024-02-30'."],
    ['an unknown log level', { logLevel: 'verbose' }, "'logLevel' must be one of 'debug', 'info', 'warn', 'error', got 'verbose'."],
    ['a non-boolean prometheusScrape', { prometheusScrape: 1 }, "'prometheusScrape' must be true or false, got 1."],
    ['an invalid bucket name', { bucketName: 'Loki_Bucket' }, "'bucketName' must be an S3 bucket name (3-63 lower-case letters, digits, '.' or '-'), got 'Loki_Bucket'."],
    ['a user ARN instead of a role', { roleArn: 'arn:aws:iam::111122223333:user/loki' }, "'roleArn' must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got 'arn:aws:iam::111122223333:user/loki'."],
    ['an unknown region', { region: 'us-east-9' }, "'region' must be an AWS region where EKS runs, like 'us-east-1', got 'us-east-9'."],
    ['a KMS key id instead of an ARN', { kmsKeyArn: '0f8e2a1c-1111-2222-3333-444455556666' }, "'kmsKeyArn' must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>), got '0f8e2a1c-1111-2222-3333-444455556666'."],
    ['an invalid namespace', { namespace: 'Logging' }, "'namespace' must be a namespace name (DNS-1123 label), got 'Logging'."],
  ])('rejects %s', (_what, props, message) => {
    expect(build(props)).toThrow(message);
  });

  it('throws one error naming every problem, one per line', () => {
    expect(build({ replicas: 2, region: 'mars-1' })).toThrow(
      "Loki 'logs': 'replicas' must be 1 in mode 'single-binary' (replication factor 1: more pods would each hold different unreplicated data), got 2; use mode 'replicated' for more.\n"
      + "Loki 'logs': 'region' must be an AWS region where EKS runs, like 'us-east-1', got 'mars-1'.",
    );
  });

  it('accepts a KMS alias ARN', () => {
    expect(build({ kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/eks-platform/loki' })).not.toThrow();
  });
});
