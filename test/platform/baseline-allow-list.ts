/**
 * The baseline's reasoned exceptions: each waives one rule on one object, and says why the
 * program cannot meet it. `baseline.test.ts` fails for any violation not listed here and for any
 * entry that no longer waives anything. Add an entry only with a reason a reviewer can check.
 */
import type { BaselineException } from '../support/baseline';

export const BASELINE_ALLOW_LIST: readonly BaselineException[] = [
  {
    kind: 'DaemonSet', namespace: 'logging', name: 'fluent-bit', rule: 'host-path',
    reason: 'Tails the container logs under /var/log on each node and keeps its tail offsets (the tail DB) in /var/fluent-bit/state on the node, so a restarted pod neither loses nor repeats lines.',
  },
  {
    kind: 'DaemonSet', namespace: 'logging', name: 'fluent-bit', rule: 'run-as-root',
    reason: 'The kubelet writes /var/log/pods and /var/log/containers as root with mode 0640/0750; only uid 0 can read them. All capabilities are dropped and the root filesystem is read-only.',
  },
  {
    kind: 'DaemonSet', namespace: 'logging', name: 'fluent-bit', rule: 'api-token',
    reason: "The kubernetes filter reads each pod's labels and namespace from the API (ClusterRole fluent-bit: get/list/watch pods and namespaces only).",
  },
  {
    kind: 'Deployment', namespace: 'kube-system', name: 'cluster-autoscaler', rule: 'api-token',
    reason: 'Watches pending pods and nodes, evicts pods to drain nodes and holds a leader-election lease: it is an API client.',
  },
  {
    kind: 'DaemonSet', namespace: 'node-exporter', name: 'node-exporter', rule: 'host-network',
    reason: "Reports the node's own network interfaces and sockets (netdev, netstat, sockstat collectors), which only the host network namespace shows; it is scraped on the node's address.",
  },
  {
    kind: 'DaemonSet', namespace: 'node-exporter', name: 'node-exporter', rule: 'host-pid',
    reason: "Counts the node's processes and their states (processes collector) from the host's /proc, which a pod PID namespace would hide.",
  },
  {
    kind: 'DaemonSet', namespace: 'node-exporter', name: 'node-exporter', rule: 'host-path',
    reason: "Reads the node's /proc and /sys (CPU, memory, disks, network) and / for filesystem usage, all mounted read-only; it writes nothing to the host.",
  },
  {
    kind: 'Deployment', namespace: 'monitoring', name: 'kube-state-metrics', rule: 'api-token',
    reason: 'Turns the state of Kubernetes objects into metrics by listing and watching them through the API (ClusterRole kube-state-metrics: list/watch only, no Secrets).',
  },
  {
    kind: 'StatefulSet', namespace: 'monitoring', name: 'prometheus', rule: 'api-token',
    reason: 'Discovers its scrape targets (pods, endpoints, nodes) through the API with kubernetes_sd (ClusterRole prometheus: get/list/watch).',
  },
  {
    kind: 'StatefulSet', namespace: 'jenkins', name: 'jenkins', rule: 'api-token',
    reason: "The Kubernetes plugin starts, watches, execs into and deletes agent pods through the API (Role jenkins-agents in Jenkins's namespace only).",
  },
  {
    kind: 'Deployment', namespace: 'argo', name: 'workflow-controller', rule: 'api-token',
    reason: 'Runs workflows by creating and watching their pods and updating Workflow objects through the API, and holds a leader-election lease.',
  },
  {
    kind: 'Deployment', namespace: 'argo', name: 'argo-server', rule: 'api-token',
    reason: "Serves the workflows API and UI by reading and creating Workflow objects through the API (with the caller's own token in auth mode client).",
  },
];
