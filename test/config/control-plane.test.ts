/**
 * `controlPlane` and `nodeGroups[].managedBy`: validation, and the node roles an adopted
 * cluster maps in every migration phase.
 */
import {
  effectiveNodeGroups, groupNodeRoleArn, MIGRATION_PHASES, nodeRoleArns, oidcProviderArnOf, validateAccount,
  type AccountConfig, type MigrationPhase,
} from '../../lib/config';
import { production } from '../../stacks/accounts/production';
import { validAccount, type Draft } from '../support/fixtures';
import { eksctlNodeRoleArn } from '../support/pulumi-mocks';

const ROLE = eksctlNodeRoleArn('111122223333', 'platform-test', 'general');

/** The fixture as an adopted cluster whose one group eksctl owns. */
function adopted(): Draft<AccountConfig> {
  const a = validAccount();
  a.clusters[0].controlPlane = { mode: 'existing', oidcProvider: 'existing' };
  Object.assign(a.clusters[0].nodeGroups[0], { managedBy: 'eksctl', nodeRoleArn: ROLE });
  return a;
}

function problems(account: Draft<AccountConfig>): string[] {
  return validateAccount(account as AccountConfig).map((p) => `${p.path}: ${p.message}`);
}

describe('validation', () => {
  it('accepts an adopted cluster with an eksctl node group', () => {
    expect(problems(adopted())).toEqual([]);
  });

  it('accepts controlPlane { mode: managed }', () => {
    const a = validAccount();
    a.clusters[0].controlPlane = { mode: 'managed' };
    expect(problems(a)).toEqual([]);
  });

  it('rejects an unknown control plane mode', () => {
    const a = adopted();
    (a.clusters[0].controlPlane as { mode: string }).mode = 'eksctl';
    expect(problems(a)).toContain("clusters[0].controlPlane.mode: must be 'managed' (the library creates the cluster) or 'existing' (adopt a running cluster, e.g. one eksctl created), got 'eksctl'.");
  });

  it('rejects a control plane that is not an object', () => {
    const a = validAccount();
    (a.clusters[0] as { controlPlane: unknown }).controlPlane = 'existing';
    expect(problems(a)).toContain("clusters[0].controlPlane: must be an object like { mode: 'existing', oidcProvider: 'existing' }, got 'existing'.");
  });

  it('rejects an existing control plane without its OIDC provider choice', () => {
    const a = adopted();
    (a.clusters[0].controlPlane as { oidcProvider?: string }).oidcProvider = undefined;
    expect(problems(a)).toEqual([
      "clusters[0].controlPlane.oidcProvider: must be 'existing' (the issuer's IAM OIDC provider exists: see 'aws iam list-open-id-connect-providers') or 'create', got undefined.",
    ]);
  });

  it('rejects an OIDC provider choice on a managed control plane', () => {
    const a = validAccount();
    (a.clusters[0] as { controlPlane: unknown }).controlPlane = { mode: 'managed', oidcProvider: 'create' };
    expect(problems(a)).toEqual([
      "clusters[0].controlPlane.oidcProvider: unknown key for mode 'managed': only mode 'existing' declares it.",
      "clusters[0].controlPlane.oidcProvider: only applies to mode 'existing' (a managed control plane always gets its OIDC provider), got 'create'; remove it.",
    ]);
  });

  it('rejects an existing control plane in a managed network', () => {
    const a = adopted();
    Object.assign(a.clusters[0].network, { mode: 'managed' });
    expect(problems(a)).toContain("clusters[0].network.mode: must be 'existing' when controlPlane is 'existing': the running cluster's VPC exists already (give its vpcId and subnets), got 'managed'.");
  });

  it('rejects an unknown owner', () => {
    const a = adopted();
    (a.clusters[0].nodeGroups[0] as { managedBy: string }).managedBy = 'terraform';
    expect(problems(a)).toEqual(["clusters[0].nodeGroups[0].managedBy: must be 'library' or 'eksctl', got 'terraform'."]);
  });

  it('rejects an eksctl group without its node role', () => {
    const a = adopted();
    delete a.clusters[0].nodeGroups[0].nodeRoleArn;
    expect(problems(a)).toEqual([
      "clusters[0].nodeGroups[0].nodeRoleArn: must be the IAM role ARN of the eksctl node group's nodes (eksctl names it 'eksctl-<cluster>-nodegroup-<name>-NodeInstanceRole-<suffix>'; see 'aws eks describe-nodegroup ... --query nodegroup.nodeRole'), got undefined.",
    ]);
  });

  it('rejects an eksctl node role of another account', () => {
    const a = adopted();
    a.clusters[0].nodeGroups[0].nodeRoleArn = 'arn:aws:iam::999999999999:role/eksctl-x-NodeInstanceRole-1';
    expect(problems(a)).toEqual([
      "clusters[0].nodeGroups[0].nodeRoleArn: 'arn:aws:iam::999999999999:role/eksctl-x-NodeInstanceRole-1' belongs to account 999999999999, not this account (111122223333); a node role is in the cluster's account.",
    ]);
  });

  it('rejects a node role on a group the library owns', () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].nodeRoleArn = ROLE;
    expect(problems(a)).toEqual([
      `clusters[0].nodeGroups[0].nodeRoleArn: is only for node groups with managedBy 'eksctl' (the library names the roles of its own groups), got '${ROLE}'; remove it.`,
    ]);
  });

  it('rejects an eksctl group in a cluster the library creates', () => {
    const a = adopted();
    delete a.clusters[0].controlPlane;
    expect(problems(a)).toEqual([
      "clusters[0].nodeGroups[0].managedBy: is 'eksctl', but the cluster's controlPlane is not { mode: 'existing' }: eksctl only manages node groups of clusters it created; set controlPlane or remove managedBy.",
    ]);
  });

  it('rejects the rolling strategy for a dedicated eksctl group', () => {
    const a = adopted();
    a.clusters[0].tenancyMigration = { strategy: 'rolling', phase: 'dedicated' };
    expect(problems(a)).toEqual([
      "clusters[0].tenancyMigration.strategy: is 'rolling', which changes a node group's launch template in place, but nodeGroups[0] ('general') is managed by eksctl and the library never changes it; use strategy 'blue-green' (library-owned default-tenancy twins, then 'eksctl delete nodegroup').",
    ]);
  });

  it('rejects an identity mapping of an eksctl node role', () => {
    const a = adopted();
    a.clusters[0].identities!.push({ arn: ROLE, access: { kind: 'view' } });
    expect(problems(a)).toEqual([`clusters[0].identities[3].arn: '${ROLE}' is a node group's role; node roles are mapped automatically, remove this mapping.`]);
  });
});

