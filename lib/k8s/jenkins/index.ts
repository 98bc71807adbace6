/**
 * Jenkins on the cluster: one controller (StatefulSet, JENKINS_HOME on a Retain volume, pinned
 * plugins installed by an init container, configuration as code from a ConfigMap) and agents
 * as pods the Kubernetes plugin starts in the controller's namespace.
 */
import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  JENKINS_DEFAULT_ADMIN_SECRET, JENKINS_DEFAULT_AUTHENTICATED_PERMISSIONS, JENKINS_DEFAULT_BUILD_CACHE_GIB, JENKINS_DEFAULT_CONTAINER_CAP,
  JENKINS_DEFAULT_HEAP_PERCENT, JENKINS_DEFAULT_RESOURCES, JENKINS_DEFAULT_VOLUME_SIZE_GIB, validateJenkinsConfig,
  type JenkinsAgentMode, type JenkinsConfig, type JenkinsCredentialConfig,
} from '../../config/addons/jenkins';
import { parseCidr } from '../../config/network';
import { ProblemCollector, show } from '../../config/problems';
import { withResourceDefaults } from '../../config/resources';
import { BUILD_CACHE_STORAGE_CLASS, SERVICE_IDENTITIES } from '../../names';
import {
  componentLabels, irsaServiceAccount, nonRootPodSecurityContext, objectLabels, prometheusScrapeAnnotations,
  resourceRequirements, throwIfProblems, validateAwsIdentityProps, volumeClaimTemplate, type AwsIdentityProps,
} from '../common';
import { agentPodTemplates } from './agents';
import { JENKINS_AGENT_PORT, jenkinsCascYaml, type CascCredential } from './casc';
import { controllerNetworkPolicy } from './network-policy';
import { JENKINS_PLUGINS, PLUGIN_DIR, PLUGINS_TXT_DIR, parsePinnedPlugin, pluginInstallCommand, pluginsTxt, type PinnedPlugin } from './plugins';

export * from './agents';
export { jenkinsAlertRules, type JenkinsAlertOptions } from './alerts';
export * from './casc';
export * from './plugins';

/** Jenkins LTS version; the image tag below. */
export const JENKINS_VERSION = '2.580.2';
/**
 * The pinned controller image: Docker Hub `jenkins/jenkins`, LTS 2.580.2 on JDK 21 (release
 * github.com/jenkinsci/docker/releases/tag/2.580.2, the current LTS line in December 2026).
 */
export const JENKINS_IMAGE = `jenkins/jenkins:${JENKINS_VERSION}-lts-jdk21`;
/** uid and gid the jenkins/jenkins image runs as (user `jenkins`). */
export const JENKINS_UID = 1000;
/** HTTP port of the controller (UI, API, WebSocket agents, `/prometheus/`). */
export const JENKINS_HTTP_PORT = 8080;
/** JENKINS_HOME in the image. */
export const JENKINS_HOME = '/var/jenkins_home';
/** Where the JCasC file is mounted (`CASC_JENKINS_CONFIG`). */
export const JENKINS_CASC_DIR = '/var/jenkins_casc';
/** Where Secrets are mounted as files (`SECRETS`, JCasC's secrets directory). */
export const JENKINS_SECRETS_DIR = '/run/secrets/jenkins';
/** The metrics plugin's scrape path (Prometheus metrics plugin default). */
export const JENKINS_METRICS_PATH = '/prometheus/';
/** The build caches' claim (ReadWriteMany, StorageClass `efs`). */
export const BUILD_CACHE_CLAIM = 'jenkins-build-cache';
/** Label every agent pod carries; the controller's NetworkPolicy admits pods with it. */
export const JENKINS_AGENT_LABEL = { 'app.kubernetes.io/name': 'jenkins-agent' } as const;

/**
 * Properties of {@link Jenkins}: the account's Jenkins section plus what comes from AWS (the
 * IRSA role `serviceRoleArn(..., 'jenkins')`, trusted by `jenkins:jenkins`) and the network.
 */
