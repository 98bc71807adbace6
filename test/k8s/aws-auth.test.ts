import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { AwsAuth, DEPLOY_CLUSTER_ROLE, VIEW_CLUSTER_ROLE, type AwsAuthProps } from '../../lib/k8s/aws-auth';
import { VIEW_GROUP, deployGroup } from '../../lib/config';
import { can } from '../support/rbac';
import { findObject, findAll } from '../support/find';

const NODE_ROLE = 'arn:aws:iam::111122223333:role/platform-test-general-node';
const ADMIN = 'arn:aws:iam::111122223333:role/platform-admin';
const VIEWER = 'arn:aws:iam::111122223333:role/readonly';
const DEPLOYER = 'arn:aws:iam::111122223333:role/ci-deployer';

function synth(props: Partial<AwsAuthProps> = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new AwsAuth(chart, 'aws-auth', {
    nodeRoleArns: [NODE_ROLE],
    identities: [
      { arn: ADMIN, access: { kind: 'admin' } },
      { arn: VIEWER, access: { kind: 'view' } },
      { arn: DEPLOYER, access: { kind: 'deploy', namespaces: ['apps', 'apps-preview'] } },
      { arn: 'arn:aws:iam::111122223333:user/break-glass', access: { kind: 'admin' } },
    ],
    ...props,
  });
  return Testing.synth(chart);
}

function mapRoles(objects: any[]): any[] {
  return parse(findObject(objects, 'ConfigMap', 'aws-auth', 'kube-system').data.mapRoles);
}

