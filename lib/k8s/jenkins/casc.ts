/**
 * The controller's JCasC file (`jenkins.yaml`), rendered from settings by a pure function.
 *
 * Every secret is a `${name}` the configuration-as-code plugin resolves from a file of that
 * name in its secrets directory (`SECRETS`, where the construct mounts the Secrets): the file
 * never holds a secret value. Keys used, by group, with the documentation each comes from, are
 * listed in test/k8s/jenkins/casc.test.ts.
 */
import type { JenkinsAgentMode, JenkinsPermission, JenkinsPodTemplateName } from '../../config/addons/jenkins';
import type { ResolvedContainerResources } from '../../config/resources';
import { toYaml } from '../../yaml';

/** A credential as JCasC sees it: ids and the names of the secret files that hold the values. */
export type CascCredential =
  | { readonly kind: 'secret-text'; readonly id: string; readonly description: string; readonly secretFile: string }
  | { readonly kind: 'username-password'; readonly id: string; readonly description: string; readonly usernameFile: string; readonly passwordFile: string };

/** One container of a pod template. */
export interface CascContainer {
  /** Container name (`jnlp` for the agent itself). */
  readonly name: string;
  /** Pinned image. */
  readonly image: string;
  /** CPU and memory. */
  readonly resources: ResolvedContainerResources;
  /** Keep the container alive for `container('<name>') { sh ... }` steps. */
  readonly sleep: boolean;
}

/** One pod template. */
export interface CascPodTemplate {
  /** Template name, also its label. */
  readonly name: JenkinsPodTemplateName;
  /** Service account of the agent pods. */
  readonly serviceAccount: string;
  /** Containers, `jnlp` first. */
  readonly containers: readonly CascContainer[];
  /** Environment of every container (plain values: ARNs and names, never secrets). */
  readonly env: Readonly<Record<string, string>>;
  /** The pod spec fields JCasC has no key for (security contexts, token mount), as Pod YAML. */
  readonly podYaml: string;
  /** Claims mounted in every container of the pod. */
  readonly claims: readonly { readonly claimName: string; readonly mountPath: string }[];
}

/** Everything the JCasC file says. */
export interface JenkinsCascSettings {
  /** The URL agents and links use: the in-cluster Service, `http://jenkins.<ns>.svc.cluster.local:8080/`. */
  readonly jenkinsUrl: string;
  /** WebSocket or TCP tunnel. */
  readonly agentMode: JenkinsAgentMode;
  /** `host:port` of the agent Service, for mode `tunnel`. */
  readonly jenkinsTunnel?: string;
  /** Namespace of the agent pods. */
  readonly agentNamespace: string;
  /** Most agent pods at once. */
  readonly containerCap: number;
  /** Secret file holding the admin's user id. */
  readonly adminUserFile: string;
  /** Secret file holding the admin's password. */
  readonly adminPasswordFile: string;
  /** What every logged-in user may do. */
  readonly authenticatedPermissions: readonly JenkinsPermission[];
  /** Credentials, by reference. */
  readonly credentials: readonly CascCredential[];
  /** The pod templates. */
  readonly podTemplates: readonly CascPodTemplate[];
  /** Labels on every agent pod (the controller's NetworkPolicy admits pods that carry them). */
  readonly podLabels: readonly (readonly [string, string])[];
}

/** The inbound TCP agent port in mode `tunnel`. */
export const JENKINS_AGENT_PORT = 50000;
/** Name of the Kubernetes cloud. */
export const JENKINS_CLOUD_NAME = 'kubernetes';

/** A `${name}` reference JCasC resolves from the secrets directory. */
export function secretRef(file: string): string {
  return `\${${file}}`;
}

