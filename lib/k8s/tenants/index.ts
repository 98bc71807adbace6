/**
 * `Tenant`: one team's namespace on a shared cluster. Namespace with a Pod Security Standard
 * (`restricted` unless the config says `baseline` and why), ResourceQuota, LimitRange, a
 * default-deny network with its allowances, and read rights for the team's viewer groups.
 * Deployers get the library's deploy rules through their `deploy` identity (aws-auth /
 * access entries render the RoleBinding), so nothing here duplicates them.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct, type IConstruct } from 'constructs';
import {
  ProblemCollector, principalKey, TENANT_LIMITS_DEFAULTS, TENANT_QUOTA_DEFAULTS, tenantNamespace, validateTenant,
  type IdentityMapping, type TenantConfig, type TenantPodSecurity,
} from '../../config';
import { MANAGED_BY_LABEL } from '../../names';
import { VIEW_RULES } from '../aws-auth/rbac-rules';
import { throwIfProblems } from '../common';
import {
  CLUSTER_DNS_PEER, DNS_PORTS, METRICS_NAMESPACE, NAMESPACE_NAME_LABEL, NetworkPeer, PROMETHEUS_PEER_LABELS, type NetworkAllowance,
} from '../network-policy';

/** Label on a tenant's Namespace with the tenant's name. */
export const TENANT_LABEL = 'eks-platform.io/tenant';
/** Annotation on a `baseline` tenant's Namespace with the reason it is not `restricted`. */
export const POD_SECURITY_REASON_ANNOTATION = 'eks-platform.io/pod-security-reason';

/** Resources of `VIEW_RULES` that are cluster-scoped: a namespaced Role cannot grant them. */
const CLUSTER_SCOPED = new Set(['namespaces', 'nodes', 'persistentvolumes', 'ingressclasses', 'storageclasses', 'csidrivers', 'csinodes', 'volumeattachments', 'priorityclasses', 'customresourcedefinitions']);

/** Props of {@link Tenant}: its config section plus what it needs from the cluster. */
export interface TenantProps extends TenantConfig {
  /**
   * The cluster's identities, to find the groups of `viewers` and check `deployers`.
   * @default []
   */
  readonly identities?: readonly IdentityMapping[];
  /**
   * Platform services every tenant may send to (the central syslog-ng, say).
   * @default []
   */
  readonly platformEgress?: readonly NetworkAllowance[];
}

/** One tenant: its Namespace and what confines it (see the module comment). */
export class Tenant extends Construct {
  /** The tenant's name. */
  public readonly name: string;
  /** The tenant's namespace. */
  public readonly namespace: string;
  /** The Pod Security Standard enforced, default applied. */
  public readonly podSecurity: TenantPodSecurity;
  /** The quota, defaults applied. */
  public readonly quota: Required<NonNullable<TenantConfig['quota']>>;
  /** The container limits, defaults applied. */
  public readonly limits: Required<NonNullable<TenantConfig['limits']>>;
  /** Kubernetes groups with read rights in the namespace. */
  public readonly viewerGroups: readonly string[];
  /** The Namespace object (objects of the tenant are ordered after it). */
  public readonly namespaceObject: ApiObject;

