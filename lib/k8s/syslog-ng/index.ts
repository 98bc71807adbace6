/**
 * The central syslog server: syslog-ng in a single-replica StatefulSet writing one file per
 * host, day and program on its volume, and two sidecars running the archiver script that move
 * every finished day to the account's log-archive bucket: `compressor` (syslog-ng image, gzip)
 * and `archiver` (aws-cli image, upload with IRSA and SSE-KMS).
 */
import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  SYSLOG_NG_DEFAULT_ARCHIVE_INTERVAL_MINUTES, SYSLOG_NG_DEFAULT_ARCHIVER_RESOURCES, SYSLOG_NG_DEFAULT_MAX_CONNECTIONS,
  SYSLOG_NG_DEFAULT_RESOURCES, SYSLOG_NG_DEFAULT_VOLUME_SIZE_GIB, validateSyslogNgConfig,
  type SyslogNgConfig, type SyslogNgLoadBalancerConfig,
} from '../../config/addons/syslog-ng';
import { ProblemCollector, show } from '../../config/problems';
import { withResourceDefaults, type ResolvedContainerResources } from '../../config/resources';
import { logArchivePrefix, SERVICE_IDENTITIES } from '../../names';
import {
  checkBucketName, componentLabels, irsaServiceAccount, nonRootPodSecurityContext, objectLabels, resourceRequirements,
  throwIfProblems, validateAwsIdentityProps, volumeClaimTemplate, withoutKubernetesApi, type AwsIdentityProps,
} from '../common';
import { renderArchiverScript } from './archiver';
import {
  renderSyslogNgConf, SYSLOG_NG_CONTAINER_PORTS, SYSLOG_NG_LOG_DIR, SYSLOG_NG_SERVICE_PORTS,
} from './config';

export * from './archiver';
export * from './config';

/** syslog-ng version; the image tag below. */
export const SYSLOG_NG_VERSION = '4.11.0';
/** The pinned syslog-ng image (Docker Hub `balabit/syslog-ng`, published by the syslog-ng project). */
export const SYSLOG_NG_IMAGE = `balabit/syslog-ng:${SYSLOG_NG_VERSION}`;
/** The pinned AWS CLI v2 image of the archiver sidecar (Docker Hub `amazon/aws-cli`). */
export const AWS_CLI_IMAGE = 'amazon/aws-cli:2.37.5';
/**
 * uid and gid of every container. Both images default to root; neither needs a passwd entry.
 * One uid for all lets the sidecars replace and delete what syslog-ng wrote; `fsGroup` makes
 * the volume theirs.
 */
export const SYSLOG_NG_UID = 10001;

/**
 * Properties of {@link SyslogNg}: the account's syslog-ng section plus what comes from AWS (the
 * archiver's role is `serviceRoleArn(..., 'syslog-archiver')`, trusted by `logging:syslog-ng`;
 * the region is the archiver's `AWS_REGION`).
 */
export interface SyslogNgProps extends SyslogNgConfig, AwsIdentityProps {
  /**
   * The EKS cluster's name. Archives go under its `logArchivePrefix()` (`<cluster>/`), the only
   * prefix the archiver's IAM policy may write.
   */
  readonly clusterName: string;
  /** The log-archive bucket (`logArchiveBucketName(...)`), SSE-KMS by default with its own key. */
  readonly archiveBucket: string;
  /**
   * ARN of the KMS key (`key/<id>`, not an alias: the bucket policy compares key ARNs) the
   * archives are encrypted with; the archiver sends it and checks each object names it. The
   * role needs `kms:GenerateDataKey` and `kms:Decrypt` on it.
   * @default - no encryption headers: the bucket's default encryption (SSE-KMS with its own
   * key) applies, and the archiver checks each object came out `aws:kms`
   */
  readonly kmsKeyArn?: string;
}

const NAME = 'syslog-ng';
const COMPONENT = 'server';
const CONFIG_FILE = 'syslog-ng.conf';
const SCRIPT_FILE = 'archiver.sh';
const CONFIG_DIR = '/etc/syslog-ng';
const SCRIPT_DIR = '/opt/archiver';
/** syslog-ng's persist file, pid file and control socket (an emptyDir). */
const RUN_DIR = '/run/syslog-ng';
const CONTROL_SOCKET = `${RUN_DIR}/syslog-ng.ctl`;
const ARCHIVER_HOME = '/home/archiver';
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** A key, not an alias: the bucket policy compares the key ARN of each upload with its own. */
const KMS_KEY_ARN = /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/;

