/**
 * The production account (PHI). Its cluster already runs: eksctl created it, with its OIDC
 * provider and two managed node groups on dedicated tenancy (one CloudFormation stack each).
 * The library adopts it (controlPlane `existing`, node groups `managedBy: 'eksctl'`) instead of
 * rebuilding it; see docs/adopting-a-cluster.md. CI deploys from the separate tooling account.
 */
import type { AccountConfig } from '../../lib/config';
import { claimsJobs } from '../jobs/claims';

export const production: AccountConfig = {
  name: 'production',
  accountId: '444455556666',
  region: 'us-east-1',
  // The role the profile assumes; pulumi up runs as it (README: "Who runs pulumi up").
  deployerRoleArn: 'arn:aws:iam::444455556666:role/platform-deployer',
  profile: 'acme-production',
  tags: { environment: 'production', 'cost-center': 'platform', 'data-classification': 'phi' },
  services: {
    sops: { ciRoleArn: 'arn:aws:iam::777788889999:role/ci-deployer' },
    // Compliance-mode Object Lock: no archive can be altered or deleted before its six years.
    logArchive: { glacierAfterDays: 90, expireAfterDays: 2190, objectLock: { mode: 'COMPLIANCE', retentionDays: 2190 } },
  },
  clusters: [
    {
      name: 'platform-production',
      version: '1.35',
      controlPlane: { mode: 'existing', oidcProvider: 'existing' },
      authenticationMode: 'API_AND_CONFIG_MAP',
      // Audit logs kept six years (2192 is the CloudWatch value nearest above 2190 days).
      controlPlaneLogs: { retentionDays: 2192 },
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
          managedBy: 'eksctl',
          // CloudFormation cuts the stack name 'eksctl-platform-production-nodegroup-general' to fit 64 characters.
          nodeRoleArn: 'arn:aws:iam::444455556666:role/eksctl-platform-production-nodegr-NodeInstanceRole-1A2B3C4D5E6F7',
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
          managedBy: 'eksctl',
          nodeRoleArn: 'arn:aws:iam::444455556666:role/eksctl-platform-production-nodegr-NodeInstanceRole-7G8H9I0J1K2L3',
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
        // Jenkins (sandbox account) deploys through this role (addons.jenkinsDeployRole):
        // jenkinsDeployRoleArn('444455556666', 'platform-production').
        {
          arn: 'arn:aws:iam::444455556666:role/platform-production-jenkins-deploy',
          access: { kind: 'deploy', namespaces: ['apps'] },
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
        metrics: {
          prometheus: { replicas: 2, retentionDays: 15, volumeSizeGiB: 200, resources: { cpuMillicores: 1000, memoryMiB: 6144 } },
          alertmanager: {
            replicas: 3,
            receivers: [
              { name: 'slack-platform', type: 'slack', channel: '#platform-alerts', apiUrlKey: 'slack-platform-url' },
              { name: 'pagerduty-platform', type: 'pagerduty', routingKeyKey: 'pagerduty-routing-key' },
            ],
            // Critical alerts page and also go to Slack: `continue` only reaches later routes,
            // never the default receiver, so Slack needs its own critical route.
            routes: [
              { receiver: 'pagerduty-platform', matchers: { severity: 'critical' }, continue: true },
              { receiver: 'slack-platform', matchers: { severity: 'critical' } },
            ],
          },
          grafana: { resources: { cpuMillicores: 200, memoryMiB: 512 } },
          kubeStateMetrics: { resources: { memoryMiB: 512 } },
        },
        jenkinsDeployRole: { jenkinsAccountId: '111122223333', jenkinsClusterName: 'platform-sandbox' },
        argoWorkflows: {
          authMode: 'client',
          workflowNamespaces: ['batch'],
          ttlAfterSuccessSeconds: 86400,
          // The claims report (shared template, per-account overrides) and the snapshot check.
          ...claimsJobs({ environment: 'production', report: { resources: { cpuMillicores: 1000, memoryMiB: 4096 }, activeDeadlineSeconds: 3600 } }),
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
