/**
 * The RBAC rules behind the library's `view` and `deploy` groups, written out (rather than
 * binding the built-in `view`/`edit` ClusterRoles) so the synthesized set says exactly what each
 * group may do, and tests can evaluate it.
 */
import type { RbacRule } from '../../config';

const READ = ['get', 'list', 'watch'] as const;
const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;

/**
 * Read-only, cluster-wide, on workloads and their surroundings, including nodes and namespaces.
 * Secrets are deliberately absent (the built-in `view` role leaves them out for the same reason:
 * reading a service account token secret is privilege escalation).
 */
export const VIEW_RULES: readonly RbacRule[] = [
  {
    apiGroups: [''],
    resources: [
      'pods', 'pods/log', 'pods/status', 'services', 'endpoints', 'configmaps', 'events',
      'persistentvolumeclaims', 'persistentvolumes', 'replicationcontrollers', 'serviceaccounts',
      'resourcequotas', 'limitranges', 'namespaces', 'nodes',
    ],
    verbs: [...READ],
  },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'controllerrevisions'], verbs: [...READ] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: [...READ] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: [...READ] },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: [...READ] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses', 'networkpolicies'], verbs: [...READ] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: [...READ] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: [...READ] },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'csidrivers', 'csinodes', 'volumeattachments'], verbs: [...READ] },
  { apiGroups: ['scheduling.k8s.io'], resources: ['priorityclasses'], verbs: [...READ] },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: [...READ] },
  { apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: [...READ] },
];

/**
 * What a deployer may do inside its namespaces (bound per namespace with a RoleBinding): manage
 * workloads, their configuration and Secrets, exec and port-forward for debugging. No RBAC
 * objects, quotas, limit ranges or network policies (read only), so a deployer cannot widen its
 * own rights nor open a tenant's default-deny network.
 */
export const DEPLOY_RULES: readonly RbacRule[] = [
  {
    apiGroups: [''],
    resources: ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'serviceaccounts', 'replicationcontrollers'],
    verbs: [...WRITE],
  },
  { apiGroups: [''], resources: ['pods/log', 'pods/status', 'events', 'endpoints', 'resourcequotas', 'limitranges'], verbs: [...READ] },
  { apiGroups: [''], resources: ['pods/exec', 'pods/portforward', 'pods/attach'], verbs: ['get', 'create'] },
  { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], verbs: [...WRITE] },
  { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale', 'replicasets/scale'], verbs: ['get', 'update', 'patch'] },
  { apiGroups: ['apps'], resources: ['deployments/rollback'], verbs: ['create'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: [...WRITE] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: [...WRITE] },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: [...WRITE] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: [...WRITE] },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [...READ] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: [...READ] },
];
