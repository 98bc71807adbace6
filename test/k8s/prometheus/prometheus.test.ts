import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Prometheus, PROMETHEUS_IMAGE, type AlertRuleGroup, type PrometheusProps } from '../../../lib/k8s/prometheus';
import { findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

const external = [{ kind: 'Namespace', name: 'monitoring' }];
const jenkins: AlertRuleGroup = {
  name: 'jenkins',
  rules: [{ alert: 'JenkinsDown', expr: 'up{job="jenkins"} == 0', for: '5m', labels: { severity: 'critical' }, annotations: { summary: 'Jenkins is down', description: 'Builds do not run.' } }],
};

function synth(props: Partial<PrometheusProps> = {}): { prometheus: Prometheus; objects: any[] } {
  const chart = Testing.chart() as Chart;
  const prometheus = new Prometheus(chart, 'metrics', { clusterName: 'main', ...props });
  return { prometheus, objects: Testing.synth(chart) };
}

function container(objects: any[]): any {
  return findObject(objects, 'StatefulSet', 'prometheus').spec.template.spec.containers.find((c: any) => c.name === 'prometheus');
}

describe('Prometheus', () => {
  it('passes the manifest validator with one and two replicas', () => {
    assertValidManifests(synth().objects, { external });
    assertValidManifests(synth({ replicas: 2 }).objects, { external });
  });

  it('applies its defaults once, into public fields', () => {
    const { prometheus } = synth();
    expect({ replicas: prometheus.replicas, retentionDays: prometheus.retentionDays, volumeSizeGiB: prometheus.volumeSizeGiB, retentionSizeGiB: prometheus.retentionSizeGiB, url: prometheus.url })
      .toEqual({ replicas: 1, retentionDays: 15, volumeSizeGiB: 50, retentionSizeGiB: 40, url: 'http://prometheus.monitoring.svc.cluster.local:9090' });
  });

  it('reads nodes, nodes/metrics, services, endpoints, endpointslices, pods, ingresses and /metrics, and nothing else', () => {
    expect(findObject(synth().objects, 'ClusterRole', 'prometheus').rules).toEqual([
      { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ]);
  });

  it('runs the pinned image non-root with a read-only root filesystem, retention from config, lifecycle reloads and both probes', () => {
    const { objects } = synth({ retentionDays: 7, volumeSizeGiB: 20 });
    const c = container(objects);
    expect(c.image).toBe(PROMETHEUS_IMAGE);
    expect(c.args).toEqual(expect.arrayContaining(['--storage.tsdb.retention.time=7d', '--storage.tsdb.retention.size=16GB', '--web.enable-lifecycle']));
    expect(c.securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect([c.readinessProbe.httpGet.path, c.livenessProbe.httpGet.path]).toEqual(['/-/ready', '/-/healthy']);
    expect(findObject(objects, 'StatefulSet', 'prometheus').spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534 });
  });

  it('keeps its TSDB on a claim of the default StorageClass', () => {
    const claim = findObject(synth({ volumeSizeGiB: 20 }).objects, 'StatefulSet', 'prometheus').spec.volumeClaimTemplates[0];
    expect(claim).toMatchObject({ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } } });
    expect(claim.spec.storageClassName).toBeUndefined();
  });

  it('reloads config and rules through the sidecar calling /-/reload on loopback', () => {
    const reloader = findObject(synth().objects, 'StatefulSet', 'prometheus').spec.template.spec.containers.find((c: any) => c.name === 'config-reloader');
    expect(reloader.args).toEqual(['--listen-address=:8080', '--reload-url=http://127.0.0.1:9090/-/reload', '--watched-dir=/etc/prometheus/config', '--watched-dir=/etc/prometheus/rules']);
  });

  it('runs two replicas as an HA pair: a disruption budget, never on one node', () => {
    const { objects } = synth({ replicas: 2 });
    expect(findObject(objects, 'PodDisruptionBudget', 'prometheus').spec.maxUnavailable).toBe(1);
    expect(findObject(objects, 'StatefulSet', 'prometheus').spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
  });

  it('has no disruption budget with one replica', () => {
    expect(synth().objects.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  it('writes one rule file per group, including groups added later by other add-ons', () => {
    const chart = Testing.chart() as Chart;
    const prometheus = new Prometheus(chart, 'metrics', { clusterName: 'main' });
    prometheus.addRuleGroup(jenkins);
    const data = findObject(Testing.synth(chart), 'ConfigMap', 'prometheus-rules').data;
    expect(Object.keys(data)).toEqual(['jenkins.rules.yml']);
    expect(parse(data['jenkins.rules.yml'])).toEqual({ groups: [jenkins] });
  });

  it('rejects a rule group added twice', () => {
    const prometheus = synth({ ruleGroups: [jenkins] }).prometheus;
    expect(() => prometheus.addRuleGroup(jenkins)).toThrow("Prometheus 'metrics': 'ruleGroups['jenkins']' is added twice");
  });

  it('rejects a rule without summary or description, naming the rule', () => {
    const bad = { name: 'argo', rules: [{ alert: 'ArgoDown', expr: 'up == 0', annotations: { summary: '' } }] } as unknown as AlertRuleGroup;
    expect(() => synth({ ruleGroups: [bad] })).toThrow("'ruleGroups['argo'].rules[0].annotations.summary' must be a non-empty text, got ''.");
    expect(() => synth({ ruleGroups: [bad] })).toThrow("'ruleGroups['argo'].rules[0].annotations.description' must be a non-empty text, got undefined.");
  });

  it('rejects a rule group with a bad name, alert name, expression, duration or label', () => {
    const bad = { name: 'Argo_X', rules: [{ alert: 'argo down', expr: ' ', for: '5 minutes', labels: { 'bad-label': 'x' }, annotations: { summary: 's', description: 'd' } }] } as unknown as AlertRuleGroup;
    const thrown = () => synth({ ruleGroups: [bad] });
    expect(thrown).toThrow("'ruleGroups['Argo_X'].name' must be a lower-case DNS-1123 label (it names the rule file), got 'Argo_X'.");
    expect(thrown).toThrow("'ruleGroups['Argo_X'].rules[0].alert' must be a metric-style name like 'JenkinsDown', got 'argo down'.");
    expect(thrown).toThrow("'ruleGroups['Argo_X'].rules[0].expr' must be a PromQL expression, got ' '.");
    expect(thrown).toThrow("'ruleGroups['Argo_X'].rules[0].for' must be a non-zero Prometheus duration like '15m', got '5 minutes'.");
    expect(thrown).toThrow("'ruleGroups['Argo_X'].rules[0].labels' has 'bad-label', which is not a Prometheus label name.");
  });

  it('rejects a group without rules', () => {
    expect(() => synth({ ruleGroups: [{ name: 'empty', rules: [] }] })).toThrow("'ruleGroups['empty'].rules' must be a non-empty list of alert rules, got [].");
  });

  it('throws for bad props, naming each field', () => {
    expect(() => synth({ clusterName: '' })).toThrow("Prometheus 'metrics': 'clusterName' must be the cluster's name, got ''.");
    expect(() => synth({ namespace: 'Mon' })).toThrow("Prometheus 'metrics': 'namespace' must be a namespace name (DNS-1123 label), got 'Mon'.");
    expect(() => synth({ replicas: 3 })).toThrow("Prometheus 'metrics': 'replicas' must be a whole number from 1 to 2 (1, or 2 for the HA pair; more only duplicates the same scrapes), got 3.");
  });
});
