/** The network peers of the metrics add-on (Prometheus, Alertmanager, kube-state-metrics, Grafana). */
import { containerPorts, NetworkPeer, scrapeEgress, type NetworkAccess } from '../network-policy';
import type { Metrics } from '.';

/**
 * The metrics add-on's workloads:
 * - Prometheus scrapes every annotated workload of `others` and of this add-on (node-exporter on
 *   the nodes' addresses, `vpcCidr`), discovers targets through the API server and pushes alerts
 *   to Alertmanager;
 * - Alertmanager, when it has Slack, PagerDuty or https webhook receivers, sends to them (HTTPS
 *   anywhere) and, with several replicas, gossips among them (9094 TCP and UDP);
 * - kube-state-metrics lists objects through the API server;
 * - Grafana queries Prometheus and, when given, Loki.
 * node-exporter runs on the host network, where no NetworkPolicy applies.
 */
export function metricsNetworkAccess(metrics: Metrics, vpcCidr: string, others: readonly NetworkAccess[], loki?: NetworkAccess): NetworkAccess[] {
  const prometheus = metrics.prometheus.statefulSet;
  const alertmanager = metrics.alertmanager.statefulSet;
  const grafana = metrics.grafana.deployment;
  const own: NetworkAccess[] = [
    { workload: metrics.nodeExporter.daemonSet },
    { workload: metrics.kubeStateMetrics.deployment, kubernetesApi: true },
    {
      workload: alertmanager,
      egress: [
        ...(metrics.alertmanager.replicas > 1 ? [{ peers: [NetworkPeer.workload(alertmanager)], ports: containerPorts(alertmanager, 'mesh-tcp', 'mesh-udp') }] : []),
        ...(/slack_configs|pagerduty_configs|https:\/\//.test(metrics.alertmanager.configYaml) ? [{ peers: [NetworkPeer.cidr('0.0.0.0/0')], ports: [{ port: 443 }] }] : []),
      ],
    },
    {
      workload: grafana,
      egress: [
        { peers: [NetworkPeer.workload(prometheus)], ports: containerPorts(prometheus, 'web') },
        ...(loki ? [{ peers: [NetworkPeer.workload(loki.workload)], ports: containerPorts(loki.workload, 'http-metrics') }] : []),
      ],
    },
  ];
  const promAccess: NetworkAccess = {
    workload: prometheus,
    kubernetesApi: true,
    egress: [
      { peers: [NetworkPeer.workload(alertmanager)], ports: containerPorts(alertmanager, 'web') },
    ],
  };
  const all = [...others, ...own, promAccess];
  return [...own, { ...promAccess, egress: [...promAccess.egress!, ...scrapeEgress(all, [vpcCidr])] }];
}
