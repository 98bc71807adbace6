/**
 * Argo Workflows in namespace `argo`: the minimal CRDs, the workflow-controller (leader
 * election on, several replicas with a PodDisruptionBudget), argo-server with an explicit
 * auth mode, least-privilege RBAC, the controller ConfigMap with workflow defaults, and the
 * namespaces workflows run in, each with an executor ServiceAccount. The account's shared
 * WorkflowTemplates and ScheduledWorkflows are created beside it.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  ARGO_DEFAULT_CONTROLLER_REPLICAS, ARGO_DEFAULT_CONTROLLER_RESOURCES, ARGO_DEFAULT_EXECUTOR_RESOURCES, ARGO_DEFAULT_POD_GC_STRATEGY,
  ARGO_DEFAULT_SERVER_REPLICAS, ARGO_DEFAULT_SERVER_RESOURCES, ARGO_DEFAULT_TTL_AFTER_FAILURE_SECONDS, ARGO_DEFAULT_TTL_AFTER_SUCCESS_SECONDS,
  ARGO_DEFAULT_WORKFLOW_NAMESPACES, validateArgoWorkflowsConfig, type ArgoServerAuthMode, type ArgoWorkflowsConfig,
} from '../../config/addons/argo-workflows';
import { ProblemCollector } from '../../config/problems';
import { withResourceDefaults } from '../../config/resources';
import { componentLabels, objectLabels, prometheusScrapeAnnotations, resourceRequirements, throwIfProblems } from '../common';
import { ARGO_CONTROLLER_CONFIGMAP, ARGO_EXECUTOR_SERVICE_ACCOUNT, ARGO_METRICS_PORT, RESTRICTED_CONTAINER_SECURITY, argoControllerConfigData } from './config';
import { ARGO_CRD_KINDS, minimalCrd } from './crds';
import {
  CONTROLLER_CLUSTER_RULES, CONTROLLER_NAMESPACE_RULES, EXECUTOR_RULES, serverClusterRules, serverNamespaceRules, type ArgoPolicyRule,
} from './rbac';
import { ScheduledWorkflow } from './scheduled-workflow';
import { ARGO_CONTROLLER_IMAGE, ARGO_EXECUTOR_IMAGE, ARGO_SERVER_IMAGE, ARGO_UID, ARGO_VERSION } from './versions';
import { WorkflowTemplate } from './workflow-template';

export * from './versions';
export * from './crds';
export * from './config';
export * from './rbac';
export * from './templates';
export * from './exit-handler';
export * from './workflow-template';
export * from './scheduled-workflow';
export * from './alerts';

/** Namespace of the controller and the server. */
export const ARGO_NAMESPACE = 'argo';
/** Port of argo-server's API and UI (HTTPS, self-signed unless a certificate is mounted). */
export const ARGO_SERVER_PORT = 2746;
/** Port of the controller's health endpoint. */
const HEALTH_PORT = 6060;

/** Properties of {@link ArgoWorkflows}: the account's section. */
export type ArgoWorkflowsProps = ArgoWorkflowsConfig;

/**
 * The Argo Workflows install, with defaults applied once here.
 *
 * Objects: 8 CRDs; in `argo`: ServiceAccounts `argo` and `argo-server`, ConfigMap
 * `workflow-controller-configmap`, Deployments and Services `workflow-controller`
 * (metrics) and `argo-server`, PodDisruptionBudgets when replicated, Roles and bindings;
 * ClusterRoles `argo-cluster-role`, `argo-server-cluster-role` and bindings; in each workflow
 * namespace: ServiceAccount, Role and RoleBinding `argo-workflow`.
 */
export class ArgoWorkflows extends Construct {
  /** argo-server's auth mode. */
  public readonly authMode: ArgoServerAuthMode;
  /** workflow-controller replicas. */
  public readonly controllerReplicas: number;
  /** argo-server replicas. */
  public readonly serverReplicas: number;
  /** Namespaces workflows run in. */
  public readonly workflowNamespaces: readonly string[];
  /** The rendered ConfigMap data. */
  public readonly controllerConfig: Record<string, string>;
  /** The controller Deployment (id `Resource`). */
  public readonly controller: k8s.KubeDeployment;
  /** Shared WorkflowTemplates of the config. */
  public readonly workflowTemplates: readonly WorkflowTemplate[];
  /** Scheduled workflows of the config. */
  public readonly scheduledWorkflows: readonly ScheduledWorkflow[];

