import { Chart, Testing } from 'cdk8s';
import { overrideArguments, overridePodSpecPatch, ScheduledWorkflow, WorkflowTemplate } from '../../../lib/k8s/argo';
import { findObject } from '../../support/find';
import { validateManifests } from '../../support/k8s-validate';
import { NIGHTLY, TEMPLATE } from './fixtures';

/** A PodSpec fragment kubernetes-models' PodSpec schema accepts once `containers[].image`, which a patch leaves out, is filled. */
function assertPodSpecFragment(patch: any): void {
  const pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'batch' },
    spec: { ...patch, containers: (patch.containers ?? [{ name: 'main' }]).map((c: any) => ({ image: 'x:1', ...c })) },
  };
  const schema = validateManifests([pod], { external: [{ kind: 'Namespace', name: 'batch' }] }).filter((v) => v.rule === 'schema');
  expect(schema).toEqual([]);
}

describe('per-use overrides of a shared WorkflowTemplate', () => {
  it('wires podSpecPatch and activeDeadlineSeconds of each shared step to inputs with harmless defaults', () => {
    const chart = Testing.chart() as Chart;
    new WorkflowTemplate(chart, 't', TEMPLATE);
    const template = findObject(Testing.synth(chart), 'WorkflowTemplate', 'report-job', 'batch').spec.templates[0];
    expect(template).toMatchObject({
      inputs: { parameters: [{ name: 'pod-spec-patch', value: '{}' }, { name: 'active-deadline-seconds', value: '1800' }] },
      podSpecPatch: '{{inputs.parameters.pod-spec-patch}}',
      activeDeadlineSeconds: '{{inputs.parameters.active-deadline-seconds}}',
    });
  });

  it('turns a resources override into a patch of the main container', () => {
    const patch = overridePodSpecPatch({ resources: { cpuMillicores: 1000, memoryMiB: 2048 } });
    expect(patch).toEqual({ containers: [{ name: 'main', resources: { requests: { cpu: '1000m', memory: '2048Mi' }, limits: { memory: '2048Mi' } } }] });
    assertPodSpecFragment(patch);
  });

  it('turns an env override into a patch of the main container, Secrets by reference', () => {
    const patch = overridePodSpecPatch({ env: [{ name: 'TOKEN', secret: { name: 'api', key: 'token' } }, { name: 'MODE', value: 'full' }] });
    expect(patch).toEqual({ containers: [{ name: 'main', env: [
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }, { name: 'MODE', value: 'full' },
    ] }] });
    assertPodSpecFragment(patch);
  });

  it('turns a node selector override into a patch of the pod', () => {
    const patch = overridePodSpecPatch({ nodeSelector: { 'acme.io/pool': 'batch' } });
    expect(patch).toEqual({ nodeSelector: { 'acme.io/pool': 'batch' } });
    assertPodSpecFragment(patch);
  });

  it('turns a deadline override into the template field, not the patch', () => {
    expect(overrideArguments({ activeDeadlineSeconds: 900 })).toEqual([{ name: 'active-deadline-seconds', value: '900' }]);
    expect(overridePodSpecPatch({ activeDeadlineSeconds: 900 })).toBeUndefined();
  });

  it('passes the overrides of a step as arguments, the patch as valid JSON of a PodSpec fragment', () => {
    const chart = Testing.chart() as Chart;
    const template = new WorkflowTemplate(chart, 't', TEMPLATE);
    new ScheduledWorkflow(chart, 'w', { ...NIGHTLY, workflowTemplates: [template] });
    const cron = findObject(Testing.synth(chart), 'CronWorkflow', 'nightly-export', 'batch');
    const step = cron.spec.workflowSpec.templates[0].steps[1][0];
    const [patchArg, deadlineArg] = step.arguments.parameters;
    expect(deadlineArg).toEqual({ name: 'active-deadline-seconds', value: '2700' });
    expect(patchArg.name).toBe('pod-spec-patch');
    const patch = JSON.parse(patchArg.value);
    expect(patch).toEqual({
      containers: [{
        name: 'main',
        resources: { requests: { cpu: '1000m', memory: '2048Mi' }, limits: { memory: '2048Mi' } },
        env: [{ name: 'REPORT_TOKEN', valueFrom: { secretKeyRef: { name: 'report-api', key: 'token' } } }],
      }],
      nodeSelector: { 'acme.io/pool': 'batch' },
    });
    assertPodSpecFragment(patch);
  });

  it('passes no arguments without overrides (the template defaults apply)', () => {
    expect(overrideArguments(undefined)).toEqual([]);
    expect(overrideArguments({})).toEqual([]);
  });
});
