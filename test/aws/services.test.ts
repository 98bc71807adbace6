/**
 * AccountServices and ClusterServices under mocked Pulumi: KMS keys, buckets, IRSA roles and
 * EKS add-ons, asserted on the inputs each resource was registered with.
 */
import type { AccountConfig, ClusterConfig } from '../../lib/config';
import { EKS_ADDON_VERSIONS } from '../../lib/config/aws-services';
import {
  logArchiveBucketName, lokiBucketName, SERVICE_IDENTITIES, serviceRoleArn, serviceRoleName, sopsKeyAlias,
  type ServiceIdentityName,
} from '../../lib/names';
import { ACCOUNTS } from '../../stacks/accounts';
import { validAccount, type Draft } from '../support/fixtures';
import { installMocks, outputValue } from '../support/pulumi-mocks';

/** The account of an ARN-bearing input: the OIDC provider of a trust policy, the root of a key policy. */
function accountOf(inputs: Record<string, any>): string {
  const text = `${inputs.assumeRolePolicy ?? ''}${inputs.policy ?? ''}`;
  return /arn:aws:iam::(\d{12}):/.exec(text)?.[1] ?? '000000000000';
}

const mocks = installMocks({
  outputs: {
    'aws:iam/role:Role': (r) => ({ arn: `arn:aws:iam::${accountOf(r.inputs)}:role/${r.inputs.name}` }),
    'aws:kms/key:Key': (r) => ({ keyId: `key-${r.name}`, arn: `arn:aws:kms:us-east-1:${accountOf(r.inputs)}:key/${r.name}` }),
  },
});
const recorded = mocks.resources;
const settle = () => mocks.settle();
const value = outputValue;

let services: typeof import('../../lib/aws/services');
let policies: typeof import('../../lib/aws/service-roles/policies');

beforeAll(async () => {
  services = await import('../../lib/aws/services');
  policies = await import('../../lib/aws/service-roles/policies');
});

type Recorded = (typeof recorded)[number];

/** Recorded resources of `type` whose name starts with `prefix`. */
function find(type: string, prefix: string): Recorded[] {
  return recorded.filter((r) => r.type === type && r.name.startsWith(prefix));
}

function one(type: string, name: string): Recorded {
  const matches = recorded.filter((r) => r.type === type && r.name === name);
  if (matches.length !== 1) throw new Error(`expected one ${type} '${name}', found ${matches.length}: ${recorded.filter((r) => r.type === type).map((r) => r.name).join(', ')}`);
  return matches[0];
}