/** Service port names (at most 15 characters), also the container ports' names. */
const PORTS = [
  { name: 'syslog-udp', protocol: 'UDP', port: SYSLOG_NG_SERVICE_PORTS.syslog, containerPort: SYSLOG_NG_CONTAINER_PORTS.syslog },
  { name: 'syslog-tcp', protocol: 'TCP', port: SYSLOG_NG_SERVICE_PORTS.syslog, containerPort: SYSLOG_NG_CONTAINER_PORTS.syslog },
  { name: 'syslog-rfc5424', protocol: 'TCP', port: SYSLOG_NG_SERVICE_PORTS.rfc5424, containerPort: SYSLOG_NG_CONTAINER_PORTS.rfc5424 },
] as const;

/**
 * The central syslog server, with defaults applied once here; read the public fields for the
 * values in effect.
 *
 * Objects (namespace `logging` unless told): ServiceAccount `syslog-ng` (IRSA), ConfigMap
 * `syslog-ng` (syslog-ng.conf and the archiver script), StatefulSet `syslog-ng` (one pod, one
 * volume, containers `syslog-ng`, `compressor`, `archiver`), Service `syslog-ng` (ClusterIP: 514/UDP, 514/TCP, 601/TCP), headless Service
 * `syslog-ng-headless` (the StatefulSet's governing Service), PodDisruptionBudget `syslog-ng`,
 * and with `loadBalancer` a Service `syslog-ng-nlb` (internal NLB, AWS Load Balancer Controller).
 *
 * Every container runs as uid {@link SYSLOG_NG_UID} with a read-only root filesystem and no
 * capabilities, so syslog-ng listens on 5514 and 5601 (a non-root process cannot bind below
 * 1024 without `NET_BIND_SERVICE`) and the Services map 514 and 601 to them.
 */
export class SyslogNg extends Construct {
  /** Namespace of every object. */
  public readonly namespace: string;
  /** Size of the log volume, in GiB. */
  public readonly volumeSizeGiB: number;
  /** StorageClass of the log volume; undefined means the cluster default. */
  public readonly storageClassName?: string;
  /** `max-connections()` of each TCP listener. */
  public readonly maxConnections: number;
  /** Minutes between two archiver runs. */
  public readonly archiveIntervalMinutes: number;
  /** The internal NLB settings; undefined when there is none. */
  public readonly loadBalancer?: SyslogNgLoadBalancerConfig;
  /** CPU and memory of the syslog-ng container. */
  public readonly resources: ResolvedContainerResources;
  /** CPU and memory of the archiver (upload) container. */
  public readonly archiverResources: ResolvedContainerResources;
  /** Cluster DNS name of the ClusterIP Service (send to port 514 UDP/TCP or 601 TCP). */
  public readonly host: string;
  /** The rendered syslog-ng.conf. */
  public readonly syslogNgConf: string;
  /** The rendered archiver script. */
  public readonly archiverScript: string;
  /** The StatefulSet (id `Resource`). */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The ClusterIP Service. */
  public readonly service: k8s.KubeService;
  /** The internal NLB Service, when `loadBalancer` is set. */
  public readonly loadBalancerService?: k8s.KubeService;

