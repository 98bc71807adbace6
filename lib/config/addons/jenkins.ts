/**
 * The `jenkins` add-on section (the Jenkins controller, its Kubernetes agents and the accounts it
 * deploys to) and the `jenkinsDeployRole` section of a cluster Jenkins deploys into.
 *
 * Plain data only. The Kubernetes objects, the JCasC file and plugins.txt are rendered by
 * `lib/k8s/jenkins`; the IRSA role and the deploy roles are created by `lib/aws/jenkins`.
 */
import { parseCidr } from '../network';
import { isRecord, show, type ProblemCollector } from '../problems';
import {
  checkInteger, EBS_VOLUME_SIZE_GIB, isStorageClassName, validateContainerResources,
  type ContainerResourceDefaults, type ContainerResources, type IntegerRange,
} from '../resources';
import { validateJenkinsDeployTargets, type JenkinsDeployTarget } from './jenkins-deploy';
import { JENKINS_PLUGINS, parsePinnedPlugin, type PinnedPlugin } from '../../k8s/jenkins/plugins';

/**
 * How agents connect to the controller.
 * - `websocket`: over the controller's HTTP port (8080); no inbound agent port at all.
 * - `tunnel`: the inbound TCP agent port 50000, on a ClusterIP-only Service.
 */
export type JenkinsAgentMode = 'websocket' | 'tunnel';

/** The pod templates every Jenkins of the platform has. */
export type JenkinsPodTemplateName = 'maven' | 'node' | 'deploy';

/** The pod template names, for validation and rendering order. */
export const JENKINS_POD_TEMPLATE_NAMES: readonly JenkinsPodTemplateName[] = ['maven', 'node', 'deploy'];

/** Jenkins permissions that may be granted to every logged-in user (matrix-auth names). */
export type JenkinsPermission =
  | 'Overall/Read' | 'Job/Read' | 'Job/Build' | 'Job/Cancel' | 'Job/Workspace' | 'Job/Discover'
  | 'Run/Replay' | 'View/Read';

/** The permissions of {@link JenkinsPermission}. `Overall/Administer` is deliberately not one. */
export const JENKINS_GRANTABLE_PERMISSIONS: readonly JenkinsPermission[] = [
  'Overall/Read', 'Job/Read', 'Job/Build', 'Job/Cancel', 'Job/Workspace', 'Job/Discover', 'Run/Replay', 'View/Read',
];

/** Default of {@link JenkinsConfig.resources}. */
export const JENKINS_DEFAULT_RESOURCES: ContainerResourceDefaults = { cpuMillicores: 1000, memoryMiB: 4096 };
/** Default of {@link JenkinsConfig.heapPercent}. */
export const JENKINS_DEFAULT_HEAP_PERCENT = 50;
/** Default of {@link JenkinsConfig.volumeSizeGiB}. */
export const JENKINS_DEFAULT_VOLUME_SIZE_GIB = 50;
/** Default of {@link JenkinsBuildCacheConfig.sizeGiB}. */
export const JENKINS_DEFAULT_BUILD_CACHE_GIB = 100;
/** Default of {@link JenkinsConfig.containerCap}. */
export const JENKINS_DEFAULT_CONTAINER_CAP = 10;
/** Default of {@link JenkinsSecurityConfig.adminSecretName}. */
export const JENKINS_DEFAULT_ADMIN_SECRET = 'jenkins-admin';
/** Default of {@link JenkinsSecurityConfig.authenticatedPermissions}. */
export const JENKINS_DEFAULT_AUTHENTICATED_PERMISSIONS: readonly JenkinsPermission[] = ['Overall/Read', 'Job/Read', 'Job/Build', 'Job/Cancel'];
/** Default resources of each pod template's build container. */
export const JENKINS_DEFAULT_TEMPLATE_RESOURCES: Readonly<Record<JenkinsPodTemplateName, ContainerResourceDefaults>> = {
  maven: { cpuMillicores: 1000, memoryMiB: 2048 },
  node: { cpuMillicores: 1000, memoryMiB: 2048 },
  deploy: { cpuMillicores: 250, memoryMiB: 512 },
};

