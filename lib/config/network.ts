/**
 * IPv4 CIDR arithmetic for validation and the pod IP budget, on top of `ipaddr.js`
 * (parsing and containment) so no address math is hand-written.
 */
import * as ipaddr from 'ipaddr.js';

/** A parsed IPv4 CIDR. */
export interface Cidr {
  /** The CIDR as written. */
  readonly text: string;
  /** The network address. */
  readonly address: ipaddr.IPv4;
  /** The prefix length (0-32). */
  readonly prefix: number;
}

/**
 * Parse an IPv4 CIDR written in canonical form (`10.0.0.0/16`: address on the network
 * boundary). `undefined` when malformed or not canonical.
 */
export function parseCidr(text: string): Cidr | undefined {
  if (typeof text !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) return undefined;
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    return undefined;
  }
  const [address, prefix] = parsed;
  if (address.kind() !== 'ipv4') return undefined;
  const v4 = address as ipaddr.IPv4;
  const network = ipaddr.IPv4.networkAddressFromCIDR(text);
  if (network.toString() !== v4.toString()) return undefined;
  return { text, address: v4, prefix };
}

/** The canonical network CIDR of `text` when it has host bits set (`10.0.0.5/16` -> `10.0.0.0/16`). */
export function canonicalCidr(text: string): string | undefined {
  try {
    const [, prefix] = ipaddr.parseCIDR(text);
    return `${ipaddr.IPv4.networkAddressFromCIDR(text).toString()}/${prefix}`;
  } catch {
    return undefined;
  }
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.address.match(outer.address, outer.prefix);
}

/** True when the two ranges share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** Addresses in the range. */
export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Addresses EC2 lets you use in a subnet: AWS reserves 5 in every subnet. */
export function usableSubnetAddresses(c: Cidr): number {
  return Math.max(0, cidrSize(c) - 5);
}
