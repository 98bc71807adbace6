import { Testing } from 'cdk8s';
import { deployGroup, type AccountConfig } from '../../lib/config';
import { PlatformChart } from '../../lib/platform/k8s-platform';
import { ACCOUNTS } from '../../stacks/accounts';
import { findAll, findObject } from '../support/find';
import { can } from '../support/rbac';
import { validAccount } from '../support/fixtures';

const production = Testing.synth(new PlatformChart(Testing.app(), 'platform', { account: ACCOUNTS.production }));

describe('tenants in the platform', () => {
  it('lets the tenant deployer deploy in its tenant through the existing deploy rules, and nowhere else', () => {
    const group = deployGroup('apps');
    expect(can(production, { group, verb: 'create', resource: 'deployments', apiGroup: 'apps', namespace: 'apps' })).toBe(true);
    expect(can(production, { group, verb: 'create', resource: 'deployments', apiGroup: 'apps', namespace: 'logging' })).toBe(false);
  });

  it('lets the tenant deployer read the network policies but not change them', () => {
    const group = deployGroup('apps');
    expect(can(production, { group, verb: 'list', resource: 'networkpolicies', apiGroup: 'networking.k8s.io', namespace: 'apps' })).toBe(true);
    expect(can(production, { group, verb: 'delete', resource: 'networkpolicies', apiGroup: 'networking.k8s.io', namespace: 'apps' })).toBe(false);
  });

  it('lets the tenant viewers read in the tenant only, never Secrets', () => {
    const group = 'acme:oncall';
    expect(can(production, { group, verb: 'get', resource: 'pods/log', namespace: 'apps' })).toBe(true);
    expect(can(production, { group, verb: 'get', resource: 'configmaps', namespace: 'apps' })).toBe(true);
    expect(can(production, { group, verb: 'get', resource: 'secrets', namespace: 'apps' })).toBe(false);
    expect(can(production, { group, verb: 'get', resource: 'configmaps', namespace: 'logging' })).toBe(false);
  });

  it('creates one Namespace per tenant, enforcing restricted, and no second one for the deploy bindings', () => {
    const apps = findAll(production, 'Namespace').filter((n) => n.metadata.name === 'apps');
    expect(apps).toHaveLength(1);
    expect(apps[0].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('orders the identity model\'s bindings in a tenant namespace after its Namespace', () => {
    const ns = production.indexOf(findObject(production, 'Namespace', 'apps'));
    expect(ns).toBeLessThan(production.indexOf(findObject(production, 'RoleBinding', 'eks-platform-deploy', 'apps')));
  });

  it('lets tenants send to the central syslog-ng', () => {
    expect(findObject(production, 'NetworkPolicy', 'tenant-allow', 'apps').spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'logging' } }, podSelector: { matchLabels: findObject(production, 'StatefulSet', 'syslog-ng', 'logging').spec.selector.matchLabels } }],
      ports: [{ port: 5514, protocol: 'UDP' }, { port: 5514, protocol: 'TCP' }, { port: 5601, protocol: 'TCP' }],
    });
  });

  it('throws before creating anything when a tenant takes a platform namespace', () => {
    const account = validAccount();
    account.clusters[0].tenants = [{ name: 'logs', namespace: 'logging' }];
    expect(() => new PlatformChart(Testing.app(), 'platform', { account: account as AccountConfig }))
      .toThrow("clusters[0].tenants[0].namespace: must not be a system or platform namespace (argo, default, jenkins, kube-node-lease, kube-public, kube-system, logging, monitoring, node-exporter, workflows), got 'logging'; give the tenant its own namespace.");
  });
});
