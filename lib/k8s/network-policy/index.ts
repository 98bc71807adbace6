/**
 * NetworkPolicies for the platform's own namespaces, from what each add-on declares about its
 * peers. An add-on states, per workload, who may reach which of its ports and what it must reach
 * (`NetworkAccess`); `PlatformNetworkPolicies` renders one default-deny policy per platform
 * namespace and one allow policy per workload. vpc-cni enforces them on EKS (`enableNetworkPolicy`).
 *
 * Everything is rendered with numeric ports and `ipBlock`s without `except` (vpc-cni's policy
 * agent ignores `except`: aws/aws-network-policy-agent#92).
 */
import type { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { MANAGED_BY_LABEL } from '../../names';
import { renderedJson } from '../rendered';

/** The label the API server sets on every Namespace with its own name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A transport protocol a NetworkPolicy port names. */
export type NetworkProtocol = 'TCP' | 'UDP';

/** One port a rule allows. */
export interface NetworkPort {
  /** The port number on the pod (a Service's targetPort, not its port). */
  readonly port: number;
  /**
   * The protocol.
   * @default 'TCP'
   */
  readonly protocol?: NetworkProtocol;
}

/** Who is on the other side of a rule: pods, a namespace, every pod of the cluster, or a CIDR. */
export class NetworkPeer {
  /** The pods labelled `labels` in `namespace`. */
  public static pods(namespace: string, labels: Readonly<Record<string, string>>): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } }, podSelector: { matchLabels: { ...labels } } });
  }

  /** The pods of a workload (Deployment, StatefulSet, DaemonSet) of this program, by its selector. */
  public static workload(workload: ApiObject): NetworkPeer {
    const { namespace, labels } = workloadSelector(workload);
    return new NetworkPeer(NetworkPeer.pods(namespace, labels).peer, workload);
  }

  /** Every pod of `namespace`. */
  public static namespace(namespace: string): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } });
  }

  /** Every pod of every namespace of the cluster (not addresses outside it). */
  public static anyPod(): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: {} });
  }

  /** Addresses in an IPv4 CIDR (outside the cluster's pods: load balancers, the VPC, the internet). */
  public static cidr(cidr: string): NetworkPeer {
    return new NetworkPeer({ ipBlock: { cidr } });
  }

  private constructor(
    /** The rendered `NetworkPolicyPeer`. */
    public readonly peer: k8s.NetworkPolicyPeer,
    /**
     * The workload this peer selects, when made by {@link NetworkPeer.workload}: an egress to it
     * also opens the matching ingress on its own policy.
     */
    public readonly workload?: ApiObject,
  ) {}
}

/** One allowance: these peers, these ports. */
export interface NetworkAllowance {
  /** The peers allowed (sources for ingress, destinations for egress). */
  readonly peers: readonly NetworkPeer[];
  /** The ports allowed (on the destination pod). */
  readonly ports: readonly NetworkPort[];
}

/** What one workload's pods may receive and send. DNS is always allowed out. */
export interface NetworkAccess {
  /** The workload whose pods the policy selects (its `spec.selector.matchLabels`). */
  readonly workload: ApiObject;
  /**
   * Who may connect to the pods, on which ports. Scraping by Prometheus is added from the pod
   * template's `prometheus.io/scrape` and `prometheus.io/port` annotations.
   * @default []
   */
  readonly ingress?: readonly NetworkAllowance[];
  /**
   * Where the pods may connect (besides DNS, the API server and AWS endpoints below).
   * @default []
   */
  readonly egress?: readonly NetworkAllowance[];
  /**
   * The pods call the Kubernetes API server (TCP 443 to `apiServerCidrs`).
   * @default false
   */
  readonly kubernetesApi?: boolean;
  /**
   * The pods call AWS APIs (S3, STS, EC2...): TCP 443 to any address, since the public endpoints'
   * addresses are not known in advance.
   * @default false
   */
  readonly awsApis?: boolean;
}

