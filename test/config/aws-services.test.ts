import {
  resolveAccountServices, resolveEksAddons, validateAccount, type AccountConfig, type ClusterConfig,
} from '../../lib/config';
import {
  CLUSTER_AUTOSCALER_IMAGE_TAGS, clusterAutoscalerImage,
} from '../../lib/config/addons/cluster-autoscaler';
import { EKS_ADDON_VERSIONS } from '../../lib/config/aws-services';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../lib/config/constants';
import { validAccount, type Draft } from '../support/fixtures';

/** The problems of `account` rendered as `path: message` lines. */
function problems(account: Draft<AccountConfig>): string[] {
  return validateAccount(account as AccountConfig).map((p) => `${p.path}: ${p.message}`);
}

/** Expect exactly one problem: `path: message`. */
function expectOnly(account: Draft<AccountConfig>, line: string): void {
  expect(problems(account)).toEqual([line]);
}

describe('resolveAccountServices', () => {
  it('defaults to Glacier after 90 days, six-year retention, and the admins as sops users', () => {
    expect(resolveAccountServices(validAccount() as AccountConfig)).toEqual({
      sops: { userArns: ['arn:aws:iam::111122223333:role/platform-admin'], ciRoleArn: undefined, deletionWindowDays: 30 },
      logArchive: { glacierAfterDays: 90, storageClass: 'GLACIER', expireAfterDays: 2190, noncurrentVersionExpireAfterDays: 30 },
      lokiBucket: { noncurrentVersionExpireAfterDays: 7, safetyNetExpireAfterDays: undefined },
    });
  });

  it('collects admins of every cluster once', () => {
    const a = validAccount();
    const second = structuredClone(a.clusters[0]);
    second.name = 'second';
    second.identities = [
      { arn: 'arn:aws:iam::111122223333:role/platform-admin', access: { kind: 'admin' } },
      { arn: 'arn:aws:iam::111122223333:user/alice', access: { kind: 'admin' } },
    ];
    a.clusters.push(second);
    expect(resolveAccountServices(a as AccountConfig).sops.userArns).toEqual([
      'arn:aws:iam::111122223333:role/platform-admin', 'arn:aws:iam::111122223333:user/alice',
    ]);
  });

  it('takes explicit sops users instead of the admins', () => {
    const a = validAccount();
    a.services = { sops: { userArns: ['arn:aws:iam::111122223333:role/secrets-editor'] } };
    expect(resolveAccountServices(a as AccountConfig).sops.userArns).toEqual(['arn:aws:iam::111122223333:role/secrets-editor']);
  });
});

