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

describe('examples/platform-chart', () => {
  it('synthesizes a cluster platform whose objects a real API server accepts', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildApp } = require('../examples/platform-chart') as typeof import('../examples/platform-chart');
    const objects = buildApp(Testing.app().outdir).charts.flatMap((c) => c.toJson());
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual(['logging']);
    assertValidManifests(objects);
  });
});
