import { Chart, Testing } from 'cdk8s';
import { NodeExporter, NODE_EXPORTER_IMAGE } from '../../../lib/k8s/node-exporter';
import { podSecurityLevel } from '../../../lib/platform/k8s-platform';
import { findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

function synth(props = {}): any[] {
  const chart = Testing.chart() as Chart;
  new NodeExporter(chart, 'nodes', props);
  return Testing.synth(chart);
}

function podSpec(objects: any[]): any {
  return findObject(objects, 'DaemonSet', 'node-exporter').spec.template.spec;
}

describe('NodeExporter', () => {
  it('passes the manifest validator', () => {
    assertValidManifests(synth(), { external: [{ kind: 'Namespace', name: 'node-exporter' }] });
  });

  it('runs on every node: host network and PID, every taint tolerated, evicted last', () => {
    expect(podSpec(synth())).toMatchObject({
      hostNetwork: true, hostPID: true, tolerations: [{ operator: 'Exists' }], priorityClassName: 'system-node-critical', automountServiceAccountToken: false,
    });
  });

  it('mounts only /proc, /sys and / of the host, read-only', () => {
    const spec = podSpec(synth());
    expect(spec.volumes.map((v: any) => v.hostPath.path)).toEqual(['/proc', '/sys', '/']);
    expect(spec.containers[0].volumeMounts.every((m: any) => m.readOnly === true)).toBe(true);
    expect(spec.containers[0].args).toEqual(expect.arrayContaining(['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root']));
  });

  it('runs the pinned image as nobody, without capabilities, on a read-only root filesystem', () => {
    const spec = podSpec(synth());
    expect(spec.containers[0].image).toBe(NODE_EXPORTER_IMAGE);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(spec.containers[0].securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  });

  it('needs the privileged Pod Security level, so it lives in a namespace of its own', () => {
    const objects = synth();
    expect(findObject(objects, 'DaemonSet', 'node-exporter').metadata.namespace).toBe('node-exporter');
    expect(podSecurityLevel([findObject(objects, 'DaemonSet', 'node-exporter')])).toBe('privileged');
  });

  it('throws for bad props, naming each field', () => {
    expect(() => synth({ resources: { memoryMiB: 1 } })).toThrow("NodeExporter 'nodes': 'resources.memoryMiB' must be a whole number from 16 to 1048576, got 1.");
    expect(() => synth({ namespace: 'A' })).toThrow("NodeExporter 'nodes': 'namespace' must be a namespace name (DNS-1123 label), got 'A'.");
  });
});
