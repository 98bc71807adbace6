/**
 * Grafana Loki. Mode `single-binary`: one `-target=all` pod. Mode `replicated`: write pods
 * (a StatefulSet, replication factor 3), stateless read pods and one compactor, all in one
 * memberlist ring. Chunks, the TSDB index and delete requests live in S3 (IRSA, no keys); the
 * volumes hold the WAL, index caches and the compactor's working files.
 */
import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  LOKI_DEFAULT_READ_REPLICAS, LOKI_DEFAULT_RESOURCES, LOKI_REPLICATION_FACTOR, validateLokiConfig, type LokiConfig, type LokiLogLevel, type LokiMode,
} from '../../config/addons/loki';
import { ProblemCollector, show } from '../../config/problems';
import { withResourceDefaults, type ResolvedContainerResources } from '../../config/resources';
import { SERVICE_IDENTITIES } from '../../names';
import {
  checkBucketName, componentLabels, irsaServiceAccount, objectLabels, prometheusScrapeAnnotations,
  throwIfProblems, validateAwsIdentityProps, volumeClaimTemplate, type AwsIdentityProps,
} from '../common';
import {
  LOKI_CONFIG_FILE, LOKI_GRPC_PORT, LOKI_HTTP_PORT, LOKI_MEMBERLIST_PORT,
  lokiConfigYaml, replicationFactor, type LokiSettings,
} from './config';
import { LOKI_VERSION, lokiPodTemplate } from './pod';

export { LOKI_IMAGE, LOKI_UID, LOKI_VERSION } from './pod';

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
 * Objects: ServiceAccount `loki` (IRSA), ConfigMap `loki-config`, StatefulSet `loki` (the
 * single-binary pod, or the write pods), Service `loki` (push: {@link Loki.url}), headless
 * Service `loki-headless` (pod DNS of the StatefulSets and the memberlist ring, every Loki pod).
 * In mode `replicated` also: PodDisruptionBudget `loki`; Deployment, Service and
 * PodDisruptionBudget `loki-read` (queries: {@link Loki.queryUrl}); StatefulSet and Service
 * `loki-compactor` (the delete API: {@link Loki.deleteUrl}).
 */
export class Loki extends Construct {
  /** Mode in effect. */
  public readonly mode: LokiMode;
  /** Number of pods that take pushes (the single-binary pod, or the write pods). */
  public readonly replicas: number;
  /** Number of read pods; 0 in mode `single-binary`. */
  public readonly readReplicas: number;
  /** Replication factor of the ingester ring. */
  public readonly replicationFactor: number;
  /** Whether pushes and queries need an `X-Scope-OrgID` tenant header. */
  public readonly authEnabled: boolean;
  /** Retention in days. */
  public readonly retentionDays: number;
  /** Namespace of every object. */
  public readonly namespace: string;
  /** Cluster DNS name of the push Service (`loki`). */
  public readonly host: string;
  /** HTTP port of every Loki Service. */
  public readonly port: number = LOKI_HTTP_PORT;
  /** Base URL of the push API (fluent-bit): `http://<host>:3100`. In mode `single-binary` it also answers queries and deletes. */
  public readonly url: string;
  /** Base URL of the query API (Grafana, logcli): the read pods, or {@link url} in mode `single-binary`. */
  public readonly queryUrl: string;
  /**
   * Base URL of the delete API (`/loki/api/v1/delete`): the one compactor, or {@link url} in
   * mode `single-binary`. No other pod accepts a delete, so none is lost on a pod that does not
   * apply it.
   */
  public readonly deleteUrl: string;
  /** The rendered `config.yaml` (one file for every role). */
  public readonly configYaml: string;
  /** The StatefulSet of the single-binary or write pods (id `Resource`). */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The push Service. */
  public readonly service: k8s.KubeService;
  /** The read pods, in mode `replicated`. */
  public readonly readDeployment?: k8s.KubeDeployment;
  /** The compactor, in mode `replicated`. */
  public readonly compactorStatefulSet?: k8s.KubeStatefulSet;

  constructor(scope: Construct, id: string, props: LokiProps) {
    super(scope, id);
    assertValidProps(id, props);

    this.mode = props.mode ?? 'single-binary';
    const replicated = this.mode === 'replicated';
    this.replicas = props.replicas ?? (replicated ? LOKI_REPLICATION_FACTOR : 1);
    this.readReplicas = replicated ? props.readReplicas ?? LOKI_DEFAULT_READ_REPLICAS : 0;
    this.replicationFactor = replicationFactor(this.mode);
    this.authEnabled = props.authEnabled ?? false;
    this.retentionDays = props.retentionDays ?? 30;
    this.namespace = props.namespace ?? SERVICE_IDENTITIES.loki.namespace;
    const hostOf = (name: string) => `${name}.${this.namespace}.svc.cluster.local`;
    const urlOf = (name: string) => `http://${hostOf(name)}:${LOKI_HTTP_PORT}`;
    this.host = hostOf(NAME);
    this.url = urlOf(NAME);
    this.queryUrl = replicated ? urlOf(`${NAME}-${READ}`) : this.url;
    this.deleteUrl = replicated ? urlOf(`${NAME}-${COMPACTOR}`) : this.url;
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
      memberlistHost: hostOf(headless),
      compactorAddress: replicated ? this.deleteUrl : undefined,
    };
    this.configYaml = lokiConfigYaml(settings);

