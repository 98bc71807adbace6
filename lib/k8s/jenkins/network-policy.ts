/**
 * The controller's NetworkPolicy (vpc-cni enforces network policies on these clusters).
 * Ingress: agents (8080, and 50000 in mode `tunnel`), Prometheus from namespace `monitoring`
 * (8080), and the configured exposure. Egress: DNS, the API server and VPC endpoints (443 in the
 * VPC), and, when the update center is on, HTTPS to the internet (plugin downloads at start).
 */
import { k8s } from 'cdk8s-plus-27';
import type { JenkinsExposure } from '../../config/addons/jenkins';
import { JENKINS_AGENT_PORT } from './casc';

/** Namespace of Prometheus (the metrics add-on). */
export const PROMETHEUS_NAMESPACE = 'monitoring';

/** What {@link controllerNetworkPolicy} needs. */
export interface ControllerNetworkPolicySettings {
  /** Metadata of the policy. */
  readonly metadata: k8s.ObjectMeta;
  /** The controller pod's labels. */
  readonly selector: Record<string, string>;
  /** Labels of agent pods. */
  readonly agentLabels: Readonly<Record<string, string>>;
  /** Agents use port 50000. */
  readonly tunnel: boolean;
  /** The VPC's CIDR. */
  readonly vpcCidr: string;
  /** How Jenkins is reached from outside the cluster. */
  readonly exposure?: JenkinsExposure;
  /** Whether HTTPS to the internet is allowed (update center). */
  readonly updateCenter: boolean;
}

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
const namespaced = (name: string): k8s.NetworkPolicyPeer => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });

/** The controller's NetworkPolicy spec and metadata. */
export function controllerNetworkPolicy(s: ControllerNetworkPolicySettings): k8s.KubeNetworkPolicyProps {
  const agents: k8s.NetworkPolicyPeer = { podSelector: { matchLabels: { ...s.agentLabels } } };
  const ingress: k8s.NetworkPolicyIngressRule[] = [
    { from: [agents], ports: [tcp(8080), ...(s.tunnel ? [tcp(JENKINS_AGENT_PORT)] : [])] },
    { from: [namespaced(PROMETHEUS_NAMESPACE)], ports: [tcp(8080)] },
  ];
  if (s.exposure?.kind === 'internal-load-balancer') {
    // The NLB keeps client addresses; its health checks come from its own addresses in the VPC.
    ingress.push({ from: [...s.exposure.sourceRanges, s.vpcCidr].map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(8080)] });
  } else if (s.exposure?.kind === 'ingress') {
    // In-cluster ingress controllers, or an ALB whose targets are pod IPs (its addresses are in the VPC).
    const controllers = (s.exposure.controllerNamespaces ?? ['kube-system']).map(namespaced);
    ingress.push({ from: [...controllers, { ipBlock: { cidr: s.vpcCidr } }], ports: [tcp(8080)] });
  }
  const egress: k8s.NetworkPolicyEgressRule[] = [
    {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)],
    },
    // The API server's private endpoint and VPC interface endpoints (STS, ECR) are in the VPC.
    { to: [{ ipBlock: { cidr: s.vpcCidr } }], ports: [tcp(443)] },
  ];
  if (s.updateCenter) egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [tcp(443)] });
  return {
    metadata: s.metadata,
    spec: { podSelector: { matchLabels: { ...s.selector } }, policyTypes: ['Ingress', 'Egress'], ingress, egress },
  };
}
