/**
 * The production account (PHI). Larger node groups across three AZs, both still on dedicated
 * tenancy; CI deploys from the separate tooling account.
 */
import type { AccountConfig } from '../../lib/config';

export const production: AccountConfig = {
  name: 'production',
  accountId: '444455556666',
  region: 'us-east-1',
  profile: 'acme-production',
  tags: { environment: 'production', 'cost-center': 'platform', 'data-classification': 'phi' },
  services: {
    sops: { ciRoleArn: 'arn:aws:iam::777788889999:role/ci-deployer' },
    logArchive: { glacierAfterDays: 90, expireAfterDays: 2190 },
  },
  clusters: [
    {
      name: 'platform-production',
      version: '1.33',
      endpoint: { privateAccess: true, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.16/28'] },
      network: {
        mode: 'existing',
        vpcId: 'vpc-0f1e2d3c4b5a69788',
        vpcCidr: '10.40.0.0/16',
        privateSubnets: [
          { id: 'subnet-01a1111111111111a', availabilityZone: 'us-east-1a', cidr: '10.40.0.0/18' },
          { id: 'subnet-02b2222222222222b', availabilityZone: 'us-east-1b', cidr: '10.40.64.0/18' },
          { id: 'subnet-03c3333333333333c', availabilityZone: 'us-east-1c', cidr: '10.40.128.0/18' },
        ],
        publicSubnets: [
          { id: 'subnet-04d4444444444444d', availabilityZone: 'us-east-1a', cidr: '10.40.192.0/24' },
          { id: 'subnet-05e5555555555555e', availabilityZone: 'us-east-1b', cidr: '10.40.193.0/24' },
          { id: 'subnet-06f6666666666666f', availabilityZone: 'us-east-1c', cidr: '10.40.194.0/24' },
        ],
      },
      nodeGroups: [
        {
          name: 'general',
          instanceTypes: ['m6i.xlarge'],
          tenancy: 'dedicated',
          minSize: 3,
          desiredSize: 6,
          maxSize: 12,
          labels: { 'acme.io/pool': 'general' },
          diskSizeGiB: 100,
        },
        {
          name: 'batch',
          instanceTypes: ['c6i.2xlarge'],
          tenancy: 'dedicated',
          minSize: 0,
          desiredSize: 2,
          maxSize: 8,
          labels: { 'acme.io/pool': 'batch' },
          taints: [{ key: 'acme.io/batch', value: 'true', effect: 'NoSchedule' }],
          diskSizeGiB: 100,
        },
      ],
      identities: [
        { arn: 'arn:aws:iam::444455556666:role/platform-admin', access: { kind: 'admin' } },
        {
          arn: 'arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0123456789abcdef',
          username: 'sso-readonly:{{SessionName}}',
          access: { kind: 'view' },
        },
        {
          arn: 'arn:aws:iam::777788889999:role/ci-deployer',
          crossAccount: true,
          access: { kind: 'deploy', namespaces: ['apps'] },
        },
        {
          arn: 'arn:aws:iam::444455556666:role/oncall',
          access: {
            kind: 'custom',
            groups: ['acme:oncall'],
            rules: [
              { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'delete'] },
              { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list', 'watch', 'patch'] },
            ],
            namespaces: ['apps'],
          },
        },
      ],
      addons: {
        clusterAutoscaler: { replicas: 2 },
        loki: {
          mode: 'replicated',
          replicas: 3,
          authEnabled: true,
          retentionDays: 30,
          volumeSizeGiB: 50,
          resources: { cpuMillicores: 1000, memoryMiB: 6144 },
          resultsCacheMB: 512,
          chunkCacheMB: 1024,
        },
        fluentBit: {
          shards: 4,
          outputWorkers: 4,
          tenantId: 'production',
          staticLabels: { cluster: 'platform-production' },
          resources: { memoryMiB: 1024 },
        },
        syslogNg: {
          volumeSizeGiB: 200,
          maxConnections: 2000,
          loadBalancer: { sourceRanges: ['10.0.0.0/8'] },
        },
      },
      tenants: [
        {
          name: 'apps',
          quota: { cpuMillicores: 16000, memoryMiB: 32768, pods: 200, storageGiB: 500 },
          limits: { maxMemoryMiB: 8192 },
          deployers: ['arn:aws:iam::777788889999:role/ci-deployer'],
          viewers: ['arn:aws:iam::444455556666:role/oncall'],
        },
      ],
    },
  ],
};
