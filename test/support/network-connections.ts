/**
 * The connections a set of synthesized objects needs, derived from the objects themselves: each
 * Service address a mounted config file names (`<svc>.<ns>.svc[.cluster.local][:port]`, the port
 * otherwise from a `port: N` within the next lines), the gRPC port of every member of a ring that
 * a pod joins through a headless Service selecting itself, every `prometheus.io/*` scrape target, each
 * LoadBalancer Service's source ranges (and the VPC, for the load balancer's health checks), DNS
 * for every pod, the API server for every pod that mounts an API token, AWS endpoints for every
 * pod whose ServiceAccount has an IRSA role. Service addresses in container args (Alertmanager's
 * `--cluster.peer`) count like those of config files; an Alertmanager Slack or PagerDuty receiver
 * (its URL or key read from a Secret file) is HTTPS to the internet. Plus probes for "nothing else
 * is open".
 */
import type { Connection, Endpoint } from './network-policy';
import { containersOf, list, mapSelects, podTemplatesOf, record, type Manifest } from './k8s-shared';
import * as ipaddr from 'ipaddr.js';

/** A pod of the synthesized objects, as the evaluator sees it, with what derivation needs. */
export interface PodInfo {
  /**
   * The pod as the evaluator sees it; a host-network pod has its node's address and no
   * NetworkPolicy applies to it (`ip` endpoint).
   */
  readonly endpoint: Endpoint;
  /** The pod's namespace. */
  readonly namespace: string;
  /** Runs in the node's network namespace: no NetworkPolicy selects it, the node's security group guards it. */
  readonly hostNetwork: boolean;
  readonly ports: readonly { name?: string; port: number; protocol: 'TCP' | 'UDP' }[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly configMaps: readonly string[];
  /** The containers' command, args and literal env values. */
  readonly args: readonly string[];
  readonly serviceAccount?: Manifest;
  readonly automount: boolean;
}

/** Addresses the derivation and the probes use. */
export interface NetworkContext {
  /** The VPC CIDR (pods, load balancers and the API server's private endpoint live there). */
  readonly vpcCidr: string;
  /** Prometheus: a synthesized pod when the metrics add-on is there, else its declared labels. */
  readonly scraper: Endpoint;
  /** Services every pod of the cluster may send to, with the reason. */
  readonly clusterWideServices: readonly { namespace: string; name: string; reason: string }[];
}

/** The n-th address of a CIDR. */
export function addressIn(cidr: string, n: number): string {
  const [base] = ipaddr.parseCIDR(cidr);
  const bytes = base.toByteArray();
  bytes[3] += n;
  return ipaddr.fromByteArray(bytes).toString();
}

export const PUBLIC_ADDRESS: Endpoint = { kind: 'ip', ip: '52.216.0.10', name: 'internet(52.216.0.10)' };
export const KUBE_DNS: Endpoint = { kind: 'pod', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ip: '10.255.255.53', name: 'kube-system/coredns' };
export const OUTSIDER: Endpoint = { kind: 'pod', namespace: 'outsider', labels: { app: 'outsider' }, ip: '10.255.255.99', name: 'outsider/app' };

/** Every pod template of `objects` as a {@link PodInfo}, addressed inside `vpcCidr`. */
export function podsOf(objects: readonly Manifest[], vpcCidr: string): PodInfo[] {
  let n = 100;
  return objects.flatMap((o) => podTemplatesOf(o).map((t) => {
    const namespace = o.metadata.namespace;
    const saName = t.spec.serviceAccountName ?? 'default';
    const serviceAccount = objects.find((x) => x.kind === 'ServiceAccount' && x.metadata.name === saName && x.metadata.namespace === namespace);
    const hostNetwork = t.spec.hostNetwork === true;
    const name = `${namespace}/${o.metadata.name}`;
    const ip = addressIn(vpcCidr, n++);
    return {
      endpoint: hostNetwork ? { kind: 'ip' as const, ip, name } : { kind: 'pod' as const, namespace, labels: t.labels, ip, name },
      hostNetwork,
      namespace,
      ports: containersOf(t.spec, '').flatMap(({ container }) => list(container.ports).map((p) => ({ name: p.name, port: p.containerPort, protocol: p.protocol ?? 'TCP' }))),
      annotations: record(t.metadata.annotations) ?? {},
      configMaps: list(t.spec.volumes).map((v) => v?.configMap?.name).filter((x): x is string => !!x),
      args: containersOf(t.spec, '').flatMap(({ container }) => [...list(container.command), ...list(container.args), ...list(container.env).map((e) => e.value)].filter((x): x is string => typeof x === 'string')),
      serviceAccount,
      automount: (t.spec.automountServiceAccountToken ?? serviceAccount?.automountServiceAccountToken ?? true) !== false,
    };
  }));
}

const ADDRESS = /\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(?:\.cluster\.local)?(?::(\d+))?/g;

/** The pods a Service selects and the container port a service port targets on each. */
function serviceTargets(service: Manifest, pods: readonly PodInfo[], servicePort: Manifest): { pod: PodInfo; port: number; protocol: 'TCP' | 'UDP' }[] {
  const selector = record(service.spec?.selector);
  if (!selector) return [];
  const target = servicePort.targetPort ?? servicePort.port;
  return pods.filter((p) => p.endpoint.kind === 'pod' && p.endpoint.namespace === service.metadata.namespace && mapSelects(selector, p.endpoint.labels)).flatMap((pod) => {
    const match = pod.ports.find((cp) => (typeof target === 'number' ? cp.port === target : cp.name === target) && cp.protocol === (servicePort.protocol ?? 'TCP'));
    return match ? [{ pod, port: match.port, protocol: match.protocol }] : [];
  });
}

/** Every connection the objects need (see the module comment). */
export function expectedConnections(objects: readonly Manifest[], pods: readonly PodInfo[], ctx: NetworkContext): Connection[] {
  const out: Connection[] = [];
  const apiServer: Endpoint = { kind: 'ip', ip: addressIn(ctx.vpcCidr, 10), name: `api-server(${addressIn(ctx.vpcCidr, 10)})` };
  const services = objects.filter((o) => o.kind === 'Service');
  for (const client of pods) {
    const from = client.endpoint;
    out.push({ from, to: KUBE_DNS, port: 53, protocol: 'UDP', why: 'DNS' }, { from, to: KUBE_DNS, port: 53, protocol: 'TCP', why: 'DNS' });
    if (client.automount) out.push({ from, to: apiServer, port: 443, protocol: 'TCP', why: 'mounts an API token' });
    if (client.serviceAccount?.metadata?.annotations?.['eks.amazonaws.com/role-arn']) {
      for (const to of [PUBLIC_ADDRESS, apiServer]) out.push({ from, to, port: 443, protocol: 'TCP', why: 'IRSA role: AWS endpoints' });
    }
    // HTTPS to the internet is 0.0.0.0/0:443, which holds the API server's address too (vpc-cni
    // ignores ipBlock `except`).
    const internet = (why: string) => { for (const to of [PUBLIC_ADDRESS, apiServer]) out.push({ from, to, port: 443, protocol: 'TCP', why }); };
    const sources = [
      ...objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.namespace === client.namespace && client.configMaps.includes(o.metadata.name))
        .map((cm) => ({ label: `ConfigMap ${cm.metadata.name}`, texts: Object.values(record(cm.data) ?? {}).map(String) })),
      { label: 'container args', texts: client.args },
    ];
    for (const { label, texts } of sources) {
      for (const text of texts) {
        // An https URL outside the cluster (a webhook, an update site) is a connection to the internet.
        for (const m of text.matchAll(/https:\/\/([a-z0-9.-]+)/g)) {
          if (!/\.svc(\.cluster\.local)?$/.test(m[1]) && m[1] !== 'localhost') internet(`${label} names ${m[0]}`);
        }
        // Slack's and PagerDuty's endpoints are HTTPS on the internet; their URL/key is a Secret file.
        if (/^\s*(slack_configs|pagerduty_configs):/m.test(text)) internet(`${label} has a Slack or PagerDuty receiver`);
        for (const m of text.matchAll(ADDRESS)) {
          const [name, , ns] = [m[1], m[2], m[3]];
          const port = Number(m[5] ?? /port:\s*(\d+)/.exec(text.slice(m.index!, m.index! + 200))?.[1]);
          const why = `${label} names ${m[0]}`;
          if (name === 'kubernetes' && ns === 'default') { out.push({ from, to: apiServer, port: 443, protocol: 'TCP', why }); continue; }
          const service = services.find((s) => s.metadata.name === name && s.metadata.namespace === ns);
          if (!service) throw new Error(`${why}, a Service that is not among the objects.`);
          for (const sp of list(service.spec.ports).filter((p) => p.port === port)) {
            const targets = serviceTargets(service, pods, sp);
            for (const t of targets) {
              out.push({ from, to: t.pod.endpoint, port: t.port, protocol: t.protocol, why });
              // A pod that joins a ring through a headless Service selecting itself talks gRPC to every member.
              const grpc = /grpc_listen_port:\s*(\d+)/.exec(text)?.[1];
              if (targets.some((m) => m.pod === client) && service.spec.clusterIP === 'None' && grpc) {
                out.push({ from, to: t.pod.endpoint, port: Number(grpc), protocol: 'TCP', why: `${why}: ring members talk gRPC` });
              }
            }
          }
        }
      }
    }
  }
  for (const target of pods.filter((p) => p.annotations['prometheus.io/scrape'] === 'true')) {
    out.push({ from: ctx.scraper, to: target.endpoint, port: Number(target.annotations['prometheus.io/port']), protocol: 'TCP', why: 'prometheus.io/scrape' });
  }
  for (const service of services) {
    const sources: Endpoint[] = [];
    if (service.spec?.type === 'LoadBalancer') {
      for (const cidr of [...list(service.spec.loadBalancerSourceRanges), ctx.vpcCidr]) sources.push({ kind: 'ip', ip: addressIn(cidr, 7), name: `lb-client(${addressIn(cidr, 7)})` });
    }
    const clusterWide = ctx.clusterWideServices.some((s) => s.name === service.metadata.name && s.namespace === service.metadata.namespace);
    // Any pod may send; a pod of the cluster does only where its own egress allows it (an
    // application pod: no policy, OUTSIDER), so the others are permitted, not required.
    const mayAlso: Endpoint[] = clusterWide ? [...pods.map((p) => p.endpoint), ctx.scraper, KUBE_DNS] : [];
    if (clusterWide) sources.push(OUTSIDER);
    for (const sp of list(service.spec?.ports)) {
      for (const t of serviceTargets(service, pods, sp)) {
        const why = `clients of Service ${service.metadata.name}`;
        for (const from of sources) out.push({ from, to: t.pod.endpoint, port: t.port, protocol: t.protocol, why });
        for (const from of mayAlso) out.push({ from, to: t.pod.endpoint, port: t.port, protocol: t.protocol, why, optional: true });
      }
    }
  }
  return out;
}