/** Who may log in and what they may do. Anonymous users get nothing, ever. */
export interface JenkinsSecurityConfig {
  /**
   * Kubernetes Secret in the Jenkins namespace (created outside the library) with keys
   * `username` and `password`: the one local administrator. JCasC reads both from the mounted
   * Secret as `${jenkins-admin-username}` and `${jenkins-admin-password}`.
   * @default 'jenkins-admin'
   */
  readonly adminSecretName?: string;
  /**
   * What every logged-in user may do (matrix-auth `authenticated` group). Never
   * `Overall/Administer`: only the administrator has it.
   * @default ['Overall/Read', 'Job/Read', 'Job/Build', 'Job/Cancel']
   */
  readonly authenticatedPermissions?: readonly JenkinsPermission[];
}

/** A credential Jenkins reads from a Kubernetes Secret file, never from the config. */
export interface JenkinsCredentialConfig {
  /** Jenkins credential id (what a pipeline's `credentials('<id>')` names). */
  readonly id: string;
  /** `secret-text` (one value) or `username-password` (keys `username` and `password`). */
  readonly kind: 'secret-text' | 'username-password';
  /** The Secret in the Jenkins namespace (created outside the library). */
  readonly secretName: string;
  /**
   * Key of the value, for `secret-text`.
   * @default 'secret'
   */
  readonly key?: string;
  /**
   * Shown in the Jenkins UI.
   * @default - the id
   */
  readonly description?: string;
}

/** Settings of one pod template. */
export interface JenkinsPodTemplateConfig {
  /**
   * Image of the build container, pinned by tag (`name:tag`, never `latest`).
   * @default - see JENKINS_TEMPLATE_IMAGES in lib/k8s/jenkins
   */
  readonly image?: string;
  /**
   * CPU and memory of the build container.
   * @default - maven and node: 1000 millicores, 2048 MiB; deploy: 250 millicores, 512 MiB
   */
  readonly resources?: ContainerResources;
}

/**
 * Build caches that survive agent pods: a ReadWriteMany claim on the `efs` StorageClass (EFS,
 * created with its CSI driver by the AWS side, `lib/aws/efs`) mounted by the `maven` and `node`
 * templates at `/home/jenkins/cache` (Maven repository `m2/`, npm cache `npm/`).
 */
export interface JenkinsBuildCacheConfig {
  /**
   * Size the claim requests, in GiB (EFS is elastic and bills what is stored; Kubernetes needs a number).
   * @default 100
   */
  readonly sizeGiB?: number;
}

/** Reaching Jenkins from outside the cluster: an internal load balancer or an Ingress. */
export type JenkinsExposure =
  | {
    /** Discriminant: an internal AWS Network Load Balancer on port 8080 (HTTP only). */
    readonly kind: 'internal-load-balancer';
    /** IPv4 CIDRs allowed to reach it; `0.0.0.0/0` is rejected. */
    readonly sourceRanges: readonly string[];
  }
  | {
    /** Discriminant: an Ingress to the 8080 Service. */
    readonly kind: 'ingress';
    /** Host name of the Ingress rule. */
    readonly host: string;
    /** IngressClass (e.g. `alb`). */
    readonly className: string;
    /**
     * Namespaces of the ingress controller's pods, admitted to port 8080 by the NetworkPolicy.
     * @default ['kube-system']
     */
    readonly controllerNamespaces?: readonly string[];
  };

