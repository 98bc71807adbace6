import { readFileSync } from 'node:fs';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ArgoWorkflows, ARGO_VERSION, ARGO_CONTROLLER_IMAGE, ARGO_EXECUTOR_IMAGE, ARGO_SERVER_IMAGE, type ArgoWorkflowsProps } from '../../../lib/k8s/argo';
import { findAll, findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';
import { can } from '../../support/rbac';
import { NIGHTLY, TEMPLATE } from './fixtures';
import { removedArgoKeys } from './removed-keys';

const external = [
  { kind: 'Namespace', name: 'argo' }, { kind: 'Namespace', name: 'workflows' }, { kind: 'Namespace', name: 'batch' },
];

function synth(props: ArgoWorkflowsProps = {}): { argo: ArgoWorkflows; objects: any[] } {
  const chart = Testing.chart() as Chart;
  const argo = new ArgoWorkflows(chart, 'argo', props);
  return { argo, objects: Testing.synth(chart) };
}

const full: ArgoWorkflowsProps = { workflowNamespaces: ['batch'], workflowTemplates: [TEMPLATE], scheduledWorkflows: [NIGHTLY] };

/** Can ServiceAccount `ns/name` do `verb` on `resource`? (the rbac helper evaluates groups; bind the SA as one). */
function saCan(objects: any[], ns: string, name: string, verb: string, resource: string, apiGroup: string, namespace?: string): boolean {
  const asGroup = objects.map((o) => (o.subjects
    ? { ...o, subjects: o.subjects.map((s: any) => (s.kind === 'ServiceAccount' && s.name === name && (s.namespace ?? o.metadata.namespace) === ns ? { kind: 'Group', name: `sa:${ns}:${name}` } : s)) }
    : o));
  return can(asGroup, { group: `sa:${ns}:${name}`, verb, resource, apiGroup, namespace });
}

describe('ArgoWorkflows', () => {
  it('passes the manifest validator, Argo kinds against the Argo 4 schema, with defaults and with workflows', () => {
    assertValidManifests(synth().objects, { external });
    assertValidManifests(synth(full).objects, { external });
    assertValidManifests(synth({ ...full, authMode: 'sso', sso: { issuer: 'https://login.acme.example', redirectUrl: 'https://argo.acme.example/oauth2/callback', clientSecretName: 'argo-server-sso' }, controllerReplicas: 1, serverReplicas: 1 }).objects, { external });
  });

  it('uses no key Argo 4 removed (singular schedule, mutex, semaphore, podPriority)', () => {
    const found = synth(full).objects.flatMap(removedArgoKeys);
    expect(found).toEqual([]);
  });

  it('finds removed keys where Argo 4 would drop them (the check above can fail)', () => {
    expect(removedArgoKeys({
      kind: 'CronWorkflow',
      spec: { schedule: '0 * * * *', workflowSpec: { podPriority: 1, synchronization: { mutex: { name: 'a' } }, templates: [{ synchronization: { semaphore: {} } }] } },
    })).toEqual([
      'CronWorkflow.spec.schedule', 'CronWorkflow.spec.workflowSpec.podPriority', 'CronWorkflow.spec.workflowSpec.synchronization.mutex',
      'CronWorkflow.spec.workflowSpec.templates[0].synchronization.semaphore',
    ]);
  });

  it('validates against schema models generated from the pinned Argo major', () => {
    const pkg = JSON.parse(readFileSync(require.resolve('@kubernetes-models/argo-workflows/package.json'), 'utf8'));
    const major = ARGO_VERSION.replace(/^v/, '').split('.')[0];
    expect(pkg['go-generate'].input).toEqual([`github.com/argoproj/argo-workflows/v${major}/pkg/apis/workflow/v1alpha1`]);
  });

  it('pins the controller, server and executor images at one tag', () => {
    const { objects } = synth();
    const controller = findObject(objects, 'Deployment', 'workflow-controller', 'argo').spec.template.spec.containers[0];
    expect(controller.image).toBe(ARGO_CONTROLLER_IMAGE);
    expect(controller.args).toEqual(['--configmap', 'workflow-controller-configmap', '--executor-image', ARGO_EXECUTOR_IMAGE]);
    expect(findObject(objects, 'Deployment', 'argo-server', 'argo').spec.template.spec.containers[0].image).toBe(ARGO_SERVER_IMAGE);
    expect(new Set([ARGO_CONTROLLER_IMAGE, ARGO_SERVER_IMAGE, ARGO_EXECUTOR_IMAGE].map((i) => i.split(':')[1]))).toEqual(new Set(['v4.1.1']));
  });

  it('runs two controllers by default with leader election identities and a disruption budget', () => {
    const { objects } = synth();
    const deployment = findObject(objects, 'Deployment', 'workflow-controller', 'argo');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'LEADER_ELECTION_IDENTITY', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    ]);
    expect(findObject(objects, 'PodDisruptionBudget', 'workflow-controller', 'argo').spec.maxUnavailable).toBe(1);
    expect(saCan(objects, 'argo', 'argo', 'update', 'leases', 'coordination.k8s.io', 'argo')).toBe(true);
  });

  it('leaves out the disruption budgets for single replicas', () => {
    const { objects } = synth({ controllerReplicas: 1, serverReplicas: 1 });
    expect(findAll(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  it('sets argo-server auth mode explicitly, client by default', () => {
    expect(findObject(synth().objects, 'Deployment', 'argo-server', 'argo').spec.template.spec.containers[0].args).toEqual(['server', '--auth-mode=client']);
    expect(findObject(synth({ authMode: 'sso', sso: { issuer: 'https://login.acme.example', redirectUrl: 'https://argo.acme.example/oauth2/callback', clientSecretName: 'argo-server-sso' } }).objects, 'Deployment', 'argo-server', 'argo').spec.template.spec.containers[0].args).toEqual(['server', '--auth-mode=sso']);
  });

  it('writes the sso settings, Secrets by reference, with authMode sso', () => {
    const data = findObject(synth({ authMode: 'sso', sso: { issuer: 'https://login.acme.example', redirectUrl: 'https://argo.acme.example/oauth2/callback', clientSecretName: 'argo-server-sso' } }).objects, 'ConfigMap', 'workflow-controller-configmap', 'argo').data;
    expect(parse(data.sso)).toEqual({
      issuer: 'https://login.acme.example',
      clientId: { name: 'argo-server-sso', key: 'client-id' },
      clientSecret: { name: 'argo-server-sso', key: 'client-secret' },
      redirectUrl: 'https://argo.acme.example/oauth2/callback',
      scopes: ['groups', 'email'],
      rbac: { enabled: false },
    });
    expect(findObject(synth().objects, 'ConfigMap', 'workflow-controller-configmap', 'argo').data.sso).toBeUndefined();
  });

  it('gives argo-server in client mode read-only access and no Secrets', () => {
    const { objects } = synth();
    expect(saCan(objects, 'argo', 'argo-server', 'list', 'workflows', 'argoproj.io')).toBe(true);
    expect(saCan(objects, 'argo', 'argo-server', 'create', 'workflows', 'argoproj.io')).toBe(false);
    expect(saCan(objects, 'argo', 'argo-server', 'get', 'secrets', '', 'argo')).toBe(false);
  });

  it('gives the controller no Secret access and no wildcard rule', () => {
    const { objects } = synth();
    expect(saCan(objects, 'argo', 'argo', 'get', 'secrets', '', 'batch')).toBe(false);
    const rules = findAll(objects, 'ClusterRole').concat(findAll(objects, 'Role')).flatMap((r) => r.rules);
    expect(rules.filter((r: any) => [...r.verbs, ...r.resources, ...r.apiGroups].includes('*'))).toEqual([]);
  });

  it('gives each workflow namespace an executor account that can only create and patch workflowtaskresults', () => {
    const { objects } = synth({ workflowNamespaces: ['batch', 'etl'] });
    for (const ns of ['batch', 'etl']) {
      expect(findObject(objects, 'Role', 'argo-workflow', ns).rules).toEqual([
        { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
      ]);
      expect(findObject(objects, 'RoleBinding', 'argo-workflow', ns).subjects).toEqual([{ kind: 'ServiceAccount', name: 'argo-workflow', namespace: ns }]);
    }
    expect(saCan(objects, 'batch', 'argo-workflow', 'get', 'pods', '', 'batch')).toBe(false);
  });

  it('writes workflow defaults (TTL, pod GC, executor SA) and executor resources to the controller ConfigMap', () => {
    const data = findObject(synth({ ttlAfterSuccessSeconds: 3600 }).objects, 'ConfigMap', 'workflow-controller-configmap', 'argo').data;
    expect(parse(data.workflowDefaults).spec).toMatchObject({
      serviceAccountName: 'argo-workflow',
      ttlStrategy: { secondsAfterSuccess: 3600, secondsAfterFailure: 604800 },
      podGC: { strategy: 'OnPodCompletion' },
    });
    expect(parse(data.executor)).toMatchObject({
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '128Mi' } },
      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
    });
    expect(parse(data.metricsConfig)).toEqual({ enabled: true, path: '/metrics', port: 9090, secure: false });
  });

  it('annotates the controller pods for Prometheus and exposes a metrics Service', () => {
    const { objects } = synth();
    expect(findObject(objects, 'Deployment', 'workflow-controller', 'argo').spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'prometheus.io/path': '/metrics',
    });
    expect(findObject(objects, 'Service', 'workflow-controller-metrics', 'argo').spec.ports).toEqual([
      { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
    ]);
  });

  it('installs the eight minimal CRDs, spec kept without a full schema', () => {
    const crds = findAll(synth().objects, 'CustomResourceDefinition');
    expect(crds.map((c) => c.metadata.name).sort()).toEqual([
      'clusterworkflowtemplates.argoproj.io', 'cronworkflows.argoproj.io', 'workflowartifactgctasks.argoproj.io',
      'workfloweventbindings.argoproj.io', 'workflows.argoproj.io', 'workflowtaskresults.argoproj.io',
      'workflowtasksets.argoproj.io', 'workflowtemplates.argoproj.io',
    ]);
    const cron = crds.find((c) => c.metadata.name === 'cronworkflows.argoproj.io')!;
    expect(cron.spec.versions[0].schema.openAPIV3Schema.properties.spec).toEqual({
      type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-map-type': 'atomic',
    });
    expect(JSON.stringify(crds).length).toBeLessThan(20000);
  });

  it('runs every container non-root with a read-only root filesystem', () => {
    for (const d of findAll(synth().objects, 'Deployment')) {
      expect(d.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 8737 });
      expect(d.spec.template.spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  });

  it('creates the configured WorkflowTemplates and ScheduledWorkflows', () => {
    const { argo, objects } = synth(full);
    expect(argo.scheduledWorkflows.map((w) => w.name)).toEqual(['nightly-export']);
    expect(findObject(objects, 'WorkflowTemplate', 'report-job', 'batch').spec.templates.map((t: any) => t.name)).toEqual(['run-report']);
    expect(findObject(objects, 'CronWorkflow', 'nightly-export', 'batch').spec.schedules).toEqual(['30 2 * * *']);
  });
});

describe('ArgoWorkflows object order', () => {
  it('writes every CRD before the first Argo object', () => {
    const objects = synth(full).objects;
    const lastCrd = Math.max(...objects.map((o, i) => (o.kind === 'CustomResourceDefinition' ? i : -1)));
    const firstArgo = objects.findIndex((o) => o.apiVersion === 'argoproj.io/v1alpha1');
    expect(firstArgo).toBeGreaterThan(lastCrd);
  });
});
