/**
 * node-exporter: a DaemonSet reporting each node's CPU, memory, filesystems and network, on the
 * host's network and PID namespace with read-only host mounts. It needs the `privileged` Pod
 * Security level (hostPath, hostNetwork, hostPID), so it has a namespace of its own and the
 * namespace of Prometheus, Alertmanager and Grafana keeps enforcing `baseline`.
 */
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { NODE_EXPORTER_DEFAULT_RESOURCES, type NodeExporterConfig } from '../../config/addons/metrics';
import { ProblemCollector } from '../../config/problems';
import { validateContainerResources, withResourceDefaults } from '../../config/resources';
import { checkNamespace, componentLabels, objectLabels, resourceRequirements, throwIfProblems } from '../common';

/**
 * node-exporter version; the image tag below (v1.12.1: the newest release seen pinned in public
 * deployments, e.g. `prom/node-exporter:v1.12.1`; releases at
 * https://github.com/prometheus/node_exporter/releases).
 */
export const NODE_EXPORTER_VERSION = 'v1.12.1';
/** The pinned node-exporter image. */
export const NODE_EXPORTER_IMAGE = `quay.io/prometheus/node-exporter:${NODE_EXPORTER_VERSION}`;
/** Port of `/metrics`, on each node's network. */
export const NODE_EXPORTER_PORT = 9100;
/** uid node-exporter runs as (`nobody`: reading /proc and /sys needs no privilege). */
export const NODE_EXPORTER_UID = 65534;
/** Default namespace of node-exporter. */
export const NODE_EXPORTER_NAMESPACE = 'node-exporter';

/** Properties of {@link NodeExporter}. */
export interface NodeExporterProps extends NodeExporterConfig {
  /**
   * Namespace of every object: one of its own, enforcing `privileged`.
   * @default 'node-exporter'
   */
  readonly namespace?: string;
}

const NAME = 'node-exporter';
const COMPONENT = 'exporter';
/** Mount points node-exporter should not report: kubelet and containerd internals, seen once per pod. */
const EXCLUDED_MOUNTS = '^/(dev|proc|sys|run/containerd/.+|var/lib/kubelet/.+|var/lib/containerd/.+)($|/)';

/** node-exporter on every node. Objects: ServiceAccount and DaemonSet `node-exporter`. */
export class NodeExporter extends Construct {
  /** Namespace of every object. */
  public readonly namespace: string;
  /** The DaemonSet (id `Resource`). */
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: NodeExporterProps = {}) {
    super(scope, id);
    const problems = new ProblemCollector();
    validateContainerResources(props.resources ?? {}, 'resources', problems, NODE_EXPORTER_DEFAULT_RESOURCES);
    checkNamespace(props.namespace, problems);
    throwIfProblems('NodeExporter', id, problems);
    this.namespace = props.namespace ?? NODE_EXPORTER_NAMESPACE;
    const selector = componentLabels(NAME, COMPONENT);
    const labels = objectLabels(NAME, COMPONENT, NODE_EXPORTER_VERSION);
    const port = k8s.IntOrString.fromString('metrics');

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace: this.namespace, labels }, automountServiceAccountToken: false });
    this.daemonSet = new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: { name: NAME, namespace: this.namespace, labels },
      spec: {
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: {
          metadata: { labels: { ...labels } },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            hostNetwork: true,
            hostPid: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            // Evicted last: without it, a node under pressure loses its metrics first.
            priorityClassName: 'system-node-critical',
            tolerations: [{ operator: 'Exists' }],
            securityContext: { runAsNonRoot: true, runAsUser: NODE_EXPORTER_UID, runAsGroup: NODE_EXPORTER_UID, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: NAME,
              image: NODE_EXPORTER_IMAGE,
              args: [
                '--path.procfs=/host/proc',
                '--path.sysfs=/host/sys',
                '--path.rootfs=/host/root',
                `--web.listen-address=:${NODE_EXPORTER_PORT}`,
                `--collector.filesystem.mount-points-exclude=${EXCLUDED_MOUNTS}`,
              ],
              // On the host network the container port is the node's port (the API server defaults hostPort to it).
              ports: [{ name: 'metrics', containerPort: NODE_EXPORTER_PORT, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/', port }, periodSeconds: 15, timeoutSeconds: 3 },
              livenessProbe: { httpGet: { path: '/', port }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 5 },
              resources: resourceRequirements(withResourceDefaults(props.resources, NODE_EXPORTER_DEFAULT_RESOURCES)),
              securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'proc', mountPath: '/host/proc', readOnly: true },
                { name: 'sys', mountPath: '/host/sys', readOnly: true },
                { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
              ],
            }],
            volumes: [
              { name: 'proc', hostPath: { path: '/proc', type: 'Directory' } },
              { name: 'sys', hostPath: { path: '/sys', type: 'Directory' } },
              { name: 'root', hostPath: { path: '/', type: 'Directory' } },
            ],
          },
        },
      },
    });
  }
}