  constructor(scope: Construct, id: string, props: ArgoWorkflowsProps = {}) {
    super(scope, id);
    const problems = new ProblemCollector();
    validateArgoWorkflowsConfig(props, '', problems);
    throwIfProblems('ArgoWorkflows', id, problems);

    this.authMode = props.authMode ?? 'client';
    this.controllerReplicas = props.controllerReplicas ?? ARGO_DEFAULT_CONTROLLER_REPLICAS;
    this.serverReplicas = props.serverReplicas ?? ARGO_DEFAULT_SERVER_REPLICAS;
    this.workflowNamespaces = props.workflowNamespaces ?? ARGO_DEFAULT_WORKFLOW_NAMESPACES;
    this.controllerConfig = argoControllerConfigData({
      executorResources: withResourceDefaults(props.executorResources, ARGO_DEFAULT_EXECUTOR_RESOURCES),
      ttlAfterSuccessSeconds: props.ttlAfterSuccessSeconds ?? ARGO_DEFAULT_TTL_AFTER_SUCCESS_SECONDS,
      ttlAfterFailureSeconds: props.ttlAfterFailureSeconds ?? ARGO_DEFAULT_TTL_AFTER_FAILURE_SECONDS,
      podGCStrategy: props.podGCStrategy ?? ARGO_DEFAULT_POD_GC_STRATEGY,
      sso: this.authMode === 'sso' ? props.sso : undefined,
    });
    const crdLabels = objectLabels('argo-workflows', 'crd', ARGO_VERSION);
    const crds = ARGO_CRD_KINDS.map((kind) => new k8s.KubeCustomResourceDefinition(this, `Crd${kind.kind}`, minimalCrd(kind, crdLabels)));

    new k8s.KubeConfigMap(this, 'ControllerConfig', {
      metadata: { name: ARGO_CONTROLLER_CONFIGMAP, namespace: ARGO_NAMESPACE, labels: objectLabels('workflow-controller', 'controller', ARGO_VERSION) },
      data: this.controllerConfig,
    });
    this.controller = this.addController(props);
    this.addServer(props);
    for (const ns of this.workflowNamespaces) this.addWorkflowNamespace(ns);

    this.workflowTemplates = (props.workflowTemplates ?? []).map((t) => new WorkflowTemplate(this, `template-${t.namespace}-${t.name}`, t));
    this.scheduledWorkflows = (props.scheduledWorkflows ?? []).map((w) => new ScheduledWorkflow(this, `scheduled-${w.namespace}-${w.name}`, {
      ...w, workflowTemplates: this.workflowTemplates,
    }));
    // Written after the CRDs, so `kubectl apply -f` meets the kinds before their objects.
    for (const custom of [...this.workflowTemplates, ...this.scheduledWorkflows]) custom.resource.addDependency(...crds);
  }

