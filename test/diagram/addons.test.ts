/**
 * The data-driven add-on part of the platform diagram and the tenancy distinction, on test
 * accounts: the metrics path, add-ons the table does not know, edges to add-ons not enabled,
 * a migration under way, an exceeded IP budget.
 */
import type { AccountConfig } from '../../lib/config';
import { addonDiagramRow } from '../../lib/diagram/addons';
import { addonId, nodeGroupId, platformDot, subnetId } from '../../lib/diagram/platform';
import { TENANCY_STYLE } from '../../lib/diagram/style';
import { serviceRoleName } from '../../lib/names';
import { renderSvg } from '../../stacks/diagram';
import { fullAccount, validAccount } from '../support/fixtures';
import { edges, find, inside, parseSvg, text } from './svg';

async function draw(account: unknown) {
  return parseSvg(await renderSvg(platformDot(account as AccountConfig)));
}

function withAddons(addons: Record<string, unknown>) {
  const a = validAccount();
  (a.clusters[0] as { addons?: unknown }).addons = addons;
  return a;
}

const C = 'platform-test';

describe('platform diagram add-ons', () => {
  it('draws the metrics path when the metrics stack is enabled', async () => {
    const svg = await draw(withAddons({ fluentBit: {}, loki: {}, metrics: {} }));
    expect(edges(svg, 'metrics')).toEqual([
      `addon:${C}:fluentBit->addon:${C}:metrics`,
      `addon:${C}:loki->addon:${C}:metrics`,
      `pods:${C}->addon:${C}:metrics`,
    ]);
  });

  it('draws Grafana reading Loki on the log path', async () => {
    const svg = await draw(withAddons({ loki: {}, metrics: {} }));
    expect(edges(svg, 'logs')).toContain(`addon:${C}:loki->addon:${C}:metrics`);
  });

  it('names Loki\'s roles in mode replicated, and its replica count in mode single-binary', async () => {
    expect(text(find(await draw(withAddons({ loki: { mode: 'replicated', readReplicas: 3, retentionDays: 14 } })), 'node', addonId(C, 'loki'))))
      .toEqual(expect.stringContaining('replicated: 3 write, 3 read, 1 compactor'));
    expect(text(find(await draw(withAddons({ loki: {} })), 'node', addonId(C, 'loki')))).toEqual(expect.stringContaining('single-binary, 1 replica, retention 30 d'));
  });

  it('puts the metrics stack in namespace monitoring', async () => {
    const svg = await draw(withAddons({ metrics: {} }));
    const ns = find(svg, 'cluster', `cluster_ns:${C}:monitoring`);
    expect(inside(find(svg, 'node', addonId(C, 'metrics')), ns)).toBe(true);
  });

  it('leaves out an edge to an add-on that is not enabled', async () => {
    const svg = await draw(withAddons({ fluentBit: {} }));
    expect(edges(svg, 'logs')).toEqual([`pods:${C}->addon:${C}:fluentBit`]);
  });

  it('draws Jenkins in namespace jenkins with its IRSA role', async () => {
    const svg = await draw(withAddons({ jenkins: {} }));
    expect(inside(find(svg, 'node', addonId(C, 'jenkins')), find(svg, 'cluster', `cluster_ns:${C}:jenkins`))).toBe(true);
    expect(edges(svg, 'aws')).toContain(`addon:${C}:jenkins->aws:${serviceRoleName(C, 'jenkins')}`);
  });

  it('draws Argo Workflows in namespace argo', async () => {
    const svg = await draw(withAddons({ argoWorkflows: {} }));
    expect(inside(find(svg, 'node', addonId(C, 'argoWorkflows')), find(svg, 'cluster', `cluster_ns:${C}:argo`))).toBe(true);
  });

  it('draws an add-on the table does not know, labelled with its key, in the namespace its section names', async () => {
    const svg = await draw(withAddons({ velero: { namespace: 'backup' } }));
    const node = find(svg, 'node', addonId(C, 'velero'));
    expect(text(node)).toBe('velero (generic: no row in lib/diagram/addons.ts) addons.velero');
    expect(inside(node, find(svg, 'cluster', `cluster_ns:${C}:backup`))).toBe(true);
  });

  it('draws an unknown add-on without a namespace inside the cluster, outside every namespace', async () => {
    const svg = await draw(withAddons({ velero: {} }));
    const node = find(svg, 'node', addonId(C, 'velero'));
    expect(inside(node, find(svg, 'cluster', `cluster_eks:${C}`))).toBe(true);
    expect(svg.filter((e) => e.kind === 'cluster' && e.title.startsWith(`cluster_ns:${C}:`) && inside(node, e))).toEqual([]);
  });

  it('gives an unknown add-on named like a service identity that identity\'s namespace and IRSA role', () => {
    const row = addonDiagramRow('ebsCsiDriver', {});
    const account = validAccount() as AccountConfig;
    expect({ namespace: row.namespace, resources: row.resources?.({ account, cluster: account.clusters[0], config: {} }) }).toEqual({
      namespace: 'kube-system',
      resources: [{ kind: 'iam-role', name: serviceRoleName(C, 'ebs-csi-driver'), label: 'IRSA kube-system/ebs-csi-controller-sa' }],
    });
  });

  it('skips add-on sections set to undefined', async () => {
    const svg = await draw(withAddons({ loki: undefined }));
    expect(svg.filter((e) => e.id === addonId(C, 'loki'))).toEqual([]);
  });
});

