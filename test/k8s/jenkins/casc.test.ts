/**
 * The JCasC file: it parses, every key is one the configuration-as-code plugin (core Jenkins
 * configurators), matrix-auth, credentials or kubernetes plugins document, and every secret is
 * a `${...}` reference.
 */
import { parse } from 'yaml';
import { JENKINS_AGENT_PORT, jenkinsCasc, jenkinsCascYaml, type JenkinsCascSettings } from '../../../lib/k8s/jenkins/casc';
import { agentPodTemplates } from '../../../lib/k8s/jenkins/agents';

const settings = (overrides: Partial<JenkinsCascSettings> = {}): JenkinsCascSettings => ({
  jenkinsUrl: 'http://jenkins.jenkins.svc.cluster.local:8080/',
  agentMode: 'websocket',
  agentNamespace: 'jenkins',
  containerCap: 10,
  adminUserFile: 'jenkins-admin-username',
  adminPasswordFile: 'jenkins-admin-password',
  authenticatedPermissions: ['Overall/Read', 'Job/Read'],
  credentials: [
    { kind: 'secret-text', id: 'git-token', description: 'git', secretFile: 'git-token-secret' },
    { kind: 'username-password', id: 'registry', description: 'registry', usernameFile: 'registry-username', passwordFile: 'registry-password' },
  ],
  podTemplates: agentPodTemplates({
    podTemplates: {}, buildServiceAccount: 'jenkins-agent', deployServiceAccount: 'jenkins', region: 'us-east-1',
    deployTargets: [{ name: 'production', accountId: '444455556666', region: 'us-east-1', clusterName: 'platform-production' }],
    podLabels: { 'app.kubernetes.io/name': 'jenkins-agent' },
    buildCacheClaim: 'jenkins-build-cache',
  }),
  podLabels: [['app.kubernetes.io/name', 'jenkins-agent']],
  ...overrides,
});

/**
 * The keys the emitted file may use, per group, each with the documentation that shows it.
 * A key added to the renderer must be added here with its source, or this test fails.
 */
