import { Testing } from 'cdk8s';
import { PlatformChart } from '../../../lib/platform/k8s-platform';
import { ACCOUNTS } from '../../../stacks/accounts';
import { findAll } from '../../support/find';
import { validateManifests } from '../../support/k8s-validate';
import { removedArgoKeys } from './removed-keys';

describe.each(Object.keys(ACCOUNTS))('account %s', (name) => {
  const objects = Testing.synth(new PlatformChart(Testing.app(), 'platform', { account: ACCOUNTS[name] }));
  const crons = findAll(objects, 'CronWorkflow');

  it('installs Argo and at least two scheduled workflows', () => {
    expect(findAll(objects, 'Deployment').map((d) => d.metadata.name)).toEqual(expect.arrayContaining(['workflow-controller', 'argo-server']));
    expect(crons.length).toBeGreaterThanOrEqual(2);
  });

  it('runs one scheduled workflow from a shared WorkflowTemplate with overrides', () => {
    const templates = findAll(objects, 'WorkflowTemplate').map((t) => t.metadata.name);
    const uses = crons.flatMap((c) => c.spec.workflowSpec.templates.flatMap((t: any) => (t.steps ?? []).flat()))
      .filter((s: any) => s.templateRef && templates.includes(s.templateRef.name) && s.arguments?.parameters?.length);
    expect(uses.length).toBeGreaterThanOrEqual(1);
  });

  it('writes every CRD before the first Argo object', () => {
    const lastCrd = Math.max(...objects.map((o, i) => (o.kind === 'CustomResourceDefinition' ? i : -1)));
    expect(objects.findIndex((o) => o.apiVersion === 'argoproj.io/v1alpha1')).toBeGreaterThan(lastCrd);
  });

  it('passes the Argo 4 schema and uses no removed key in any Argo object', () => {
    const argo = objects.filter((o) => o.apiVersion === 'argoproj.io/v1alpha1');
    expect(validateManifests(objects).filter((v) => /CronWorkflow|WorkflowTemplate|Workflow /.test(v.object))).toEqual([]);
    expect(argo.flatMap(removedArgoKeys)).toEqual([]);
  });
});