export interface JenkinsProps extends JenkinsConfig, AwsIdentityProps {
  /** The VPC's CIDR: the API server's private endpoint and load balancers are in it. */
  readonly vpcCidr: string;
  /**
   * Render the controller's own NetworkPolicy `jenkins`. `PlatformChart` turns it off and
   * declares the same peers to `PlatformNetworkPolicies` instead (`jenkinsNetworkAccess`).
   * @default true
   */
  readonly networkPolicy?: boolean;
}

const NAME = 'jenkins';

/**
 * Jenkins, with defaults applied once here; read the public fields for the values in effect.
 *
 * Objects: ServiceAccounts `jenkins` (controller and deploy agents; IRSA) and `jenkins-agent`
 * (build agents), Role + RoleBinding `jenkins-agents`, ConfigMaps `jenkins-casc` and
 * `jenkins-plugins`, Services `jenkins` (8080) and `jenkins-headless`, in mode `tunnel` Service
 * `jenkins-agent` (50000, ClusterIP), StatefulSet `jenkins`, PodDisruptionBudget and
 * NetworkPolicy `jenkins`, the exposure's Service `jenkins-lb` or Ingress `jenkins`, and with
 * `buildCache` the ReadWriteMany claim `jenkins-build-cache`.
 */
export class Jenkins extends Construct {
  /** Agent connection mode in effect. */
  public readonly agentMode: JenkinsAgentMode;
  /** Namespace of the controller and of the agent pods. */
  public readonly namespace: string;
  /** In-cluster URL (the cloud's `jenkinsUrl`). */
  public readonly url: string;
  /** Every plugin installed, pinned. */
  public readonly plugins: readonly PinnedPlugin[];
  /** The rendered plugins.txt. */
  public readonly pluginsTxt: string;
  /** The rendered JCasC file. */
  public readonly cascYaml: string;
  /** JVM heap as a percentage of the memory limit. */
  public readonly heapPercent: number;
  /** The controller StatefulSet (id `Resource`). */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The 8080 Service. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: JenkinsProps) {
    super(scope, id);
    assertValidProps(id, props);

    this.agentMode = props.agentMode ?? 'websocket';
    this.namespace = props.namespace ?? SERVICE_IDENTITIES.jenkins.namespace;
    this.url = `http://${NAME}.${this.namespace}.svc.cluster.local:${JENKINS_HTTP_PORT}/`;
    this.heapPercent = props.heapPercent ?? JENKINS_DEFAULT_HEAP_PERCENT;
    this.plugins = [...JENKINS_PLUGINS, ...(props.extraPlugins ?? []).map((s) => parsePinnedPlugin(s)!)];
    this.pluginsTxt = pluginsTxt(this.plugins);
    const tunnel = this.agentMode === 'tunnel';
    const resources = withResourceDefaults(props.resources, JENKINS_DEFAULT_RESOURCES);
    const adminSecret = props.security?.adminSecretName ?? JENKINS_DEFAULT_ADMIN_SECRET;
    const credentials = props.credentials ?? [];
    const controllerSa = SERVICE_IDENTITIES.jenkins.serviceAccount;
    const agentSa = `${NAME}-agent`;

    this.cascYaml = jenkinsCascYaml({
      jenkinsUrl: this.url,
      agentMode: this.agentMode,
      jenkinsTunnel: tunnel ? `${NAME}-agent.${this.namespace}.svc.cluster.local:${JENKINS_AGENT_PORT}` : undefined,
      agentNamespace: this.namespace,
      containerCap: props.containerCap ?? JENKINS_DEFAULT_CONTAINER_CAP,
      adminUserFile: 'jenkins-admin-username',
      adminPasswordFile: 'jenkins-admin-password',
      authenticatedPermissions: props.security?.authenticatedPermissions ?? JENKINS_DEFAULT_AUTHENTICATED_PERMISSIONS,
      credentials: credentials.map(cascCredential),
      podTemplates: agentPodTemplates({
        podTemplates: props.podTemplates ?? {},
        buildServiceAccount: agentSa,
        deployServiceAccount: controllerSa,
        region: props.region,
        deployTargets: props.deployTargets ?? [],
        podLabels: JENKINS_AGENT_LABEL,
        buildCacheClaim: props.buildCache ? BUILD_CACHE_CLAIM : undefined,
      }),
      podLabels: Object.entries(JENKINS_AGENT_LABEL),
    });

    const selector = componentLabels(NAME, 'controller');
    const labels = objectLabels(NAME, 'controller', JENKINS_VERSION);
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { ...irsaServiceAccount(meta(controllerSa), props.roleArn), automountServiceAccountToken: true });
    new k8s.KubeServiceAccount(this, 'AgentServiceAccount', { metadata: meta(agentSa), automountServiceAccountToken: false });
    const role = new k8s.KubeRole(this, 'AgentRole', { metadata: meta(`${NAME}-agents`), rules: AGENT_RBAC_RULES.map((r) => ({ ...r })) });
    new k8s.KubeRoleBinding(this, 'AgentRoleBinding', {
      metadata: meta(`${NAME}-agents`),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: controllerSa, namespace: this.namespace }],
    });
    if (props.buildCache) {
      // ReadWriteMany on EFS: every concurrent maven and node agent mounts the same caches.
      new k8s.KubePersistentVolumeClaim(this, 'BuildCache', {
        metadata: meta(BUILD_CACHE_CLAIM),
        spec: {
          accessModes: ['ReadWriteMany'],
          storageClassName: BUILD_CACHE_STORAGE_CLASS,
          resources: { requests: { storage: k8s.Quantity.fromString(`${props.buildCache.sizeGiB ?? JENKINS_DEFAULT_BUILD_CACHE_GIB}Gi`) } },
        },
      });
    }
    const casc = new k8s.KubeConfigMap(this, 'Casc', { metadata: meta(`${NAME}-casc`), data: { 'jenkins.yaml': this.cascYaml } });
    const pluginList = new k8s.KubeConfigMap(this, 'Plugins', { metadata: meta(`${NAME}-plugins`), data: { 'plugins.txt': this.pluginsTxt } });

    const http = { name: 'http', port: JENKINS_HTTP_PORT, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' };
    this.service = new k8s.KubeService(this, 'Service', { metadata: meta(NAME), spec: { type: 'ClusterIP', selector, ports: [http] } });
    new k8s.KubeService(this, 'Headless', { metadata: meta(`${NAME}-headless`), spec: { clusterIp: 'None', selector, ports: [http] } });
    if (tunnel) {
      // Agents of mode `tunnel` only: never a load balancer or node port.
      new k8s.KubeService(this, 'AgentService', {
        metadata: meta(`${NAME}-agent`),
        spec: { type: 'ClusterIP', selector, ports: [{ name: 'agent', port: JENKINS_AGENT_PORT, targetPort: k8s.IntOrString.fromString('agent'), protocol: 'TCP' }] },
      });
    }
    this.addExposure(props, meta, selector, http);

    const podAnnotations: Record<string, string> = {
      'checksum/config': createHash('sha256').update(this.cascYaml).update(this.pluginsTxt).digest('hex'),
      ...((props.prometheusScrape ?? true) ? prometheusScrapeAnnotations(JENKINS_HTTP_PORT, JENKINS_METRICS_PATH) : {}),
    };
    const httpProbe = { httpGet: { path: '/login', port: k8s.IntOrString.fromString('http') }, periodSeconds: 10, timeoutSeconds: 5 };
    const restricted = { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };

    this.statefulSet = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: meta(NAME),
      spec: {
        replicas: 1,
        serviceName: `${NAME}-headless`,
        selector: { matchLabels: selector },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: { ...labels }, annotations: podAnnotations },
          spec: {
            serviceAccountName: controllerSa,
            // The Kubernetes plugin starts agent pods through the API with this token.
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            securityContext: nonRootPodSecurityContext(JENKINS_UID),
            terminationGracePeriodSeconds: 60,
            initContainers: [{
              name: 'install-plugins',
              image: JENKINS_IMAGE,
              command: pluginInstallCommand(),
              env: [{ name: 'CACHE_DIR', value: '/tmp/plugin-cache' }],
              resources: resourceRequirements({ cpuMillicores: 250, memoryMiB: 512 }),
              securityContext: restricted,
              volumeMounts: [
                { name: 'plugins-config', mountPath: PLUGINS_TXT_DIR, readOnly: true },
                { name: 'plugins', mountPath: PLUGIN_DIR },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            }],
            containers: [{
              name: NAME,
              image: JENKINS_IMAGE,
              env: [
                { name: 'JAVA_OPTS', value: javaOpts(this.heapPercent) },
                // Unpack the war outside JENKINS_HOME, on a scratch volume.
                { name: 'JENKINS_OPTS', value: '--webroot=/var/jenkins_cache/war' },
                // The image turns this into -Djenkins.model.Jenkins.slaveAgentPort; -1 is no TCP port.
                { name: 'JENKINS_SLAVE_AGENT_PORT', value: tunnel ? String(JENKINS_AGENT_PORT) : '-1' },
                { name: 'CASC_JENKINS_CONFIG', value: `${JENKINS_CASC_DIR}/jenkins.yaml` },
                { name: 'SECRETS', value: JENKINS_SECRETS_DIR },
              ],
              ports: [
                { name: 'http', containerPort: JENKINS_HTTP_PORT, protocol: 'TCP' },
                ...(tunnel ? [{ name: 'agent', containerPort: JENKINS_AGENT_PORT, protocol: 'TCP' }] : []),
              ],
              // Plugins load before /login answers: up to 10 minutes on a cold start.
              startupProbe: { ...httpProbe, failureThreshold: 60 },
              livenessProbe: { ...httpProbe, failureThreshold: 5 },
              readinessProbe: { ...httpProbe, failureThreshold: 3 },
              resources: resourceRequirements(resources),
              securityContext: restricted,
              volumeMounts: [
                { name: 'jenkins-home', mountPath: JENKINS_HOME },
                { name: 'plugins', mountPath: PLUGIN_DIR },
                { name: 'casc', mountPath: JENKINS_CASC_DIR, readOnly: true },
                { name: 'secrets', mountPath: JENKINS_SECRETS_DIR, readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'cache', mountPath: '/var/jenkins_cache' },
              ],
            }],
            volumes: [
              { name: 'casc', configMap: { name: casc.name } },
              { name: 'plugins-config', configMap: { name: pluginList.name } },
              { name: 'plugins', emptyDir: { sizeLimit: k8s.Quantity.fromString('2Gi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('2Gi') } },
              { name: 'cache', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
              { name: 'secrets', projected: { defaultMode: 0o440, sources: secretSources(adminSecret, credentials) } },
            ],
          },
        },
        volumeClaimTemplates: [volumeClaimTemplate('jenkins-home', selector, props.volumeSizeGiB ?? JENKINS_DEFAULT_VOLUME_SIZE_GIB, props.storageClassName)],
      },
    });

    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: meta(NAME),
      // One controller: a voluntary eviction (drain, autoscaler scale-down) would cut every
      // running build. Drains wait until someone deletes jenkins-0 at a quiet moment; a pod that
      // is not ready does not block them.
      spec: { minAvailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    if (props.networkPolicy ?? true) {
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', controllerNetworkPolicy({
        metadata: meta(NAME), selector, agentLabels: JENKINS_AGENT_LABEL, tunnel, vpcCidr: props.vpcCidr,
        exposure: props.exposure, updateCenter: props.updateCenter ?? true,
      }));
    }
  }

  private addExposure(props: JenkinsProps, meta: (name: string) => k8s.ObjectMeta, selector: Record<string, string>, http: k8s.ServicePort): void {
    const exposure = props.exposure;
    if (exposure?.kind === 'internal-load-balancer') {
      new k8s.KubeService(this, 'LoadBalancer', {
        metadata: { ...meta(`${NAME}-lb`), annotations: INTERNAL_NLB_ANNOTATIONS },
        spec: {
          type: 'LoadBalancer', selector, ports: [http],
          loadBalancerClass: 'service.k8s.aws/nlb',
          allocateLoadBalancerNodePorts: false,
          loadBalancerSourceRanges: [...exposure.sourceRanges],
        },
      });
    } else if (exposure?.kind === 'ingress') {
      new k8s.KubeIngress(this, 'Ingress', {
        metadata: meta(NAME),
        spec: {
          ingressClassName: exposure.className,
          rules: [{
            host: exposure.host,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: this.service.name, port: { name: 'http' } } } }] },
          }],
        },
      });
    }
  }
}