const ALLOWED: Record<string, { keys: readonly string[]; source: string }> = {
  root: {
    keys: ['jenkins', 'security', 'unclassified', 'credentials'],
    source: 'configuration-as-code-plugin README "Getting started" root elements; demos/jenkins/jenkins.yaml; demos/credentials/README.md',
  },
  jenkins: {
    keys: [
      'systemMessage', 'numExecutors', 'mode', 'slaveAgentPort', 'disableRememberMe', 'markupFormatter',
      'crumbIssuer', 'securityRealm', 'authorizationStrategy', 'clouds',
    ],
    source: 'configuration-as-code-plugin demos/jenkins/jenkins.yaml (systemMessage, numExecutors, mode, clouds); jenkinsci/helm-charts charts/jenkins/templates/_helpers.tpl "jenkins.casc.defaults" (disableRememberMe, markupFormatter, crumbIssuer.standard.excludeClientIPFromCrumb, securityRealm, authorizationStrategy); slaveAgentPort is the Jenkins root attribute (Jenkins#setSlaveAgentPort) the helm chart sets from controller.agentListenerPort',
  },
  crumbIssuer: { keys: ['standard'], source: 'helm-charts _helpers.tpl jenkins.casc.defaults' },
  'crumbIssuer.standard': { keys: ['excludeClientIPFromCrumb'], source: 'helm-charts _helpers.tpl jenkins.casc.defaults' },
  securityRealm: { keys: ['local'], source: 'configuration-as-code-plugin demos/embedded-userdatabase/README.md' },
  'securityRealm.local': { keys: ['allowsSignup', 'users'], source: 'configuration-as-code-plugin demos/embedded-userdatabase/README.md' },
  'securityRealm.local.users[]': { keys: ['id', 'password'], source: 'configuration-as-code-plugin demos/embedded-userdatabase/README.md' },
  authorizationStrategy: { keys: ['globalMatrix'], source: 'configuration-as-code-plugin demos/matrix-auth/README.md (matrix-auth 3.2+ `entries` syntax)' },
  'globalMatrix': { keys: ['entries'], source: 'configuration-as-code-plugin demos/matrix-auth/README.md' },
  'globalMatrix.entries[]': { keys: ['user', 'group'], source: 'configuration-as-code-plugin demos/matrix-auth/README.md' },
  'globalMatrix.entries[].*': { keys: ['name', 'permissions'], source: 'configuration-as-code-plugin demos/matrix-auth/README.md' },
  security: { keys: ['apiToken'], source: 'helm-charts _helpers.tpl jenkins.casc.defaults (security.apiToken)' },
  'security.apiToken': { keys: ['creationOfLegacyTokenEnabled', 'tokenGenerationOnCreationEnabled'], source: 'helm-charts _helpers.tpl jenkins.casc.defaults' },
  unclassified: { keys: ['location'], source: 'configuration-as-code-plugin demos/jenkins/jenkins.yaml; demos/kubernetes/README.md' },
  'unclassified.location': { keys: ['url'], source: 'configuration-as-code-plugin demos/jenkins/jenkins.yaml' },
  credentials: { keys: ['system'], source: 'configuration-as-code-plugin demos/credentials/README.md' },
  'credentials.system': { keys: ['domainCredentials'], source: 'configuration-as-code-plugin demos/credentials/README.md' },
  'domainCredentials[]': { keys: ['credentials'], source: 'configuration-as-code-plugin demos/credentials/README.md' },
  'credentials[]': { keys: ['string', 'usernamePassword'], source: 'configuration-as-code-plugin demos/credentials/README.md' },
  'credentials[].string': { keys: ['scope', 'id', 'description', 'secret'], source: 'configuration-as-code-plugin demos/credentials/README.md' },
  'credentials[].usernamePassword': { keys: ['scope', 'id', 'description', 'username', 'password'], source: 'configuration-as-code-plugin demos/credentials/README.md' },
  'clouds[]': { keys: ['kubernetes'], source: 'configuration-as-code-plugin demos/kubernetes/README.md' },
  kubernetes: {
    keys: [
      'name', 'serverUrl', 'namespace', 'jenkinsUrl', 'jenkinsTunnel', 'webSocket', 'containerCapStr', 'connectTimeout', 'readTimeout',
      'retentionTimeout', 'podLabels', 'templates',
    ],
    source: 'configuration-as-code-plugin demos/kubernetes/README.md "Advanced sample configuration" (name, serverUrl, namespace, jenkinsUrl, jenkinsTunnel, containerCapStr, retentionTimeout, connectTimeout, readTimeout, templates); helm-charts _helpers.tpl (webSocket: true, podLabels key/value)',
  },
  'podLabels[]': { keys: ['key', 'value'], source: 'helm-charts _helpers.tpl jenkins.casc.defaults' },
  'templates[]': {
    keys: ['name', 'label', 'serviceAccount', 'nodeUsageMode', 'idleMinutes', 'showRawYaml', 'containers', 'envVars', 'volumes', 'yaml', 'yamlMergeStrategy'],
    source: 'configuration-as-code-plugin demos/kubernetes/README.md (name, label, serviceAccount, nodeUsageMode, idleMinutes, containers, envVars); kubernetes-plugin src/test/resources/.../casc/configuration-as-code.yaml (yamlMergeStrategy); helm-charts _helpers.tpl jenkins.casc.podTemplate (showRawYaml, yaml)',
  },
  'containers[]': {
    keys: ['name', 'image', 'command', 'args', 'ttyEnabled', 'alwaysPullImage', 'resourceRequestCpu', 'resourceRequestMemory', 'resourceLimitCpu', 'resourceLimitMemory'],
    source: 'configuration-as-code-plugin demos/kubernetes/README.md (container template keys)',
  },
  'volumes[]': { keys: ['persistentVolumeClaim'], source: 'kubernetes-plugin src/test/resources/org/csanchez/jenkins/plugins/kubernetes/casc/casc_volume_pvc.yaml' },
  'volumes[].persistentVolumeClaim': { keys: ['claimName', 'mountPath'], source: 'kubernetes-plugin src/test/resources/org/csanchez/jenkins/plugins/kubernetes/casc/casc_volume_pvc.yaml' },
  'envVars[]': { keys: ['envVar'], source: 'configuration-as-code-plugin demos/kubernetes/README.md' },
  'envVars[].envVar': { keys: ['key', 'value'], source: 'configuration-as-code-plugin demos/kubernetes/README.md' },
};

/** Every (group, key) used by the file, by walking it with the group names above. */
function usedKeys(doc: any): Array<[string, string]> {
  const used: Array<[string, string]> = [];
  const add = (group: string, obj: any) => Object.keys(obj).forEach((k) => used.push([group, k]));
  add('root', doc);
  const j = doc.jenkins;
  add('jenkins', j);
  add('crumbIssuer', j.crumbIssuer);
  add('crumbIssuer.standard', j.crumbIssuer.standard);
  add('securityRealm', j.securityRealm);
  add('securityRealm.local', j.securityRealm.local);
  j.securityRealm.local.users.forEach((u: any) => add('securityRealm.local.users[]', u));
  add('authorizationStrategy', j.authorizationStrategy);
  add('globalMatrix', j.authorizationStrategy.globalMatrix);
  for (const e of j.authorizationStrategy.globalMatrix.entries) {
    add('globalMatrix.entries[]', e);
    Object.values(e).forEach((v) => add('globalMatrix.entries[].*', v));
  }
  add('security', doc.security);
  add('security.apiToken', doc.security.apiToken);
  add('unclassified', doc.unclassified);
  add('unclassified.location', doc.unclassified.location);
  if (doc.credentials) {
    add('credentials', doc.credentials);
    add('credentials.system', doc.credentials.system);
    for (const d of doc.credentials.system.domainCredentials) {
      add('domainCredentials[]', d);
      for (const c of d.credentials) {
        add('credentials[]', c);
        for (const [kind, body] of Object.entries(c)) add(`credentials[].${kind}`, body);
      }
    }
  }
  for (const cloud of j.clouds) {
    add('clouds[]', cloud);
    const k = cloud.kubernetes;
    add('kubernetes', k);
    k.podLabels.forEach((l: any) => add('podLabels[]', l));
    for (const t of k.templates) {
      add('templates[]', t);
      t.containers.forEach((c: any) => add('containers[]', c));
      for (const v of t.volumes ?? []) {
        add('volumes[]', v);
        add('volumes[].persistentVolumeClaim', v.persistentVolumeClaim);
      }
      for (const e of t.envVars ?? []) {
        add('envVars[]', e);
        add('envVars[].envVar', e.envVar);
      }
    }
  }
  return used;
}

