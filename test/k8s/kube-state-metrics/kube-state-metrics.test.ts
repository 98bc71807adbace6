import { Chart, Testing } from 'cdk8s';
import { KubeStateMetrics, KUBE_STATE_METRICS_IMAGE } from '../../../lib/k8s/kube-state-metrics';
import { findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

function synth(props = {}): any[] {
  const chart = Testing.chart() as Chart;
  new KubeStateMetrics(chart, 'ksm', props);
  return Testing.synth(chart);
}

describe('KubeStateMetrics', () => {
  it('passes the manifest validator', () => {
    assertValidManifests(synth(), { external: [{ kind: 'Namespace', name: 'monitoring' }] });
  });

  it('may only list and watch, and never Secrets or ConfigMaps', () => {
    const rules = findObject(synth(), 'ClusterRole', 'kube-state-metrics').rules;
    expect(rules.every((r: any) => r.verbs.join() === 'list,watch')).toBe(true);
    expect(rules.flatMap((r: any) => r.resources)).not.toEqual(expect.arrayContaining(['secrets']));
    expect(rules.flatMap((r: any) => r.resources)).not.toEqual(expect.arrayContaining(['configmaps']));
  });

  it('collects exactly the kinds its ClusterRole can list', () => {
    const objects = synth();
    const granted = findObject(objects, 'ClusterRole', 'kube-state-metrics').rules.flatMap((r: any) => r.resources).sort();
    const args: string[] = findObject(objects, 'Deployment', 'kube-state-metrics').spec.template.spec.containers[0].args;
    expect(args.find((a) => a.startsWith('--resources='))).toBe(`--resources=${granted.join(',')}`);
  });

  it('runs the pinned image non-root with probes on both ports', () => {
    const c = findObject(synth(), 'Deployment', 'kube-state-metrics').spec.template.spec.containers[0];
    expect(c.image).toBe(KUBE_STATE_METRICS_IMAGE);
    expect([c.livenessProbe.httpGet, c.readinessProbe.httpGet]).toEqual([{ path: '/livez', port: 'http-metrics' }, { path: '/readyz', port: 'telemetry' }]);
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('throws for bad props, naming each field', () => {
    expect(() => synth({ resources: { cpuMillicores: 0 } })).toThrow("KubeStateMetrics 'ksm': 'resources.cpuMillicores' must be a whole number from 1 to 256000, got 0.");
  });
});