describe('validateAccountServices', () => {
  it('rejects a glacier transition at or after expiry', () => {
    const a = validAccount();
    a.services = { logArchive: { glacierAfterDays: 400, expireAfterDays: 365 } };
    expectOnly(a, 'services.logArchive.glacierAfterDays: must be less than expireAfterDays (365), got 400.');
  });

  it('rejects a glacier transition after the default six-year expiry', () => {
    const a = validAccount();
    a.services = { logArchive: { glacierAfterDays: 3000 } };
    expectOnly(a, 'services.logArchive.glacierAfterDays: must be less than expireAfterDays (2190), got 3000.');
  });

  it('rejects days that are not whole and positive', () => {
    const a = validAccount();
    a.services = { logArchive: { expireAfterDays: 0, noncurrentVersionExpireAfterDays: 1.5 }, lokiBucket: { noncurrentVersionExpireAfterDays: -1 } };
    expect(problems(a)).toEqual([
      'services.logArchive.expireAfterDays: must be a whole number of days of at least 1, got 0.',
      'services.logArchive.noncurrentVersionExpireAfterDays: must be a whole number of days of at least 1, got 1.5.',
      'services.lokiBucket.noncurrentVersionExpireAfterDays: must be a whole number of days of at least 1, got -1.',
    ]);
  });

  it('rejects an unknown archive storage class', () => {
    const a = validAccount();
    a.services = { logArchive: { storageClass: 'STANDARD_IA' as any } };
    expectOnly(a, "services.logArchive.storageClass: must be 'GLACIER' or 'DEEP_ARCHIVE', got 'STANDARD_IA'.");
  });

  it('rejects a Loki safety net that would delete logs inside the retention', () => {
    const a = validAccount();
    a.clusters[0].addons = { loki: { retentionDays: 30 } };
    a.services = { lokiBucket: { safetyNetExpireAfterDays: 30 } };
    expectOnly(a, 'services.lokiBucket.safetyNetExpireAfterDays: must be greater than the Loki retention of clusters[0] (30 days), got 30; S3 would delete logs Loki still serves.');
    a.services = { lokiBucket: { safetyNetExpireAfterDays: 31 } };
    expect(problems(a)).toEqual([]);
  });

  it('rejects sops principals that are not IAM role or user ARNs', () => {
    const a = validAccount();
    a.services = { sops: { userArns: ['arn:aws:sts::111122223333:assumed-role/admin/me'], ciRoleArn: 'ci' } };
    expect(problems(a)).toEqual([
      "services.sops.userArns[0]: must be an IAM role or user ARN like 'arn:aws:iam::111122223333:role/platform-admin', got 'arn:aws:sts::111122223333:assumed-role/admin/me'.",
      "services.sops.ciRoleArn: must be an IAM role or user ARN like 'arn:aws:iam::111122223333:role/platform-admin', got 'ci'.",
    ]);
  });

  it('rejects a CI principal that is a user', () => {
    const a = validAccount();
    a.services = { sops: { ciRoleArn: 'arn:aws:iam::111122223333:user/jenkins' } };
    expectOnly(a, "services.sops.ciRoleArn: must be an IAM role (CI assumes it), got the user 'arn:aws:iam::111122223333:user/jenkins'.");
  });

  it('rejects a deletion window outside the KMS limits', () => {
    const a = validAccount();
    a.services = { sops: { deletionWindowDays: 3 } };
    expectOnly(a, 'services.sops.deletionWindowDays: must be a whole number of days between 7 and 30 (the KMS limits), got 3.');
  });

  it('rejects a sops key nobody could use', () => {
    const a = validAccount();
    a.clusters[0].identities = a.clusters[0].identities!.filter((m) => m.access.kind !== 'admin');
    expect(problems(a)).toEqual([
      "services.sops: no principal could use the sops key: no cluster maps an identity with access kind 'admin', and neither userArns nor ciRoleArn is set. List who edits secrets in userArns.",
    ]);
  });
});

