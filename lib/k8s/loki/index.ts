/**
 * Grafana Loki as a StatefulSet of `-target=all` pods: one pod in a sandbox, three or more
 * in a memberlist ring in production. Chunks and the TSDB index live in S3 (IRSA, no keys);
 * each pod's volume holds the WAL and index caches.
 */
import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  LOKI_DEFAULT_RESOURCES, LOKI_REPLICATION_FACTOR, validateLokiConfig, type LokiConfig, type LokiLogLevel, type LokiMode,
} from '../../config/addons/loki';
import { ProblemCollector, show } from '../../config/problems';
import { withResourceDefaults } from '../../config/resources';
import { SERVICE_IDENTITIES } from '../../names';
import {
  checkBucketName, componentLabels, irsaServiceAccount, nonRootPodSecurityContext, objectLabels, prometheusScrapeAnnotations,
  resourceRequirements, throwIfProblems, validateAwsIdentityProps, volumeClaimTemplate, withoutKubernetesApi, type AwsIdentityProps,
} from '../common';
import {
  LOKI_CONFIG_DIR, LOKI_CONFIG_FILE, LOKI_DATA_DIR, LOKI_GRPC_PORT, LOKI_HTTP_PORT, LOKI_MEMBERLIST_PORT,
  lokiConfigYaml, replicationFactor, type LokiSettings,
} from './config';

/** Loki version; the image tag below. */
export const LOKI_VERSION = '3.6.7';
/** The pinned Loki image (Docker Hub `grafana/loki`, 3.6 series). */
export const LOKI_IMAGE = `grafana/loki:${LOKI_VERSION}`;
/** uid and gid the grafana/loki image runs as. */
export const LOKI_UID = 10001;

/**
 * Properties of {@link Loki}: the account's Loki section plus what comes from AWS (the role is
 * `serviceRoleArn(..., 'loki')`, trusted by `logging:loki`).
 */
export interface LokiProps extends LokiConfig, AwsIdentityProps {
  /** The S3 bucket for chunks, index and delete requests (`lokiBucketName(...)`). */
  readonly bucketName: string;
  /**
   * KMS key that encrypts objects Loki writes (SSE-KMS). The role needs `kms:GenerateDataKey`
   * and `kms:Decrypt` on it.
   * @default - no SSE header: the bucket's default encryption applies
   */
  readonly kmsKeyArn?: string;
}

const NAME = 'loki';
const COMPONENT = 'server';
/** Key or alias: Loki sends it as the SSE-KMS key id, and S3 accepts both. */
const KMS_ARN = /^arn:aws:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[\w/-]+)$/;

/**
 * Loki, with defaults applied once here; read the public fields for the values in effect.
 *
 * Objects: ServiceAccount `loki` (IRSA), ConfigMap `loki-config`, StatefulSet `loki`,
 * Service `loki` (push and query: `url`), headless Service `loki-headless` (pod DNS and the
 * memberlist ring), and in mode `replicated` a PodDisruptionBudget `loki`.
 */
