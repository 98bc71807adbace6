/**
 * A small valid account for tests, returned fresh each call so tests can change it freely.
 */
import type { AccountConfig, ClusterConfig } from '../../lib/config';

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
    version: '1.33',
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
