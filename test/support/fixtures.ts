/**
 * A small valid account for tests, returned fresh each call so tests can change it freely.
 */
import type { AccountConfig, ClusterConfig, ExistingNetworkConfig } from '../../lib/config';

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

/** A mutable deep copy type of a config, for tests that break one field. */
export type Draft<T> = Mutable<T>;

/** A valid one-cluster account (`111122223333`, us-east-1) with admin, view and deploy mappings. */
export function validAccount(): Draft<AccountConfig> {
  return structuredClone({
    name: 'test',
    accountId: '111122223333',
    region: 'us-east-1',
    profile: 'acme-test',
    clusters: [validCluster()],
  }) as Draft<AccountConfig>;
}

/** A valid cluster: existing VPC, two AZs, one dedicated node group, three identities. */
export function validCluster(name = 'platform-test'): Draft<ClusterConfig> {
  return {
    name,
    version: '1.35',
    network: {
      mode: 'existing',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      vpcCidr: '10.20.0.0/16',
      privateSubnets: [
        { id: 'subnet-0aa1111111111111a', availabilityZone: 'us-east-1a', cidr: '10.20.0.0/19' },
        { id: 'subnet-0bb2222222222222b', availabilityZone: 'us-east-1b', cidr: '10.20.32.0/19' },
      ],
    },
    nodeGroups: [
      { name: 'general', instanceTypes: ['m6i.large'], tenancy: 'dedicated', minSize: 2, desiredSize: 2, maxSize: 4 },
    ],
    identities: [
      { arn: 'arn:aws:iam::111122223333:role/platform-admin', access: { kind: 'admin' } },
      { arn: 'arn:aws:iam::111122223333:role/readonly', access: { kind: 'view' } },
      { arn: 'arn:aws:iam::111122223333:role/ci-deployer', access: { kind: 'deploy', namespaces: ['apps'] } },
    ],
  } as Draft<ClusterConfig>;
}

/**
 * A valid account that sets every optional field the account model has outside `addons`
 * (tags, services, endpoint, every node group field, extra node roles, each access kind, a
 * user, a cross-account role, storage, a migration), for tests that walk every field.
 */
export function fullAccount(): Draft<AccountConfig> {
  const a = validAccount();
  a.tags = { environment: 'test' };
  a.services = { sops: { ciRoleArn: 'arn:aws:iam::111122223333:role/ci-deployer' }, logArchive: { glacierAfterDays: 30, expireAfterDays: 365 } };
  const c = a.clusters[0];
  c.authenticationMode = 'API_AND_CONFIG_MAP';
  c.endpoint = { privateAccess: true, publicAccessCidrs: ['203.0.113.0/24'] };
  (c.network as Draft<ExistingNetworkConfig>).publicSubnets = [{ id: 'subnet-0cc3333333333333c', availabilityZone: 'us-east-1a', cidr: '10.20.128.0/24' }];
  c.nodeGroups.push({
    name: 'batch', instanceTypes: ['c6i.2xlarge'], tenancy: 'default', minSize: 0, desiredSize: 1, maxSize: 3,
    labels: { 'acme.io/pool': 'batch' }, taints: [{ key: 'acme.io/batch', value: 'true', effect: 'NoSchedule' }],
    availabilityZones: ['us-east-1a'], diskSizeGiB: 100, capacityType: 'SPOT', maxPods: 58,
  });
  c.extraNodeRoleArns = ['arn:aws:iam::111122223333:role/karpenter-node'];
  c.identities!.push(
    { arn: 'arn:aws:iam::111122223333:user/break-glass', username: 'break-glass', access: { kind: 'admin' } },
    { arn: 'arn:aws:iam::777788889999:role/central-ci', crossAccount: true, access: { kind: 'deploy', namespaces: ['web'] } },
    {
      arn: 'arn:aws:iam::111122223333:role/oncall',
      access: { kind: 'custom', groups: ['acme:oncall'], rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] }], namespaces: ['apps'] },
    },
  );
  c.storage = { kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b', reclaimPolicy: 'Delete' };
  c.tenancyMigration = { strategy: 'blue-green', phase: 'surge', previousPhase: 'dedicated' };
  return a;
}

/**
 * `account` as if the library had created its clusters: no `controlPlane`, and node groups
 * without `managedBy` and `nodeRoleArn`. Production adopts an eksctl cluster; tests of the
 * library-created path use its shape through this.
 */
export function libraryCreated(account: AccountConfig): AccountConfig {
  // JSON, not structuredClone: under Jest the latter builds arrays of another realm, which
  // Pulumi's serializer does not recognise as arrays once mapped (`taints` became an object).
  const copy = JSON.parse(JSON.stringify(account)) as Draft<AccountConfig>;
  for (const c of copy.clusters) {
    delete c.controlPlane;
    c.nodeGroups = c.nodeGroups.map(({ managedBy: _owner, nodeRoleArn: _role, ...g }) => g);
  }
  return copy as AccountConfig;
}