function statements(policy: string): any[] {
  return JSON.parse(policy).Statement;
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** An account whose first cluster runs every add-on that has an IRSA role. */
function fullAccount(base: AccountConfig = validAccount() as AccountConfig): Draft<AccountConfig> {
  const account = structuredClone(base) as Draft<AccountConfig>;
  account.clusters.forEach((c) => {
    c.addons = { ...c.addons, loki: {}, syslogNg: {}, clusterAutoscaler: {} } as any;
  });
  return account;
}

const OIDC_URL = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const oidcArn = (accountId: string) => `arn:aws:iam::${accountId}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`;

async function build(name: string, account: AccountConfig, cluster: ClusterConfig = account.clusters[0]) {
  const accountServices = new services.AccountServices(`${name}-acct`, { account });
  const clusterServices = new services.ClusterServices(`${name}-cl`, {
    account, cluster, accountServices, clusterName: cluster.name, oidcProviderArn: oidcArn(account.accountId), oidcProviderUrl: OIDC_URL,
  });
  await settle();
  return { accountServices, clusterServices };
}

describe('AccountServices', () => {
  it('creates a rotated sops key whose policy lets only the admins and the CI role use it', async () => {
    const account = validAccount();
    account.services = { sops: { ciRoleArn: 'arn:aws:iam::111122223333:role/ci-deployer' } };
    await build('sops', account as AccountConfig);
    const key = one('aws:kms/key:Key', 'sops-acct-sops-key');
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    expect(one('aws:kms/alias:Alias', 'sops-acct-sops-alias').inputs.name).toBe(sopsKeyAlias('test'));
    const [admin, use] = statements(key.inputs.policy);
    expect(admin.Principal).toEqual({ AWS: 'arn:aws:iam::111122223333:root' });
    expect(admin.Action).not.toContain('kms:Decrypt');
    expect(admin.Action).not.toContain('kms:*');
    expect(admin.Action.filter((a: string) => /^kms:(Create\*|CreateGrant|Encrypt|ReEncrypt|GenerateDataKey)/.test(a))).toEqual([]);
    expect(use.Principal).toEqual({ AWS: ['arn:aws:iam::111122223333:role/platform-admin', 'arn:aws:iam::111122223333:role/ci-deployer'] });
    expect(use.Action).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey']);
    expect(statements(key.inputs.policy)).toHaveLength(2);
  });

  it('makes the log-archive bucket private, TLS-only, SSE-KMS with its own key, versioned and owner-enforced', async () => {
    const { accountServices } = await build('arch', validAccount() as AccountConfig);
    const name = logArchiveBucketName('111122223333', 'us-east-1');
    const keyArn = await value(accountServices.logArchiveKey.arn);
    expect(one('aws:s3/bucket:Bucket', 'arch-acct-log-archive-bucket').inputs).toMatchObject({ bucket: name, forceDestroy: false });
    expect(one('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'arch-acct-log-archive-public-access-block').inputs).toMatchObject({
      blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    expect(one('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'arch-acct-log-archive-encryption').inputs.rules)
      .toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }]);
    expect(one('aws:s3/bucketVersioning:BucketVersioning', 'arch-acct-log-archive-versioning').inputs.versioningConfiguration).toEqual({ status: 'Enabled' });
    expect(one('aws:s3/bucketOwnershipControls:BucketOwnershipControls', 'arch-acct-log-archive-ownership').inputs.rule).toEqual({ objectOwnership: 'BucketOwnerEnforced' });
    const deny = statements(one('aws:s3/bucketPolicy:BucketPolicy', 'arch-acct-log-archive-policy').inputs.policy)[0];
    expect(deny).toEqual({
      Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*',
      Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('archives to Glacier after 90 days and keeps six years by default', async () => {
    await build('life', validAccount() as AccountConfig);
    expect(one('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', 'life-acct-log-archive-lifecycle').inputs.rules).toEqual([{
      id: 'archive-then-expire',
      status: 'Enabled',
      filter: {},
      transitions: [{ days: 90, storageClass: 'GLACIER' }],
      expiration: { days: 2190 },
      noncurrentVersionExpiration: { noncurrentDays: 30 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    }]);
  });

  it('protects the data bucket and its key from deletion', async () => {
    const { accountServices } = await build('prot', validAccount() as AccountConfig);
    expect((accountServices.logArchive.bucket as any).__protect).toBe(true);
    expect((accountServices.logArchiveKey.key as any).__protect).toBe(true);
  });
});

describe('ClusterServices', () => {
  it('creates only the EBS CSI role when no add-on is configured', async () => {
    const { clusterServices } = await build('bare', validAccount() as AccountConfig);
    expect(Object.keys(clusterServices.roles)).toEqual(['ebs-csi-driver']);
    expect(find('aws:s3/bucket:Bucket', 'bare-cl')).toHaveLength(0);
  });

  it('binds every role to exactly its service account through the cluster OIDC provider', async () => {
    await build('trust', fullAccount() as AccountConfig);
    const roles = find('aws:iam/role:Role', 'trust-cl');
    expect(roles.map((r) => r.inputs.name).sort()).toEqual(
      (['loki', 'syslog-archiver', 'ebs-csi-driver', 'cluster-autoscaler'] as ServiceIdentityName[]).map((a) => serviceRoleName('platform-test', a)).sort(),
    );
    for (const role of roles) {
      const addon = (Object.keys(SERVICE_IDENTITIES) as ServiceIdentityName[]).find((a) => serviceRoleName('platform-test', a) === role.inputs.name)!;
      const { namespace, serviceAccount } = SERVICE_IDENTITIES[addon];
      expect(statements(role.inputs.assumeRolePolicy)).toEqual([{
        Effect: 'Allow',
        Principal: { Federated: oidcArn('111122223333') },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': `system:serviceaccount:${namespace}:${serviceAccount}`,
            'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud': 'sts.amazonaws.com',
          },
        },
      }]);
    }
  });

  it('grants Resource * only for the autoscaler Describe calls', async () => {
    const account = fullAccount();
    account.clusters[0].storage = { kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/ebs' };
    await build('star', account as AccountConfig);
    const docs = find('aws:iam/rolePolicy:RolePolicy', 'star-cl');
    expect(docs).toHaveLength(4);
    for (const doc of docs) {
      for (const s of statements(doc.inputs.policy)) {
        if (list(s.Resource).includes('*')) {
          expect({ policy: doc.name, actions: list(s.Action).filter((a) => !policies.AUTOSCALER_DESCRIBE_ACTIONS.includes(a as string)) })
            .toEqual({ policy: doc.name, actions: [] });
        }
        expect(list(s.Resource).length).toBeGreaterThan(0);
      }
    }
  });

  it('lets the syslog archiver write only its cluster prefix, with the archive key', async () => {
    const { accountServices } = await build('sys', fullAccount() as AccountConfig);
    const keyArn = await value(accountServices.logArchiveKey.arn);
    expect(statements(one('aws:iam/rolePolicy:RolePolicy', 'sys-cl-syslog-archiver-policy').inputs.policy)).toEqual([
      { Sid: 'WriteOwnPrefix', Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: `arn:aws:s3:::${logArchiveBucketName('111122223333', 'us-east-1')}/platform-test/*` },
      { Sid: 'UseBucketKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'], Resource: keyArn },
    ]);
  });

  it('gives Loki its own encrypted bucket whose current objects only the compactor deletes', async () => {
    const { clusterServices } = await build('loki', fullAccount() as AccountConfig);
    const bucket = lokiBucketName('111122223333', 'us-east-1', 'platform-test');
    const keyArn = await value(clusterServices.lokiKey!.arn);
    expect(one('aws:s3/bucket:Bucket', 'loki-cl-loki-bucket').inputs.bucket).toBe(bucket);
    expect(one('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'loki-cl-loki-encryption')
      .inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toBe(keyArn);
    expect(one('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', 'loki-cl-loki-lifecycle').inputs.rules[0]).toMatchObject({
      noncurrentVersionExpiration: { noncurrentDays: 7 },
      expiration: { expiredObjectDeleteMarker: true },
    });
    expect(statements(one('aws:iam/rolePolicy:RolePolicy', 'loki-cl-loki-policy').inputs.policy)).toEqual([
      { Sid: 'ListBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` },
      { Sid: 'ReadWriteObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: `arn:aws:s3:::${bucket}/*` },
      { Sid: 'UseBucketKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Encrypt', 'kms:Decrypt'], Resource: keyArn },
    ]);
  });

  it('lets the autoscaler resize only Auto Scaling groups its cluster owns', async () => {
    await build('cas', fullAccount() as AccountConfig);
    const resize = statements(one('aws:iam/rolePolicy:RolePolicy', 'cas-cl-cluster-autoscaler-policy').inputs.policy)
      .find((s) => list(s.Action).includes('autoscaling:SetDesiredCapacity'));
    expect(resize).toMatchObject({
      Resource: 'arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:*:autoScalingGroupName/*',
      Condition: { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/platform-test': 'owned' } },
    });
  });

  it('attaches the EBS CSI managed policy, plus grants on the volume key when one is set', async () => {
    const account = validAccount();
    account.clusters[0].storage = { kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' };
    await build('ebs', account as AccountConfig);
    expect(one('aws:iam/rolePolicyAttachment:RolePolicyAttachment', 'ebs-cl-ebs-csi-driver-AmazonEBSCSIDriverPolicy').inputs.policyArn)
      .toBe('arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy');
    const [grants, use] = statements(one('aws:iam/rolePolicy:RolePolicy', 'ebs-cl-ebs-csi-driver-policy').inputs.policy);
    expect(grants).toMatchObject({ Resource: account.clusters[0].storage.kmsKeyArn, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } });
    expect(use.Resource).toBe(account.clusters[0].storage.kmsKeyArn);
  });

  it('matches a volume key given by alias through kms:ResourceAliases (an alias ARN is no IAM resource)', () => {
    const [grants, use] = policies.ebsCsiKmsPolicy('arn:aws:kms:us-east-1:111122223333:alias/ebs').Statement;
    expect(grants).toMatchObject({
      Resource: 'arn:aws:kms:us-east-1:111122223333:key/*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/ebs' } },
    });
    expect(use).toMatchObject({ Resource: 'arn:aws:kms:us-east-1:111122223333:key/*', Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/ebs' } } });
  });

  it('installs the four EKS add-ons at the pinned versions, vpc-cni enforcing network policy', async () => {
    await build('addons', validAccount() as AccountConfig);
    const addons = find('aws:eks/addon:Addon', 'addons-cl');
    const pinned = EKS_ADDON_VERSIONS['1.35'];
    expect(Object.fromEntries(addons.map((a) => [a.inputs.addonName, a.inputs.addonVersion]))).toEqual({
      'vpc-cni': pinned.vpcCni, coredns: pinned.coredns, 'kube-proxy': pinned.kubeProxy, 'aws-ebs-csi-driver': pinned.ebsCsiDriver,
    });
    const cni = addons.find((a) => a.inputs.addonName === 'vpc-cni')!;
    expect(JSON.parse(cni.inputs.configurationValues)).toEqual({ enableNetworkPolicy: 'true' });
    const ebs = addons.find((a) => a.inputs.addonName === 'aws-ebs-csi-driver')!;
    expect(ebs.inputs).toMatchObject({
      serviceAccountRoleArn: serviceRoleArn('111122223333', 'platform-test', 'ebs-csi-driver'),
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      clusterName: 'platform-test',
    });
  });

  it('throws when the cluster is not one of the account', () => {
    const account = validAccount() as AccountConfig;
    const accountServices = new services.AccountServices('stray-acct', { account });
    const other = { ...account.clusters[0], name: 'elsewhere' };
    expect(() => new services.ClusterServices('stray-cl', {
      account, cluster: other, accountServices, clusterName: 'elsewhere', oidcProviderArn: oidcArn('111122223333'), oidcProviderUrl: OIDC_URL,
    })).toThrow("cluster 'elsewhere' is not a cluster of account 'test'");
  });
});

describe('IRSA annotation and role ARN', () => {
  it.each(Object.keys(ACCOUNTS))('agree for every add-on of account %s', async (accountName) => {
    const account = fullAccount(ACCOUNTS[accountName]) as AccountConfig;
    for (const cluster of account.clusters) {
      const { clusterServices } = await build(`irsa-${accountName}-${cluster.name}`, account, cluster);
      const roles = clusterServices.roles;
      expect(Object.keys(roles).sort()).toEqual(['cluster-autoscaler', 'ebs-csi-driver', 'loki', 'syslog-archiver']);
      for (const [addon, role] of Object.entries(roles)) {
        expect(await value(role!.arn)).toBe(serviceRoleArn(account.accountId, cluster.name, addon as ServiceIdentityName));
      }
    }
  });
});
