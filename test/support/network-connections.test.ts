import { describeConnection } from './network-policy';
import { expectedConnections, podsOf, probeConnections, type NetworkContext } from './network-connections';

const CTX: NetworkContext = {
  vpcCidr: '10.0.0.0/16',
  scraper: { kind: 'pod', namespace: 'monitoring', labels: { app: 'prometheus' }, ip: '10.0.255.1', name: 'monitoring/prometheus' },
  clusterWideServices: [],
};

function workload(name: string, spec: object, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'tools' },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name }, annotations }, spec: { automountServiceAccountToken: false, ...spec } } },
  };
}

describe('expected connections', () => {
  const objects = [
    { kind: 'ConfigMap', metadata: { name: 'client-config', namespace: 'tools' }, data: { 'c.yaml': 'server:\n  host: server.tools.svc.cluster.local\n  port: 80\nwebhook: https://hooks.example.com/x\n' } },
    { kind: 'Service', metadata: { name: 'server', namespace: 'tools' }, spec: { selector: { app: 'server' }, ports: [{ port: 80, targetPort: 'http' }] } },
    workload('client', { containers: [{ name: 'c' }], volumes: [{ name: 'config', configMap: { name: 'client-config' } }] }),
    workload('server', { containers: [{ name: 's', ports: [{ name: 'http', containerPort: 8080 }] }] }, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' }),
    workload('agent', { hostNetwork: true, containers: [{ name: 'a', ports: [{ containerPort: 9100 }] }] }, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100' }),
  ];
  const pods = podsOf(objects, CTX.vpcCidr);
  const expected = expectedConnections(objects, pods, CTX).map(describeConnection);

  it('follows a Service address and its port in a mounted config to the target port', () => {
    expect(expected).toContain('tools/client -> tools/server:8080/TCP');
  });

  it('reads an https URL outside the cluster as a connection to the internet', () => {
    expect(expected).toContain('tools/client -> internet(52.216.0.10):443/TCP');
  });

  it('scrapes annotated pods, a host-network one at its node address', () => {
    expect(expected).toEqual(expect.arrayContaining(['monitoring/prometheus -> tools/server:8080/TCP', 'monitoring/prometheus -> tools/agent:9100/TCP']));
  });

  it('probes no host-network pod, which no NetworkPolicy can guard', () => {
    expect(probeConnections(objects, pods, CTX).filter((c) => c.to.name === 'tools/agent' || c.from.name === 'tools/agent')).toEqual([]);
  });
});
