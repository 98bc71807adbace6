import { k8s } from 'cdk8s-plus-27';
import { ProblemCollector } from '../../lib/config/problems';
import {
  checkBucketName, checkNamespace, nonRootPodSecurityContext, resourceRequirements, throwIfProblems, validateAwsIdentityProps,
  volumeClaimTemplate,
} from '../../lib/k8s/common';

function collect(check: (problems: ProblemCollector) => void): string[] {
  const problems = new ProblemCollector();
  check(problems);
  return problems.problems.map((p) => `${p.path}: ${p.message}`);
}

const q = (text: string) => k8s.Quantity.fromString(text);

describe('resourceRequirements', () => {
  it('requests CPU and memory and limits memory to the request, with no CPU limit unless set', () => {
    expect(resourceRequirements({ cpuMillicores: 250, memoryMiB: 512 })).toEqual({
      requests: { cpu: q('250m'), memory: q('512Mi') }, limits: { memory: q('512Mi') },
    });
    expect(resourceRequirements({ cpuMillicores: 250, memoryMiB: 512, cpuLimitMillicores: 1000 })).toEqual({
      requests: { cpu: q('250m'), memory: q('512Mi') }, limits: { memory: q('512Mi'), cpu: q('1000m') },
    });
  });
});

describe('nonRootPodSecurityContext', () => {
  it('runs as the uid and gid, makes volumes that group, and applies the default seccomp profile', () => {
    expect(nonRootPodSecurityContext(10001)).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001,
      fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});

describe('volumeClaimTemplate', () => {
  it('claims a ReadWriteOnce volume of the size, from the default StorageClass unless one is named', () => {
    const selector = { 'app.kubernetes.io/name': 'x' };
    expect(volumeClaimTemplate('data', selector, 20)).toEqual({
      metadata: { name: 'data', labels: selector },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: q('20Gi') } } },
    });
    expect(volumeClaimTemplate('data', selector, 20, 'gp3').spec).toMatchObject({ storageClassName: 'gp3' });
  });
});

describe('validateAwsIdentityProps', () => {
  const valid = { roleArn: 'arn:aws:iam::111122223333:role/main-loki', region: 'us-east-1' };

  it('accepts a role ARN, an EKS region and no or a valid namespace', () => {
    expect(collect((p) => validateAwsIdentityProps(valid, p))).toEqual([]);
    expect(collect((p) => validateAwsIdentityProps({ ...valid, namespace: 'observability' }, p))).toEqual([]);
  });

  it('rejects a user ARN, an unknown region and a bad namespace, each by its bare field name', () => {
    expect(collect((p) => validateAwsIdentityProps({ roleArn: 'arn:aws:iam::111122223333:user/loki', region: 'eu-north-9', namespace: 'Logging' }, p))).toEqual([
      "roleArn: must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got 'arn:aws:iam::111122223333:user/loki'.",
      "region: must be an AWS region where EKS runs, like 'us-east-1', got 'eu-north-9'.",
      "namespace: must be a namespace name (DNS-1123 label), got 'Logging'.",
    ]);
  });
});

describe('checkNamespace and checkBucketName', () => {
  it('reject a namespace longer than a DNS label and a non-string one', () => {
    expect(collect((p) => checkNamespace('a'.repeat(64), p))).toHaveLength(1);
    expect(collect((p) => checkNamespace(7, p))).toEqual(['namespace: must be a namespace name (DNS-1123 label), got 7.']);
    expect(collect((p) => checkNamespace(undefined, p))).toEqual([]);
  });

  it('reject a bucket name S3 would refuse, under the field given', () => {
    expect(collect((p) => checkBucketName('eksp-log-archive-111122223333-us-east-1', 'archiveBucket', p))).toEqual([]);
    expect(collect((p) => checkBucketName('ab', 'archiveBucket', p))).toEqual([
      "archiveBucket: must be an S3 bucket name (3-63 lower-case letters, digits, '.' or '-'), got 'ab'.",
    ]);
  });
});

describe('throwIfProblems', () => {
  it('does nothing without problems', () => {
    expect(() => throwIfProblems('Loki', 'logs', new ProblemCollector())).not.toThrow();
  });

  it('throws one line per problem, naming the construct and the field with or without a leading dot', () => {
    const problems = new ProblemCollector();
    problems.add('.replicas', 'must be 1, got 2.');
    problems.add('region', "must be a region, got 'x'.");
    expect(() => throwIfProblems('Loki', 'logs', problems)).toThrow("Loki 'logs': 'replicas' must be 1, got 2.\nLoki 'logs': 'region' must be a region, got 'x'.");
  });
});