  constructor(scope: Construct, id: string, props: TenantProps) {
    super(scope, id);
    const problems = new ProblemCollector();
    validateTenant(props, props.identities ?? [], '', problems);
    throwIfProblems('Tenant', id, problems);
    this.name = props.name;
    this.namespace = tenantNamespace(props);
    this.podSecurity = props.podSecurity ?? 'restricted';
    this.quota = { ...TENANT_QUOTA_DEFAULTS, ...props.quota };
    this.limits = { ...TENANT_LIMITS_DEFAULTS, ...props.limits };
    const byKey = new Map((props.identities ?? []).map((m) => [principalKey(m.arn), m]));
    this.viewerGroups = [...new Set((props.viewers ?? []).flatMap((arn) => {
      const access = byKey.get(principalKey(arn))?.access;
      return access?.kind === 'custom' ? access.groups : [];
    }))].sort();

    const labels = { ...MANAGED_BY_LABEL, [TENANT_LABEL]: this.name };
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });
    this.namespaceObject = new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: this.namespace,
        labels: {
          ...labels,
          'pod-security.kubernetes.io/enforce': this.podSecurity,
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
        ...(this.podSecurity === 'baseline' ? { annotations: { [POD_SECURITY_REASON_ANNOTATION]: props.podSecurityReason! } } : {}),
      },
    });
    const q = this.quota;
    new k8s.KubeResourceQuota(this, 'Quota', {
      metadata: meta('tenant-quota'),
      spec: {
        hard: {
          'requests.cpu': k8s.Quantity.fromString(`${q.cpuMillicores}m`),
          'requests.memory': k8s.Quantity.fromString(`${q.memoryMiB}Mi`),
          'limits.memory': k8s.Quantity.fromString(`${q.memoryMiB}Mi`),
          pods: k8s.Quantity.fromNumber(q.pods),
          persistentvolumeclaims: k8s.Quantity.fromNumber(q.persistentVolumeClaims),
          'requests.storage': k8s.Quantity.fromString(`${q.storageGiB}Gi`),
          // Load balancers and node ports open the tenant to the network outside its policies.
          'services.loadbalancers': k8s.Quantity.fromNumber(0),
          'services.nodeports': k8s.Quantity.fromNumber(0),
        },
      },
    });
    const l = this.limits;
    new k8s.KubeLimitRange(this, 'Limits', {
      metadata: meta('tenant-limits'),
      spec: {
        limits: [{
          type: 'Container',
          default: { memory: k8s.Quantity.fromString(`${l.defaultMemoryMiB}Mi`) },
          defaultRequest: { cpu: k8s.Quantity.fromString(`${l.defaultCpuMillicores}m`), memory: k8s.Quantity.fromString(`${l.defaultMemoryMiB}Mi`) },
          max: { memory: k8s.Quantity.fromString(`${l.maxMemoryMiB}Mi`) },
        }],
      },
    });
    this.renderNetworkPolicies(props, meta);
    if (this.viewerGroups.length > 0) this.renderViewers(meta);
    for (const child of this.node.findAll()) {
      if (child instanceof ApiObject && child !== this.namespaceObject) child.addDependency(this.namespaceObject);
    }
  }

  private renderNetworkPolicies(props: TenantProps, meta: (name: string) => k8s.ObjectMeta): void {
    const sameNamespace: k8s.NetworkPolicyPeer = { podSelector: {} };
    const fromNamespace = (ns: string): k8s.NetworkPolicyPeer => ({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } } });
    const port = (p: { port: number; protocol?: string }) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol ?? 'TCP' });
    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: meta('default-deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    new k8s.KubeNetworkPolicy(this, 'Allow', {
      metadata: meta('tenant-allow'),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [sameNamespace] },
          { from: [NetworkPeer.pods(METRICS_NAMESPACE, PROMETHEUS_PEER_LABELS).peer] },
          ...(props.ingressControllerNamespaces ?? []).map((ns) => ({ from: [fromNamespace(ns)] })),
        ],
        egress: [
          { to: [CLUSTER_DNS_PEER.peer], ports: DNS_PORTS.map(port) },
          { to: [sameNamespace] },
          ...(props.egressCidrs?.length ? [{ to: props.egressCidrs.map((cidr) => ({ ipBlock: { cidr } })) }] : []),
          ...(props.platformEgress ?? []).map((a) => ({ to: a.peers.map((p) => p.peer), ports: a.ports.map(port) })),
        ],
      },
    });
  }

  private renderViewers(meta: (name: string) => k8s.ObjectMeta): void {
    const rules = VIEW_RULES
      .map((r) => ({ apiGroups: [...r.apiGroups], resources: r.resources.filter((x) => !CLUSTER_SCOPED.has(x) && !(r.apiGroups.includes('metrics.k8s.io') && x === 'nodes')), verbs: [...r.verbs] }))
      .filter((r) => r.resources.length > 0);
    new k8s.KubeRole(this, 'ViewRole', { metadata: meta('tenant-view'), rules });
    new k8s.KubeRoleBinding(this, 'ViewBinding', {
      metadata: meta('tenant-view'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tenant-view' },
      subjects: this.viewerGroups.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name })),
    });
  }
}

/**
 * Throws when an object under `scope` sits in a tenant's namespace without belonging to the
 * tenant or to one of `shared` (the identity model's bindings): an add-on configured into a
 * tenant's namespace would run under the tenant's quota and policies, next to its deployers.
 */
export function assertTenantNamespacesOwned(scope: IConstruct, tenants: readonly Tenant[], shared: readonly IConstruct[]): void {
  const owners = (o: IConstruct, tenant: Tenant) => [tenant, ...shared].some((c) => o.node.path.startsWith(`${c.node.path}/`));
  for (const tenant of tenants) {
    const strangers = scope.node.findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject && c.metadata.namespace === tenant.namespace && !owners(c, tenant));
    if (strangers.length > 0) {
      throw new Error(`Tenant '${tenant.name}': namespace '${tenant.namespace}' is also used by ${strangers.map((o) => `${o.kind} ${o.name}`).join(', ')}; give the tenant a namespace of its own.`);
    }
  }
}