describe('AwsAuth', () => {
  it('maps node roles with the node username and groups', () => {
    expect(mapRoles(synth())[0]).toEqual({
      rolearn: NODE_ROLE,
      username: 'system:node:{{EC2PrivateDNSName}}',
      groups: ['system:bootstrappers', 'system:nodes'],
    });
  });

  it('keeps node roles mapped when no identity is configured', () => {
    const roles = mapRoles(synth({ identities: [] }));
    expect(roles.map((r) => r.rolearn)).toEqual([NODE_ROLE]);
  });

  it('gives system:masters to admins only', () => {
    const objects = synth();
    const cm = findObject(objects, 'ConfigMap', 'aws-auth', 'kube-system');
    const entries = [...mapRoles(objects), ...parse(cm.data.mapUsers)];
    const masters = entries.filter((e) => e.groups.includes('system:masters')).map((e) => e.rolearn ?? e.userarn);
    expect(masters).toEqual([ADMIN, 'arn:aws:iam::111122223333:user/break-glass']);
  });

  it('renders users under mapUsers with their user name', () => {
    const cm = findObject(synth(), 'ConfigMap', 'aws-auth', 'kube-system');
    expect(parse(cm.data.mapUsers)).toEqual([
      { userarn: 'arn:aws:iam::111122223333:user/break-glass', username: 'break-glass', groups: ['system:masters'] },
    ]);
  });

  it('strips the IAM path from role ARNs, as aws-auth requires', () => {
    const roles = mapRoles(synth({ identities: [{ arn: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Dev_abc', access: { kind: 'view' } }] }));
    expect(roles[1]).toEqual({ rolearn: 'arn:aws:iam::111122223333:role/AWSReservedSSO_Dev_abc', username: 'AWSReservedSSO_Dev_abc:{{SessionName}}', groups: [VIEW_GROUP] });
  });

  it('lets a viewer read pods, nodes and namespaces cluster-wide', () => {
    const objects = synth();
    expect(can(objects, { group: VIEW_GROUP, verb: 'list', resource: 'pods' })).toBe(true);
    expect(can(objects, { group: VIEW_GROUP, verb: 'get', resource: 'pods/log', namespace: 'apps' })).toBe(true);
    expect(can(objects, { group: VIEW_GROUP, verb: 'list', resource: 'nodes' })).toBe(true);
    expect(can(objects, { group: VIEW_GROUP, verb: 'list', resource: 'namespaces' })).toBe(true);
    expect(can(objects, { group: VIEW_GROUP, verb: 'list', resource: 'deployments', apiGroup: 'apps' })).toBe(true);
  });

  it('does not let a viewer read secrets', () => {
    const objects = synth();
    for (const verb of ['get', 'list', 'watch']) {
      expect(can(objects, { group: VIEW_GROUP, verb, resource: 'secrets', namespace: 'apps' })).toBe(false);
    }
  });

  it('does not let a viewer write anything', () => {
    const role = findObject(synth(), 'ClusterRole', VIEW_CLUSTER_ROLE);
    const verbs = new Set(role.rules.flatMap((r: any) => r.verbs));
    expect([...verbs].sort()).toEqual(['get', 'list', 'watch']);
    expect(can(synth(), { group: VIEW_GROUP, verb: 'delete', resource: 'pods', namespace: 'apps' })).toBe(false);
  });

  it('lets a deployer edit only its namespaces', () => {
    const objects = synth();
    const group = deployGroup('apps');
    expect(can(objects, { group, verb: 'patch', resource: 'deployments', apiGroup: 'apps', namespace: 'apps' })).toBe(true);
    expect(can(objects, { group, verb: 'create', resource: 'secrets', namespace: 'apps' })).toBe(true);
    expect(can(objects, { group, verb: 'patch', resource: 'deployments', apiGroup: 'apps', namespace: 'apps-preview' })).toBe(false);
    expect(can(objects, { group, verb: 'patch', resource: 'deployments', apiGroup: 'apps', namespace: 'kube-system' })).toBe(false);
    expect(can(objects, { group, verb: 'list', resource: 'pods' })).toBe(false);
  });

  it('does not let a deployer change RBAC in its namespace', () => {
    const objects = synth();
    expect(can(objects, { group: deployGroup('apps'), verb: 'create', resource: 'rolebindings', apiGroup: 'rbac.authorization.k8s.io', namespace: 'apps' })).toBe(false);
  });

  it('binds deployers with one RoleBinding per namespace and no cluster binding', () => {
    const objects = synth();
    expect(findAll(objects, 'RoleBinding').map((b) => `${b.metadata.namespace}/${b.metadata.name}`)).toEqual([`apps/${DEPLOY_CLUSTER_ROLE}`, `apps-preview/${DEPLOY_CLUSTER_ROLE}`]);
    expect(findAll(objects, 'ClusterRoleBinding').flatMap((b) => b.subjects.map((s: any) => s.name))).toEqual([VIEW_GROUP]);
  });

  it('grants custom groups their rules, scoped to their namespaces', () => {
    const objects = synth({
      identities: [{
        arn: 'arn:aws:iam::111122223333:role/oncall',
        access: { kind: 'custom', groups: ['acme:oncall'], rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }], namespaces: ['apps'] },
      }],
    });
    expect(mapRoles(objects)[1].groups).toEqual(['acme:oncall']);
    expect(can(objects, { group: 'acme:oncall', verb: 'delete', resource: 'pods', namespace: 'apps' })).toBe(true);
    expect(can(objects, { group: 'acme:oncall', verb: 'delete', resource: 'pods', namespace: 'other' })).toBe(false);
  });

  it('renders no aws-auth ConfigMap in API mode but keeps the RBAC', () => {
    const objects = synth({ authenticationMode: 'API' });
    expect(findAll(objects, 'ConfigMap')).toEqual([]);
    expect(findObject(objects, 'ClusterRole', VIEW_CLUSTER_ROLE).rules.length).toBeGreaterThan(0);
  });

  it('throws when no node role is given and aws-auth is rendered', () => {
    expect(() => synth({ nodeRoleArns: [] })).toThrow("AwsAuth 'aws-auth': 'nodeRoleArns' must list at least one node role when the aws-auth ConfigMap is rendered (mode 'API_AND_CONFIG_MAP'), got []. Unmapped nodes cannot join the cluster.");
  });

  it('throws on a node role that is not a role ARN', () => {
    expect(() => synth({ nodeRoleArns: ['arn:aws:iam::111122223333:user/node'] })).toThrow("AwsAuth 'aws-auth': 'nodeRoleArns' must hold IAM role ARNs (arn:aws:iam::<account>:role/<name>), got 'arn:aws:iam::111122223333:user/node'.");
  });

  it('throws on a custom mapping that asks for system:masters, so only admins ever get it', () => {
    expect(() => synth({ identities: [{ arn: VIEWER, access: { kind: 'custom', groups: ['system:masters'] } }] }))
      .toThrow("AwsAuth 'aws-auth': 'identities[0].access.groups[0]' must not be a 'system:' group, got 'system:masters'; use access kind 'admin' for cluster administrators.");
  });

  it('gives system:masters to no principal but admins, in any mix of access kinds', () => {
    const objects = synth({
      identities: [
        { arn: ADMIN, access: { kind: 'admin' } },
        { arn: VIEWER, access: { kind: 'view' } },
        { arn: DEPLOYER, access: { kind: 'deploy', namespaces: ['apps'] } },
        { arn: 'arn:aws:iam::111122223333:role/oncall', access: { kind: 'custom', groups: ['acme:oncall'], rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } },
      ],
    });
    const masters = mapRoles(objects).filter((e) => e.groups.includes('system:masters')).map((e) => e.rolearn);
    expect(masters).toEqual([ADMIN]);
  });

  it('throws on a custom rule with a wildcard, which would hand a group Secrets and RBAC', () => {
    expect(() => synth({ identities: [{ arn: VIEWER, access: { kind: 'custom', groups: ['acme:ops'], rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get', 'list'] }] } }] }))
      .toThrow("AwsAuth 'aws-auth': 'identities[0].access.rules[0].resources[0]' must not be a wildcard, got '*': it grants every current and future one, Secrets and RBAC included. Name them, or use access kind 'admin' for full control.");
  });

  it('throws on an identity that maps a node role again, which would replace the node entry', () => {
    expect(() => synth({ identities: [{ arn: 'arn:aws:iam::111122223333:role/Platform-Test-General-Node', access: { kind: 'admin' } }] }))
      .toThrow("AwsAuth 'aws-auth': 'identities[0].arn' 'arn:aws:iam::111122223333:role/Platform-Test-General-Node' is one of 'nodeRoleArns'; node roles are mapped automatically, remove this mapping.");
  });

  it('throws on one principal mapped twice under another case or path (aws-auth keeps only the last)', () => {
    expect(() => synth({ identities: [{ arn: VIEWER, access: { kind: 'view' } }, { arn: 'arn:aws:iam::111122223333:role/team/ReadOnly', access: { kind: 'admin' } }] }))
      .toThrow("AwsAuth 'aws-auth': 'identities[1].arn' maps 'arn:aws:iam::111122223333:role/team/ReadOnly' again (already mapped at identities[0]); give each principal one mapping, with the widest access it needs.");
  });

  it('throws on two custom groups whose ClusterRoles would share a name', () => {
    const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }];
    expect(() => synth({
      identities: [
        { arn: 'arn:aws:iam::111122223333:role/oncall', access: { kind: 'custom', groups: ['acme:oncall'], rules } },
        { arn: 'arn:aws:iam::111122223333:role/oncall-2', access: { kind: 'custom', groups: ['acme-oncall'], rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] } },
      ],
    })).toThrow("AwsAuth 'aws-auth': 'identities[1].access.groups[0]' 'acme-oncall' would be rendered as ClusterRole 'eks-platform-group-acme-oncall', like group 'acme:oncall' at identities[0].access.groups[0]; RBAC names are lower-case with ':' and other symbols turned into '-', so rename one of the groups.");
  });

  it('throws when a second mapping would widen a custom group from its namespaces to the whole cluster', () => {
    const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }];
    expect(() => synth({
      identities: [
        { arn: 'arn:aws:iam::111122223333:role/oncall', access: { kind: 'custom', groups: ['acme:oncall'], rules, namespaces: ['apps'] } },
        { arn: 'arn:aws:iam::111122223333:role/auditor', access: { kind: 'custom', groups: ['acme:oncall'], rules: [{ apiGroups: [''], resources: ['events'], verbs: ['list'] }] } },
      ],
    })).toThrow("AwsAuth 'aws-auth': 'identities[1].access.rules' give group 'acme:oncall' other rules or namespaces than identities[0].access does; a group's rules apply to every principal in the group, so give them identically, or in one mapping only.");
  });

  it('renders a custom group given the same rules by two mappings once, still scoped to its namespaces', () => {
    const access = { kind: 'custom' as const, groups: ['acme:oncall'], rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }], namespaces: ['apps'] };
    const objects = synth({
      identities: [
        { arn: 'arn:aws:iam::111122223333:role/oncall', access },
        { arn: 'arn:aws:iam::111122223333:role/oncall-2', access },
      ],
    });
    expect(findAll(objects, 'ClusterRole').map((r) => r.metadata.name)).toEqual(['eks-platform-group-acme-oncall']);
    expect(findObject(objects, 'ClusterRole', 'eks-platform-group-acme-oncall').rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['delete'] }]);
    expect(findAll(objects, 'RoleBinding').map((b) => `${b.metadata.namespace}/${b.metadata.name}`)).toEqual(['apps/eks-platform-group-acme-oncall']);
    expect(findAll(objects, 'ClusterRoleBinding')).toEqual([]);
    expect(can(objects, { group: 'acme:oncall', verb: 'delete', resource: 'pods', namespace: 'other' })).toBe(false);
  });

  it('does not let a deployer impersonate, mint service account tokens, or read outside its namespaces', () => {
    const objects = synth();
    const group = deployGroup('apps');
    expect(can(objects, { group, verb: 'impersonate', resource: 'serviceaccounts', namespace: 'apps' })).toBe(false);
    expect(can(objects, { group, verb: 'create', resource: 'serviceaccounts/token', namespace: 'apps' })).toBe(false);
    expect(can(objects, { group, verb: 'get', resource: 'secrets', namespace: 'apps-other' })).toBe(false);
    expect(can(objects, { group, verb: 'update', resource: 'resourcequotas', namespace: 'apps' })).toBe(false);
    expect(can(objects, { group, verb: 'create', resource: 'roles', apiGroup: 'rbac.authorization.k8s.io', namespace: 'apps' })).toBe(false);
  });

  it('lets a viewer read what it needs to debug (events, logs, metrics) and nothing that holds credentials', () => {
    const objects = synth();
    for (const [resource, apiGroup] of [['events', ''], ['events', 'events.k8s.io'], ['pods/log', ''], ['pods', 'metrics.k8s.io'], ['endpointslices', 'discovery.k8s.io']]) {
      expect(can(objects, { group: VIEW_GROUP, verb: 'list', resource, apiGroup, namespace: 'apps' })).toBe(true);
    }
    for (const resource of ['secrets', 'serviceaccounts/token', 'pods/exec', 'pods/attach', 'pods/portforward', 'nodes/proxy']) {
      expect(can(objects, { group: VIEW_GROUP, verb: 'create', resource, namespace: 'apps' })).toBe(false);
      expect(can(objects, { group: VIEW_GROUP, verb: 'get', resource, namespace: 'apps' })).toBe(false);
    }
  });
});