  constructor(scope: Construct, id: string, props: SyslogNgProps) {
    super(scope, id);
    assertValidProps(id, props);

    this.namespace = props.namespace ?? SERVICE_IDENTITIES['syslog-archiver'].namespace;
    this.volumeSizeGiB = props.volumeSizeGiB ?? SYSLOG_NG_DEFAULT_VOLUME_SIZE_GIB;
    this.storageClassName = props.storageClassName;
    this.maxConnections = props.maxConnections ?? SYSLOG_NG_DEFAULT_MAX_CONNECTIONS;
    this.archiveIntervalMinutes = props.archiveIntervalMinutes ?? SYSLOG_NG_DEFAULT_ARCHIVE_INTERVAL_MINUTES;
    this.loadBalancer = props.loadBalancer;
    this.resources = withResourceDefaults(props.resources, SYSLOG_NG_DEFAULT_RESOURCES);
    this.archiverResources = withResourceDefaults(props.archiverResources, SYSLOG_NG_DEFAULT_ARCHIVER_RESOURCES);
    this.host = `${NAME}.${this.namespace}.svc.cluster.local`;
    this.syslogNgConf = renderSyslogNgConf({ maxConnections: this.maxConnections });
    this.archiverScript = renderArchiverScript({
      bucket: props.archiveBucket,
      keyPrefix: logArchivePrefix(props.clusterName),
      kmsKeyArn: props.kmsKeyArn,
      intervalSeconds: this.archiveIntervalMinutes * 60,
    });

    const selector = componentLabels(NAME, COMPONENT);
    const labels = objectLabels(NAME, COMPONENT, SYSLOG_NG_VERSION);
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });
    const serviceAccount = SERVICE_IDENTITIES['syslog-archiver'].serviceAccount;
    const headless = `${NAME}-headless`;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', irsaServiceAccount(meta(serviceAccount), props.roleArn));

    const configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(NAME),
      data: { [CONFIG_FILE]: this.syslogNgConf, [SCRIPT_FILE]: this.archiverScript },
    });

    const servicePorts = PORTS.map((p) => ({
      name: p.name, protocol: p.protocol, port: p.port, targetPort: k8s.IntOrString.fromString(p.name),
    }));
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: meta(NAME),
      spec: { type: 'ClusterIP', selector, ports: servicePorts },
    });
    new k8s.KubeService(this, 'Headless', {
      metadata: meta(headless),
      spec: { clusterIp: 'None', selector, ports: servicePorts },
    });
    if (this.loadBalancer) {
      this.loadBalancerService = new k8s.KubeService(this, 'LoadBalancer', {
        metadata: { ...meta(`${NAME}-nlb`), annotations: NLB_ANNOTATIONS },
        spec: {
          type: 'LoadBalancer',
          selector,
          ports: servicePorts,
          loadBalancerSourceRanges: [...this.loadBalancer.sourceRanges],
          // IP targets: the NLB sends to pod IPs, node ports would only be an open door.
          allocateLoadBalancerNodePorts: false,
        },
      });
    }

    const podAnnotations = {
      'checksum/config': createHash('sha256').update(this.syslogNgConf).update('\0').update(this.archiverScript).digest('hex'),
    };
    // syslog-ng-ctl asks the daemon itself (its main loop answers on the control socket), so
    // probes do not open syslog connections (each would be logged) and a hung daemon fails.
    const healthcheck = { exec: { command: ['/usr/sbin/syslog-ng-ctl', 'healthcheck', '--timeout', '5', '--control', CONTROL_SOCKET] } };

    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: meta(NAME),
      spec: {
        // One pod: senders need one place to write, and a host's day must live in one file.
        replicas: 1,
        serviceName: headless,
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels }, annotations: podAnnotations },
          spec: {
            ...withoutKubernetesApi(serviceAccount),
            terminationGracePeriodSeconds: 60,
            securityContext: nonRootPodSecurityContext(SYSLOG_NG_UID),
            containers: [
              {
                name: NAME,
                image: SYSLOG_NG_IMAGE,
                // Not the image's entrypoint, which ignores arguments and keeps its state
                // under /var/lib/syslog-ng and /var/run.
                command: ['/usr/sbin/syslog-ng'],
                args: [
                  '--foreground', '--stderr', '--no-caps',
                  '--cfgfile', `${CONFIG_DIR}/${CONFIG_FILE}`,
                  '--persist-file', `${RUN_DIR}/syslog-ng.persist`,
                  '--pidfile', `${RUN_DIR}/syslog-ng.pid`,
                  '--control', CONTROL_SOCKET,
                ],
                ports: PORTS.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol })),
                readinessProbe: { ...healthcheck, periodSeconds: 10, timeoutSeconds: 6 },
                livenessProbe: { ...healthcheck, initialDelaySeconds: 10, periodSeconds: 30, timeoutSeconds: 6, failureThreshold: 3 },
                resources: resourceRequirements(this.resources),
                securityContext: CONTAINER_SECURITY,
                volumeMounts: [
                  { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                  { name: 'data', mountPath: SYSLOG_NG_LOG_DIR },
                  { name: 'run', mountPath: RUN_DIR },
                ],
              },
              // Step 1 of the archiver: gzip finished days. The syslog-ng image (Debian) has
              // gzip; the aws-cli image (Amazon Linux 2023) does not promise it.
              archiverStep('compressor', SYSLOG_NG_IMAGE, '--compress', COMPRESSOR_RESOURCES),
              // Steps 2-4: upload the .gz files, check them in S3, delete them.
              archiverStep('archiver', AWS_CLI_IMAGE, '--upload', this.archiverResources, {
                env: [
                  { name: 'AWS_REGION', value: props.region },
                  { name: 'AWS_PAGER', value: '' },
                  { name: 'HOME', value: ARCHIVER_HOME },
                ],
                volumeMounts: [
                  { name: 'archiver-home', mountPath: ARCHIVER_HOME },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              }),
            ],
            volumes: [
              { name: 'config', configMap: { name: configMap.name, items: [{ key: CONFIG_FILE, path: CONFIG_FILE }] } },
              { name: 'archiver', configMap: { name: configMap.name, items: [{ key: SCRIPT_FILE, path: SCRIPT_FILE }] } },
              { name: 'run', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
              { name: 'archiver-home', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
            ],
          },
        },
        volumeClaimTemplates: [volumeClaimTemplate('data', selector, this.volumeSizeGiB, this.storageClassName)],
      },
    });

    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: meta(NAME),
      // One replica: `maxUnavailable: 0` (or `minAvailable: 1`) would block every node drain,
      // and with it node group upgrades and the tenancy migration, forever. Allowing the one
      // pod to go states the choice: a drain moves it (a short gap: TCP senders reconnect,
      // UDP datagrams of those seconds are lost) and its volume follows it.
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    });
  }
}