/** Configuration section of the Jenkins add-on. */
export interface JenkinsConfig {
  /**
   * How agents connect; see {@link JenkinsAgentMode}.
   * @default 'websocket'
   */
  readonly agentMode?: JenkinsAgentMode;
  /**
   * CPU and memory of the controller container.
   * @default - 1000 millicores, 4096 MiB, no CPU limit
   */
  readonly resources?: ContainerResources;
  /**
   * JVM heap as a percentage of the container's memory limit (`-XX:MaxRAMPercentage`); the
   * rest is metaspace, threads, direct buffers and the page cache. 25 to 80.
   * @default 50
   */
  readonly heapPercent?: number;
  /**
   * Size of JENKINS_HOME (jobs, build records, credentials), in GiB.
   * @default 50
   */
  readonly volumeSizeGiB?: number;
  /**
   * StorageClass of JENKINS_HOME.
   * @default - the cluster's default StorageClass (encrypted gp3, Retain)
   */
  readonly storageClassName?: string;
  /**
   * Most agent pods at once (`containerCapStr` of the Kubernetes cloud).
   * @default 10
   */
  readonly containerCap?: number;
  /**
   * Login and authorization.
   * @default - local admin from Secret 'jenkins-admin'; logged-in users read, build and cancel
   */
  readonly security?: JenkinsSecurityConfig;
  /**
   * Credentials read from Kubernetes Secrets.
   * @default []
   */
  readonly credentials?: readonly JenkinsCredentialConfig[];
  /**
   * Pod template settings, by template.
   * @default {} - each template's defaults
   */
  readonly podTemplates?: Readonly<Partial<Record<JenkinsPodTemplateName, JenkinsPodTemplateConfig>>>;
  /**
   * Plugins besides the platform's pinned set, each `name:version`. A plugin already in the
   * set, or listed twice, is rejected; so is one without an exact version.
   * @default []
   */
  readonly extraPlugins?: readonly string[];
  /**
   * Whether the controller pod may reach the internet on 443 (the update center: the init
   * container downloads the pinned plugins at every start). Off only with plugins from a
   * mirror inside the VPC.
   * @default true
   */
  readonly updateCenter?: boolean;
  /**
   * Reaching Jenkins from outside the cluster.
   * @default - none: only in-cluster clients (kubectl port-forward)
   */
  readonly exposure?: JenkinsExposure;
  /**
   * Clusters pipelines deploy into. The IRSA role of `jenkins:jenkins` may assume each target's
   * deploy role and nothing else.
   * @default [] - no deploys
   */
  readonly deployTargets?: readonly JenkinsDeployTarget[];
  /**
   * Build caches shared by concurrent agent pods (EFS).
   * @default - none: each agent pod starts with empty caches
   */
  readonly buildCache?: JenkinsBuildCacheConfig;
  /**
   * Put `prometheus.io/*` annotations on the controller pod (the Prometheus metrics plugin's
   * `/prometheus/` endpoint).
   * @default true
   */
  readonly prometheusScrape?: boolean;
}

