/**
 * RBAC rules of the Argo install, following upstream's cluster install (argo-helm
 * `templates/controller/workflow-controller-cluster-roles.yaml`, argo-workflows
 * `manifests/cluster-install/*`), narrowed where this install needs less: the leader-election
 * Lease and the controller's own Secret reads are namespaced to `argo`; argo-server in `client`
 * mode acts with each caller's token, so its own account only reads.
 */
import type { ArgoServerAuthMode } from '../../config/addons/argo-workflows';
import { ARGO_GROUP } from './crds';

/** One RBAC rule (the shape of `k8s.PolicyRule`). */
export interface ArgoPolicyRule {
  /** API groups. */
  readonly apiGroups: string[];
  /** Resources. */
  readonly resources: string[];
  /** Verbs. */
  readonly verbs: string[];
  /**
   * Object names the rule is limited to.
   * @default - every object of the resources
   */
  readonly resourceNames?: string[];
}

/** Names of the Lease the controller replicas elect their leader with. */
export const ARGO_LEADER_LEASES = ['workflow-controller', 'workflow-controller-lease'];

/** Cluster-wide rules of the workflow-controller (no Secrets: none of its features here reads one). */
export const CONTROLLER_CLUSTER_RULES: readonly ArgoPolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims', 'persistentvolumeclaims/finalizers'], verbs: ['create', 'update', 'delete', 'get'] },
  {
    apiGroups: [ARGO_GROUP],
    resources: ['workflows', 'workflows/finalizers', 'workflowtasksets', 'workflowtasksets/finalizers', 'workflowartifactgctasks'],
    verbs: ['get', 'list', 'watch', 'update', 'patch', 'delete', 'create'],
  },
  {
    apiGroups: [ARGO_GROUP],
    resources: ['workflowtemplates', 'workflowtemplates/finalizers', 'clusterworkflowtemplates', 'clusterworkflowtemplates/finalizers'],
    verbs: ['get', 'list', 'watch'],
  },
  { apiGroups: [ARGO_GROUP], resources: ['workflowtaskresults', 'workflowtaskresults/finalizers'], verbs: ['list', 'watch', 'deletecollection'] },
  { apiGroups: [ARGO_GROUP], resources: ['cronworkflows', 'cronworkflows/finalizers'], verbs: ['get', 'list', 'watch', 'update', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list'] },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['create', 'get', 'delete'] },
];

/** Rules of the controller in its own namespace: leader election. */
export const CONTROLLER_NAMESPACE_RULES: readonly ArgoPolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ARGO_LEADER_LEASES, verbs: ['get', 'watch', 'update', 'patch', 'delete'] },
];

const ARGO_USER_KINDS = ['workflows', 'workfloweventbindings', 'workflowtemplates', 'cronworkflows', 'clusterworkflowtemplates'];

/** Cluster-wide rules of argo-server for `authMode`. */
export function serverClusterRules(authMode: ArgoServerAuthMode): ArgoPolicyRule[] {
  const read = ['get', 'list', 'watch'];
  const rules: ArgoPolicyRule[] = [
    { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: read },
    { apiGroups: [''], resources: ['events'], verbs: ['watch'] },
  ];
  if (authMode === 'client') {
    rules.push({ apiGroups: [ARGO_GROUP], resources: ARGO_USER_KINDS, verbs: read });
  } else {
    // SSO without per-user RBAC acts as the server's account: upstream's full set.
    rules.push(
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: [ARGO_GROUP], resources: ARGO_USER_KINDS, verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'] },
    );
  }
  return rules;
}

/** Rules of argo-server in its own namespace: its ConfigMaps, and in `sso` mode the `sso` Secret it keeps. */
export function serverNamespaceRules(authMode: ArgoServerAuthMode): ArgoPolicyRule[] {
  const rules: ArgoPolicyRule[] = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] }];
  if (authMode === 'sso') rules.push({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create'] });
  return rules;
}

/** The only rule the executor of a workflow pod needs (argo docs/workflow-rbac.md, v3.4+). */
export const EXECUTOR_RULES: readonly ArgoPolicyRule[] = [
  { apiGroups: [ARGO_GROUP], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
];