describe('EKS add-ons', () => {
  it('pins all four add-ons for the default Kubernetes version, with network policy on', () => {
    expect(resolveEksAddons(validAccount().clusters[0] as ClusterConfig)).toEqual([
      { key: 'vpcCni', addonName: 'vpc-cni', version: 'v1.22.3-eksbuild.1', configurationValues: '{"enableNetworkPolicy":"true"}' },
      { key: 'coredns', addonName: 'coredns', version: 'v1.14.2-eksbuild.4' },
      { key: 'kubeProxy', addonName: 'kube-proxy', version: 'v1.35.3-eksbuild.13' },
      { key: 'ebsCsiDriver', addonName: 'aws-ebs-csi-driver', version: 'v1.66.0-eksbuild.1', configurationValues: '{"node":{"volumeAttachLimit":24}}' },
    ]);
  });

  it('has a kube-proxy build of the matching minor for every supported version', () => {
    for (const v of SUPPORTED_KUBERNETES_VERSIONS) {
      expect(EKS_ADDON_VERSIONS[v].kubeProxy).toMatch(new RegExp(`^v${v.replace('.', '\\.')}\\.\\d+-eksbuild\\.\\d+$`));
    }
  });

  it('takes pinned versions and can turn network policy off', () => {
    const c = validAccount().clusters[0];
    c.eksAddons = { vpcCni: { version: 'v1.21.1-eksbuild.8', networkPolicy: false } };
    expect(resolveEksAddons(c as ClusterConfig)[0]).toEqual({ key: 'vpcCni', addonName: 'vpc-cni', version: 'v1.21.1-eksbuild.8' });
  });

  it('rejects a malformed version', () => {
    const a = validAccount();
    a.clusters[0].eksAddons = { coredns: { version: '1.13.2' } };
    expectOnly(a, "clusters[0].eksAddons.coredns.version: must be an EKS add-on version like 'v1.22.3-eksbuild.1', got '1.13.2'.");
  });

  it('rejects a kube-proxy of another minor', () => {
    const a = validAccount();
    a.clusters[0].eksAddons = { kubeProxy: { version: 'v1.32.13-eksbuild.16' } };
    expectOnly(a, "clusters[0].eksAddons.kubeProxy.version: must be a kube-proxy build of the cluster's Kubernetes version '1.35' (v1.35.x-eksbuild.N), got 'v1.32.13-eksbuild.16'.");
  });

  it('requires a pin where no default is known, and throws when resolving without one', () => {
    const a = validAccount();
    a.clusters[0].version = '1.36';
    expectOnly(a, "clusters[0].eksAddons.coredns.version: has no default for Kubernetes '1.36'; pin the coredns version (aws eks describe-addon-versions --addon-name coredns --kubernetes-version 1.36).");
    expect(() => resolveEksAddons(a.clusters[0] as ClusterConfig)).toThrow("Cluster 'platform-test': eksAddons.coredns.version has no default for Kubernetes 1.36");
    a.clusters[0].eksAddons = { coredns: { version: 'v1.14.2-eksbuild.4' } };
    expect(problems(a)).toEqual([]);
  });

  it('rejects a network policy switch that is not a boolean', () => {
    const a = validAccount();
    a.clusters[0].eksAddons = { vpcCni: { networkPolicy: 'yes' as any } };
    expectOnly(a, "clusters[0].eksAddons.vpcCni.networkPolicy: must be true or false, got 'yes'.");
  });
});

describe('cluster autoscaler config', () => {
  it('pins an image for every supported Kubernetes version, of the same minor', () => {
    for (const v of SUPPORTED_KUBERNETES_VERSIONS) {
      expect(clusterAutoscalerImage(v)).toBe(`registry.k8s.io/autoscaling/cluster-autoscaler:${CLUSTER_AUTOSCALER_IMAGE_TAGS[v]}`);
      expect(CLUSTER_AUTOSCALER_IMAGE_TAGS[v]).toMatch(new RegExp(`^v${v.replace('.', '\\.')}\\.\\d+$`));
    }
  });

  it('throws for an image tag of another minor, a malformed tag, or an unpinned version', () => {
    expect(() => clusterAutoscalerImage('1.33', 'v1.32.5')).toThrow("ClusterAutoscaler: 'imageTag' v1.32.5 is for Kubernetes 1.32, but the cluster runs 1.33");
    expect(() => clusterAutoscalerImage('1.33', 'latest')).toThrow("ClusterAutoscaler: 'imageTag' must look like 'v1.33.5', got 'latest'.");
    expect(() => clusterAutoscalerImage('1.20')).toThrow('ClusterAutoscaler: no image tag is pinned for Kubernetes 1.20');
  });

  it('rejects bad fields with their path', () => {
    const a = validAccount();
    a.clusters[0].addons = {
      clusterAutoscaler: { imageTag: 'v2', replicas: 0, expander: 'priority' as any, scaleDownUnneededMinutes: 0.5, cpuMillicores: 1, memoryMiB: 10 },
    };
    const path = 'clusters[0].addons.clusterAutoscaler';
    expect(problems(a)).toEqual([
      `${path}.imageTag: must be a cluster-autoscaler release tag like 'v1.33.5', got 'v2'.`,
      `${path}.replicas: must be a whole number of at least 1, got 0.`,
      `${path}.expander: must be one of least-waste, random, most-pods, got 'priority'.`,
      `${path}.scaleDownUnneededMinutes: must be a whole number of minutes of at least 1, got 0.5.`,
      `${path}.cpuMillicores: must be a whole number of millicores of at least 10, got 1.`,
      `${path}.memoryMiB: must be a whole number of MiB of at least 64, got 10.`,
    ]);
  });
});
