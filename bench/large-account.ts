/**
 * A generated large account for the benchmark: one cluster with `nodeGroups` node groups and
 * `identities` identity mappings (a mix of view, deploy, custom and admin).
 */
import type { AccountConfig, IdentityMapping, NodeGroupConfig } from '../lib/config';

/** Sizes of the generated account. */
export interface LargeAccountSize {
  readonly nodeGroups: number;
  readonly identities: number;
}

/** Build a valid account of the given size. */
export function largeAccount(size: LargeAccountSize): AccountConfig {
  const nodeGroups: NodeGroupConfig[] = Array.from({ length: size.nodeGroups }, (_, i) => ({
    name: `pool-${i}`,
    instanceTypes: ['m6i.large'],
    tenancy: i % 2 === 0 ? 'dedicated' : 'default',
    minSize: 1,
    desiredSize: 1,
    maxSize: 2,
    labels: { 'acme.io/pool': `pool-${i}` },
  }));
  const identities: IdentityMapping[] = Array.from({ length: size.identities }, (_, i): IdentityMapping => {
    const arn = `arn:aws:iam::123456789012:role/team-${i}`;
    switch (i % 4) {
      case 0: return { arn, access: { kind: 'view' } };
      case 1: return { arn, access: { kind: 'deploy', namespaces: [`team-${i}`, `team-${i}-preview`] } };
      case 2: return { arn, access: { kind: 'custom', groups: [`acme:team-${i}`], rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] }], namespaces: [`team-${i}`] } };
      default: return { arn, access: { kind: 'admin' } };
    }
  });
  return {
    name: 'large',
    accountId: '123456789012',
    region: 'us-west-2',
    profile: 'large',
    clusters: [{
      name: 'large',
      version: '1.35',
      network: {
        mode: 'managed',
        vpcCidr: '10.0.0.0/16',
        privateSubnets: [{ availabilityZone: 'us-west-2a', cidr: '10.0.0.0/17' }, { availabilityZone: 'us-west-2b', cidr: '10.0.128.0/17' }],
      },
      nodeGroups,
      identities,
    }],
  };
}
