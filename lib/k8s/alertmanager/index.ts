/**
 * Alertmanager as a StatefulSet: one pod, or three and more clustered through `--cluster.peer`
 * (gossip shares silences and deduplicates notifications), each with its own volume for
 * silences and the notification log. Receiver secrets come from a Secret mounted as files.
 */
import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  ALERTMANAGER_DEFAULT_GROUP_BY, ALERTMANAGER_DEFAULT_RESOURCES, ALERTMANAGER_DEFAULT_SECRET, validateAlertmanagerConfig,
  type AlertmanagerConfig,
} from '../../config/addons/alertmanager';
import { ProblemCollector } from '../../config/problems';
import { withResourceDefaults } from '../../config/resources';
import {
  checkNamespace, componentLabels, nonRootPodSecurityContext, objectLabels, resourceRequirements, throwIfProblems, volumeClaimTemplate,
} from '../common';
import { configReloaderContainer } from '../prometheus/reloader';
import { spreadReplicas } from '../prometheus/placement';
import {
  ALERTMANAGER_CLUSTER_PORT, ALERTMANAGER_CONFIG_DIR, ALERTMANAGER_CONFIG_FILE, ALERTMANAGER_DATA_DIR, ALERTMANAGER_SECRETS_DIR,
  ALERTMANAGER_WEB_PORT, alertmanagerConfigYaml, NULL_RECEIVER, receiverSecretKeys,
} from './config';

export * from './config';

/**
 * Alertmanager version; the image tag below (v0.34.1: the newest release seen pinned in public
 * deployments, e.g. `prom/alertmanager:v0.34.1`; releases at
 * https://github.com/prometheus/alertmanager/releases).
 */
export const ALERTMANAGER_VERSION = 'v0.34.1';
/** The pinned Alertmanager image. */
export const ALERTMANAGER_IMAGE = `quay.io/prometheus/alertmanager:${ALERTMANAGER_VERSION}`;
/** uid the alertmanager image runs as (`nobody`). */
export const ALERTMANAGER_UID = 65534;

/** Properties of {@link Alertmanager}. */
export interface AlertmanagerProps extends AlertmanagerConfig {
  /**
   * Namespace of every object.
   * @default 'monitoring'
   */
  readonly namespace?: string;
}

const NAME = 'alertmanager';
const COMPONENT = 'alerting';

/**
 * Alertmanager, with defaults applied once here.
 *
 * Objects: ServiceAccount, ConfigMap `alertmanager-config`, StatefulSet `alertmanager`,
 * Services `alertmanager` and `alertmanager-headless` (pod DNS and gossip), and with three or
 * more replicas a PodDisruptionBudget. The receivers Secret is referenced, never created.
 */
export class Alertmanager extends Construct {
  /** Number of pods. */
  public readonly replicas: number;
  /** Namespace of every object. */
  public readonly namespace: string;
  /** The Secret the receivers read, when any receiver reads one. */
  public readonly receiversSecretName?: string;
  /** `host:port` of every pod, for Prometheus's `alerting` section (each gets every alert). */
  public readonly podAddresses: readonly string[];
  /** The rendered `alertmanager.yml`. */
  public readonly configYaml: string;
  /** The StatefulSet (id `Resource`). */
  public readonly statefulSet: k8s.KubeStatefulSet;

