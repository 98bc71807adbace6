import { Testing } from 'cdk8s';
import { buildApp, problems } from '../examples/own-chart';
import { assertValidManifests } from './support/k8s-validate';

describe('examples/own-chart', () => {
  it('validates its account without problems', () => {
    expect(problems).toEqual([]);
  });

  it('synthesizes objects a real API server accepts', () => {
    const app = buildApp(Testing.app().outdir);
    const objects = app.charts.flatMap((c) => c.toJson());
    expect(objects.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'RoleBinding', 'StorageClass']);
    assertValidManifests(objects, { external: [{ kind: 'Namespace', name: 'shop' }] });
  });
});