/** The configuration object of {@link jenkinsCascYaml}, before YAML. */
export function jenkinsCasc(s: JenkinsCascSettings): Record<string, unknown> {
  return {
    jenkins: {
      systemMessage: 'Configured by eks-platform (configuration as code): changes made in the UI are lost at restart.',
      // The controller runs no builds: every build runs in an agent pod.
      numExecutors: 0,
      mode: 'EXCLUSIVE',
      // -1 turns the inbound TCP agent port off; WebSocket agents come over HTTP.
      slaveAgentPort: s.agentMode === 'tunnel' ? JENKINS_AGENT_PORT : -1,
      disableRememberMe: true,
      // No `remotingSecurity`: agent-to-controller security is always on since Jenkins 2.326,
      // and JCasC refuses keys a configurator does not know.
      markupFormatter: 'plainText',
      crumbIssuer: { standard: { excludeClientIPFromCrumb: false } },
      securityRealm: {
        local: {
          allowsSignup: false,
          users: [{ id: secretRef(s.adminUserFile), password: secretRef(s.adminPasswordFile) }],
        },
      },
      authorizationStrategy: {
        globalMatrix: {
          entries: [
            { user: { name: secretRef(s.adminUserFile), permissions: ['Overall/Administer'] } },
            { group: { name: 'authenticated', permissions: [...s.authenticatedPermissions] } },
          ],
        },
      },
      clouds: [{ kubernetes: kubernetesCloud(s) }],
    },
    security: {
      apiToken: { creationOfLegacyTokenEnabled: false, tokenGenerationOnCreationEnabled: false },
    },
    unclassified: {
      location: { url: s.jenkinsUrl },
    },
    ...(s.credentials.length > 0 ? {
      credentials: { system: { domainCredentials: [{ credentials: s.credentials.map(credential) }] } },
    } : {}),
  };
}

/** The JCasC file: YAML of {@link jenkinsCasc}. */
export function jenkinsCascYaml(settings: JenkinsCascSettings): string {
  return toYaml(jenkinsCasc(settings));
}

function kubernetesCloud(s: JenkinsCascSettings): Record<string, unknown> {
  return {
    name: JENKINS_CLOUD_NAME,
    serverUrl: 'https://kubernetes.default.svc',
    namespace: s.agentNamespace,
    jenkinsUrl: s.jenkinsUrl,
    ...(s.agentMode === 'tunnel' ? { jenkinsTunnel: s.jenkinsTunnel } : { webSocket: true }),
    containerCapStr: String(s.containerCap),
    connectTimeout: 10,
    readTimeout: 30,
    retentionTimeout: 5,
    podLabels: s.podLabels.map(([key, value]) => ({ key, value })),
    templates: s.podTemplates.map(podTemplate),
  };
}

function podTemplate(t: CascPodTemplate): Record<string, unknown> {
  const envVars = Object.entries(t.env).map(([key, value]) => ({ envVar: { key, value } }));
  return {
    name: t.name,
    label: t.name,
    serviceAccount: t.serviceAccount,
    nodeUsageMode: 'EXCLUSIVE',
    idleMinutes: 0,
    showRawYaml: false,
    containers: t.containers.map(container),
    ...(envVars.length > 0 ? { envVars } : {}),
    ...(t.claims.length > 0 ? { volumes: t.claims.map((c) => ({ persistentVolumeClaim: { claimName: c.claimName, mountPath: c.mountPath } })) } : {}),
    yaml: t.podYaml,
    yamlMergeStrategy: 'merge',
  };
}

function container(c: CascContainer): Record<string, unknown> {
  const limits: Record<string, string> = { resourceLimitMemory: `${c.resources.memoryMiB}Mi` };
  if (c.resources.cpuLimitMillicores !== undefined) limits.resourceLimitCpu = `${c.resources.cpuLimitMillicores}m`;
  return {
    name: c.name,
    image: c.image,
    ...(c.sleep ? { command: 'sleep', args: 'infinity', ttyEnabled: false } : {}),
    alwaysPullImage: false,
    resourceRequestCpu: `${c.resources.cpuMillicores}m`,
    resourceRequestMemory: `${c.resources.memoryMiB}Mi`,
    ...limits,
  };
}

function credential(c: CascCredential): Record<string, unknown> {
  if (c.kind === 'secret-text') {
    return { string: { scope: 'GLOBAL', id: c.id, description: c.description, secret: secretRef(c.secretFile) } };
  }
  return {
    usernamePassword: {
      scope: 'GLOBAL', id: c.id, description: c.description,
      username: secretRef(c.usernameFile), password: secretRef(c.passwordFile),
    },
  };
}