/** Every container: non-root, read-only root filesystem, no capabilities. */
const CONTAINER_SECURITY: k8s.SecurityContext = {
  runAsNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  capabilities: { drop: ['ALL'] },
};

/**
 * A sidecar running the archiver script as `role`, with the script and the log volume mounted,
 * plus `more` environment and mounts.
 */
function archiverStep(
  name: string, image: string, role: '--compress' | '--upload', resources: ResolvedContainerResources,
  more: { readonly env?: k8s.EnvVar[]; readonly volumeMounts?: k8s.VolumeMount[] } = {},
): k8s.Container {
  return {
    name,
    image,
    command: ['/bin/sh'],
    args: [`${SCRIPT_DIR}/${SCRIPT_FILE}`, role],
    ...(more.env ? { env: more.env } : {}),
    resources: resourceRequirements(resources),
    securityContext: CONTAINER_SECURITY,
    volumeMounts: [
      { name: 'archiver', mountPath: SCRIPT_DIR, readOnly: true },
      { name: 'data', mountPath: SYSLOG_NG_LOG_DIR },
      ...(more.volumeMounts ?? []),
    ],
  };
}

/** The compressor sidecar: one gzip at a time, a few MiB. */
const COMPRESSOR_RESOURCES: ResolvedContainerResources = { cpuMillicores: 50, memoryMiB: 64 };

/** AWS Load Balancer Controller annotations of the NLB Service. */
const NLB_ANNOTATIONS: Record<string, string> = {
  'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
  'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
  // The sender's address reaches syslog-ng: messages without a hostname are filed under it.
  'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true',
};

/** Throws one error listing every problem of `props`, in the library's message style. */
function assertValidProps(id: string, props: SyslogNgProps): void {
  const problems = new ProblemCollector();
  validateSyslogNgConfig(props, '', problems);
  if (typeof props.clusterName !== 'string' || !CLUSTER_NAME.test(props.clusterName)) {
    problems.add('clusterName', `must be an EKS cluster name (1-100 letters, digits, '-' or '_'), got ${show(props.clusterName)}.`);
  }
  checkBucketName(props.archiveBucket, 'archiveBucket', problems);
  validateAwsIdentityProps(props, problems);
  if (props.kmsKeyArn !== undefined && (typeof props.kmsKeyArn !== 'string' || !KMS_KEY_ARN.test(props.kmsKeyArn))) {
    problems.add('kmsKeyArn', `must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>; not an alias, which the bucket policy refuses), got ${show(props.kmsKeyArn)}.`);
  }
  throwIfProblems('SyslogNg', id, problems);
}