export class Loki extends Construct {
  /** Mode in effect. */
  public readonly mode: LokiMode;
  /** Number of pods. */
  public readonly replicas: number;
  /** Replication factor of the ingester ring. */
  public readonly replicationFactor: number;
  /** Whether pushes and queries need an `X-Scope-OrgID` tenant header. */
  public readonly authEnabled: boolean;
  /** Retention in days. */
  public readonly retentionDays: number;
  /** Namespace of every object. */
  public readonly namespace: string;
  /** Cluster DNS name of the push/query Service. */
  public readonly host: string;
  /** HTTP port of the push/query Service. */
  public readonly port: number = LOKI_HTTP_PORT;
  /** Base URL for clients (Grafana, fluent-bit): `http://<host>:3100`. */
  public readonly url: string;
  /** The rendered `config.yaml`. */
  public readonly configYaml: string;
  /** The StatefulSet (id `Resource`). */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The push/query Service. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: LokiProps) {
    super(scope, id);
    assertValidProps(id, props);

    this.mode = props.mode ?? 'single-binary';
    this.replicas = props.replicas ?? (this.mode === 'replicated' ? LOKI_REPLICATION_FACTOR : 1);
    this.replicationFactor = replicationFactor(this.mode);
    this.authEnabled = props.authEnabled ?? false;
    this.retentionDays = props.retentionDays ?? 30;
    this.namespace = props.namespace ?? SERVICE_IDENTITIES.loki.namespace;
    this.host = `${NAME}.${this.namespace}.svc.cluster.local`;
    this.url = `http://${this.host}:${LOKI_HTTP_PORT}`;
    const headless = `${NAME}-headless`;
    const resources = withResourceDefaults(props.resources, LOKI_DEFAULT_RESOURCES);

    const settings: LokiSettings = {
      mode: this.mode,
      authEnabled: this.authEnabled,
      retentionDays: this.retentionDays,
      maxChunkAgeHours: props.maxChunkAgeHours ?? 2,
      rejectOldSamplesMaxAgeHours: props.rejectOldSamplesMaxAgeHours ?? 168,
      ingestionRateMB: props.ingestionRateMB ?? 16,
      ingestionBurstMB: props.ingestionBurstMB ?? 32,
      resultsCacheMB: props.resultsCacheMB ?? 256,
      chunkCacheMB: props.chunkCacheMB ?? 512,
      memoryMiB: resources.memoryMiB,
      schemaStartDate: props.schemaStartDate ?? '2024-01-01',
      logLevel: props.logLevel ?? ('info' satisfies LokiLogLevel),
      bucketName: props.bucketName,
      region: props.region,
      kmsKeyArn: props.kmsKeyArn,
      memberlistHost: `${headless}.${this.namespace}.svc.cluster.local`,
    };
    this.configYaml = lokiConfigYaml(settings);

    const selector = componentLabels(NAME, COMPONENT);
    const labels = objectLabels(NAME, COMPONENT, LOKI_VERSION);
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });
    const serviceAccount = SERVICE_IDENTITIES.loki.serviceAccount;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', irsaServiceAccount(meta(serviceAccount), props.roleArn));

    const configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(`${NAME}-config`),
      data: { [LOKI_CONFIG_FILE]: this.configYaml },
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: meta(NAME),
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [
          { name: 'http-metrics', port: LOKI_HTTP_PORT, targetPort: k8s.IntOrString.fromString('http-metrics'), protocol: 'TCP' },
          { name: 'grpc', port: LOKI_GRPC_PORT, targetPort: k8s.IntOrString.fromString('grpc'), protocol: 'TCP' },
        ],
      },
    });

    new k8s.KubeService(this, 'Headless', {
      metadata: meta(headless),
      spec: {
        clusterIp: 'None',
        // Members must find each other before they are ready: readiness waits for the ring.
        publishNotReadyAddresses: true,
        selector,
        ports: [
          { name: 'http-metrics', port: LOKI_HTTP_PORT, targetPort: k8s.IntOrString.fromString('http-metrics'), protocol: 'TCP' },
          { name: 'grpc', port: LOKI_GRPC_PORT, targetPort: k8s.IntOrString.fromString('grpc'), protocol: 'TCP' },
          { name: 'memberlist', port: LOKI_MEMBERLIST_PORT, targetPort: k8s.IntOrString.fromString('memberlist'), protocol: 'TCP' },
        ],
      },
    });

    const podAnnotations: Record<string, string> = {
      'checksum/config': createHash('sha256').update(this.configYaml).digest('hex'),
      ...((props.prometheusScrape ?? true) ? prometheusScrapeAnnotations(LOKI_HTTP_PORT, '/metrics') : {}),
    };
    const replicated = this.mode === 'replicated';

    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: meta(NAME),
      spec: {
        replicas: this.replicas,
        serviceName: headless,
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels }, annotations: podAnnotations },
          spec: {
            ...withoutKubernetesApi(serviceAccount),
            // Leaving the ring and flushing the WAL takes time on a busy ingester.
            terminationGracePeriodSeconds: 300,
            securityContext: nonRootPodSecurityContext(LOKI_UID),
            ...(replicated ? spreadAcrossNodes(selector) : {}),
            containers: [{
              name: NAME,
              image: LOKI_IMAGE,
              args: [`-config.file=${LOKI_CONFIG_DIR}/${LOKI_CONFIG_FILE}`, '-target=all'],
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
              resources: resourceRequirements(resources),
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
              { name: 'config', configMap: { name: configMap.name } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
            ],
          },
        },
        volumeClaimTemplates: [volumeClaimTemplate('data', selector, props.volumeSizeGiB ?? 10, props.storageClassName)],
      },
    });

    if (replicated) {
      new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: meta(NAME),
        // Writes need 2 of 3 replicas: never let voluntary disruptions take two at once.
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
      });
    }
  }
}

/** Never two replicas on one node (a node loss must keep the write quorum); prefer distinct zones. */
function spreadAcrossNodes(selector: Record<string, string>): Pick<k8s.PodSpec, 'affinity' | 'topologySpreadConstraints'> {
  return {
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' }],
      },
    },
    topologySpreadConstraints: [{
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      // Soft: EBS volumes are zonal, and a zone short of capacity must not leave a pod pending.
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
    }],
  };
}

/** Throws one error listing every problem of `props`, in the library's message style. */
function assertValidProps(id: string, props: LokiProps): void {
  const problems = new ProblemCollector();
  validateLokiConfig(props, '', problems);
  checkBucketName(props.bucketName, 'bucketName', problems);
  validateAwsIdentityProps(props, problems);
  if (props.kmsKeyArn !== undefined && !KMS_ARN.test(props.kmsKeyArn)) {
    problems.add('kmsKeyArn', `must be a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>), got ${show(props.kmsKeyArn)}.`);
  }
  throwIfProblems('Loki', id, problems);
}
