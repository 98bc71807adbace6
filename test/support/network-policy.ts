/**
 * A small NetworkPolicy evaluator over synthesized objects (networking.k8s.io/v1 semantics): may
 * this endpoint open a connection to that one, on this port? A connection needs the source's
 * egress and the destination's ingress to allow it; a pod no policy selects for a direction is
 * open in that direction. Pods have addresses in the VPC (vpc-cni), so `ipBlock`s match them too.
 */
import * as ipaddr from 'ipaddr.js';
import { list, record, selectorMatches, type Manifest } from './k8s-shared';

/** A pod (namespace, labels, address) or an address outside the cluster's pods. */
export type Endpoint =
  | { readonly kind: 'pod'; readonly namespace: string; readonly labels: Readonly<Record<string, string>>; readonly ip: string; readonly name: string }
  | { readonly kind: 'ip'; readonly ip: string; readonly name: string };

/** One connection: from, to, destination port and protocol. */
export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  /** Why it is expected (for failure messages). */
  readonly why?: string;
  /** Expected connections only: permitted, but the policies need not allow it. */
  readonly optional?: boolean;
}

/** `logging/loki -> 10.0.0.1:443/TCP`. */
export function describeConnection(c: Connection): string {
  return `${c.from.name} -> ${c.to.name}:${c.port}/${c.protocol}`;
}

/** Does `cidr` contain `ip`? (`except` is ignored, as vpc-cni ignores it.) */
export function cidrContains(cidr: string, ip: string): boolean {
  const [range, bits] = ipaddr.parseCIDR(cidr);
  const address = ipaddr.parse(ip);
  return address.kind() === range.kind() && address.match(range, bits);
}

/** May `c.from` open `c`? (Source egress and destination ingress both allow it.) */
export function allows(objects: readonly Manifest[], c: Connection): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  return directionAllows(policies, namespaces, 'Egress', c.from, c.to, c)
    && directionAllows(policies, namespaces, 'Ingress', c.to, c.from, c);
}

function policyTypes(policy: Manifest): string[] {
  const declared = list(policy.spec?.policyTypes);
  if (declared.length > 0) return declared;
  return policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Does the policy side of `subject` (the pod the policies select) admit `peer`? */
function directionAllows(policies: Manifest[], namespaces: Manifest[], direction: 'Ingress' | 'Egress', subject: Endpoint, peer: Endpoint, c: Connection): boolean {
  if (subject.kind !== 'pod') return true;
  const selecting = policies.filter((p) => p.metadata?.namespace === subject.namespace
    && selectorMatches(record(p.spec?.podSelector) ?? {}, subject.labels)
    && policyTypes(p).includes(direction));
  if (selecting.length === 0) return true;
  const field = direction === 'Ingress' ? 'ingress' : 'egress';
  const peersField = direction === 'Ingress' ? 'from' : 'to';
  return selecting.some((p) => list(p.spec?.[field]).some((rule) => {
    const peers = list(rule?.[peersField]);
    const peerOk = peers.length === 0 || peers.some((x) => peerMatches(x, peer, p.metadata.namespace, namespaces));
    const ports = list(rule?.ports);
    const portOk = ports.length === 0 || ports.some((x) => (x.protocol ?? 'TCP') === c.protocol
      && (x.port === undefined || (x.endPort !== undefined ? c.port >= x.port && c.port <= x.endPort : x.port === c.port)));
    return peerOk && portOk;
  }));
}

function namespaceLabels(name: string, namespaces: Manifest[]): Record<string, string> {
  const ns = namespaces.find((n) => n.metadata?.name === name);
  return { ...(record(ns?.metadata?.labels) ?? {}), 'kubernetes.io/metadata.name': name };
}

function peerMatches(peer: Manifest, endpoint: Endpoint, policyNamespace: string, namespaces: Manifest[]): boolean {
  if (peer.ipBlock) return cidrContains(peer.ipBlock.cidr, endpoint.ip);
  if (endpoint.kind !== 'pod') return false;
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, namespaceLabels(endpoint.namespace, namespaces))) return false;
  } else if (endpoint.namespace !== policyNamespace) {
    return false;
  }
  return peer.podSelector ? selectorMatches(peer.podSelector, endpoint.labels) : true;
}
