/**
 * The agent pod templates (`maven`, `node`, `deploy`) as JCasC settings: images pinned here,
 * resources from config, non-root security contexts in the template's Pod YAML, and the deploy
 * template's environment naming each target's deploy role.
 */
import {
  JENKINS_DEFAULT_TEMPLATE_RESOURCES, JENKINS_POD_TEMPLATE_NAMES, type JenkinsPodTemplateConfig, type JenkinsPodTemplateName,
} from '../../config/addons/jenkins';
import type { JenkinsDeployTarget } from '../../config/addons/jenkins-deploy';
import { withResourceDefaults, type ResolvedContainerResources } from '../../config/resources';
import { jenkinsDeployRoleArn } from '../../names';
import { toYaml } from '../../yaml';
import type { CascContainer, CascPodTemplate } from './casc';

/**
 * The agent (remoting) image: Docker Hub `jenkins/inbound-agent`, the 3355 remoting line on
 * JDK 21 (tag as published by jenkinsci/docker-agents).
 */
export const JENKINS_AGENT_IMAGE = 'jenkins/inbound-agent:3355.v388858a_47b_33-6-jdk21';

/**
 * Default build images, pinned by tag (Docker Hub official images `maven` and `node`; `alpine/k8s`
 * bundles kubectl and the AWS CLI v2, kubectl 1.34 being within one minor of the 1.33 clusters).
 */
export const JENKINS_TEMPLATE_IMAGES: Readonly<Record<JenkinsPodTemplateName, string>> = {
  maven: 'maven:3.9.11-eclipse-temurin-21',
  node: 'node:22.22.0-bookworm',
  deploy: 'alpine/k8s:1.34.1',
};

/** uid and gid of every agent container (the inbound-agent image's `jenkins` user). */
export const JENKINS_AGENT_UID = 1000;
/** The agent's workspace (an emptyDir the Kubernetes plugin mounts in every container); also HOME. */
export const JENKINS_AGENT_HOME = '/home/jenkins/agent';
/** Resources of the `jnlp` container of every agent pod. */
export const JENKINS_AGENT_RESOURCES: ResolvedContainerResources = { cpuMillicores: 100, memoryMiB: 512 };

/** What the pod templates need from the construct. */
export interface AgentSettings {
  /** Per-template settings from config. */
  readonly podTemplates: Readonly<Partial<Record<JenkinsPodTemplateName, JenkinsPodTemplateConfig>>>;
  /** Service account of the build pods (maven, node): no token, no IAM role. */
  readonly buildServiceAccount: string;
  /** Service account of the deploy pods: the IRSA one. */
  readonly deployServiceAccount: string;
  /** Region of the Jenkins cluster (the AWS CLI's default). */
  readonly region: string;
  /** Clusters the deploy template deploys into. */
  readonly deployTargets: readonly JenkinsDeployTarget[];
  /** Labels every agent pod carries. */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * The build-cache claim the maven and node templates mount at {@link JENKINS_CACHE_DIR}.
   * @default - no cache volume
   */
  readonly buildCacheClaim?: string;
}

/** Where the build-cache claim is mounted in maven and node agents. */
export const JENKINS_CACHE_DIR = '/home/jenkins/cache';

/**
 * How each build tool finds the shared cache. Maven's local repository is shared by
 * concurrent builds, so the resolver takes file locks (Maven Resolver "named locks",
 * `file-lock` with the `file-gav` mapper, meant for shared repositories); npm's cache is
 * safe to share as it is.
 */
export const JENKINS_CACHE_ENV: Readonly<Partial<Record<JenkinsPodTemplateName, Record<string, string>>>> = {
  maven: {
    MAVEN_OPTS: `-Dmaven.repo.local=${JENKINS_CACHE_DIR}/m2 -Daether.syncContext.named.factory=file-lock -Daether.syncContext.named.nameMapper=file-gav`,
  },
  node: { npm_config_cache: `${JENKINS_CACHE_DIR}/npm` },
};

/** The environment-variable prefix of a deploy target: `DEPLOY_<NAME>_`, `-` as `_`. */
export function deployEnvPrefix(targetName: string): string {
  return `DEPLOY_${targetName.toUpperCase().replace(/-/g, '_')}_`;
}

/**
 * The deploy template's environment: `DEPLOY_TARGETS` (space-separated names) and, per target,
 * `DEPLOY_<NAME>_ROLE_ARN`, `_CLUSTER` and `_REGION` (ARNs computed from lib/names.ts).
 */
export function deployEnvironment(region: string, targets: readonly JenkinsDeployTarget[]): Record<string, string> {
  const env: Record<string, string> = { AWS_REGION: region, AWS_DEFAULT_REGION: region, DEPLOY_TARGETS: targets.map((t) => t.name).join(' ') };
  for (const t of targets) {
    const prefix = deployEnvPrefix(t.name);
    env[`${prefix}ROLE_ARN`] = jenkinsDeployRoleArn(t.accountId, t.clusterName);
    env[`${prefix}CLUSTER`] = t.clusterName;
    env[`${prefix}REGION`] = t.region;
  }
  return env;
}

/** The three pod templates, in {@link JENKINS_POD_TEMPLATE_NAMES} order. */
export function agentPodTemplates(s: AgentSettings): CascPodTemplate[] {
  return JENKINS_POD_TEMPLATE_NAMES.map((name) => {
    const config = s.podTemplates[name] ?? {};
    const build: CascContainer = {
      name,
      image: config.image ?? JENKINS_TEMPLATE_IMAGES[name],
      resources: withResourceDefaults(config.resources, JENKINS_DEFAULT_TEMPLATE_RESOURCES[name]),
      sleep: true,
    };
    const deploy = name === 'deploy';
    const cacheEnv = s.buildCacheClaim ? JENKINS_CACHE_ENV[name] : undefined;
    return {
      name,
      serviceAccount: deploy ? s.deployServiceAccount : s.buildServiceAccount,
      containers: [{ name: 'jnlp', image: JENKINS_AGENT_IMAGE, resources: JENKINS_AGENT_RESOURCES, sleep: false }, build],
      env: { HOME: JENKINS_AGENT_HOME, ...(cacheEnv ?? {}), ...(deploy ? deployEnvironment(s.region, s.deployTargets) : {}) },
      podYaml: agentPodYaml(['jnlp', name], s.podLabels),
      claims: cacheEnv ? [{ claimName: s.buildCacheClaim!, mountPath: JENKINS_CACHE_DIR }] : [],
    };
  });
}

/**
 * The Pod YAML merged into each template: what JCasC's container keys cannot say. Non-root
 * uid 1000 (build images default to root), no privilege escalation, no capabilities, the
 * runtime's seccomp profile (Pod Security `restricted` holds), and no Kubernetes API token: the
 * deploy pod reaches its clusters through IAM, not through the agent's service account.
 */
export function agentPodYaml(containers: readonly string[], labels: Readonly<Record<string, string>>): string {
  return toYaml({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels: { ...labels } },
    spec: {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: JENKINS_AGENT_UID,
        runAsGroup: JENKINS_AGENT_UID,
        fsGroup: JENKINS_AGENT_UID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: containers.map((name) => ({
        name,
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      })),
    },
  });
}
