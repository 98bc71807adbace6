/**
 * `PlatformNamespace`: a Namespace labelled as `PlatformChart` labels its own (managed-by, a
 * Pod Security Standard enforced, `restricted` audited and warned), for constructs used on their
 * own in someone else's chart: `kubectl apply` on a fresh cluster then finds their namespace.
 */
import { ApiObject, type Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, type IConstruct } from 'constructs';
import { BUILTIN_NAMESPACES } from '../../config/constants';
import { MANAGED_BY_LABEL } from '../../names';
import { renderedJson } from '../rendered';

/** A Pod Security Standards level (`pod-security.kubernetes.io/enforce`). */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Props of {@link PlatformNamespace}. */
export interface PlatformNamespaceProps {
  /** The namespace's name, a DNS-1123 label. */
  readonly name: string;
  /**
   * The Pod Security Standard the namespace enforces.
   * @default 'baseline'
   */
  readonly enforce?: PodSecurityLevel;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/**
 * The Pod Security level a namespace can enforce so that every given workload still runs:
 * `privileged` when a pod uses the host (hostPath volumes, host network/PID/IPC, host ports,
 * privileged containers), else `baseline`. Never `restricted` on its own: user workloads land
 * in the same namespaces, and `restricted` is audited and warned instead.
 */
export function podSecurityLevel(workloads: readonly Record<string, any>[]): PodSecurityLevel {
  const usesHost = workloads.some((w) => {
    const spec = (w.kind === 'Pod' ? w.spec : w.kind === 'CronJob' ? w.spec?.jobTemplate?.spec?.template?.spec : w.spec?.template?.spec) ?? {};
    const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
    return spec.hostNetwork || spec.hostPID || spec.hostIPC
      || (spec.volumes ?? []).some((v: any) => v.hostPath)
      || containers.some((c: any) => c.securityContext?.privileged || (c.ports ?? []).some((p: any) => p.hostPort));
  });
  return usesHost ? 'privileged' : 'baseline';
}

/** A Namespace with the platform's labels: managed-by, Pod Security enforced, `restricted` audited and warned. */
export class PlatformNamespace extends Construct {
  /**
   * A PlatformNamespace for every namespace that objects under `scope` use and that neither
   * exists in every cluster (`default`, `kube-system`, ...) nor is created under `scope`
   * already; each enforces the level its workloads need ({@link podSecurityLevel}), and every
   * object is ordered after its Namespace so `kubectl apply -f` works in one pass. Call it once,
   * after adding the constructs.
   */
  public static forObjectsOf(scope: Chart): PlatformNamespace[] {
    const objects = scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    const existing = new Set<string>([...BUILTIN_NAMESPACES, ...objects.filter((o) => o.kind === 'Namespace' && o.metadata.name).map((o) => o.metadata.name!)]);
    const names = [...new Set(objects.map((o) => o.metadata.namespace).filter((ns): ns is string => !!ns && !existing.has(ns)))].sort();
    const created = new Map(names.map((name) => {
      const enforce = podSecurityLevel(objects.filter((o) => o.metadata.namespace === name && WORKLOAD_KINDS.has(o.kind)).map((o) => renderedJson(o)));
      return [name, new PlatformNamespace(scope, `namespace-${name}`, { name, enforce })] as const;
    }));
    for (const o of objects) {
      const ns = o.metadata.namespace && created.get(o.metadata.namespace);
      if (ns) o.addDependency(ns.resource);
    }
    return [...created.values()];
  }

  /** The namespace's name. */
  public readonly name: string;
  /** The Pod Security Standard enforced. */
  public readonly enforce: PodSecurityLevel;
  /** The Namespace object. */
  public readonly resource: IConstruct;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    if (typeof props.name !== 'string' || !DNS_LABEL.test(props.name)) {
      throw new Error(`PlatformNamespace '${id}': 'name' must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got ${JSON.stringify(props.name)}.`);
    }
    const levels: readonly unknown[] = ['privileged', 'baseline', 'restricted'];
    if (props.enforce !== undefined && !levels.includes(props.enforce)) {
      throw new Error(`PlatformNamespace '${id}': 'enforce' must be one of ${levels.join(', ')}, got ${JSON.stringify(props.enforce)}.`);
    }
    this.name = props.name;
    this.enforce = props.enforce ?? 'baseline';
    const labels = {
      ...MANAGED_BY_LABEL,
      'pod-security.kubernetes.io/enforce': this.enforce,
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    };
    this.resource = new kplus.Namespace(this, 'Resource', { metadata: { name: this.name, labels } });
  }
}