/** The pods of the cluster DNS (CoreDNS on EKS keeps the `k8s-app: kube-dns` label). */
export const CLUSTER_DNS_PEER = NetworkPeer.pods('kube-system', { 'k8s-app': 'kube-dns' });
/** DNS over UDP and TCP. */
export const DNS_PORTS: readonly NetworkPort[] = [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }];
/** The metrics namespace, where Prometheus and Grafana run. */
export const METRICS_NAMESPACE = 'monitoring';
/** Prometheus's pods: the peer allowed to every scrape port. */
export const PROMETHEUS_PEER_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'prometheus' };
/** Grafana's pods: the peer allowed to read Prometheus and Loki. */
export const GRAFANA_PEER_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'grafana' };

/** Props of {@link PlatformNetworkPolicies}. */
export interface PlatformNetworkPoliciesProps {
  /** What each workload may receive and send. */
  readonly access: readonly NetworkAccess[];
  /**
   * Namespaces that get a default-deny policy (ingress and egress) for every pod in them.
   * @default - every namespace of `access` except `kube-system` (whose system pods the platform does not own)
   */
  readonly defaultDenyNamespaces?: readonly string[];
  /**
   * Where the Kubernetes API server answers. On EKS its private endpoint's network interfaces
   * sit in the cluster's subnets, so the VPC CIDR covers them (with a public-only endpoint, list
   * its addresses instead).
   */
  readonly apiServerCidrs: readonly string[];
  /**
   * The peer allowed to every scrape port.
   * @default - Prometheus's pods in 'monitoring'
   */
  readonly scraper?: NetworkPeer;
}

const NEVER_DENIED = new Set(['kube-system', 'default', 'kube-public', 'kube-node-lease']);

/**
 * One default-deny NetworkPolicy per platform namespace, and per workload one policy that selects
 * its pods and admits exactly its declared ingress and egress (plus DNS and scraping).
 */
export class PlatformNetworkPolicies extends Construct {
  /** Namespaces with a default-deny policy. */
  public readonly defaultDenyNamespaces: readonly string[];

  constructor(scope: Construct, id: string, props: PlatformNetworkPoliciesProps) {
    super(scope, id);
    const selectors = props.access.map((a) => workloadSelector(a.workload));
    this.defaultDenyNamespaces = props.defaultDenyNamespaces
      ?? [...new Set(selectors.filter((s) => !s.hostNetwork).map((s) => s.namespace))].filter((ns) => !NEVER_DENIED.has(ns)).sort();
    for (const namespace of this.defaultDenyNamespaces) {
      new k8s.KubeNetworkPolicy(this, `default-deny-${namespace}`, {
        metadata: { name: 'default-deny', namespace, labels: { ...MANAGED_BY_LABEL } },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      });
    }
    const scraper = props.scraper ?? NetworkPeer.pods(METRICS_NAMESPACE, PROMETHEUS_PEER_LABELS);
    const reciprocal = reciprocalIngress(props.access);
    props.access.forEach((access, i) => {
      const { namespace, name, labels, scrapePort, hostNetwork } = selectors[i];
      // A host-network pod (node-exporter) has its node's address: no NetworkPolicy applies to it.
      if (hostNetwork) return;
      const ingress = [...(access.ingress ?? []), ...(reciprocal.get(access.workload) ?? [])];
      if (scrapePort !== undefined) ingress.push({ peers: [scraper], ports: [{ port: scrapePort }] });
      const egress: NetworkAllowance[] = [{ peers: [CLUSTER_DNS_PEER], ports: DNS_PORTS }, ...(access.egress ?? [])];
      if (access.kubernetesApi) egress.push({ peers: props.apiServerCidrs.map((c) => NetworkPeer.cidr(c)), ports: [{ port: 443 }] });
      if (access.awsApis) egress.push({ peers: [NetworkPeer.cidr('0.0.0.0/0')], ports: [{ port: 443 }] });
      new k8s.KubeNetworkPolicy(this, `${namespace}-${name}`, {
        metadata: { name, namespace, labels: { ...MANAGED_BY_LABEL } },
        spec: {
          podSelector: { matchLabels: { ...labels } },
          policyTypes: ['Ingress', 'Egress'],
          ingress: ingress.map((r) => ({ from: r.peers.map((p) => p.peer), ports: r.ports.map(renderPort) })),
          egress: egress.map((r) => ({ to: r.peers.map((p) => p.peer), ports: r.ports.map(renderPort) })),
        },
      });
    });
  }
}

