import { Testing } from 'cdk8s';
import { ProblemCollector } from '../../../lib/config/problems';
import { validateSyslogNgConfig, type SyslogNgConfig } from '../../../lib/config/addons/syslog-ng';
import { SyslogNg, type SyslogNgProps } from '../../../lib/k8s/syslog-ng';

const BASE: SyslogNgProps = {
  clusterName: 'main',
  archiveBucket: 'eksp-log-archive-123456789012-us-east-1',
  roleArn: 'arn:aws:iam::123456789012:role/main-syslog-archiver',
  region: 'us-east-1',
};

function build(props: Partial<SyslogNgProps>): () => void {
  return () => new SyslogNg(Testing.chart(), 'syslog', { ...BASE, ...props } as SyslogNgProps);
}

function problems(config: SyslogNgConfig, path = 'clusters[0].addons.syslogNg') {
  const collector = new ProblemCollector();
  validateSyslogNgConfig(config, path, collector);
  return collector.problems;
}

describe('validateSyslogNgConfig', () => {
  it('accepts an empty section (every default)', () => {
    expect(problems({})).toEqual([]);
  });

  it('accepts a full section', () => {
    expect(problems({
      volumeSizeGiB: 500, storageClassName: 'gp3-encrypted', maxConnections: 5000, archiveIntervalMinutes: 60,
      loadBalancer: { sourceRanges: ['10.0.0.0/8'] },
      resources: { cpuMillicores: 500, memoryMiB: 1024, cpuLimitMillicores: 1000 },
      archiverResources: { cpuMillicores: 200, memoryMiB: 512 },
    })).toEqual([]);
  });

  it('reports every bad field at once, under the section path', () => {
    expect(problems({ volumeSizeGiB: 0, maxConnections: 5 })).toEqual([
      { path: 'clusters[0].addons.syslogNg.volumeSizeGiB', message: 'must be a whole number from 1 to 16384 (EBS volumes are 1 GiB to 16 TiB), got 0.' },
      { path: 'clusters[0].addons.syslogNg.maxConnections', message: 'must be a whole number from 10 to 100000, got 5.' },
    ]);
  });
});

describe('SyslogNg validation', () => {
  it('rejects a volume size out of range', () => {
    expect(build({ volumeSizeGiB: 20000 })).toThrow("SyslogNg 'syslog': 'volumeSizeGiB' must be a whole number from 1 to 16384 (EBS volumes are 1 GiB to 16 TiB), got 20000.");
  });

  it('rejects a volume size that is not a whole number', () => {
    expect(build({ volumeSizeGiB: 1.5 })).toThrow("'volumeSizeGiB' must be a whole number from 1 to 16384 (EBS volumes are 1 GiB to 16 TiB), got 1.5.");
  });

  it('rejects a StorageClass name that is not a DNS subdomain', () => {
    expect(build({ storageClassName: 'GP3_Encrypted' })).toThrow("'storageClassName' must be a StorageClass name (lower-case DNS subdomain, e.g. 'gp3-encrypted'), got 'GP3_Encrypted'");
  });

  it('rejects too few or too many connections', () => {
    expect(build({ maxConnections: 5 })).toThrow("SyslogNg 'syslog': 'maxConnections' must be a whole number from 10 to 100000, got 5.");
    expect(build({ maxConnections: 100001 })).toThrow("'maxConnections' must be a whole number from 10 to 100000, got 100001.");
  });

  it('rejects an archive interval out of range', () => {
    expect(build({ archiveIntervalMinutes: 0 })).toThrow("'archiveIntervalMinutes' must be a whole number from 1 to 1440 (at most one day), got 0.");
  });

  it('rejects a load balancer without source ranges', () => {
    expect(build({ loadBalancer: { sourceRanges: [] } })).toThrow("'loadBalancer.sourceRanges' must list at least one IPv4 CIDR allowed to send logs, got []; leave loadBalancer out");
  });

  it('rejects a source range that is not a canonical IPv4 CIDR', () => {
    expect(build({ loadBalancer: { sourceRanges: ['10.0.0.1/8'] } })).toThrow("'loadBalancer.sourceRanges[0]' must be an IPv4 CIDR on its network boundary, like '10.20.0.0/16', got '10.0.0.1/8'.");
  });

  it('rejects a source range open to every address', () => {
    expect(build({ loadBalancer: { sourceRanges: ['10.0.0.0/8', '0.0.0.0/0'] } })).toThrow("'loadBalancer.sourceRanges[1]' must not admit every address, got '0.0.0.0/0'; name the networks that send logs.");
  });

  it('rejects bad container resources (shared rules)', () => {
    expect(build({ resources: { memoryMiB: 8 } })).toThrow("'resources.memoryMiB' must be a whole number from 16 to 1048576, got 8.");
    expect(build({ archiverResources: { cpuMillicores: 500, cpuLimitMillicores: 100 } })).toThrow("'archiverResources.cpuLimitMillicores' must be at least cpuMillicores (500), got 100.");
  });

  it('rejects a CPU limit below the default request when no request is given', () => {
    expect(build({ resources: { cpuLimitMillicores: 100 } })).toThrow("'resources.cpuLimitMillicores' must be at least the default CPU request (250), got 100; set cpuMillicores too to request less.");
  });

  it('rejects a cluster name EKS would refuse', () => {
    expect(build({ clusterName: 'bad name' })).toThrow("SyslogNg 'syslog': 'clusterName' must be an EKS cluster name (1-100 letters, digits, '-' or '_'), got 'bad name'.");
  });

  it('rejects a bucket name S3 would refuse', () => {
    expect(build({ archiveBucket: 'Logs_Bucket' })).toThrow("'archiveBucket' must be an S3 bucket name (3-63 lower-case letters, digits, '.' or '-'), got 'Logs_Bucket'.");
  });

  it('rejects a role ARN that is not an IAM role', () => {
    expect(build({ roleArn: 'arn:aws:iam::123456789012:user/alice' })).toThrow("'roleArn' must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got 'arn:aws:iam::123456789012:user/alice'.");
  });

  it('rejects an unknown region', () => {
    expect(build({ region: 'us-east-9' })).toThrow("'region' must be an AWS region where EKS runs, like 'us-east-1', got 'us-east-9'.");
  });

  it('rejects a KMS key that is not a key ARN, aliases included', () => {
    expect(build({ kmsKeyArn: 'alias/logs' })).toThrow("'kmsKeyArn' must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>; not an alias, which the bucket policy refuses), got 'alias/logs'.");
    expect(build({ kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/logs' })).toThrow("'kmsKeyArn' must be a KMS key ARN");
  });

  it('rejects a namespace that is not a DNS label', () => {
    expect(build({ namespace: 'Logging' })).toThrow("'namespace' must be a namespace name (DNS-1123 label), got 'Logging'.");
  });

  it('lists every problem, one per line', () => {
    expect(build({ maxConnections: 1, region: 'mars-1' })).toThrow(
      "SyslogNg 'syslog': 'maxConnections' must be a whole number from 10 to 100000, got 1.\n"
      + "SyslogNg 'syslog': 'region' must be an AWS region where EKS runs, like 'us-east-1', got 'mars-1'.");
  });
});
