/** The network peers of Argo Workflows, for `PlatformNetworkPolicies`. */
import type { ApiObject } from 'cdk8s';
import { NetworkPeer, type NetworkAccess } from '../network-policy';
import type { ArgoWorkflows } from '.';

/**
 * The workflow controller and argo-server both work through the API server; the controller's
 * metrics are scraped (its annotations); argo-server with SSO calls its OIDC issuer over HTTPS.
 * Workflow pods in the workflow namespaces are the users' workloads: their egress is theirs to
 * restrict (a webhook exit handler needs HTTPS out, the executor the API server), so those
 * namespaces get no default-deny here.
 */
export function argoNetworkAccess(argo: ArgoWorkflows): NetworkAccess[] {
  const server = argo.node.findChild('Server') as ApiObject;
  return [
    { workload: argo.controller, kubernetesApi: true },
    {
      workload: server,
      kubernetesApi: true,
      egress: argo.authMode === 'sso' ? [{ peers: [NetworkPeer.cidr('0.0.0.0/0')], ports: [{ port: 443 }] }] : [],
    },
  ];
}
