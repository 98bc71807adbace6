/**
 * The pod template every Loki workload shares: the same image, config file, ports, probes and
 * security settings; the workload picks its role with `-target` and its volumes.
 */
import { k8s } from 'cdk8s-plus-27';
import { nonRootPodSecurityContext, resourceRequirements, spreadReplicas, withoutKubernetesApi } from '../common';
import type { ResolvedContainerResources } from '../../config/resources';
import { LOKI_CONFIG_DIR, LOKI_CONFIG_FILE, LOKI_DATA_DIR, LOKI_GRPC_PORT, LOKI_HTTP_PORT, LOKI_MEMBERLIST_PORT } from './config';

/** Loki version; the image tag below. */
export const LOKI_VERSION = '3.6.7';
/** The pinned Loki image (Docker Hub `grafana/loki`, 3.6 series). */
export const LOKI_IMAGE = `grafana/loki:${LOKI_VERSION}`;
/** uid and gid the grafana/loki image runs as. */
export const LOKI_UID = 10001;

/** What differs between Loki's workloads. */
export interface LokiPodOptions {
  /** `-target`: `all`, `write`, `read,query-scheduler` or `compactor`. */
  readonly target: string;
  /** Pod labels (the workload's selector plus metadata labels). */
  readonly labels: Record<string, string>;
  /** Pod annotations (config checksum, scrape annotations). */
  readonly annotations: Record<string, string>;
  /** The IRSA ServiceAccount every Loki pod runs as. */
  readonly serviceAccount: string;
  /** The ConfigMap holding `config.yaml`. */
  readonly configMapName: string;
  /** Requests and limits of the container. */
  readonly resources: ResolvedContainerResources;
  /**
   * The volume mounted at {@link LOKI_DATA_DIR}: a claim template of the StatefulSet
   * (`undefined` here), or an emptyDir for the stateless read pods.
   */
  readonly dataEmptyDirGiB?: number;
  /** Seconds to leave the ring and flush; ingesters need minutes. */
  readonly terminationGracePeriodSeconds: number;
  /** Anti-affinity and zone spread, for workloads of several pods. */
  readonly spread?: Record<string, string>;
}

/**
 * The pod template of one Loki workload. Every path Loki writes is under {@link LOKI_DATA_DIR}
 * (the `data` volume) or `/tmp`, so the root filesystem is read-only.
 */
export function lokiPodTemplate(o: LokiPodOptions): k8s.PodTemplateSpec {
  return {
    metadata: { labels: { ...o.labels }, annotations: o.annotations },
    spec: {
      ...withoutKubernetesApi(o.serviceAccount),
      terminationGracePeriodSeconds: o.terminationGracePeriodSeconds,
      securityContext: nonRootPodSecurityContext(LOKI_UID),
      ...(o.spread ? spreadReplicas(o.spread) : {}),
      containers: [{
        name: 'loki',
        image: LOKI_IMAGE,
        args: [`-config.file=${LOKI_CONFIG_DIR}/${LOKI_CONFIG_FILE}`, `-target=${o.target}`],
        ports: [
          { name: 'http-metrics', containerPort: LOKI_HTTP_PORT, protocol: 'TCP' },
          { name: 'grpc', containerPort: LOKI_GRPC_PORT, protocol: 'TCP' },
          { name: 'memberlist', containerPort: LOKI_MEMBERLIST_PORT, protocol: 'TCP' },
        ],
        // Liveness asks the HTTP server only (buildinfo), never /ready: /ready is false
        // during WAL replay and ring joins, and restarting then only makes replay start over.
        livenessProbe: {
          httpGet: { path: '/loki/api/v1/status/buildinfo', port: k8s.IntOrString.fromString('http-metrics') },
          initialDelaySeconds: 30,
          periodSeconds: 30,
          timeoutSeconds: 5,
          failureThreshold: 5,
        },
        readinessProbe: {
          httpGet: { path: '/ready', port: k8s.IntOrString.fromString('http-metrics') },
          initialDelaySeconds: 15,
          periodSeconds: 10,
          timeoutSeconds: 2,
        },
        resources: resourceRequirements(o.resources),
        securityContext: {
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
        volumeMounts: [
          { name: 'config', mountPath: LOKI_CONFIG_DIR, readOnly: true },
          { name: 'data', mountPath: LOKI_DATA_DIR },
          { name: 'tmp', mountPath: '/tmp' },
        ],
      }],
      volumes: [
        { name: 'config', configMap: { name: o.configMapName } },
        ...(o.dataEmptyDirGiB !== undefined ? [{ name: 'data', emptyDir: { sizeLimit: k8s.Quantity.fromString(`${o.dataEmptyDirGiB}Gi`) } }] : []),
        { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
      ],
    },
  };
}