/**
 * For each workload another one declares an egress to (through `NetworkPeer.workload`), the
 * ingress that admits it: a connection is declared once, by its client.
 */
function reciprocalIngress(access: readonly NetworkAccess[]): Map<ApiObject, NetworkAllowance[]> {
  const out = new Map<ApiObject, NetworkAllowance[]>();
  const declared = new Set(access.map((a) => a.workload));
  for (const client of access) {
    for (const rule of client.egress ?? []) {
      for (const peer of rule.peers) {
        if (!peer.workload || !declared.has(peer.workload)) continue;
        const list = out.get(peer.workload) ?? [];
        list.push({ peers: [NetworkPeer.workload(client.workload)], ports: rule.ports });
        out.set(peer.workload, list);
      }
    }
  }
  return out;
}

function renderPort(p: NetworkPort): k8s.NetworkPolicyPort {
  return { port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol ?? 'TCP' };
}

interface WorkloadSelector {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly scrapePort?: number;
  readonly hostNetwork: boolean;
}

/** A workload's name, namespace, pod selector labels and annotated scrape port. */
function workloadSelector(workload: ApiObject): WorkloadSelector {
  const json = renderedJson(workload);
  const labels = json.spec?.selector?.matchLabels;
  const namespace = json.metadata?.namespace;
  if (!labels || !namespace) {
    throw new Error(`PlatformNetworkPolicies: ${json.kind} '${json.metadata?.name}' needs a namespace and spec.selector.matchLabels to be selected by a NetworkPolicy.`);
  }
  const annotations = json.spec?.template?.metadata?.annotations ?? {};
  const scrapePort = annotations['prometheus.io/scrape'] === 'true' ? Number(annotations['prometheus.io/port']) : undefined;
  return { name: json.metadata.name, namespace, labels, scrapePort, hostNetwork: json.spec?.template?.spec?.hostNetwork === true };
}

/**
 * The ports of a workload's containers named `names` (as their numbers and protocols), so a rule
 * follows the container port it means. Throws naming the ports there are when one is missing.
 */
export function containerPorts(workload: ApiObject, ...names: string[]): NetworkPort[] {
  const json = renderedJson(workload);
  const ports: { name?: string; containerPort: number; protocol?: NetworkProtocol }[] = (json.spec?.template?.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []);
  return names.map((name) => {
    const found = ports.find((p) => p.name === name);
    if (!found) throw new Error(`containerPorts: ${json.kind} '${json.metadata?.name}' has no container port '${name}'; it has ${ports.map((p) => p.name).join(', ') || 'none'}.`);
    return { port: found.containerPort, protocol: found.protocol ?? 'TCP' };
  });
}

/**
 * The egress a scraper (Prometheus) needs to every workload of `access` whose pod template has
 * the `prometheus.io/scrape` and `prometheus.io/port` annotations: to its pods, or, for a
 * host-network workload (node-exporter), to `nodeCidrs` (the nodes' addresses) on its port.
 */
export function scrapeEgress(access: readonly NetworkAccess[], nodeCidrs: readonly string[]): NetworkAllowance[] {
  return access.flatMap((a) => {
    const { scrapePort, hostNetwork } = workloadSelector(a.workload);
    if (scrapePort === undefined) return [];
    const peers = hostNetwork ? nodeCidrs.map((c) => NetworkPeer.cidr(c)) : [NetworkPeer.workload(a.workload)];
    return [{ peers, ports: [{ port: scrapePort }] }];
  });
}
