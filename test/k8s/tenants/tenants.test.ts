import { ApiObject, Testing } from 'cdk8s';
import { assertTenantNamespacesOwned, Tenant, type TenantProps } from '../../../lib/k8s/tenants';
import { NetworkPeer } from '../../../lib/k8s/network-policy';
import { findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';
import { allows, type Endpoint } from '../../support/network-policy';

const IDENTITIES: TenantProps['identities'] = [
  { arn: 'arn:aws:iam::111122223333:role/ci', access: { kind: 'deploy', namespaces: ['payments'] } },
  { arn: 'arn:aws:iam::111122223333:role/oncall', access: { kind: 'custom', groups: ['payments:oncall', 'payments:leads'] } },
];

function synth(props: Partial<TenantProps> = {}) {
  const chart = Testing.chart();
  new Tenant(chart, 'payments', { name: 'payments', identities: IDENTITIES, ...props });
  return Testing.synth(chart);
}

const pod = (namespace: string, labels: Record<string, string> = { app: 'x' }, ip = '10.0.9.9'): Endpoint => ({ kind: 'pod', namespace, labels, ip, name: `${namespace}/pod` });

describe('Tenant', () => {
  it('renders objects a real API server accepts', () => {
    assertValidManifests(synth({ viewers: ['arn:aws:iam::111122223333:role/oncall'], egressCidrs: ['10.30.0.0/16'], ingressControllerNamespaces: ['ingress-nginx'] }));
  });

  it('enforces restricted by default, audits and warns restricted', () => {
    expect(findObject(synth(), 'Namespace', 'payments').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'eks-platform.io/tenant': 'payments',
    });
  });

  it('enforces baseline with its reason on the Namespace', () => {
    const ns = findObject(synth({ podSecurity: 'baseline', podSecurityReason: 'the vendor image runs as root' }), 'Namespace', 'payments');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(ns.metadata.annotations).toEqual({ 'eks-platform.io/pod-security-reason': 'the vendor image runs as root' });
  });

  it('uses its own namespace when one is given', () => {
    expect(findObject(synth({ namespace: 'pay' }), 'ResourceQuota', 'tenant-quota').metadata.namespace).toBe('pay');
  });

  it('quotas requests, memory limits, pods, claims and storage with defaults, and forbids load balancers and node ports', () => {
    expect(findObject(synth({ quota: { pods: 20 } }), 'ResourceQuota', 'tenant-quota').spec.hard).toEqual({
      'requests.cpu': '4000m', 'requests.memory': '8192Mi', 'limits.memory': '8192Mi', pods: 20,
      persistentvolumeclaims: 10, 'requests.storage': '200Gi', 'services.loadbalancers': 0, 'services.nodeports': 0,
    });
  });

  it('gives containers that say nothing a CPU request and a memory request and limit, and caps memory', () => {
    expect(findObject(synth({ limits: { maxMemoryMiB: 2048 } }), 'LimitRange', 'tenant-limits').spec.limits).toEqual([{
      type: 'Container', default: { memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '256Mi' }, max: { memory: '2048Mi' },
    }]);
  });

  it('binds its viewers\' groups to read rights in the namespace only, without Secrets or cluster-scoped resources', () => {
    const objects = synth({ viewers: ['arn:aws:iam::111122223333:role/oncall'] });
    expect(findObject(objects, 'RoleBinding', 'tenant-view', 'payments').subjects.map((s: any) => s.name)).toEqual(['payments:leads', 'payments:oncall']);
    const resources = findObject(objects, 'Role', 'tenant-view', 'payments').rules.flatMap((r: any) => r.resources);
    expect(resources).toEqual(expect.arrayContaining(['pods', 'pods/log', 'deployments']));
    expect(resources).not.toEqual(expect.arrayContaining(['secrets']));
    expect(resources.filter((r: string) => ['nodes', 'namespaces', 'persistentvolumes'].includes(r))).toEqual([]);
  });

  it('renders no view binding without viewers', () => {
    expect(synth().filter((o) => o.kind === 'RoleBinding')).toEqual([]);
  });

  describe('network', () => {
    const objects = synth({
      ingressControllerNamespaces: ['ingress-nginx'],
      egressCidrs: ['10.30.0.0/16'],
      platformEgress: [{ peers: [NetworkPeer.pods('logging', { app: 'syslog-ng' })], ports: [{ port: 5514, protocol: 'UDP' }] }],
    });
    const inside = pod('payments');

    it.each<[string, Endpoint, Endpoint, number, 'TCP' | 'UDP', boolean]>([
      ['a pod of the same namespace', pod('payments', { app: 'y' }, '10.0.9.10'), inside, 8080, 'TCP', true],
      ['the ingress controller', pod('ingress-nginx'), inside, 8080, 'TCP', true],
      ['Prometheus in monitoring', pod('monitoring', { 'app.kubernetes.io/name': 'prometheus' }), inside, 9090, 'TCP', true],
      ['Grafana in monitoring', pod('monitoring', { 'app.kubernetes.io/name': 'grafana' }), inside, 9090, 'TCP', false],
      ['another tenant', pod('other'), inside, 8080, 'TCP', false],
      ['the internet', { kind: 'ip', ip: '8.8.8.8', name: 'internet' }, inside, 8080, 'TCP', false],
    ])('admits %s: %s', (_what, from, to, port, protocol, expected) => {
      expect(allows(objects, { from, to, port, protocol })).toBe(expected);
    });

    it.each<[string, Endpoint, number, 'TCP' | 'UDP', boolean]>([
      ['DNS', { kind: 'pod', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ip: '10.0.0.2', name: 'dns' }, 53, 'UDP', true],
      ['a listed CIDR', { kind: 'ip', ip: '10.30.1.1', name: 'db' }, 5432, 'TCP', true],
      ['the central syslog-ng', pod('logging', { app: 'syslog-ng' }), 5514, 'UDP', true],
      ['Loki', pod('logging', { app: 'loki' }), 3100, 'TCP', false],
      ['the internet', { kind: 'ip', ip: '8.8.8.8', name: 'internet' }, 443, 'TCP', false],
      ['the instance metadata service', { kind: 'ip', ip: '169.254.169.254', name: 'imds' }, 80, 'TCP', false],
    ])('lets pods reach %s: %s', (_what, to, port, protocol, expected) => {
      expect(allows(objects, { from: inside, to, port, protocol })).toBe(expected);
    });
  });

  it('throws with every problem of its props', () => {
    expect(() => synth({ podSecurity: 'baseline', viewers: ['arn:aws:iam::111122223333:role/ci'] })).toThrow(
      "Tenant 'payments': 'podSecurityReason' is required with podSecurity 'baseline': say why the tenant's pods cannot meet 'restricted'.\n"
      + "Tenant 'payments': 'viewers[0]' 'arn:aws:iam::111122223333:role/ci' has 'deploy' access; a tenant's viewers need 'custom' access (its groups get read rights in the tenant).",
    );
  });

  it('throws when another object of the chart sits in its namespace', () => {
    const chart = Testing.chart();
    const tenant = new Tenant(chart, 'payments', { name: 'payments' });
    new ApiObject(chart, 'agents', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'jenkins-agent', namespace: 'payments' } });
    expect(() => assertTenantNamespacesOwned(chart, [tenant], [])).toThrow("Tenant 'payments': namespace 'payments' is also used by ServiceAccount jenkins-agent; give the tenant a namespace of its own.");
  });
});
