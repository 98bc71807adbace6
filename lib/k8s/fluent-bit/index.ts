/**
 * fluent-bit as a DaemonSet: on every node, tail every container log, add Kubernetes
 * metadata, and push to Loki. Built for busy nodes: threaded tail inputs (optionally
 * several shards), metadata lookups in those threads, filesystem buffering with bounded
 * memory and disk, and a multi-worker Loki output.
 */
import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  FLUENT_BIT_DEFAULT_RESOURCES, FLUENT_BIT_LOKI_LABELS, validateFluentBitConfig, type FluentBitConfig, type FluentBitLokiLabel,
} from '../../config/addons/fluent-bit';
import { ProblemCollector, show } from '../../config/problems';
import { withResourceDefaults } from '../../config/resources';
import {
  checkNamespace, componentLabels, objectLabels, prometheusScrapeAnnotations, resourceRequirements, throwIfProblems,
} from '../common';
import type { Loki } from '../loki';
import {
  FLUENT_BIT_CONFIG_DIR, FLUENT_BIT_CONFIG_FILE, FLUENT_BIT_HEALTH_PATH, FLUENT_BIT_HTTP_PORT, FLUENT_BIT_METRICS_PATH,
  FLUENT_BIT_STATE_DIR, fluentBitConfigYaml, type FluentBitSettings,
} from './config';

/** fluent-bit version; the image tag below. */
export const FLUENT_BIT_VERSION = '4.2.2';
/** The pinned fluent-bit image (Docker Hub `fluent/fluent-bit`, 4.2 stable series). */
export const FLUENT_BIT_IMAGE = `fluent/fluent-bit:${FLUENT_BIT_VERSION}`;

/** Options of {@link LokiEndpoint.fromUrl}. */
export interface LokiEndpointOptions {
  /**
   * Whether that Loki requires a tenant (`auth_enabled: true`).
   * @default false
   */
  readonly authEnabled?: boolean;
}

/** Where fluent-bit pushes: a {@link Loki} of the same program, or any Loki by URL. */
export class LokiEndpoint {
  /** The Loki construct of this program (its Service, port and auth setting). */
  public static fromLoki(loki: Loki): LokiEndpoint {
    return new LokiEndpoint(loki.host, loki.port, false, loki.authEnabled, `Loki '${loki.node.id}'`);
  }

  /** A Loki base URL such as `http://loki.logging.svc.cluster.local:3100` (no path). */
  public static fromUrl(url: string, options: LokiEndpointOptions = {}): LokiEndpoint {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`LokiEndpoint.fromUrl: ${show(url)} is not a URL; give the base URL, like 'http://loki.logging.svc.cluster.local:3100'.`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`LokiEndpoint.fromUrl: the scheme must be http or https, got ${show(url)}.`);
    }
    if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search || parsed.username) {
      throw new Error(`LokiEndpoint.fromUrl: give the base URL without path, query or credentials, got ${show(url)}; fluent-bit adds /loki/api/v1/push.`);
    }
    const tls = parsed.protocol === 'https:';
    const port = parsed.port ? Number(parsed.port) : tls ? 443 : 80;
    return new LokiEndpoint(parsed.hostname, port, tls, options.authEnabled ?? false, `Loki at ${url}`);
  }

  private constructor(
    /** Host name fluent-bit connects to. */
    public readonly host: string,
    /** TCP port. */
    public readonly port: number,
    /** Whether to use TLS. */
    public readonly tls: boolean,
    /** Whether Loki requires a tenant header. */
    public readonly authEnabled: boolean,
    /** For error messages. */
    public readonly description: string,
  ) {}
}

/** Properties of {@link FluentBit}: the account's fluent-bit section plus its destination. */
export interface FluentBitProps extends FluentBitConfig {
  /** Where logs go: `LokiEndpoint.fromLoki(loki)` when Loki is in the same program. */
  readonly loki: LokiEndpoint;
  /**
   * Namespace of the namespaced objects.
   * @default 'logging'
   */
  readonly namespace?: string;
}

const NAME = 'fluent-bit';
const COMPONENT = 'collector';

/**
 * fluent-bit on every node, with defaults applied once here.
 *
 * Objects: ServiceAccount, ClusterRole and ClusterRoleBinding `fluent-bit` (read pods and
 * namespaces, for metadata), ConfigMap `fluent-bit-config`, DaemonSet `fluent-bit`.
 *
 * It runs as root (uid 0) with every capability dropped: container logs under `/var/log/pods`
 * are owned by root with mode 0640, and the owner needs no capability to read them, so
 * `DAC_READ_SEARCH` is not added. `/var/log` is mounted read-only; only
 * {@link FLUENT_BIT_STATE_DIR} (positions and buffered chunks, kept across restarts) is
 * writable, and the root filesystem is read-only.
 */
export class FluentBit extends Construct {
  /** Number of tail inputs. */
  public readonly shards: number;
  /** Workers of the Loki output. */
  public readonly outputWorkers: number;
  /** Loki stream labels set from Kubernetes metadata. */
  public readonly labels: readonly FluentBitLokiLabel[];
  /** Tenant sent to Loki, if any. */
  public readonly tenantId?: string;
  /** Namespace of the namespaced objects. */
  public readonly namespace: string;
  /** The rendered `fluent-bit.yaml`. */
  public readonly configYaml: string;
  /** The DaemonSet (id `Resource`). */
  public readonly daemonSet: k8s.KubeDaemonSet;

