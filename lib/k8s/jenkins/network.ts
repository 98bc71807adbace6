/** The network peers of Jenkins, for `PlatformNetworkPolicies`. */
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { JenkinsExposure } from '../../config/addons/jenkins';
import { MANAGED_BY_LABEL } from '../../names';
import { CLUSTER_DNS_PEER, containerPorts, DNS_PORTS, NetworkPeer, type NetworkAccess, type NetworkAllowance } from '../network-policy';
import { JENKINS_AGENT_LABEL, type Jenkins } from '.';

/**
 * The controller: agents (pods labelled {@link JENKINS_AGENT_LABEL} in its namespace) reach its
 * HTTP port, and the agent port in mode `tunnel`; the configured exposure reaches HTTP (an
 * internal NLB from its source ranges and the VPC, an ingress from its controllers' namespaces and
 * the VPC); it calls itself through its Service URL (JCasC's `jenkinsUrl`); it starts agents
 * through the API server, assumes its IRSA role and deploy roles (STS) and, with the update
 * center, downloads plugins: HTTPS anywhere. Prometheus scraping follows its annotations.
 */
export function jenkinsNetworkAccess(jenkins: Jenkins, vpcCidr: string, exposure?: JenkinsExposure): NetworkAccess {
  const sts = jenkins.statefulSet;
  const http = containerPorts(sts, 'http');
  const agentPorts = jenkins.agentMode === 'tunnel' ? [...http, ...containerPorts(sts, 'agent')] : http;
  const ingress: NetworkAllowance[] = [{ peers: [NetworkPeer.pods(jenkins.namespace, JENKINS_AGENT_LABEL)], ports: agentPorts }];
  if (exposure?.kind === 'internal-load-balancer') {
    ingress.push({ peers: [...new Set([...exposure.sourceRanges, vpcCidr])].map((c) => NetworkPeer.cidr(c)), ports: http });
  } else if (exposure?.kind === 'ingress') {
    ingress.push({ peers: [...(exposure.controllerNamespaces ?? ['kube-system']).map((ns) => NetworkPeer.namespace(ns)), NetworkPeer.cidr(vpcCidr)], ports: http });
  }
  return {
    workload: sts,
    ingress,
    egress: [{ peers: [NetworkPeer.workload(sts)], ports: http }],
    kubernetesApi: true,
    awsApis: true,
  };
}

/**
 * The agents' policy (they are pods the Kubernetes plugin starts, not a workload of this
 * program): DNS, the controller's HTTP port (and agent port in mode `tunnel`), and HTTPS anywhere
 * (Git, package registries, ECR, STS and the deploy targets' AWS APIs). Nothing connects to them.
 */
export function jenkinsAgentNetworkPolicy(scope: Construct, id: string, jenkins: Jenkins): k8s.KubeNetworkPolicy {
  const sts = jenkins.statefulSet;
  const ports = containerPorts(sts, ...(jenkins.agentMode === 'tunnel' ? ['http', 'agent'] : ['http']));
  const port = (p: { port: number; protocol?: string }) => ({ port: k8s.IntOrString.fromNumber(p.port), protocol: p.protocol ?? 'TCP' });
  return new k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: 'jenkins-agents', namespace: jenkins.namespace, labels: { ...MANAGED_BY_LABEL } },
    spec: {
      podSelector: { matchLabels: { ...JENKINS_AGENT_LABEL } },
      policyTypes: ['Ingress', 'Egress'],
      egress: [
        { to: [CLUSTER_DNS_PEER.peer], ports: DNS_PORTS.map(port) },
        { to: [NetworkPeer.workload(sts).peer], ports: ports.map(port) },
        { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [port({ port: 443 })] },
      ],
    },
  });
}
