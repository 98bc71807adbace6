import { App, Testing } from 'cdk8s';
import { PlatformChart, podSecurityLevel, selectCluster } from '../../lib/platform/k8s-platform';
import { BUILTIN_NAMESPACES, nodeRoleArns, type AccountConfig } from '../../lib/config';
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
    // Secrets created outside the library (SOPS, External Secrets) that the charts reference.
    for (const cluster of account.clusters) {
      const chart = new PlatformChart(Testing.app(), 'platform', { account, clusterName: cluster.name });
      const external = [...(chart.metrics?.externalSecrets ?? []), ...(chart.jenkins ? [{ kind: 'Secret', namespace: 'jenkins', name: 'jenkins-admin' }] : [])];
      assertValidManifests(Testing.synth(chart), { external });
    }
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

  it.each(Object.keys(ACCOUNTS))('creates a Namespace for every namespace of account %s, each before every object in it', (name) => {
    const account = ACCOUNTS[name];
    for (const cluster of account.clusters) {
      const objects = synth(account, cluster.name);
      const builtin: readonly string[] = BUILTIN_NAMESPACES;
      const used = [...new Set(objects.map((o) => o.metadata.namespace).filter((ns): ns is string => !!ns && !builtin.includes(ns)))].sort();
      expect(findAll(objects, 'Namespace').map((n) => n.metadata.name).sort()).toEqual(used);
      objects.forEach((o, i) => {
        const ns = o.metadata.namespace;
        if (!ns || builtin.includes(ns)) return;
        const nsIndex = objects.findIndex((x) => x.kind === 'Namespace' && x.metadata.name === ns);
        expect({ object: `${o.kind} ${ns}/${o.metadata.name}`, after: nsIndex < i }).toEqual({ object: `${o.kind} ${ns}/${o.metadata.name}`, after: true });
      });
    }
  });

  it('renders the same objects in the same order every time', () => {
    expect(synth(ACCOUNTS.production)).toEqual(synth(ACCOUNTS.production));
  });

  it('leaves nothing in the app when the account is invalid', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const account = validAccount();
    account.profile = '';
    expect(() => new PlatformChart(app, 'platform', { account: account as AccountConfig })).toThrow("Account 'test' has 1 configuration problem:\n  - profile:");
    expect(app.charts).toEqual([]);
  });

  it('skips validateAccount() with skipValidation, but its constructs still refuse what they cannot render safely', () => {
    const account = validAccount();
    account.profile = '';
    expect(() => Testing.synth(new PlatformChart(Testing.app(), 'platform', { account: account as AccountConfig, skipValidation: true }))).not.toThrow();
    account.clusters[0].identities![1].access = { kind: 'custom', groups: ['system:masters'] };
    expect(() => new PlatformChart(Testing.app(), 'platform', { account: account as AccountConfig, skipValidation: true }))
      .toThrow("AwsAuth 'aws-auth': 'identities[1].access.groups[0]' must not be a 'system:' group, got 'system:masters'; use access kind 'admin' for cluster administrators.");
  });

  it("throws on a chart-wide namespace, which would move cluster-scoped objects and Namespaces into it", () => {
    const props = { account: ACCOUNTS.sandbox, namespace: 'platform' } as unknown as ConstructorParameters<typeof PlatformChart>[2];
    expect(() => new PlatformChart(Testing.app(), 'platform', props))
      .toThrow("PlatformChart: 'namespace' must not be set, got 'platform': it would move every object, cluster-scoped ones and Namespaces included, into one namespace. Each object already has its own.");
  });
});

describe('namespace Pod Security', () => {
  const objects = Testing.synth(new PlatformChart(Testing.app(), 'platform', { account: ACCOUNTS.production }));
  const labels = (ns: string) => findObject(objects, 'Namespace', ns).metadata.labels;

  it('enforces baseline where no pod of the chart needs the host, and audits and warns restricted', () => {
    const untenanted = Testing.synth(new PlatformChart(Testing.app(), 'platform', { account: validAccount() as AccountConfig }));
    expect(findObject(untenanted, 'Namespace', 'apps').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('lets the logging namespace run fluent-bit, which mounts node log directories', () => {
    expect(labels('logging')['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  it('classifies host use in every pod shape', () => {
    const pod = (spec: object) => ({ kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'c' }], ...spec } } } });
    expect(podSecurityLevel([pod({})])).toBe('baseline');
    expect(podSecurityLevel([pod({ hostNetwork: true })])).toBe('privileged');
    expect(podSecurityLevel([pod({ volumes: [{ name: 'v', hostPath: { path: '/var/log' } }] })])).toBe('privileged');
    expect(podSecurityLevel([pod({ containers: [{ name: 'c', securityContext: { privileged: true } }] })])).toBe('privileged');
    expect(podSecurityLevel([{ kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 80 }] }] } } } } } }])).toBe('privileged');
  });
});
