/**
 * The peers the metrics, Jenkins and Argo add-ons declare, as PlatformChart renders them: what
 * issue 12 promised for Jenkins's controller survives its move to PlatformNetworkPolicies, its
 * agents get a policy of their own, and Alertmanager opens only what its configuration uses.
 */
import { Testing } from 'cdk8s';
import type { AccountConfig } from '../../lib/config';
import { PlatformChart } from '../../lib/platform/k8s-platform';
import { sandbox } from '../../stacks/accounts/sandbox';
import type { Draft } from '../support/fixtures';
import { findObject } from '../support/find';

const synth = (account: AccountConfig) => Testing.synth(new PlatformChart(Testing.app(), 'platform', { account }));
const tcp = (port: number) => ({ port, protocol: 'TCP' });
const cidr = (c: string) => ({ ipBlock: { cidr: c } });
const VPC = sandbox.clusters[0].network.vpcCidr;

describe('Jenkins NetworkPolicies in the platform', () => {
  const objects = synth(sandbox);

  it('renders one policy for the controller, the platform one', () => {
    expect(objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'jenkins').map((o) => o.metadata.name).sort())
      .toEqual(['default-deny', 'jenkins', 'jenkins-agents']);
  });

  it('admits the agents on the HTTP port', () => {
    expect(findObject(objects, 'NetworkPolicy', 'jenkins', 'jenkins').spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jenkins' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'jenkins-agent' } } }],
      ports: [tcp(8080)],
    });
  });

  it('lets the controller reach the API server and, for update sites and AWS, HTTPS anywhere', () => {
    expect(findObject(objects, 'NetworkPolicy', 'jenkins', 'jenkins').spec.egress).toEqual(expect.arrayContaining([
      { to: [cidr(VPC)], ports: [tcp(443)] },
      { to: [cidr('0.0.0.0/0')], ports: [tcp(443)] },
    ]));
  });

  it('admits a configured internal load balancer from its source ranges and the VPC', () => {
    const a = structuredClone(sandbox) as Draft<AccountConfig>;
    a.clusters[0].addons!.jenkins = { ...a.clusters[0].addons!.jenkins, exposure: { kind: 'internal-load-balancer', sourceRanges: ['10.99.0.0/16'] } };
    expect(findObject(synth(a as AccountConfig), 'NetworkPolicy', 'jenkins', 'jenkins').spec.ingress).toContainEqual({ from: [cidr('10.99.0.0/16'), cidr(VPC)], ports: [tcp(8080)] });
  });

  it("lets the agents reach the controller's HTTP port and HTTPS anywhere, and nothing reach them", () => {
    const agents = findObject(objects, 'NetworkPolicy', 'jenkins-agents', 'jenkins');
    expect(agents.spec).toMatchObject({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'jenkins-agent' } }, policyTypes: ['Ingress', 'Egress'] });
    expect(agents.spec.ingress).toBeUndefined();
    expect(agents.spec.egress.slice(1)).toEqual([
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jenkins' } }, podSelector: { matchLabels: findObject(objects, 'StatefulSet', 'jenkins', 'jenkins').spec.selector.matchLabels } }], ports: [tcp(8080)] },
      { to: [cidr('0.0.0.0/0')], ports: [tcp(443)] },
    ]);
  });

  it('also opens the agent port to the agents in tunnel mode', () => {
    const a = structuredClone(sandbox) as Draft<AccountConfig>;
    a.clusters[0].addons!.jenkins = { ...a.clusters[0].addons!.jenkins, agentMode: 'tunnel' };
    const objs = synth(a as AccountConfig);
    expect(findObject(objs, 'NetworkPolicy', 'jenkins-agents', 'jenkins').spec.egress[1].ports).toEqual([tcp(8080), tcp(50000)]);
    expect(findObject(objs, 'NetworkPolicy', 'jenkins', 'jenkins').spec.ingress[0].ports).toEqual([tcp(8080), tcp(50000)]);
  });
});

describe('Alertmanager NetworkPolicy', () => {
  it('opens no gossip for a single replica and no HTTPS without receivers', () => {
    const a = structuredClone(sandbox) as Draft<AccountConfig>;
    a.clusters[0].addons!.metrics = { ...a.clusters[0].addons!.metrics, alertmanager: { replicas: 1 } };
    const egress = findObject(synth(a as AccountConfig), 'NetworkPolicy', 'alertmanager', 'monitoring').spec.egress;
    expect(egress).toHaveLength(1);
    expect(egress[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, tcp(53)]);
  });
});

describe('Argo NetworkPolicies', () => {
  it('lets argo-server reach its SSO issuer over HTTPS only in auth mode sso', () => {
    const a = structuredClone(sandbox) as Draft<AccountConfig>;
    a.clusters[0].addons!.argoWorkflows = { ...a.clusters[0].addons!.argoWorkflows, authMode: 'sso', sso: { issuer: 'https://login.example.com', redirectUrl: 'https://argo.example.com/oauth2/callback', clientSecretName: 'argo-sso' } };
    expect(findObject(synth(a as AccountConfig), 'NetworkPolicy', 'argo-server', 'argo').spec.egress).toContainEqual({ to: [cidr('0.0.0.0/0')], ports: [tcp(443)] });
    expect(findObject(synth(sandbox), 'NetworkPolicy', 'argo-server', 'argo').spec.egress).not.toContainEqual({ to: [cidr('0.0.0.0/0')], ports: [tcp(443)] });
  });

  it('puts no default-deny in the workflow namespaces, whose pods are the users\'', () => {
    expect(synth(sandbox).filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'batch')).toEqual([]);
  });
});