describe('platform diagram tenancy and migration', () => {
  it('tells dedicated and default node groups apart by fill, border count and class', async () => {
    const svg = await draw(fullAccount());
    const look = (group: string) => {
      const n = find(svg, 'node', nodeGroupId(C, group));
      return { tenancy: n.classes.find((c) => c.startsWith('tenancy-')), fill: n.fills[0], outlines: n.shapes };
    };
    expect([look('general'), look('general-shared'), look('batch')]).toEqual([
      { tenancy: 'tenancy-dedicated', fill: TENANCY_STYLE.dedicated.fill, outlines: 2 },
      { tenancy: 'tenancy-default', fill: TENANCY_STYLE.default.fill, outlines: 1 },
      { tenancy: 'tenancy-default', fill: TENANCY_STYLE.default.fill, outlines: 1 },
    ]);
  });

  it('shows each node group\'s part in the migration phase', async () => {
    const svg = await draw(fullAccount());
    expect([text(find(svg, 'node', nodeGroupId(C, 'general'))), text(find(svg, 'node', nodeGroupId(C, 'general-shared')))]).toEqual([
      expect.stringContaining('migration: retiring (twin general-shared), cordoned + drained'),
      expect.stringContaining('migration: twin of general'),
    ]);
  });

  it('shows the migration phase in the cluster label', async () => {
    const svg = await draw(fullAccount());
    expect(text(find(svg, 'cluster', `cluster_eks:${C}`))).toContain("tenancy migration blue-green: phase 'surge' (last applied 'dedicated')");
  });

  it('counts custom and cross-account mappings with the groups and namespaces they reach', async () => {
    const svg = await draw(fullAccount());
    expect(text(find(svg, 'node', `identities:${C}`))).toBe(
      'Identity mappings (EKS access entries + aws-auth ConfigMap) admin 2 principals view 1 principal deploy 2 principals (1 cross-account) ns apps, ns web ' +
      'custom 1 principal group acme:oncall, ns apps nodes 4 node roles system:nodes (always mapped)',
    );
  });

  it('flags a subnet whose IP budget is exceeded', async () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].maxSize = 600;
    const svg = await draw(a);
    const subnet = find(svg, 'node', subnetId(a.clusters[0] as AccountConfig['clusters'][0], a.clusters[0].network.privateSubnets[0] as { id: string; cidr: string }));
    expect({ text: text(subnet), fill: subnet.fills[0] }).toEqual({ text: expect.stringContaining('IP budget exceeded'), fill: '#ffd7d7' });
  });
});

describe('platform diagram networks', () => {
  it('draws a VPC two clusters share once, each subnet once with the budget of both clusters', async () => {
    const a = validAccount();
    const second = structuredClone(a.clusters[0]);
    second.name = 'platform-two';
    a.clusters.push(second);
    const svg = await draw(a);
    const subnets = svg.filter((e) => e.classes.includes('subnet-private'));
    expect({
      vpcs: svg.filter((e) => e.kind === 'cluster' && e.title.startsWith('cluster_vpc:')).map((e) => e.title),
      budgets: subnets.map((e) => e.texts[e.texts.length - 1]),
      placements: edges(svg, 'placement').length,
    }).toEqual({
      vpcs: ['cluster_vpc:vpc-0a1b2c3d4e5f60718'],
      budgets: ['IPs at maxSize: 120 / 8,187 usable (2%)', 'IPs at maxSize: 120 / 8,187 usable (2%)'],
      placements: 4,
    });
  });

  it('names the subnets of a managed VPC by CIDR', async () => {
    const a = validAccount();
    a.clusters[0].network = {
      mode: 'managed', vpcCidr: '10.30.0.0/16',
      privateSubnets: [{ availabilityZone: 'us-east-1a', cidr: '10.30.0.0/19' }, { availabilityZone: 'us-east-1b', cidr: '10.30.32.0/19' }],
    };
    const svg = await draw(a);
    expect(svg.filter((e) => e.classes.includes('subnet-private')).map((e) => `${e.id} ${e.texts[1]}`).sort()).toEqual([
      `subnet:managed:${C}:10.30.0.0/19 (managed)`, `subnet:managed:${C}:10.30.32.0/19 (managed)`,
    ]);
  });

  it('lists in the legend only the edge kinds the diagram draws', async () => {
    const svg = await draw(withAddons({ fluentBit: {} }));
    expect(text(find(svg, 'node', 'legend:edges'))).toBe('———> log path · · · ·> uses AWS resource (IRSA role, bucket, key) · · · ·> node group runs in subnet');
  });
});