    const serviceAccount = SERVICE_IDENTITIES.loki.serviceAccount;
    const metaOf = (component: string) => (name: string) => ({ name, namespace: this.namespace, labels: objectLabels(NAME, component, LOKI_VERSION) });
    const meta = metaOf(COMPONENT);
    new k8s.KubeServiceAccount(this, 'ServiceAccount', irsaServiceAccount(meta(serviceAccount), props.roleArn));
    const configMap = new k8s.KubeConfigMap(this, 'Config', { metadata: meta(`${NAME}-config`), data: { [LOKI_CONFIG_FILE]: this.configYaml } });

    const scrape = props.prometheusScrape ?? true;
    const annotations: Record<string, string> = {
      'checksum/config': createHash('sha256').update(this.configYaml).digest('hex'),
      ...(scrape ? prometheusScrapeAnnotations(LOKI_HTTP_PORT, '/metrics') : {}),
    };
    /** The pod template of one role. */
    const template = (component: string, target: string, extra: { spread?: boolean; emptyDirGiB?: number; grace: number; resources?: ResolvedContainerResources }) => lokiPodTemplate({
      target,
      labels: objectLabels(NAME, component, LOKI_VERSION),
      annotations,
      serviceAccount,
      configMapName: configMap.name,
      resources: extra.resources ?? resources,
      dataEmptyDirGiB: extra.emptyDirGiB,
      terminationGracePeriodSeconds: extra.grace,
      spread: extra.spread ? componentLabels(NAME, component) : undefined,
    });
    const service = (sid: string, component: string, name: string) => new k8s.KubeService(this, sid, {
      metadata: metaOf(component)(name),
      spec: { type: 'ClusterIP', selector: componentLabels(NAME, component), ports: [servicePort('http-metrics', LOKI_HTTP_PORT), servicePort('grpc', LOKI_GRPC_PORT)] },
    });

    this.service = service('Service', COMPONENT, NAME);
    new k8s.KubeService(this, 'Headless', {
      metadata: meta(headless),
      spec: {
        clusterIp: 'None',
        // Members must find each other before they are ready: readiness waits for the ring.
        publishNotReadyAddresses: true,
        // Every Loki pod of this install (write, read, compactor): they form one ring.
        selector: ringLabels(),
        ports: [servicePort('http-metrics', LOKI_HTTP_PORT), servicePort('grpc', LOKI_GRPC_PORT), servicePort('memberlist', LOKI_MEMBERLIST_PORT)],
      },
    });

    const selector = componentLabels(NAME, COMPONENT);
    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: meta(NAME),
      spec: {
        replicas: this.replicas,
        serviceName: headless,
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: selector },
        // Leaving the ring and flushing the WAL takes time on a busy ingester.
        template: template(COMPONENT, replicated ? 'write' : 'all', { spread: replicated, grace: 300 }),
        volumeClaimTemplates: [volumeClaimTemplate('data', selector, props.volumeSizeGiB ?? 10, props.storageClassName)],
      },
    });
    if (!replicated) return;

    // Writes need 2 of 3 replicas: never let voluntary disruptions take two at once.
    disruptionBudget(this, 'DisruptionBudget', meta(NAME), selector);

    const readSelector = componentLabels(NAME, READ);
    service('ReadService', READ, `${NAME}-${READ}`);
    this.readDeployment = new k8s.KubeDeployment(this, 'Read', {
      metadata: metaOf(READ)(`${NAME}-${READ}`),
      spec: {
        replicas: this.readReplicas,
        selector: { matchLabels: readSelector },
        // Stateless: index files and caches are downloaded again from S3.
        template: template(READ, 'read,query-scheduler', {
          spread: true, emptyDirGiB: props.volumeSizeGiB ?? 10, grace: 60, resources: withResourceDefaults(props.readResources, resources),
        }),
      },
    });
    if (this.readReplicas > 1) disruptionBudget(this, 'ReadDisruptionBudget', metaOf(READ)(`${NAME}-${READ}`), readSelector);

    const compactorSelector = componentLabels(NAME, COMPACTOR);
    service('CompactorService', COMPACTOR, `${NAME}-${COMPACTOR}`);
    this.compactorStatefulSet = new k8s.KubeStatefulSet(this, 'Compactor', {
      metadata: metaOf(COMPACTOR)(`${NAME}-${COMPACTOR}`),
      spec: {
        // Exactly one: the owner of the delete-request store. Never scale it.
        replicas: 1,
        serviceName: headless,
        selector: { matchLabels: compactorSelector },
        // A compaction or retention pass is resumed from its working files on the volume.
        template: template(COMPACTOR, COMPACTOR, { grace: 300, resources: withResourceDefaults(props.compactorResources, LOKI_DEFAULT_RESOURCES) }),
        volumeClaimTemplates: [volumeClaimTemplate('data', compactorSelector, props.volumeSizeGiB ?? 10, props.storageClassName)],
      },
    });
  }
}

/** Components (`app.kubernetes.io/component`) of the Loki pods besides `server`. */
const READ = 'read';
const COMPACTOR = 'compactor';

/** Labels every Loki pod of this install carries, whatever its role. */
function ringLabels(): Record<string, string> {
  const { 'app.kubernetes.io/component': _component, ...rest } = componentLabels(NAME, COMPONENT);
  return rest;
}

function servicePort(name: string, port: number): k8s.ServicePort {
  return { name, port, targetPort: k8s.IntOrString.fromString(name), protocol: 'TCP' };
}

function disruptionBudget(scope: Construct, id: string, metadata: k8s.ObjectMeta, selector: Record<string, string>): void {
  new k8s.KubePodDisruptionBudget(scope, id, {
    metadata,
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
  });
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