  constructor(scope: Construct, id: string, props: AlertmanagerProps = {}) {
    super(scope, id);
    const problems = new ProblemCollector();
    validateAlertmanagerConfig(props, '', problems);
    checkNamespace(props.namespace, problems);
    throwIfProblems('Alertmanager', id, problems);

    this.replicas = props.replicas ?? 1;
    this.namespace = props.namespace ?? 'monitoring';
    const receivers = props.receivers ?? [];
    const secretKeys = receiverSecretKeys(receivers);
    this.receiversSecretName = secretKeys.length > 0 ? props.receiversSecretName ?? ALERTMANAGER_DEFAULT_SECRET : undefined;
    const headless = `${NAME}-headless`;
    const podDns = (i: number) => `${NAME}-${i}.${headless}.${this.namespace}.svc.cluster.local`;
    this.podAddresses = Array.from({ length: this.replicas }, (_, i) => `${podDns(i)}:${ALERTMANAGER_WEB_PORT}`);
    this.configYaml = alertmanagerConfigYaml({
      receivers,
      defaultReceiver: props.defaultReceiver ?? receivers[0]?.name ?? NULL_RECEIVER,
      routes: props.routes ?? [],
      groupBy: props.groupBy ?? ALERTMANAGER_DEFAULT_GROUP_BY,
      groupWaitSeconds: props.groupWaitSeconds ?? 30,
      groupIntervalMinutes: props.groupIntervalMinutes ?? 5,
      repeatIntervalHours: props.repeatIntervalHours ?? 4,
    });

    const selector = componentLabels(NAME, COMPONENT);
    const labels = objectLabels(NAME, COMPONENT, ALERTMANAGER_VERSION);
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });
    const resources = withResourceDefaults(props.resources, ALERTMANAGER_DEFAULT_RESOURCES);
    const clustered = this.replicas > 1;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(NAME), automountServiceAccountToken: false });
    new k8s.KubeConfigMap(this, 'Config', { metadata: meta(`${NAME}-config`), data: { [ALERTMANAGER_CONFIG_FILE]: this.configYaml } });
    const web = { name: 'web', port: ALERTMANAGER_WEB_PORT, targetPort: k8s.IntOrString.fromString('web'), protocol: 'TCP' };
    new k8s.KubeService(this, 'Service', { metadata: meta(NAME), spec: { type: 'ClusterIP', selector, ports: [web] } });
    new k8s.KubeService(this, 'Headless', {
      metadata: meta(headless),
      spec: {
        clusterIp: 'None',
        // Peers must find each other before they are ready.
        publishNotReadyAddresses: true,
        selector,
        ports: [
          web,
          { name: 'mesh-tcp', port: ALERTMANAGER_CLUSTER_PORT, targetPort: k8s.IntOrString.fromString('mesh-tcp'), protocol: 'TCP' },
          { name: 'mesh-udp', port: ALERTMANAGER_CLUSTER_PORT, targetPort: k8s.IntOrString.fromString('mesh-udp'), protocol: 'UDP' },
        ],
      },
    });

    const args = [
      `--config.file=${ALERTMANAGER_CONFIG_DIR}/${ALERTMANAGER_CONFIG_FILE}`,
      `--storage.path=${ALERTMANAGER_DATA_DIR}`,
      `--web.listen-address=:${ALERTMANAGER_WEB_PORT}`,
      ...(clustered
        ? [
          `--cluster.listen-address=:${ALERTMANAGER_CLUSTER_PORT}`,
          `--cluster.advertise-address=$(POD_IP):${ALERTMANAGER_CLUSTER_PORT}`,
          ...Array.from({ length: this.replicas }, (_, i) => `--cluster.peer=${podDns(i)}:${ALERTMANAGER_CLUSTER_PORT}`),
        ]
        // An empty listen address turns clustering off: a single pod has no peers to wait for.
        : ['--cluster.listen-address=']),
    ];
    const secretVolume = this.receiversSecretName
      ? [{ name: 'receivers', secret: { secretName: this.receiversSecretName, items: secretKeys.map((key) => ({ key, path: key })) } }]
      : [];

    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: meta(NAME),
      spec: {
        replicas: this.replicas,
        serviceName: headless,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels }, annotations: { 'checksum/config': createHash('sha256').update(args.join(' ')).digest('hex') } },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: nonRootPodSecurityContext(ALERTMANAGER_UID),
            ...(clustered ? spreadReplicas(selector) : {}),
            containers: [
              {
                name: NAME,
                image: ALERTMANAGER_IMAGE,
                args,
                env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
                ports: [
                  { name: 'web', containerPort: ALERTMANAGER_WEB_PORT, protocol: 'TCP' },
                  { name: 'mesh-tcp', containerPort: ALERTMANAGER_CLUSTER_PORT, protocol: 'TCP' },
                  { name: 'mesh-udp', containerPort: ALERTMANAGER_CLUSTER_PORT, protocol: 'UDP' },
                ],
                readinessProbe: { httpGet: { path: '/-/ready', port: k8s.IntOrString.fromString('web') }, periodSeconds: 10, timeoutSeconds: 3 },
                livenessProbe: { httpGet: { path: '/-/healthy', port: k8s.IntOrString.fromString('web') }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 6 },
                resources: resourceRequirements(resources),
                securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
                volumeMounts: [
                  { name: 'config', mountPath: ALERTMANAGER_CONFIG_DIR, readOnly: true },
                  { name: 'data', mountPath: ALERTMANAGER_DATA_DIR },
                  ...secretVolume.map((v) => ({ name: v.name, mountPath: ALERTMANAGER_SECRETS_DIR, readOnly: true })),
                ],
              },
              configReloaderContainer(`http://127.0.0.1:${ALERTMANAGER_WEB_PORT}/-/reload`, [{ volume: 'config', path: ALERTMANAGER_CONFIG_DIR }]),
            ],
            volumes: [{ name: 'config', configMap: { name: `${NAME}-config` } }, ...secretVolume],
          },
        },
        volumeClaimTemplates: [volumeClaimTemplate('data', selector, props.volumeSizeGiB ?? 2, props.storageClassName)],
      },
    });

    if (this.replicas >= 3) {
      new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: meta(NAME),
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
      });
    }
  }
}
