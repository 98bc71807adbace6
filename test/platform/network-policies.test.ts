import { Testing } from 'cdk8s';
import { PROMETHEUS_PEER_LABELS, METRICS_NAMESPACE } from '../../lib/k8s/network-policy';
import { PlatformChart } from '../../lib/platform/k8s-platform';
import { ACCOUNTS } from '../../stacks/accounts';
import { allows, describeConnection, type Endpoint } from '../support/network-policy';
import { expectedConnections, podsOf, probeConnections, type NetworkContext } from '../support/network-connections';
import { mapSelects } from '../support/k8s-shared';

/** Services any pod of the cluster may send to, each with its reason. */
const CLUSTER_WIDE_SERVICES = [
  { namespace: 'logging', name: 'syslog-ng', reason: "the cluster's central syslog receiver: any application pod may send its syslog" },
];

const CASES = Object.values(ACCOUNTS).flatMap((account) => account.clusters.map((cluster) => {
  const objects = Testing.synth(new PlatformChart(Testing.app(), 'platform', { account, clusterName: cluster.name }));
  const pods = podsOf(objects, cluster.network.vpcCidr);
  const prometheus = pods.find((p) => p.endpoint.kind === 'pod' && p.namespace === METRICS_NAMESPACE && mapSelects(PROMETHEUS_PEER_LABELS, p.endpoint.labels));
  const scraper: Endpoint = prometheus?.endpoint ?? { kind: 'pod', namespace: METRICS_NAMESPACE, labels: { ...PROMETHEUS_PEER_LABELS }, ip: '10.255.255.90', name: 'monitoring/prometheus' };
  const ctx: NetworkContext = { vpcCidr: cluster.network.vpcCidr, scraper, clusterWideServices: CLUSTER_WIDE_SERVICES };
  return { label: `${account.name}/${cluster.name}`, objects, pods, ctx };
}));

describe('platform NetworkPolicies', () => {
  it.each(CASES.map((c) => [c.label, c] as const))('allow every connection the objects of %s name', (_label, { objects, pods, ctx }) => {
    const expected = expectedConnections(objects, pods, ctx);
    expect(expected.length).toBeGreaterThan(pods.length * 2);
    expect(expected.filter((c) => !c.optional && !allows(objects, c)).map((c) => `${describeConnection(c)} (${c.why})`)).toEqual([]);
  });

  it.each(CASES.map((c) => [c.label, c] as const))('open nothing else in %s', (_label, { objects, pods, ctx }) => {
    const expected = new Set(expectedConnections(objects, pods, ctx).map(describeConnection));
    const open = probeConnections(objects, pods, ctx).filter((c) => allows(objects, c) && !expected.has(describeConnection(c)));
    expect([...new Set(open.map(describeConnection))]).toEqual([]);
  });

  it.each(CASES.map((c) => [c.label, c] as const))('derive the connections the logging configs name in %s', (_label, { objects, pods, ctx }) => {
    const expected = expectedConnections(objects, pods, ctx).map(describeConnection);
    expect(expected).toEqual(expect.arrayContaining([
      expect.stringMatching(/^logging\/fluent-bit -> logging\/loki:3100\/TCP$/),
      expect.stringMatching(/^logging\/loki -> logging\/loki:7946\/TCP$/),
      expect.stringMatching(/^logging\/loki -> logging\/loki:9095\/TCP$/),
      expect.stringMatching(/^monitoring\/prometheus -> logging\/fluent-bit:2020\/TCP$/),
    ]));
  });

  it('admit syslog senders from the load balancer source ranges only where a load balancer is configured', () => {
    const production = CASES.find((c) => c.label.startsWith('production/'))!;
    const syslog = production.pods.find((p) => p.endpoint.name === 'logging/syslog-ng')!.endpoint;
    expect(allows(production.objects, { from: { kind: 'ip', ip: '10.1.2.3', name: 'sender' }, to: syslog, port: 5514, protocol: 'UDP' })).toBe(true);
    expect(allows(production.objects, { from: { kind: 'ip', ip: '192.168.1.1', name: 'stranger' }, to: syslog, port: 5514, protocol: 'UDP' })).toBe(false);
  });
});