/**
 * Connections to try: from every pod and outside endpoint to every port of every pod, and from
 * every pod to outside addresses on common ports. Whatever the policies allow among them must
 * be expected.
 */
export function probeConnections(objects: readonly Manifest[], pods: readonly PodInfo[], ctx: NetworkContext): Connection[] {
  const lbRanges = objects.filter((o) => o.kind === 'Service' && o.spec?.type === 'LoadBalancer').flatMap((s) => list(s.spec.loadBalancerSourceRanges));
  const outside: Endpoint[] = [PUBLIC_ADDRESS, ...[ctx.vpcCidr, ...lbRanges].map((c): Endpoint => ({ kind: 'ip', ip: addressIn(c, 7), name: `lb-client(${addressIn(c, 7)})` }))];
  const sources: Endpoint[] = [...pods.filter((p) => !p.hostNetwork).map((p) => p.endpoint), ctx.scraper, OUTSIDER, KUBE_DNS, ...outside];
  const out: Connection[] = [];
  // No NetworkPolicy applies to a host-network pod: the node's security group is its guard.
  for (const target of pods.filter((p) => !p.hostNetwork)) {
    for (const from of sources) for (const p of target.ports) out.push({ from, to: target.endpoint, port: p.port, protocol: p.protocol });
  }
  const apiServer: Endpoint = { kind: 'ip', ip: addressIn(ctx.vpcCidr, 10), name: `api-server(${addressIn(ctx.vpcCidr, 10)})` };
  for (const client of pods.filter((p) => !p.hostNetwork)) {
    for (const to of [PUBLIC_ADDRESS, apiServer]) for (const port of [22, 80, 443, 5432]) out.push({ from: client.endpoint, to, port, protocol: 'TCP' });
    out.push({ from: client.endpoint, to: OUTSIDER, port: 8080, protocol: 'TCP' }, { from: client.endpoint, to: KUBE_DNS, port: 53, protocol: 'UDP' });
  }
  return out;
}
