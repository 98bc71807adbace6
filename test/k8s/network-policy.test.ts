import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { containerPorts, NetworkPeer, PlatformNetworkPolicies, scrapeEgress } from '../../lib/k8s/network-policy';
import { findAll, findObject } from '../support/find';

function deployment(chart: Chart, name: string, namespace: string, annotations: Record<string, string> = {}) {
  const labels = { app: name };
  return new k8s.KubeDeployment(chart, name, {
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels, annotations }, spec: { containers: [{ name, image: 'x:1', ports: [{ name: 'http', containerPort: 8080 }] }] } },
    },
  });
}

function setup() {
  const chart = Testing.chart();
  const server = deployment(chart, 'server', 'tools', { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100' });
  const client = deployment(chart, 'client', 'tools');
  const agent = deployment(chart, 'agent', 'kube-system');
  new PlatformNetworkPolicies(chart, 'np', {
    apiServerCidrs: ['10.0.0.0/16'],
    access: [
      { workload: server },
      { workload: client, egress: [{ peers: [NetworkPeer.workload(server)], ports: containerPorts(server, 'http') }], kubernetesApi: true },
      { workload: agent, awsApis: true },
    ],
  });
  return Testing.synth(chart);
}

describe('PlatformNetworkPolicies', () => {
  it('denies by default in each namespace of its workloads except kube-system', () => {
    expect(findAll(setup(), 'NetworkPolicy').filter((p) => p.metadata.name === 'default-deny').map((p) => p.metadata.namespace)).toEqual(['tools']);
  });

  it('opens the server to a client that declares an egress to it', () => {
    expect(findObject(setup(), 'NetworkPolicy', 'server', 'tools').spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } }, podSelector: { matchLabels: { app: 'client' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    });
  });

  it('admits Prometheus on the annotated scrape port', () => {
    expect(findObject(setup(), 'NetworkPolicy', 'server', 'tools').spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: [{ port: 9100, protocol: 'TCP' }],
    });
  });

  it('lets every workload resolve names, and the API caller reach the API server on 443', () => {
    const egress = findObject(setup(), 'NetworkPolicy', 'client', 'tools').spec.egress;
    expect(egress[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ port: 443, protocol: 'TCP' }] });
  });

  it('lets an AWS caller reach any address on 443 only', () => {
    expect(findObject(setup(), 'NetworkPolicy', 'agent', 'kube-system').spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] });
  });

  it('throws naming the ports a workload has when a rule names another', () => {
    const chart = Testing.chart();
    expect(() => containerPorts(deployment(chart, 'server', 'tools'), 'grpc')).toThrow("containerPorts: Deployment 'server' has no container port 'grpc'; it has http.");
  });

  it('gives a scraper egress to each annotated workload, a host-network one through the node addresses', () => {
    const chart = Testing.chart();
    const server = deployment(chart, 'server', 'tools', { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100' });
    const plain = deployment(chart, 'plain', 'tools');
    const agent = new k8s.KubeDaemonSet(chart, 'agent', {
      metadata: { name: 'agent', namespace: 'nodes' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' }, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9101' } }, spec: { hostNetwork: true, containers: [{ name: 'a', image: 'x:1' }] } } },
    });
    const egress = scrapeEgress([{ workload: server }, { workload: plain }, { workload: agent }], ['10.0.0.0/16']);
    expect(egress.map((a) => ({ peers: a.peers.map((p) => p.peer), ports: a.ports }))).toEqual([
      { peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } }, podSelector: { matchLabels: { app: 'server' } } }], ports: [{ port: 9100 }] },
      { peers: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ port: 9101 }] },
    ]);
  });

  it('renders no policy for a host-network workload, which no policy can guard', () => {
    const chart = Testing.chart();
    const agent = new k8s.KubeDaemonSet(chart, 'agent', {
      metadata: { name: 'agent', namespace: 'nodes' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { hostNetwork: true, containers: [{ name: 'a', image: 'x:1' }] } } },
    });
    new PlatformNetworkPolicies(chart, 'np', { apiServerCidrs: ['10.0.0.0/16'], access: [{ workload: agent }] });
    expect(findAll(Testing.synth(chart), 'NetworkPolicy')).toEqual([]);
  });
});