  private addRbac(id: string, name: string, serviceAccount: string, clusterRules: readonly ArgoPolicyRule[], namespaceRules: readonly ArgoPolicyRule[], labels: Record<string, string>): void {
    const subjects = [{ kind: 'ServiceAccount', name: serviceAccount, namespace: ARGO_NAMESPACE }];
    const roleRef = (kind: string, n: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name: n });
    new k8s.KubeClusterRole(this, `${id}ClusterRole`, { metadata: { name: `${name}-cluster-role`, labels }, rules: clusterRules.map((r) => ({ ...r })) });
    new k8s.KubeClusterRoleBinding(this, `${id}ClusterRoleBinding`, { metadata: { name: `${name}-cluster-role`, labels }, roleRef: roleRef('ClusterRole', `${name}-cluster-role`), subjects });
    new k8s.KubeRole(this, `${id}Role`, { metadata: { name: `${name}-role`, namespace: ARGO_NAMESPACE, labels }, rules: namespaceRules.map((r) => ({ ...r })) });
    new k8s.KubeRoleBinding(this, `${id}RoleBinding`, { metadata: { name: `${name}-role`, namespace: ARGO_NAMESPACE, labels }, roleRef: roleRef('Role', `${name}-role`), subjects });
  }

  private addController(props: ArgoWorkflowsProps): k8s.KubeDeployment {
    const name = 'workflow-controller';
    const selector = componentLabels(name, 'controller');
    const labels = objectLabels(name, 'controller', ARGO_VERSION);
    new k8s.KubeServiceAccount(this, 'ControllerServiceAccount', { metadata: { name: 'argo', namespace: ARGO_NAMESPACE, labels } });
    this.addRbac('Controller', 'argo', 'argo', CONTROLLER_CLUSTER_RULES, CONTROLLER_NAMESPACE_RULES, labels);
    const annotations = (props.prometheusScrape ?? true) ? prometheusScrapeAnnotations(ARGO_METRICS_PORT, '/metrics') : {};
    const deployment = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name, namespace: ARGO_NAMESPACE, labels },
      spec: {
        replicas: this.controllerReplicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels }, annotations },
          spec: {
            serviceAccountName: 'argo',
            securityContext: podSecurity(),
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            ...(this.controllerReplicas > 1 ? spread(selector) : {}),
            containers: [{
              name,
              image: ARGO_CONTROLLER_IMAGE,
              command: ['workflow-controller'],
              args: ['--configmap', ARGO_CONTROLLER_CONFIGMAP, '--executor-image', ARGO_EXECUTOR_IMAGE],
              // Leader election is on by default; each replica needs its own identity for it.
              env: [{ name: 'LEADER_ELECTION_IDENTITY', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }],
              ports: [
                { name: 'metrics', containerPort: ARGO_METRICS_PORT, protocol: 'TCP' },
                { name: 'health', containerPort: HEALTH_PORT, protocol: 'TCP' },
              ],
              livenessProbe: { httpGet: { path: '/healthz', port: k8s.IntOrString.fromString('health') }, initialDelaySeconds: 90, periodSeconds: 60, timeoutSeconds: 30, failureThreshold: 3 },
              readinessProbe: { httpGet: { path: '/healthz', port: k8s.IntOrString.fromString('health') }, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 10 },
              resources: resourceRequirements(withResourceDefaults(props.controllerResources, ARGO_DEFAULT_CONTROLLER_RESOURCES)),
              securityContext: RESTRICTED_CONTAINER_SECURITY,
            }],
          },
        },
      },
    });
    new k8s.KubeService(this, 'ControllerMetrics', {
      metadata: { name: `${name}-metrics`, namespace: ARGO_NAMESPACE, labels },
      spec: { selector, ports: [{ name: 'metrics', port: ARGO_METRICS_PORT, targetPort: k8s.IntOrString.fromString('metrics'), protocol: 'TCP' }] },
    });
    if (this.controllerReplicas > 1) this.addPdb('ControllerDisruptionBudget', name, selector, labels);
    return deployment;
  }

  private addServer(props: ArgoWorkflowsProps): void {
    const name = 'argo-server';
    const selector = componentLabels(name, 'server');
    const labels = objectLabels(name, 'server', ARGO_VERSION);
    new k8s.KubeServiceAccount(this, 'ServerServiceAccount', { metadata: { name, namespace: ARGO_NAMESPACE, labels } });
    this.addRbac('Server', name, name, serverClusterRules(this.authMode), serverNamespaceRules(this.authMode), labels);
    new k8s.KubeDeployment(this, 'Server', {
      metadata: { name, namespace: ARGO_NAMESPACE, labels },
      spec: {
        replicas: this.serverReplicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            serviceAccountName: name,
            securityContext: podSecurity(),
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            ...(this.serverReplicas > 1 ? spread(selector) : {}),
            containers: [{
              name,
              image: ARGO_SERVER_IMAGE,
              args: ['server', `--auth-mode=${this.authMode}`],
              ports: [{ name: 'web', containerPort: ARGO_SERVER_PORT, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromString('web'), scheme: 'HTTPS' }, initialDelaySeconds: 10, periodSeconds: 20 },
              livenessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromString('web'), scheme: 'HTTPS' }, initialDelaySeconds: 30, periodSeconds: 30, failureThreshold: 4 },
              resources: resourceRequirements(withResourceDefaults(props.serverResources, ARGO_DEFAULT_SERVER_RESOURCES)),
              securityContext: RESTRICTED_CONTAINER_SECURITY,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } }],
          },
        },
      },
    });
    new k8s.KubeService(this, 'ServerService', {
      metadata: { name, namespace: ARGO_NAMESPACE, labels },
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'web', port: ARGO_SERVER_PORT, targetPort: k8s.IntOrString.fromString('web'), protocol: 'TCP' }] },
    });
    if (this.serverReplicas > 1) this.addPdb('ServerDisruptionBudget', name, selector, labels);
  }

  private addPdb(id: string, name: string, selector: Record<string, string>, labels: Record<string, string>): void {
    new k8s.KubePodDisruptionBudget(this, id, {
      metadata: { name, namespace: ARGO_NAMESPACE, labels },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });
  }

  private addWorkflowNamespace(namespace: string): void {
    const labels = objectLabels('argo-workflows', 'executor', ARGO_VERSION);
    const name = ARGO_EXECUTOR_SERVICE_ACCOUNT;
    new k8s.KubeServiceAccount(this, `Executor-${namespace}`, { metadata: { name, namespace, labels } });
    new k8s.KubeRole(this, `ExecutorRole-${namespace}`, { metadata: { name, namespace, labels }, rules: EXECUTOR_RULES.map((r) => ({ ...r })) });
    new k8s.KubeRoleBinding(this, `ExecutorRoleBinding-${namespace}`, {
      metadata: { name, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    });
  }
}

function podSecurity(): k8s.PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: ARGO_UID, runAsGroup: ARGO_UID, seccompProfile: { type: 'RuntimeDefault' } };
}

/** Replicas on distinct nodes when possible, spread across zones. */
function spread(selector: Record<string, string>): Pick<k8s.PodSpec, 'affinity' | 'topologySpreadConstraints'> {
  return {
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' } }],
      },
    },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }],
  };
}
