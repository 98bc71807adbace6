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

  it('reads an https URL outside the cluster as HTTPS to any address, the API server\'s included', () => {
    expect(expected).toContain('tools/client -> api-server(10.0.0.10):443/TCP');
  });

  it('follows a Service address in container args, per protocol of the port', () => {
    const peers = [
      { kind: 'Service', metadata: { name: 'mesh', namespace: 'tools' }, spec: { clusterIP: 'None', selector: { app: 'peer' }, ports: [{ port: 9094, targetPort: 'mesh-tcp', protocol: 'TCP' }, { port: 9094, targetPort: 'mesh-udp', protocol: 'UDP' }] } },
      workload('peer', { containers: [{ name: 'p', args: ['--cluster.peer=peer-0.mesh.tools.svc:9094'], ports: [{ name: 'mesh-tcp', containerPort: 9094 }, { name: 'mesh-udp', containerPort: 9094, protocol: 'UDP' }] }] }),
    ];
    expect(expectedConnections(peers, podsOf(peers, CTX.vpcCidr), CTX).map(describeConnection)).toEqual(expect.arrayContaining(['tools/peer -> tools/peer:9094/TCP', 'tools/peer -> tools/peer:9094/UDP']));
  });

  it('reads a Slack or PagerDuty receiver (its URL a Secret file) as HTTPS to the internet', () => {
    const am = [
      { kind: 'ConfigMap', metadata: { name: 'am', namespace: 'tools' }, data: { 'am.yml': 'receivers:\n  - name: s\n    slack_configs:\n      - api_url_file: /etc/am/url\n' } },
      workload('am', { containers: [{ name: 'a' }], volumes: [{ name: 'config', configMap: { name: 'am' } }] }),
    ];
    expect(expectedConnections(am, podsOf(am, CTX.vpcCidr), CTX).map(describeConnection)).toContain('tools/am -> internet(52.216.0.10):443/TCP');
  });

  it('probes no host-network pod, which no NetworkPolicy can guard', () => {
    expect(probeConnections(objects, pods, CTX).filter((c) => c.to.name === 'tools/agent' || c.from.name === 'tools/agent')).toEqual([]);
  });
});
