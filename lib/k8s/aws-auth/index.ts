/**
 * Identity mappings rendered for the Kubernetes side: the complete `aws-auth` ConfigMap
 * (when the authentication mode reads it) and the RBAC that gives the library's groups meaning.
 */
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { toYaml } from '../../yaml';
import {
  ProblemCollector, VIEW_GROUP, deployGroup, parseIamArn, renderAwsAuthEntries, resolveIdentity, validateIdentityMappings,
  type AuthenticationMode, type IdentityMapping, type RbacRule, type ResolvedIdentity,
} from '../../config';
import { show } from '../../config/problems';
import { MANAGED_BY_LABEL, customGroupRoleName } from '../../names';
import { throwIfProblems } from '../common';
import { DEPLOY_RULES, VIEW_RULES } from './rbac-rules';

export { DEPLOY_RULES, VIEW_RULES } from './rbac-rules';
export { NODE_GROUPS, NODE_USERNAME, renderAwsAuthEntries, type MapRoleEntry, type MapUserEntry } from '../../config/aws-auth-entries';

/** Name of the ClusterRole behind the `view` group. */
export const VIEW_CLUSTER_ROLE = 'eks-platform-view';
/** Name of the ClusterRole that deployers are bound to in their namespaces. */
export const DEPLOY_CLUSTER_ROLE = 'eks-platform-deploy';

/** Props of {@link AwsAuth}. */
export interface AwsAuthProps {
  /** IAM role ARNs of every node group's nodes. Always mapped, so nodes never drop off the cluster. */
  readonly nodeRoleArns: readonly string[];
  /**
   * IAM principals and their access.
   * @default []
   */
  readonly identities?: readonly IdentityMapping[];
  /**
   * The cluster's authentication mode. The aws-auth ConfigMap is rendered unless it is `API`;
   * RBAC is rendered in every mode (access entries put principals in the same groups).
   * @default 'API_AND_CONFIG_MAP'
   */
  readonly authenticationMode?: AuthenticationMode;
}




/**
 * Renders identity mappings for Kubernetes: the `aws-auth` ConfigMap in `kube-system` and the
 * RBAC for the `view`, `deploy` and custom groups.
 *
 * Only `admin` principals get `system:masters`; viewers can read everything but Secrets;
 * deployers edit only their namespaces.
 */
export class AwsAuth extends Construct {
  /** The resolved identities, in configuration order. */
  public readonly identities: readonly ResolvedIdentity[];
  /** The node role ARNs mapped. */
  public readonly nodeRoleArns: readonly string[];
  /** The authentication mode, default applied. */
  public readonly authenticationMode: AuthenticationMode;
  /** The aws-auth ConfigMap, unless the mode is `API`. */
  public readonly configMap?: kplus.ConfigMap;
  /** Namespaces the RBAC refers to (deploy and custom namespaces); they must exist. */
  public readonly namespaces: readonly string[];

  constructor(scope: Construct, id: string, props: AwsAuthProps) {
    super(scope, id);
    this.authenticationMode = props.authenticationMode ?? 'API_AND_CONFIG_MAP';
    validateAwsAuthProps(id, props, this.authenticationMode);
    this.nodeRoleArns = [...props.nodeRoleArns];
    this.identities = (props.identities ?? []).map(resolveIdentity);

    if (this.authenticationMode !== 'API') {
      const { mapRoles, mapUsers } = renderAwsAuthEntries(this.nodeRoleArns, this.identities);
      this.configMap = new kplus.ConfigMap(this, 'Resource', {
        metadata: { name: 'aws-auth', namespace: 'kube-system', labels: { ...MANAGED_BY_LABEL } },
        data: {
          mapRoles: toYaml(mapRoles),
          ...(mapUsers.length > 0 ? { mapUsers: toYaml(mapUsers) } : {}),
        },
      });
    }
    this.namespaces = this.renderRbac();
  }