  constructor(scope: Construct, id: string, props: FluentBitProps) {
    super(scope, id);
    assertValidProps(id, props);

    this.shards = props.shards ?? 1;
    this.outputWorkers = props.outputWorkers ?? 2;
    this.labels = props.labels ?? FLUENT_BIT_LOKI_LABELS.filter((l) => l !== 'stream');
    this.tenantId = props.tenantId;
    this.namespace = props.namespace ?? 'logging';
    const settings: FluentBitSettings = {
      shards: this.shards,
      outputWorkers: this.outputWorkers,
      labels: this.labels,
      appLabelKey: props.appLabelKey ?? 'app',
      staticLabels: props.staticLabels ?? {},
      tenantId: this.tenantId,
      bufferLimitMiB: props.bufferLimitMiB ?? 2048,
      maxChunksUp: props.maxChunksUp ?? 64,
      logLevel: props.logLevel ?? 'info',
      lokiHost: props.loki.host,
      lokiPort: props.loki.port,
      lokiTls: props.loki.tls,
    };
    this.configYaml = fluentBitConfigYaml(settings);

    const selector = componentLabels(NAME, COMPONENT);
    const labels = objectLabels(NAME, COMPONENT, FLUENT_BIT_VERSION);

    const serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: NAME, namespace: this.namespace, labels },
    });
    const role = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: NAME, labels },
      rules: [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace: this.namespace }],
    });
    const configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: `${NAME}-config`, namespace: this.namespace, labels },
      data: { [FLUENT_BIT_CONFIG_FILE]: this.configYaml },
    });

    const annotations: Record<string, string> = {
      'checksum/config': createHash('sha256').update(this.configYaml).digest('hex'),
      ...((props.prometheusScrape ?? true) ? prometheusScrapeAnnotations(FLUENT_BIT_HTTP_PORT, FLUENT_BIT_METRICS_PATH) : {}),
    };
    const port = k8s.IntOrString.fromString('http-metrics');

    this.daemonSet = new k8s.KubeDaemonSet(this, 'Resource', {
      metadata: { name: NAME, namespace: this.namespace, labels },
      spec: {
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
        template: {
          metadata: { labels: { ...labels }, annotations },
          spec: {
            serviceAccountName: serviceAccount.name,
            // Log shipping must survive node pressure and run on every node, whatever its taints.
            priorityClassName: 'system-node-critical',
            tolerations: [{ operator: 'Exists' }],
            terminationGracePeriodSeconds: 30,
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: NAME,
              image: FLUENT_BIT_IMAGE,
              command: ['/fluent-bit/bin/fluent-bit'],
              args: ['-c', `${FLUENT_BIT_CONFIG_DIR}/${FLUENT_BIT_CONFIG_FILE}`],
              ports: [{ name: 'http-metrics', containerPort: FLUENT_BIT_HTTP_PORT, protocol: 'TCP' }],
              // Both probes ask only whether the process's HTTP server answers. A Loki outage must
              // neither restart fluent-bit nor mark it unready: it keeps tailing into its disk
              // buffer and catches up afterwards. Outages show in FLUENT_BIT_OUTAGE_METRICS.
              livenessProbe: { httpGet: { path: FLUENT_BIT_HEALTH_PATH, port }, periodSeconds: 10, failureThreshold: 3 },
              readinessProbe: { httpGet: { path: FLUENT_BIT_HEALTH_PATH, port }, periodSeconds: 10 },
              resources: resourceRequirements(withResourceDefaults(props.resources, FLUENT_BIT_DEFAULT_RESOURCES)),
              securityContext: {
                // Exception to run-as-non-root: see the class documentation.
                runAsUser: 0,
                runAsGroup: 0,
                runAsNonRoot: false,
                privileged: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'config', mountPath: FLUENT_BIT_CONFIG_DIR, readOnly: true },
                { name: 'varlog', mountPath: '/var/log', readOnly: true },
                { name: 'state', mountPath: FLUENT_BIT_STATE_DIR },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            }],
            volumes: [
              { name: 'config', configMap: { name: configMap.name } },
              { name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } },
              { name: 'state', hostPath: { path: FLUENT_BIT_STATE_DIR, type: 'DirectoryOrCreate' } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
            ],
          },
        },
      },
    });
  }
}

/** Throws one error listing every problem of `props`, in the library's message style. */
function assertValidProps(id: string, props: FluentBitProps): void {
  const problems = new ProblemCollector();
  validateFluentBitConfig(props, '', problems);
  if (!(props.loki instanceof LokiEndpoint)) {
    problems.add('loki', `must be a LokiEndpoint (LokiEndpoint.fromLoki(loki) or LokiEndpoint.fromUrl(url)), got ${show(props.loki)}.`);
  } else if (props.loki.authEnabled && props.tenantId === undefined) {
    problems.add('tenantId', `is required because ${props.loki.description} has auth enabled; set the tenant logs belong to.`);
  } else if (!props.loki.authEnabled && props.tenantId !== undefined) {
    problems.add('tenantId', `is set to ${show(props.tenantId)} but ${props.loki.description} has auth disabled, so every log lands in tenant 'fake'; remove tenantId or enable auth on Loki.`);
  }
  checkNamespace(props.namespace, problems);
  throwIfProblems('FluentBit', id, problems);
}
