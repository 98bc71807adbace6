/**
 * The sandbox account: where platform changes land first. Smaller than production; its
 * general node group still runs on dedicated tenancy (the migration starts here).
 */
import type { AccountConfig } from '../../lib/config';
import { claimsJobs } from '../jobs/claims';

export const sandbox: AccountConfig = {
  name: 'sandbox',
  accountId: '111122223333',
  region: 'us-east-1',
  // The role the profile assumes; pulumi up runs as it (README: "Who runs pulumi up").
  deployerRoleArn: 'arn:aws:iam::111122223333:role/platform-deployer',
  profile: 'acme-sandbox',
  tags: { environment: 'sandbox', 'cost-center': 'platform', 'data-classification': 'phi-none' },
  services: {
    sops: { ciRoleArn: 'arn:aws:iam::111122223333:role/ci-deployer' },
    logArchive: { glacierAfterDays: 30, expireAfterDays: 365 },
  },
  clusters: [
    {
      name: 'platform-sandbox',
      version: '1.35',
      endpoint: { privateAccess: true, publicAccessCidrs: ['203.0.113.0/24'] },
      network: {
        mode: 'existing',
        vpcId: 'vpc-0a1b2c3d4e5f60718',
        vpcCidr: '10.20.0.0/16',
        privateSubnets: [
          { id: 'subnet-0aa1111111111111a', availabilityZone: 'us-east-1a', cidr: '10.20.0.0/19' },
          { id: 'subnet-0bb2222222222222b', availabilityZone: 'us-east-1b', cidr: '10.20.32.0/19' },
        ],
        publicSubnets: [
          { id: 'subnet-0cc3333333333333c', availabilityZone: 'us-east-1a', cidr: '10.20.128.0/24' },
          { id: 'subnet-0dd4444444444444d', availabilityZone: 'us-east-1b', cidr: '10.20.129.0/24' },
        ],
      },
      nodeGroups: [
        {
          name: 'general',
          instanceTypes: ['m6i.large'],
          tenancy: 'dedicated',
          minSize: 2,
          desiredSize: 2,
          maxSize: 5,
          labels: { 'acme.io/pool': 'general' },
        },
      ],
      identities: [
        { arn: 'arn:aws:iam::111122223333:role/platform-admin', access: { kind: 'admin' } },
        { arn: 'arn:aws:iam::111122223333:role/developers-readonly', access: { kind: 'view' } },
        { arn: 'arn:aws:iam::111122223333:role/ci-deployer', access: { kind: 'deploy', namespaces: ['apps', 'apps-preview'] } },
        // Jenkins's deploy role (addons.jenkinsDeployRole): jenkinsDeployRoleArn('111122223333', 'platform-sandbox').
        { arn: 'arn:aws:iam::111122223333:role/platform-sandbox-jenkins-deploy', access: { kind: 'deploy', namespaces: ['apps', 'apps-preview'] } },
      ],
      addons: {
        clusterAutoscaler: {},
        loki: { mode: 'single-binary', retentionDays: 7, volumeSizeGiB: 10 },
        fluentBit: { shards: 1 },
        syslogNg: { volumeSizeGiB: 20 },
        metrics: {
          prometheus: { retentionDays: 7, volumeSizeGiB: 20, resources: { cpuMillicores: 250, memoryMiB: 1024 } },
          alertmanager: {
            receivers: [{ name: 'slack-platform', type: 'slack', channel: '#platform-alerts-sandbox', apiUrlKey: 'slack-platform-url' }],
          },
        },
        // Jenkins builds here and deploys here and to production (docs/jenkins.md).
        jenkins: {
          volumeSizeGiB: 50,
          // Maven and npm caches on EFS, shared by concurrent agents.
          buildCache: { sizeGiB: 100 },
          deployTargets: [
            { name: 'sandbox', accountId: '111122223333', region: 'us-east-1', clusterName: 'platform-sandbox' },
            { name: 'production', accountId: '444455556666', region: 'us-east-1', clusterName: 'platform-production' },
          ],
        },
        jenkinsDeployRole: { jenkinsAccountId: '111122223333', jenkinsClusterName: 'platform-sandbox' },
        argoWorkflows: {
          controllerReplicas: 1,
          serverReplicas: 1,
          authMode: 'client',
          workflowNamespaces: ['batch'],
          ttlAfterSuccessSeconds: 21600,
          // The claims report (shared template, per-account overrides) and the snapshot check.
          ...claimsJobs({ environment: 'sandbox', report: { resources: { cpuMillicores: 500, memoryMiB: 1024 }, activeDeadlineSeconds: 2700 } }),
        },
      },
      tenants: [
        { name: 'apps', deployers: ['arn:aws:iam::111122223333:role/ci-deployer'] },
        {
          name: 'apps-preview',
          quota: { cpuMillicores: 2000, memoryMiB: 4096, pods: 30 },
          deployers: ['arn:aws:iam::111122223333:role/ci-deployer'],
        },
      ],
    },
  ],
};