/**
 * What the Kubernetes plugin needs in the agents' namespace, and nothing else: start, watch and
 * delete agent pods, exec into them (`container('x') { sh ... }`), read their logs and events.
 */
export const AGENT_RBAC_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
];

/** AWS Load Balancer Controller annotations of the internal NLB (HTTP on 8080 only). */
const INTERNAL_NLB_ANNOTATIONS: Record<string, string> = {
  'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
  'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
  'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
};

/** The JVM options: heap as a fraction of the container's memory limit, container-aware GC. */
export function javaOpts(heapPercent: number): string {
  return [
    `-XX:MaxRAMPercentage=${heapPercent}`,
    `-XX:InitialRAMPercentage=${heapPercent}`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    '-Djava.io.tmpdir=/tmp',
    '-Djenkins.install.runSetupWizard=false',
  ].join(' ');
}

/** The secret file names JCasC reads for a credential. */
function cascCredential(c: JenkinsCredentialConfig): CascCredential {
  const description = c.description ?? c.id;
  return c.kind === 'secret-text'
    ? { kind: 'secret-text', id: c.id, description, secretFile: `${c.id}-secret` }
    : { kind: 'username-password', id: c.id, description, usernameFile: `${c.id}-username`, passwordFile: `${c.id}-password` };
}

