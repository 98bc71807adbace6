import { Chart, Testing } from 'cdk8s';
import { FluentBit, LokiEndpoint, PlatformNamespace } from '../../../lib/k8s';
import { findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

describe('PlatformNamespace', () => {
  it('labels a namespace as PlatformChart does, baseline by default', () => {
    const chart = new Chart(Testing.app(), 'apps');
    new PlatformNamespace(chart, 'shop', { name: 'shop' });
    expect(findObject(Testing.synth(chart), 'Namespace', 'shop').metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'eks-platform',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('gives a standalone FluentBit in its own chart its Namespace, privileged for its hostPath pods', () => {
    const chart = new Chart(Testing.app(), 'logs');
    new FluentBit(chart, 'fluent-bit', { namespace: 'team-logs', loki: LokiEndpoint.fromUrl('http://loki-gateway.loki.svc.cluster.local') });
    const created = PlatformNamespace.forObjectsOf(chart);
    const objects = Testing.synth(chart);
    expect(created.map((ns) => [ns.name, ns.enforce])).toEqual([['team-logs', 'privileged']]);
    expect(findObject(objects, 'Namespace', 'team-logs').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(objects[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'team-logs' } });
    assertValidManifests(objects);
  });

  it('creates no Namespace that the chart already has or that every cluster has', () => {
    const chart = new Chart(Testing.app(), 'apps');
    new PlatformNamespace(chart, 'shop', { name: 'shop', enforce: 'restricted' });
    new FluentBit(chart, 'fluent-bit', { namespace: 'shop', loki: LokiEndpoint.fromUrl('http://loki.shop.svc.cluster.local') });
    new FluentBit(chart, 'fluent-bit-system', { namespace: 'kube-system', loki: LokiEndpoint.fromUrl('http://loki.shop.svc.cluster.local') });
    expect(PlatformNamespace.forObjectsOf(chart)).toEqual([]);
  });

  it('rejects a name that is not a DNS-1123 label', () => {
    const chart = new Chart(Testing.app(), 'apps');
    expect(() => new PlatformNamespace(chart, 'bad', { name: 'Team_Logs' })).toThrow("PlatformNamespace 'bad': 'name' must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got \"Team_Logs\".");
  });

  it('rejects an unknown Pod Security level', () => {
    const chart = new Chart(Testing.app(), 'apps');
    expect(() => new PlatformNamespace(chart, 'ns', { name: 'shop', enforce: 'strict' as never })).toThrow("PlatformNamespace 'ns': 'enforce' must be one of privileged, baseline, restricted, got \"strict\".");
  });
});