describe('jenkinsCascYaml', () => {
  it('parses as YAML to the object it renders', () => {
    expect(parse(jenkinsCascYaml(settings()))).toEqual(jenkinsCasc(settings()));
  });

  it('uses only keys documented by configuration-as-code and the kubernetes plugin, in both agent modes', () => {
    for (const s of [settings(), settings({ agentMode: 'tunnel', jenkinsTunnel: `jenkins-agent.jenkins.svc.cluster.local:${JENKINS_AGENT_PORT}` })]) {
      const unknown = usedKeys(parse(jenkinsCascYaml(s))).filter(([group, key]) => !ALLOWED[group]?.keys.includes(key));
      expect(unknown).toEqual([]);
    }
  });

  it('has no allowed group the file does not use (the table stays in step with the renderer)', () => {
    const tunnel = settings({ agentMode: 'tunnel', jenkinsTunnel: 'jenkins-agent.jenkins.svc.cluster.local:50000' });
    const used = new Set([...usedKeys(parse(jenkinsCascYaml(settings()))), ...usedKeys(parse(jenkinsCascYaml(tunnel)))].map(([group]) => group));
    expect(Object.keys(ALLOWED).filter((group) => !used.has(group))).toEqual([]);
  });

  it('sets up the Kubernetes cloud on the in-cluster Service with WebSocket agents in their namespace', () => {
    expect(jenkinsCasc(settings()).jenkins).toMatchObject({
      slaveAgentPort: -1,
      clouds: [{ kubernetes: { jenkinsUrl: 'http://jenkins.jenkins.svc.cluster.local:8080/', webSocket: true, namespace: 'jenkins', containerCapStr: '10' } }],
    });
  });

  it('names the tunnel and opens port 50000 in mode tunnel, without webSocket', () => {
    const j: any = jenkinsCasc(settings({ agentMode: 'tunnel', jenkinsTunnel: 'jenkins-agent.jenkins.svc.cluster.local:50000' })).jenkins;
    expect(j.slaveAgentPort).toBe(50000);
    expect(j.clouds[0].kubernetes.jenkinsTunnel).toBe('jenkins-agent.jenkins.svc.cluster.local:50000');
    expect(j.clouds[0].kubernetes.webSocket).toBeUndefined();
  });

  it('gives Overall/Administer to the admin only and nothing to anonymous', () => {
    const entries = (jenkinsCasc(settings()).jenkins as any).authorizationStrategy.globalMatrix.entries;
    expect(entries).toEqual([
      { user: { name: '${jenkins-admin-username}', permissions: ['Overall/Administer'] } },
      { group: { name: 'authenticated', permissions: ['Overall/Read', 'Job/Read'] } },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/anonymous/);
  });

  it('holds secrets only as ${...} references to secret files', () => {
    const doc: any = jenkinsCasc(settings());
    expect(doc.jenkins.securityRealm.local.users).toEqual([{ id: '${jenkins-admin-username}', password: '${jenkins-admin-password}' }]);
    expect(doc.credentials.system.domainCredentials[0].credentials).toEqual([
      { string: { scope: 'GLOBAL', id: 'git-token', description: 'git', secret: '${git-token-secret}' } },
      { usernamePassword: { scope: 'GLOBAL', id: 'registry', description: 'registry', username: '${registry-username}', password: '${registry-password}' } },
    ]);
  });

  it('gives every pod template resources, and the deploy template its targets\' deploy roles', () => {
    const templates = (jenkinsCasc(settings()).jenkins as any).clouds[0].kubernetes.templates;
    expect(templates.map((t: any) => t.name)).toEqual(['maven', 'node', 'deploy']);
    for (const t of templates) {
      for (const c of t.containers) expect(c).toMatchObject({ resourceRequestCpu: expect.stringMatching(/m$/), resourceLimitMemory: expect.stringMatching(/Mi$/) });
    }
    const deploy = templates[2];
    expect(deploy.serviceAccount).toBe('jenkins');
    expect(deploy.envVars).toContainEqual({ envVar: { key: 'DEPLOY_PRODUCTION_ROLE_ARN', value: 'arn:aws:iam::444455556666:role/platform-production-jenkins-deploy' } });
  });
});