describe('node roles of an adopted cluster', () => {
  const cluster = production.clusters[0];
  const eksctlRoles = cluster.nodeGroups.map((g) => g.nodeRoleArn!);

  it('uses the declared role of an eksctl group and the library role of its own', () => {
    expect([groupNodeRoleArn('444455556666', cluster.name, cluster.nodeGroups[0]), groupNodeRoleArn('444455556666', cluster.name, { name: 'x' })]).toEqual([
      'arn:aws:iam::444455556666:role/eksctl-platform-production-nodegr-NodeInstanceRole-1A2B3C4D5E6F7',
      'arn:aws:iam::444455556666:role/platform-production-x-node',
    ]);
  });

  it.each(MIGRATION_PHASES['blue-green'].map((phase) => [phase]))('maps every eksctl role in phase %s', (phase: MigrationPhase) => {
    const c = { ...cluster, tenancyMigration: { strategy: 'blue-green' as const, phase, previousPhase: phase } };
    expect(nodeRoleArns(production, c)).toEqual(expect.arrayContaining(eksctlRoles));
  });

  it('maps the twins with library roles once they exist', () => {
    const c = { ...cluster, tenancyMigration: { strategy: 'blue-green' as const, phase: 'surge' as const, previousPhase: 'surge' as const } };
    expect(nodeRoleArns(production, c)).toEqual([
      'arn:aws:iam::444455556666:role/eksctl-platform-production-nodegr-NodeInstanceRole-1A2B3C4D5E6F7',
      'arn:aws:iam::444455556666:role/eksctl-platform-production-nodegr-NodeInstanceRole-7G8H9I0J1K2L3',
      'arn:aws:iam::444455556666:role/platform-production-batch-shared-node',
      'arn:aws:iam::444455556666:role/platform-production-general-shared-node',
    ]);
  });

  it('gives the blue-green twins of eksctl groups to the library', () => {
    const twins = effectiveNodeGroups(cluster, 'surge').filter((g) => g.migrationRole === 'target');
    expect(twins.map((g) => [g.name, g.tenancy, g.managedBy, g.nodeRoleArn])).toEqual([
      ['general-shared', 'default', undefined, undefined],
      ['batch-shared', 'default', undefined, undefined],
    ]);
  });
});

describe('oidcProviderArnOf', () => {
  it('names the provider by the issuer without its scheme', () => {
    expect(oidcProviderArnOf('444455556666', 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC/')).toBe('arn:aws:iam::444455556666:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC');
  });
});