  /** Renders the ClusterRoles and bindings; returns the namespaces bindings live in. */
  private renderRbac(): string[] {
    const namespaces = new Set<string>();
    const kinds = new Set(this.identities.map((i) => i.access.kind));
    if (kinds.has('view')) {
      const role = clusterRole(this, 'ViewRole', VIEW_CLUSTER_ROLE, VIEW_RULES);
      const binding = new kplus.ClusterRoleBinding(this, 'ViewBinding', { metadata: { name: VIEW_CLUSTER_ROLE, labels: { ...MANAGED_BY_LABEL } }, role });
      binding.addSubjects(kplus.Group.fromName(this, 'ViewGroup', VIEW_GROUP));
    }
    const deployNamespaces = new Set(this.identities.flatMap((i) => (i.access.kind === 'deploy' ? i.access.namespaces : [])));
    if (deployNamespaces.size > 0) {
      const role = clusterRole(this, 'DeployRole', DEPLOY_CLUSTER_ROLE, DEPLOY_RULES);
      for (const ns of [...deployNamespaces].sort()) {
        namespaces.add(ns);
        const binding = new kplus.RoleBinding(this, `Deploy-${ns}`, { metadata: { name: DEPLOY_CLUSTER_ROLE, namespace: ns, labels: { ...MANAGED_BY_LABEL } }, role });
        binding.addSubjects(kplus.Group.fromName(this, `DeployGroup-${ns}`, deployGroup(ns)));
      }
    }
    for (const [group, grant] of customGrants(this.identities)) {
      const name = customGroupRoleName(group);
      const role = clusterRole(this, `Custom-${name}`, name, grant.rules);
      const subject = kplus.Group.fromName(this, `CustomGroup-${name}`, group);
      if (grant.namespaces === undefined) {
        new kplus.ClusterRoleBinding(this, `CustomBinding-${name}`, { metadata: { name, labels: { ...MANAGED_BY_LABEL } }, role }).addSubjects(subject);
      } else {
        for (const ns of grant.namespaces) {
          namespaces.add(ns);
          new kplus.RoleBinding(this, `CustomBinding-${name}-${ns}`, { metadata: { name, namespace: ns, labels: { ...MANAGED_BY_LABEL } }, role }).addSubjects(subject);
        }
      }
    }
    return [...namespaces].sort();
  }
}

/**
 * Rules and scope of each custom group that has rules, in order of first appearance. Validation
 * guarantees every mapping that gives a group rules gives it the same ones, so the first counts.
 */
function customGrants(identities: readonly ResolvedIdentity[]): Map<string, { rules: readonly RbacRule[]; namespaces?: string[] }> {
  const grants = new Map<string, { rules: readonly RbacRule[]; namespaces?: string[] }>();
  for (const id of identities) {
    if (id.access.kind !== 'custom' || id.access.rules === undefined) continue;
    const namespaces = id.access.namespaces ? [...new Set(id.access.namespaces)].sort() : undefined;
    for (const group of id.access.groups) {
      if (!grants.has(group)) grants.set(group, { rules: id.access.rules, namespaces });
    }
  }
  return grants;
}

/**
 * A ClusterRole with `rules` as written (low-level `k8s`: cdk8s-plus would emit one rule per
 * resource, hundreds of lines for the view role), returned as the reference bindings take.
 */
function clusterRole(scope: Construct, id: string, name: string, rules: readonly RbacRule[]): kplus.IClusterRole {
  new k8s.KubeClusterRole(scope, id, {
    metadata: { name, labels: { ...MANAGED_BY_LABEL } },
    rules: rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })),
  });
  return kplus.ClusterRole.fromClusterRoleName(scope, `${id}-ref`, name);
}

/**
 * Throws, listing every problem, when the props cannot render a working and safe aws-auth: no
 * node role while the ConfigMap is rendered, a node role that is not a role ARN, or identity
 * mappings that `validateIdentityMappings()` rejects (a custom `system:masters` group, a
 * wildcard rule, a principal mapped twice or mapped over a node role, ...).
 */
export function validateAwsAuthProps(id: string, props: AwsAuthProps, mode: AuthenticationMode): void {
  const problems = new ProblemCollector();
  const nodeRoleArns: readonly unknown[] = Array.isArray(props.nodeRoleArns) ? props.nodeRoleArns : [];
  if (mode !== 'API' && nodeRoleArns.length === 0) {
    problems.add('nodeRoleArns', `must list at least one node role when the aws-auth ConfigMap is rendered (mode '${mode}'), got ${show(props.nodeRoleArns)}. Unmapped nodes cannot join the cluster.`);
  }
  for (const arn of nodeRoleArns) {
    const parsed = typeof arn === 'string' ? parseIamArn(arn) : undefined;
    if (!parsed || parsed.principalType !== 'role') {
      problems.add('nodeRoleArns', `must hold IAM role ARNs (arn:aws:iam::<account>:role/<name>), got ${show(arn)}.`);
    }
  }
  const nodeRoles = nodeRoleArns.filter((arn): arn is string => typeof arn === 'string').map((arn) => ({ arn, description: "one of 'nodeRoleArns'" }));
  validateIdentityMappings(props.identities, 'identities', problems, { nodeRoles });
  throwIfProblems('AwsAuth', id, problems);
}
