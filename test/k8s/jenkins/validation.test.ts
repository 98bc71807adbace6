import { Testing } from 'cdk8s';
import { isPinnedImage, validateJenkinsConfig, type JenkinsConfig } from '../../../lib/config/addons/jenkins';
import { validateJenkinsDeployRole } from '../../../lib/config/addons/jenkins-deploy';
import { ProblemCollector } from '../../../lib/config/problems';
import { validateAccount } from '../../../lib/config/validate';
import { Jenkins, type JenkinsProps } from '../../../lib/k8s/jenkins';
import { sandbox } from '../../../stacks/accounts/sandbox';

const P = 'clusters[0].addons.jenkins';
const DEPLOY_ROLE = 'arn:aws:iam::444455556666:role/platform-production-jenkins-deploy';

function problems(config: JenkinsConfig | Record<string, unknown>): string[] {
  const collector = new ProblemCollector();
  validateJenkinsConfig(config as JenkinsConfig, P, collector);
  return collector.problems.map((p) => `${p.path}: ${p.message}`);
}

function deployRoleProblems(identities: any[], config: Record<string, unknown> = { jenkinsAccountId: '111122223333', jenkinsClusterName: 'platform-sandbox' }): string[] {
  const collector = new ProblemCollector();
  validateJenkinsDeployRole(config as any, DEPLOY_ROLE, identities, 'clusters[0].addons.jenkinsDeployRole', 'clusters[0].identities', collector);
  return collector.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('validateJenkinsConfig', () => {
  it('accepts an empty section and a full one', () => {
    expect(problems({})).toEqual([]);
    expect(problems({
      agentMode: 'tunnel', resources: { cpuMillicores: 2000, memoryMiB: 8192 }, heapPercent: 60, volumeSizeGiB: 100, storageClassName: 'gp3',
      containerCap: 20, security: { adminSecretName: 'admin', authenticatedPermissions: ['Overall/Read'] },
      credentials: [{ id: 'git', kind: 'secret-text', secretName: 'git', key: 'token' }],
      podTemplates: { maven: { image: 'maven:3.9.11-eclipse-temurin-21', resources: { memoryMiB: 4096 } } },
      extraPlugins: ['ws-cleanup:0.49'], updateCenter: false, prometheusScrape: true, buildCache: { sizeGiB: 50 },
      exposure: { kind: 'ingress', host: 'jenkins.acme.internal', className: 'alb', controllerNamespaces: ['ingress'] },
      deployTargets: [{ name: 'production', accountId: '444455556666', region: 'us-east-1', clusterName: 'platform-production' }],
    })).toEqual([]);
  });

  it('rejects an unknown agent mode', () => {
    expect(problems({ agentMode: 'jnlp' })).toEqual([`${P}.agentMode: must be one of 'websocket', 'tunnel', got 'jnlp'.`]);
  });

  it('rejects a heap fraction outside 25-80 percent', () => {
    expect(problems({ heapPercent: 95 })[0]).toContain(`${P}.heapPercent: must be`);
  });

  it('rejects a bad volume size, StorageClass and container cap', () => {
    expect(problems({ volumeSizeGiB: 0, storageClassName: 'GP3', containerCap: 0 })).toEqual([
      expect.stringContaining(`${P}.volumeSizeGiB: must be`),
      `${P}.storageClassName: must be a StorageClass name (lower-case DNS-1123 subdomain), got 'GP3'.`,
      expect.stringContaining(`${P}.containerCap: must be`),
    ]);
  });

  it('rejects bad controller resources', () => {
    expect(problems({ resources: { memoryMiB: -1 } })[0]).toContain(`${P}.resources.memoryMiB`);
  });

  it('never lets every logged-in user administer', () => {
    expect(problems({ security: { authenticatedPermissions: ['Overall/Read', 'Overall/Administer'] } })).toEqual([
      `${P}.security.authenticatedPermissions[1]: must not be 'Overall/Administer': every logged-in user would be an administrator; only the admin of adminSecretName has it.`,
    ]);
  });

  it('rejects an unknown permission, a permission list that is not a list, and a bad admin Secret name', () => {
    expect(problems({ security: { authenticatedPermissions: ['Job/Delete'], adminSecretName: 'Admin' } })).toEqual([
      `${P}.security.adminSecretName: must be a Secret name (DNS-1123 subdomain), got 'Admin'.`,
      expect.stringContaining(`${P}.security.authenticatedPermissions[0]: must be one of 'Overall/Read'`),
    ]);
    expect(problems({ security: { authenticatedPermissions: 'Overall/Read' } })).toEqual([`${P}.security.authenticatedPermissions: must be a list of permissions, got 'Overall/Read'.`]);
  });

  it('rejects bad credentials: not a list, bad or duplicate id, kind, Secret, key and description', () => {
    expect(problems({ credentials: {} })).toEqual([`${P}.credentials: must be a list of credentials ({ id, kind, secretName }), got {}.`]);
    expect(problems({
      credentials: [
        { id: 'a.b', kind: 'ssh', secretName: 'S', key: 'k', description: 'x ${y}' },
        { id: 'git', kind: 'secret-text', secretName: 'git' },
        { id: 'git', kind: 'username-password', secretName: 'git', key: 'token' },
      ],
    })).toEqual([
      `${P}.credentials[0].id: must be a credential id (letters, digits, '-' and '_', at most 63: it names the secret file JCasC reads), got 'a.b'.`,
      `${P}.credentials[0].kind: must be 'secret-text' or 'username-password', got 'ssh'.`,
      `${P}.credentials[0].secretName: must be a Secret name (DNS-1123 subdomain), got 'S'.`,
      `${P}.credentials[0].key: must be a Secret key and is only for kind 'secret-text' (username-password reads keys 'username' and 'password'), got 'k'.`,
      `${P}.credentials[0].description: must be plain text without '\${', got 'x \${y}'.`,
      `${P}.credentials[2].id: must be unique, got 'git' twice.`,
      `${P}.credentials[2].key: must be a Secret key and is only for kind 'secret-text' (username-password reads keys 'username' and 'password'), got 'token'.`,
    ]);
  });

  it('rejects an unknown pod template, an unpinned image and bad template resources', () => {
    expect(problems({ podTemplates: { gradle: {}, node: { image: 'node:latest' }, maven: { image: 'maven' }, deploy: { resources: { cpuMillicores: 0 } } } })).toEqual([
      `${P}.podTemplates.gradle: is not a pod template; the templates are maven, node, deploy.`,
      `${P}.podTemplates.node.image: must be pinned by tag or digest ('repository:tag', never 'latest'), got 'node:latest'.`,
      `${P}.podTemplates.maven.image: must be pinned by tag or digest ('repository:tag', never 'latest'), got 'maven'.`,
      expect.stringContaining(`${P}.podTemplates.deploy.resources.cpuMillicores`),
    ]);
  });

  it('rejects an unversioned extra plugin', () => {
    expect(problems({ extraPlugins: ['ws-cleanup'] })[0]).toContain(`${P}.extraPlugins[0]: must pin an exact version as 'name:version'`);
  });

  it('rejects a build cache that is not an object or has a bad size', () => {
    expect(problems({ buildCache: true })).toEqual([`${P}.buildCache: must be an object ({} for the defaults), got true.`]);
    expect(problems({ buildCache: { sizeGiB: 0 } })[0]).toContain(`${P}.buildCache.sizeGiB: must be`);
  });

  it('rejects non-boolean flags', () => {
    expect(problems({ updateCenter: 'yes', prometheusScrape: 1 })).toEqual([
      `${P}.updateCenter: must be true or false, got 'yes'.`,
      `${P}.prometheusScrape: must be true or false, got 1.`,
    ]);
  });

  it('rejects a load balancer open to everyone, without ranges, or with a bad range', () => {
    expect(problems({ exposure: { kind: 'internal-load-balancer', sourceRanges: ['0.0.0.0/0', '10.0.0.1/8'] } })).toEqual([
      `${P}.exposure.sourceRanges[0]: must not admit every address, got '0.0.0.0/0'; name the networks of Jenkins's users.`,
      `${P}.exposure.sourceRanges[1]: must be an IPv4 CIDR on its network boundary, like '10.0.0.0/8', got '10.0.0.1/8'.`,
    ]);
    expect(problems({ exposure: { kind: 'internal-load-balancer', sourceRanges: [] } })).toEqual([
      `${P}.exposure.sourceRanges: must list at least one IPv4 CIDR allowed to reach Jenkins, got [].`,
    ]);
  });

  it('rejects a bad Ingress and an unknown exposure kind', () => {
    expect(problems({ exposure: { kind: 'ingress', host: 'Not A Host', className: 'ALB', controllerNamespaces: [] } })).toEqual([
      `${P}.exposure.host: must be a DNS host name, got 'Not A Host'.`,
      `${P}.exposure.className: must be an IngressClass name, got 'ALB'.`,
      `${P}.exposure.controllerNamespaces: must be a non-empty list of namespace names, got [].`,
    ]);
    expect(problems({ exposure: { kind: 'node-port' } })).toEqual([`${P}.exposure.kind: must be 'internal-load-balancer' or 'ingress', got 'node-port'.`]);
  });

  it('rejects bad deploy targets and a cluster targeted twice', () => {
    expect(problems({ deployTargets: 'production' })).toEqual([`${P}.deployTargets: must be a list of deploy targets ({ name, accountId, region, clusterName }), got 'production'.`]);
    expect(problems({
      deployTargets: [
        { name: 'Prod', accountId: '4444', region: 'mars-1', clusterName: '-x' },
        { name: 'a', accountId: '444455556666', region: 'us-east-1', clusterName: 'c' },
        { name: 'a', accountId: '444455556666', region: 'us-east-1', clusterName: 'c' },
      ],
    })).toEqual([
      `${P}.deployTargets[0].name: must be a DNS-1123 label (the kubeconfig alias), got 'Prod'.`,
      `${P}.deployTargets[0].accountId: must be a 12-digit AWS account id, got '4444'.`,
      `${P}.deployTargets[0].region: must be an AWS region like 'us-east-1', got 'mars-1'.`,
      `${P}.deployTargets[0].clusterName: must be an EKS cluster name, got '-x'.`,
      `${P}.deployTargets[2].name: must be unique, got 'a' twice.`,
      `${P}.deployTargets[2]: deploys to cluster 'c' of account '444455556666' a second time; list each cluster once.`,
    ]);
  });
});

describe('isPinnedImage', () => {
  it('accepts a tag or digest and refuses latest or no tag', () => {
    expect(['maven:3.9.11', 'registry.k8s.io/kubectl:v1.33.0', `node@sha256:${'a'.repeat(64)}`].map(isPinnedImage)).toEqual([true, true, true]);
    expect(['maven', 'maven:latest', 'localhost:5000/maven', 'a b:1'].map(isPinnedImage)).toEqual([false, false, false, false]);
  });
});

describe('validateJenkinsDeployRole', () => {
  it('accepts a deploy mapping of the role', () => {
    expect(deployRoleProblems([{ arn: DEPLOY_ROLE, access: { kind: 'deploy', namespaces: ['apps'] } }])).toEqual([]);
  });

  it('rejects bad ids of the Jenkins account and cluster', () => {
    expect(deployRoleProblems([{ arn: DEPLOY_ROLE, access: { kind: 'deploy', namespaces: ['apps'] } }], { jenkinsAccountId: 'x', jenkinsClusterName: '' })).toEqual([
      "clusters[0].addons.jenkinsDeployRole.jenkinsAccountId: must be the 12-digit id of the account that runs Jenkins, got 'x'.",
      "clusters[0].addons.jenkinsDeployRole.jenkinsClusterName: must be the EKS name of the cluster Jenkins runs in, got ''.",
    ]);
  });

  it('rejects a deploy role that no identity maps', () => {
    expect(deployRoleProblems([])).toEqual([
      `clusters[0].addons.jenkinsDeployRole: creates the deploy role '${DEPLOY_ROLE}', but identities does not map it; add { arn: '${DEPLOY_ROLE}', crossAccount: <true when Jenkins runs in another account>, access: { kind: 'deploy', namespaces: [...] } }.`,
    ]);
  });

  it('rejects a mapping of the deploy role that is not deploy access', () => {
    expect(deployRoleProblems([{ arn: DEPLOY_ROLE, access: { kind: 'admin' } }])).toEqual([
      "clusters[0].identities[0].access.kind: must be 'deploy' for the Jenkins deploy role, got 'admin': Jenkins deploys into namespaces, it never administers the cluster.",
    ]);
  });

  it('rejects kube-* namespaces for the deploy role', () => {
    expect(deployRoleProblems([{ arn: DEPLOY_ROLE, access: { kind: 'deploy', namespaces: ['apps', 'kube-flannel'] } }])).toEqual([
      "clusters[0].identities[0].access.namespaces[1]: must not be a 'kube-' namespace for the Jenkins deploy role, got 'kube-flannel'.",
    ]);
  });

  it('is run by validateAccount, with the identity checks that keep deployers out of logging and jenkins', () => {
    const account = structuredClone(sandbox) as any;
    const mapping = account.clusters[0].identities.find((m: any) => m.arn.endsWith('platform-sandbox-jenkins-deploy'));
    mapping.access.namespaces = ['jenkins', 'logging', 'kube-system'];
    const messages = validateAccount(account).map((p) => p.path);
    expect(messages).toEqual(expect.arrayContaining([
      'clusters[0].identities[3].access.namespaces[0]',
      'clusters[0].identities[3].access.namespaces[1]',
      'clusters[0].identities[3].access.namespaces[2]',
    ]));
  });
});

describe('Jenkins construct validation', () => {
  it('throws naming the construct for a bad role ARN and region', () => {
    const build = () => new Jenkins(Testing.chart(), 'ci', { roleArn: 'role', region: 'mars-1', vpcCidr: '10.0.0.0/16' } as JenkinsProps);
    expect(build).toThrow("Jenkins 'ci': 'roleArn' must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got 'role'.");
    expect(build).toThrow("Jenkins 'ci': 'region' must be an AWS region where EKS runs, like 'us-east-1', got 'mars-1'.");
  });
});
