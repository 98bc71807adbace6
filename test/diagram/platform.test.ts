/**
 * The platform diagram of both shipped accounts, read back from the rendered SVG: every node
 * group, add-on and subnet of the config is in it, with what the issue asks each to show.
 */
import { effectiveNodeGroups, nodeRoleArns, type AccountConfig, type ExistingNetworkConfig } from '../../lib/config';
import { subnetBudgets } from '../../lib/config/ip-budget';
import { addonDiagramRow, enabledAddons } from '../../lib/diagram/addons';
import { addonId, nodeGroupId, platformDot, subnetId } from '../../lib/diagram/platform';
import { TENANCY_STYLE } from '../../lib/diagram/style';
import { logArchiveBucketName, logArchiveKeyAlias, lokiBucketName, lokiKeyAlias, serviceRoleName, jenkinsDeployRoleName, sopsKeyAlias } from '../../lib/names';
import { ACCOUNTS } from '../../stacks/accounts';
import { renderSvg } from '../../stacks/diagram';
import { edges, find, inside, parseSvg, text, type SvgElement } from './svg';

const rendered = new Map<string, SvgElement[]>();

beforeAll(async () => {
  for (const account of Object.values(ACCOUNTS)) rendered.set(account.name, parseSvg(await renderSvg(platformDot(account))));
});

describe.each(Object.keys(ACCOUNTS))('platform diagram of %s', (name) => {
  const account: AccountConfig = ACCOUNTS[name];
  const cluster = account.clusters[0];
  const svg = () => rendered.get(name)!;

  it('names the account id, region and profile', () => {
    expect(text(find(svg(), 'cluster', `cluster_account:${name}`))).toContain(`${account.accountId} · ${account.region} · profile ${account.profile}`);
  });

  it('labels the cluster with its version, endpoint access and authentication mode', () => {
    const cidrs = cluster.endpoint!.publicAccessCidrs!.join(', ');
    expect(text(find(svg(), 'cluster', `cluster_eks:${cluster.name}`)))
      .toContain(`Kubernetes ${cluster.version} · endpoint: private + public from ${cidrs} · authentication: API_AND_CONFIG_MAP`);
  });

  it('draws every node group with its instance types, sizes, tenancy and tenancy fill', () => {
    const groups = effectiveNodeGroups(cluster);
    for (const g of groups) {
      const node = find(svg(), 'node', nodeGroupId(cluster.name, g.name));
      expect({ classes: node.classes, fill: node.fills[0], text: text(node) }).toEqual({
        classes: expect.arrayContaining(['nodegroup', `tenancy-${g.tenancy}`]),
        fill: TENANCY_STYLE[g.tenancy].fill,
        text: expect.stringContaining(`${g.instanceTypes.join(', ')} · ON_DEMAND · ${g.diskSizeGiB ?? 50} GiB min ${g.minSize} / desired ${g.desiredSize} / max ${g.maxSize} tenancy: ${g.tenancy}`),
      });
    }
    expect(groups.length).toBeGreaterThan(0);
  });

  it('draws every add-on inside the box of its namespace', () => {
    const keys = enabledAddons(cluster);
    expect(keys).toEqual(expect.arrayContaining(['loki', 'fluentBit', 'syslogNg', 'clusterAutoscaler']));
    for (const key of keys) {
      const node = find(svg(), 'node', addonId(cluster.name, key));
      const namespace = addonDiagramRow(key, undefined).namespace;
      if (namespace === undefined) continue; // AWS-only sections (jenkinsDeployRole) sit in the cluster box
      const ns = find(svg(), 'cluster', `cluster_ns:${cluster.name}:${namespace}`);
      expect({ key, inside: inside(node, ns), text: text(node) }).toEqual({ key, inside: true, text: expect.stringContaining(`addons.${key}`) });
    }
  });

  it('draws every subnet with its CIDR, and each private one with its IP budget', () => {
    const budgets = subnetBudgets(account);
    const net = cluster.network as ExistingNetworkConfig;
    for (const s of net.privateSubnets) {
      const b = budgets.find((x) => x.subnet === s.id)!;
      expect(text(find(svg(), 'node', subnetId(cluster, s)))).toBe(
        `private subnet ${s.id} ${s.cidr} IPs at maxSize: ${b.demand.toLocaleString('en-US')} / ${b.usable.toLocaleString('en-US')} usable (${Math.ceil((b.demand / b.usable) * 100)}%)`,
      );
    }
    for (const s of net.publicSubnets ?? []) expect(text(find(svg(), 'node', subnetId(cluster, s)))).toBe(`public subnet ${s.id} ${s.cidr}`);
  });

  it('puts each subnet in the box of its availability zone', () => {
    for (const s of cluster.network.privateSubnets) {
      const az = find(svg(), 'cluster', `cluster_az:${(cluster.network as { vpcId: string }).vpcId}:${s.availabilityZone}`);
      expect(inside(find(svg(), 'node', subnetId(cluster, s)), az)).toBe(true);
    }
  });

  it('counts identity mappings per access kind instead of listing ARNs', () => {
    const identities = text(find(svg(), 'node', `identities:${cluster.name}`));
    for (const kind of ['admin', 'view', 'deploy'] as const) {
      const n = (cluster.identities ?? []).filter((m) => m.access.kind === kind).length;
      expect(identities).toContain(`${kind} ${n} principal${n === 1 ? '' : 's'}`);
    }
    expect(identities).toContain(`nodes ${nodeRoleArns(account, cluster).length} node role`);
    expect(identities).not.toContain('arn:aws:iam');
  });

  it('draws the log path: pods -> fluent-bit -> Loki -> S3 and syslog clients -> syslog-ng -> archive bucket', () => {
    const c = cluster.name;
    expect(edges(svg(), 'logs')).toEqual([
      `addon:${c}:fluentBit->addon:${c}:loki`,
      ...(cluster.addons?.metrics ? [`addon:${c}:loki->addon:${c}:metrics`] : []), // Grafana reads Loki
      `addon:${c}:loki->aws:${lokiBucketName(account.accountId, account.region, c)}`,
      `addon:${c}:syslogNg->aws:${logArchiveBucketName(account.accountId, account.region)}`,
      `pods:${c}->addon:${c}:fluentBit`,
      `syslog-clients->addon:${c}:syslogNg`,
    ]);
  });

  it('draws the AWS resources the add-ons use under the names lib/names.ts gives them', () => {
    const names = svg().filter((e) => e.classes.includes('aws-resource')).map((e) => e.id).sort();
    const { accountId, region } = account;
    expect(names).toEqual([
      lokiKeyAlias(name, cluster.name), logArchiveKeyAlias(name), sopsKeyAlias(name),
      logArchiveBucketName(accountId, region), lokiBucketName(accountId, region, cluster.name),
      serviceRoleName(cluster.name, 'cluster-autoscaler'), serviceRoleName(cluster.name, 'ebs-csi-driver'),
      serviceRoleName(cluster.name, 'loki'), serviceRoleName(cluster.name, 'syslog-archiver'),
      ...(cluster.addons?.jenkins ? [serviceRoleName(cluster.name, 'jenkins')] : []),
      ...(cluster.addons?.jenkinsDeployRole ? [jenkinsDeployRoleName(cluster.name)] : []),
    ].map((n) => `aws:${n}`).sort());
  });

  it('explains both tenancy fills in the legend', () => {
    expect(['dedicated', 'default'].map((t) => find(svg(), 'node', `legend:tenancy-${t}`).fills[0]))
      .toEqual([TENANCY_STYLE.dedicated.fill, TENANCY_STYLE.default.fill]);
  });
});
