import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Alertmanager, ALERTMANAGER_IMAGE, type AlertmanagerProps } from '../../../lib/k8s/alertmanager';
import { findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

const receivers: AlertmanagerProps['receivers'] = [
  { name: 'slack-platform', type: 'slack', channel: '#alerts', apiUrlKey: 'slack-url' },
  { name: 'pagerduty-platform', type: 'pagerduty', routingKeyKey: 'pd-key' },
];
const external = [{ kind: 'Namespace', name: 'monitoring' }, { kind: 'Secret', name: 'alertmanager-receivers', namespace: 'monitoring' }];

function synth(props: AlertmanagerProps = {}): { am: Alertmanager; objects: any[] } {
  const chart = Testing.chart() as Chart;
  const am = new Alertmanager(chart, 'alerts', props);
  return { am, objects: Testing.synth(chart) };
}

function podSpec(objects: any[]): any {
  return findObject(objects, 'StatefulSet', 'alertmanager').spec.template.spec;
}

describe('Alertmanager', () => {
  it('passes the manifest validator alone and clustered with receivers', () => {
    assertValidManifests(synth().objects, { external });
    assertValidManifests(synth({ replicas: 3, receivers }).objects, { external });
  });

  it('runs one pod without clustering and without a disruption budget by default', () => {
    const { am, objects } = synth();
    const c = podSpec(objects).containers[0];
    expect(c.image).toBe(ALERTMANAGER_IMAGE);
    expect(c.args).toContain('--cluster.listen-address=');
    expect(am.podAddresses).toEqual(['alertmanager-0.alertmanager-headless.monitoring.svc.cluster.local:9093']);
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  it('clusters three replicas through --cluster.peer, with a disruption budget', () => {
    const { objects } = synth({ replicas: 3 });
    const args: string[] = podSpec(objects).containers[0].args;
    expect(args.filter((a) => a.startsWith('--cluster.peer='))).toEqual([0, 1, 2].map((i) => `--cluster.peer=alertmanager-${i}.alertmanager-headless.monitoring.svc.cluster.local:9094`));
    expect(args).toContain('--cluster.advertise-address=$(POD_IP):9094');
    expect(findObject(objects, 'PodDisruptionBudget', 'alertmanager').spec.maxUnavailable).toBe(1);
    expect(findObject(objects, 'Service', 'alertmanager-headless').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
  });

  it('mounts only the keys its receivers name from the receivers Secret', () => {
    const { am, objects } = synth({ receivers });
    expect(am.receiversSecretName).toBe('alertmanager-receivers');
    expect(podSpec(objects).volumes.find((v: any) => v.name === 'receivers')).toEqual({
      name: 'receivers', secret: { secretName: 'alertmanager-receivers', items: [{ key: 'slack-url', path: 'slack-url' }, { key: 'pd-key', path: 'pd-key' }] },
    });
  });

  it('references no Secret when no receiver needs one', () => {
    const { am, objects } = synth();
    expect(am.receiversSecretName).toBeUndefined();
    expect(podSpec(objects).volumes.map((v: any) => v.name)).toEqual(['config']);
  });

  it('renders its config into the ConfigMap, defaulting to the first receiver', () => {
    const { am, objects } = synth({ receivers });
    const data = findObject(objects, 'ConfigMap', 'alertmanager-config').data['alertmanager.yml'];
    expect(data).toBe(am.configYaml);
    expect(parse(data).route.receiver).toBe('slack-platform');
  });

  it('keeps silences on a claim and runs non-root with a read-only root filesystem', () => {
    const { objects } = synth({ volumeSizeGiB: 5 });
    expect(findObject(objects, 'StatefulSet', 'alertmanager').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
    expect(podSpec(objects).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
    expect(podSpec(objects).containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('throws for bad props, naming each field', () => {
    expect(() => synth({ replicas: 2 })).toThrow("Alertmanager 'alerts': 'replicas' must be 1, or 3 or more, got 2");
    expect(() => synth({ namespace: 'x_y' })).toThrow("Alertmanager 'alerts': 'namespace' must be a namespace name (DNS-1123 label), got 'x_y'.");
  });
});
