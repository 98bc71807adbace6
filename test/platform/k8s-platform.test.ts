import { Testing } from 'cdk8s';
import { PlatformChart, selectCluster } from '../../lib/platform/k8s-platform';
import { nodeRoleArns, type AccountConfig } from '../../lib/config';
import { ACCOUNTS } from '../../stacks/accounts';
import { assertValidManifests } from '../support/k8s-validate';
import { findAll, findObject } from '../support/find';
import { validAccount, validCluster } from '../support/fixtures';
import { parse } from 'yaml';

function synth(account: AccountConfig, clusterName?: string): any[] {
  return Testing.synth(new PlatformChart(Testing.app(), 'platform', { account, clusterName }));
}

describe('PlatformChart', () => {
  it.each(Object.keys(ACCOUNTS))('renders objects of account %s that a real API server accepts', (name) => {
    const account = ACCOUNTS[name];
    for (const cluster of account.clusters) assertValidManifests(synth(account, cluster.name));
  });

  it.each(Object.keys(ACCOUNTS))('maps every node role of account %s in aws-auth', (name) => {
    const account = ACCOUNTS[name];
    const cluster = account.clusters[0];
    const roles = parse(findObject(synth(account), 'ConfigMap', 'aws-auth', 'kube-system').data.mapRoles);
    const nodeRoles = roles.filter((r: any) => r.groups.includes('system:nodes')).map((r: any) => r.rolearn);
    expect(nodeRoles).toEqual(nodeRoleArns(account, cluster));
    expect(nodeRoles).toHaveLength(cluster.nodeGroups.length);
  });

  it('creates the namespaces its objects use, before the objects', () => {
    const objects = synth(validAccount() as AccountConfig);
    expect(findAll(objects, 'Namespace').map((n) => n.metadata.name)).toEqual(['apps']);
    const nsIndex = objects.findIndex((o) => o.kind === 'Namespace');
    const bindingIndex = objects.findIndex((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'apps');
    expect(nsIndex).toBeLessThan(bindingIndex);
  });

  it('labels every object with its account and cluster', () => {
    for (const o of synth(validAccount() as AccountConfig)) {
      expect(o.metadata.labels).toMatchObject({ 'eks-platform.io/account': 'test', 'eks-platform.io/cluster': 'platform-test' });
    }
  });

  it('throws with every configuration problem before creating anything', () => {
    const account = validAccount();
    account.accountId = '42';
    expect(() => synth(account as AccountConfig)).toThrow("Account 'test' has 1 configuration problem:\n  - accountId: must be the 12-digit AWS account id");
  });

  it('throws when an account with several clusters is rendered without a cluster name', () => {
    const account = validAccount();
    const second = validCluster('platform-two');
    account.clusters.push(second);
    expect(() => selectCluster(account as AccountConfig)).toThrow("PlatformChart: account 'test' has 2 clusters (platform-test, platform-two); set 'clusterName' to one of them.");
    expect(() => selectCluster(account as AccountConfig, 'nope')).toThrow("PlatformChart: account 'test' has no cluster 'nope'; its clusters are platform-test, platform-two.");
  });
});