/** The projected volume's sources: the admin Secret and each credential's Secret, as the files JCasC reads. */
function secretSources(adminSecret: string, credentials: readonly JenkinsCredentialConfig[]): k8s.VolumeProjection[] {
  const sources: k8s.VolumeProjection[] = [{
    secret: { name: adminSecret, items: [{ key: 'username', path: 'jenkins-admin-username' }, { key: 'password', path: 'jenkins-admin-password' }] },
  }];
  for (const c of credentials) {
    const items = c.kind === 'secret-text'
      ? [{ key: c.key ?? 'secret', path: `${c.id}-secret` }]
      : [{ key: 'username', path: `${c.id}-username` }, { key: 'password', path: `${c.id}-password` }];
    sources.push({ secret: { name: c.secretName, items } });
  }
  return sources;
}

/** Throws one error listing every problem of `props`, in the library's message style. */
function assertValidProps(id: string, props: JenkinsProps): void {
  const problems = new ProblemCollector();
  validateJenkinsConfig(props, '', problems);
  validateAwsIdentityProps(props, problems);
  const cidr = parseCidr(props.vpcCidr);
  if (!cidr) problems.add('vpcCidr', `must be the VPC's IPv4 CIDR, like '10.20.0.0/16', got ${show(props.vpcCidr)}.`);
  throwIfProblems('Jenkins', id, problems);
}