const HEAP_PERCENT: IntegerRange = { min: 25, max: 80 };
const CONTAINER_CAP: IntegerRange = { min: 1, max: 1000 };
const BUILD_CACHE_GIB: IntegerRange = { min: 1, max: 65536 };
const AGENT_MODES: readonly JenkinsAgentMode[] = ['websocket', 'tunnel'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
const CREDENTIAL_ID = /^[A-Za-z0-9][-_A-Za-z0-9]{0,62}$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/**
 * Report every entry of `specs` that is not pinned (`name:exact-version`) and every plugin named
 * twice (in `specs`, or already in `known`), under `path[i]`.
 */
export function checkPinnedPlugins(specs: unknown, path: string, problems: ProblemCollector, known: readonly PinnedPlugin[] = JENKINS_PLUGINS): void {
  if (specs === undefined) return;
  if (!Array.isArray(specs)) {
    problems.add(path, `must be a list of 'name:version' strings, got ${show(specs)}.`);
    return;
  }
  const seen = new Map(known.map((p) => [p.name, 'the platform\'s pinned set']));
  specs.forEach((spec, i) => {
    const plugin = parsePinnedPlugin(spec);
    if (!plugin) {
      problems.add(`${path}[${i}]`, `must pin an exact version as 'name:version' (like 'kubernetes:4423.vb_59f230b_ce53'), got ${show(spec)}: an unpinned plugin is installed at whatever version the update center has that day, dependencies included.`);
      return;
    }
    const where = seen.get(plugin.name);
    if (where) {
      problems.add(`${path}[${i}]`, `names plugin '${plugin.name}' already in ${where}, got ${show(spec)}; list each plugin once.`);
      return;
    }
    seen.set(plugin.name, `${path}[${i}]`);
  });
}

/** True when `image` is `repository:tag` with a tag other than `latest` (or a digest). */
export function isPinnedImage(image: unknown): boolean {
  if (typeof image !== 'string' || /\s/.test(image)) return false;
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /:([\w][\w.-]{0,127})$/.exec(image.slice(image.lastIndexOf('/') + 1));
  return !!tag && tag[1] !== 'latest';
}

const field = (path: string, name: string) => `${path}.${name}`;

/**
 * Check a JenkinsConfig section; report every problem under `path`. `knownPlugins` is the
 * platform's pinned set, which `extraPlugins` must not repeat.
 */
export function validateJenkinsConfig(config: JenkinsConfig, path: string, problems: ProblemCollector, knownPlugins: readonly PinnedPlugin[] = JENKINS_PLUGINS): void {
  if (config.agentMode !== undefined && !AGENT_MODES.includes(config.agentMode)) {
    problems.add(field(path, 'agentMode'), `must be one of ${AGENT_MODES.map((m) => `'${m}'`).join(', ')}, got ${show(config.agentMode)}.`);
  }
  validateContainerResources(config.resources ?? {}, field(path, 'resources'), problems, JENKINS_DEFAULT_RESOURCES);
  checkInteger(config.heapPercent, HEAP_PERCENT, field(path, 'heapPercent'), problems);
  checkInteger(config.volumeSizeGiB, EBS_VOLUME_SIZE_GIB, field(path, 'volumeSizeGiB'), problems);
  if (config.storageClassName !== undefined && !isStorageClassName(config.storageClassName)) {
    problems.add(field(path, 'storageClassName'), `must be a StorageClass name (lower-case DNS-1123 subdomain), got ${show(config.storageClassName)}.`);
  }
  checkInteger(config.containerCap, CONTAINER_CAP, field(path, 'containerCap'), problems);
  validateSecurity(config.security ?? {}, field(path, 'security'), problems);
  validateCredentials(config.credentials, field(path, 'credentials'), problems);
  validatePodTemplates(config.podTemplates ?? {}, field(path, 'podTemplates'), problems);
  checkPinnedPlugins(config.extraPlugins, field(path, 'extraPlugins'), problems, knownPlugins);
  for (const flag of ['updateCenter', 'prometheusScrape'] as const) {
    if (config[flag] !== undefined && typeof config[flag] !== 'boolean') problems.add(field(path, flag), `must be true or false, got ${show(config[flag])}.`);
  }
  if (config.exposure !== undefined) validateExposure(config.exposure, field(path, 'exposure'), problems);
  if (config.buildCache !== undefined && !isRecord(config.buildCache)) {
    problems.add(field(path, 'buildCache'), `must be an object ({} for the defaults), got ${show(config.buildCache)}.`);
  } else if (config.buildCache !== undefined) {
    checkInteger(config.buildCache.sizeGiB, BUILD_CACHE_GIB, `${path}.buildCache.sizeGiB`, problems);
  }
  validateJenkinsDeployTargets(config.deployTargets, field(path, 'deployTargets'), problems);
}

function validateSecurity(security: JenkinsSecurityConfig, path: string, problems: ProblemCollector): void {
  if (security.adminSecretName !== undefined && !SECRET_NAME.test(String(security.adminSecretName))) {
    problems.add(field(path, 'adminSecretName'), `must be a Secret name (DNS-1123 subdomain), got ${show(security.adminSecretName)}.`);
  }
  const permissions: unknown = security.authenticatedPermissions;
  if (permissions === undefined) return;
  if (!Array.isArray(permissions)) {
    problems.add(field(path, 'authenticatedPermissions'), `must be a list of permissions, got ${show(permissions)}.`);
    return;
  }
  permissions.forEach((perm, i) => {
    if (perm === 'Overall/Administer') {
      problems.add(`${path}.authenticatedPermissions[${i}]`, "must not be 'Overall/Administer': every logged-in user would be an administrator; only the admin of adminSecretName has it.");
    } else if (!(JENKINS_GRANTABLE_PERMISSIONS as readonly unknown[]).includes(perm)) {
      problems.add(`${path}.authenticatedPermissions[${i}]`, `must be one of ${JENKINS_GRANTABLE_PERMISSIONS.map((p) => `'${p}'`).join(', ')}, got ${show(perm)}.`);
    }
  });
}

function validateCredentials(credentials: unknown, path: string, problems: ProblemCollector): void {
  if (credentials === undefined) return;
  if (!Array.isArray(credentials)) {
    problems.add(path, `must be a list of credentials ({ id, kind, secretName }), got ${show(credentials)}.`);
    return;
  }
  const ids = new Set<string>();
  credentials.forEach((c: JenkinsCredentialConfig, i) => {
    const at = `${path}[${i}]`;
    if (!CREDENTIAL_ID.test(String(c?.id))) {
      problems.add(`${at}.id`, `must be a credential id (letters, digits, '-' and '_', at most 63: it names the secret file JCasC reads), got ${show(c?.id)}.`);
    } else if (ids.has(c.id)) {
      problems.add(`${at}.id`, `must be unique, got ${show(c.id)} twice.`);
    } else ids.add(c.id);
    if (c?.kind !== 'secret-text' && c?.kind !== 'username-password') {
      problems.add(`${at}.kind`, `must be 'secret-text' or 'username-password', got ${show(c?.kind)}.`);
    }
    if (!SECRET_NAME.test(String(c?.secretName))) {
      problems.add(`${at}.secretName`, `must be a Secret name (DNS-1123 subdomain), got ${show(c?.secretName)}.`);
    }
    if (c?.key !== undefined && (c.kind !== 'secret-text' || !SECRET_KEY.test(String(c.key)))) {
      problems.add(`${at}.key`, `must be a Secret key and is only for kind 'secret-text' (username-password reads keys 'username' and 'password'), got ${show(c.key)}.`);
    }
    if (c?.description !== undefined && (typeof c.description !== 'string' || c.description.includes('${'))) {
      problems.add(`${at}.description`, `must be plain text without '\${', got ${show(c.description)}.`);
    }
  });
}

function validatePodTemplates(templates: JenkinsConfig['podTemplates'] & object, path: string, problems: ProblemCollector): void {
  for (const [name, template] of Object.entries(templates)) {
    if (!(JENKINS_POD_TEMPLATE_NAMES as readonly string[]).includes(name)) {
      problems.add(`${path}.${name}`, `is not a pod template; the templates are ${JENKINS_POD_TEMPLATE_NAMES.join(', ')}.`);
      continue;
    }
    if (template?.image !== undefined && !isPinnedImage(template.image)) {
      problems.add(`${path}.${name}.image`, `must be pinned by tag or digest ('repository:tag', never 'latest'), got ${show(template.image)}.`);
    }
    validateContainerResources(template?.resources ?? {}, `${path}.${name}.resources`, problems, JENKINS_DEFAULT_TEMPLATE_RESOURCES[name as JenkinsPodTemplateName]);
  }
}

function validateExposure(exposure: JenkinsExposure, path: string, problems: ProblemCollector): void {
  if (exposure.kind === 'internal-load-balancer') {
    const ranges: unknown = exposure.sourceRanges;
    if (!Array.isArray(ranges) || ranges.length === 0) {
      problems.add(field(path, 'sourceRanges'), `must list at least one IPv4 CIDR allowed to reach Jenkins, got ${show(ranges)}.`);
      return;
    }
    ranges.forEach((text, i) => {
      const cidr = parseCidr(text);
      if (!cidr) problems.add(`${path}.sourceRanges[${i}]`, `must be an IPv4 CIDR on its network boundary, like '10.0.0.0/8', got ${show(text)}.`);
      else if (cidr.prefix === 0) problems.add(`${path}.sourceRanges[${i}]`, `must not admit every address, got ${show(text)}; name the networks of Jenkins's users.`);
    });
  } else if (exposure.kind === 'ingress') {
    if (!HOST.test(String(exposure.host))) problems.add(field(path, 'host'), `must be a DNS host name, got ${show(exposure.host)}.`);
    if (!DNS_LABEL.test(String(exposure.className))) problems.add(field(path, 'className'), `must be an IngressClass name, got ${show(exposure.className)}.`);
    const namespaces: unknown = exposure.controllerNamespaces;
    if (namespaces !== undefined && (!Array.isArray(namespaces) || namespaces.length === 0 || namespaces.some((n) => !DNS_LABEL.test(String(n))))) {
      problems.add(field(path, 'controllerNamespaces'), `must be a non-empty list of namespace names, got ${show(namespaces)}.`);
    }
  } else {
    problems.add(field(path, 'kind'), `must be 'internal-load-balancer' or 'ingress', got ${show((exposure as { kind?: unknown }).kind)}.`);
  }
}
