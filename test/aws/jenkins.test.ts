/**
 * The cross-account deploy chain, as the mocked Pulumi programs of both stacks create it:
 * sandbox's IRSA role for jenkins:jenkins -> sts:AssumeRole -> production's deploy role, which
 * trusts exactly that role -> production's identity mapping (`deploy` on its namespaces). No
 * stack reads another's outputs: both sides compute the ARNs from lib/names.ts.
 */
import { parse } from 'yaml';
import type { AccountConfig } from '../../lib/config';
import { jenkinsDeployRoleArn, jenkinsDeployRoleName, serviceRoleArn, serviceRoleName } from '../../lib/names';
import { production } from '../../stacks/accounts/production';
import { sandbox } from '../../stacks/accounts/sandbox';
import { validAccount } from '../support/fixtures';
import { installMocks, type Recorded } from '../support/pulumi-mocks';

const mocks = installMocks();
let Platform: typeof import('../../lib/platform/aws-platform').Platform;
let policies: typeof import('../../lib/aws/jenkins/policies');
beforeAll(async () => {
  ({ Platform } = await import('../../lib/platform/aws-platform'));
  policies = await import('../../lib/aws/jenkins/policies');
});
afterAll(() => mocks.settle());

const T = {
  role: 'aws:iam/role:Role',
  rolePolicy: 'aws:iam/rolePolicy:RolePolicy',
  entry: 'aws:eks/accessEntry:AccessEntry',
  association: 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation',
  cluster: 'eks:index:Cluster',
} as const;

let seq = 0;
async function build(account: AccountConfig): Promise<Recorded[]> {
  mocks.reset();
  new Platform(`j${++seq}`, { account });
  await mocks.settle();
  return [...mocks.resources];
}

const roleNamed = (resources: readonly Recorded[], name: string) => resources.filter((r) => r.type === T.role && r.inputs.name === name);
const policiesOf = (resources: readonly Recorded[], role: Recorded) =>
  resources.filter((r) => r.type === T.rolePolicy && r.name.startsWith(role.name.replace(/-role$/, '')))
    .map((r) => JSON.parse(r.inputs.policy));

const JENKINS_ROLE = serviceRoleArn(sandbox.accountId, 'platform-sandbox', 'jenkins');
const PRODUCTION_DEPLOY = jenkinsDeployRoleArn(production.accountId, 'platform-production');
const SANDBOX_DEPLOY = jenkinsDeployRoleArn(sandbox.accountId, 'platform-sandbox');

describe('policies', () => {
  it('lets the Jenkins role assume its targets\' deploy roles and nothing else', () => {
    expect(policies.jenkinsAssumeDeployRolesPolicy([
      { accountId: '444455556666', clusterName: 'platform-production' }, { accountId: '111122223333', clusterName: 'platform-sandbox' },
    ])).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'AssumeDeployRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [SANDBOX_DEPLOY, PRODUCTION_DEPLOY] }],
    });
    expect(policies.jenkinsAssumeDeployRolesPolicy([])).toBeUndefined();
  });

  it('trusts exactly the Jenkins role in the deploy role', () => {
    expect(policies.jenkinsDeployTrustPolicy(JENKINS_ROLE).Statement).toEqual([{
      Sid: 'TrustJenkinsOnly', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole',
      Condition: { ArnEquals: { 'aws:PrincipalArn': JENKINS_ROLE } },
    }]);
  });

  it('throws on a trusted principal that is not a role ARN', () => {
    expect(() => policies.jenkinsDeployTrustPolicy('arn:aws:iam::111122223333:user/x')).toThrow("jenkinsDeployTrustPolicy: 'arn:aws:iam::111122223333:user/x' is not an IAM role ARN.");
  });
});

describe('cross-account deploy chain, sandbox -> production', () => {
  let sandboxBuilt: Recorded[];
  let productionBuilt: Recorded[];
  beforeAll(async () => {
    sandboxBuilt = await build(sandbox);
    productionBuilt = await build(production);
  });

  it('creates the IRSA role of jenkins:jenkins in the Jenkins account', () => {
    const [role] = roleNamed(sandboxBuilt, serviceRoleName('platform-sandbox', 'jenkins'));
    const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
    expect(trust.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(Object.values(trust.Condition.StringEquals)).toContain('system:serviceaccount:jenkins:jenkins');
  });

  it('gives the IRSA role no power but assuming the deploy roles of its targets', () => {
    const [role] = roleNamed(sandboxBuilt, serviceRoleName('platform-sandbox', 'jenkins'));
    expect(policiesOf(sandboxBuilt, role)).toEqual([{
      Version: '2012-10-17',
      Statement: [{ Sid: 'AssumeDeployRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [SANDBOX_DEPLOY, PRODUCTION_DEPLOY] }],
    }]);
    expect(sandboxBuilt.filter((r) => r.type === 'aws:iam/rolePolicyAttachment:RolePolicyAttachment' && r.name.startsWith(role.name.replace(/-role$/, '')))).toEqual([]);
  });

  it('creates in production a deploy role trusting exactly the role sandbox created', () => {
    const [deploy] = roleNamed(productionBuilt, jenkinsDeployRoleName('platform-production'));
    const [jenkins] = roleNamed(sandboxBuilt, serviceRoleName('platform-sandbox', 'jenkins'));
    const trusted = JSON.parse(deploy.inputs.assumeRolePolicy).Statement;
    expect(trusted).toHaveLength(1);
    expect(trusted[0].Condition.ArnEquals['aws:PrincipalArn']).toBe(`arn:aws:iam::${sandbox.accountId}:role/${jenkins.inputs.name}`);
    expect(trusted[0].Principal).toEqual({ AWS: `arn:aws:iam::${sandbox.accountId}:root` });
  });

  it('lets the deploy role describe only its own cluster in AWS', () => {
    const [deploy] = roleNamed(productionBuilt, jenkinsDeployRoleName('platform-production'));
    expect(policiesOf(productionBuilt, deploy)).toEqual([{
      Version: '2012-10-17',
      Statement: [{ Sid: 'DescribeOwnCluster', Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: 'arn:aws:eks:us-east-1:444455556666:cluster/platform-production' }],
    }]);
  });

  it('maps the deploy role in production with deploy rights on its namespaces (access entry and aws-auth)', () => {
    const [entry] = productionBuilt.filter((r) => r.type === T.entry && r.inputs.principalArn === PRODUCTION_DEPLOY);
    expect(entry.inputs.kubernetesGroups).toEqual(['eks-platform:deploy:apps']);
    const associations = productionBuilt.filter((r) => r.type === T.association && r.inputs.principalArn === PRODUCTION_DEPLOY);
    expect(associations.map((a) => [a.inputs.policyArn.split('/').pop(), a.inputs.accessScope])).toEqual([
      ['AmazonEKSEditPolicy', { type: 'namespace', namespaces: ['apps'] }],
    ]);
    // Production is adopted (an eksctl cluster): its aws-auth is a server-side-apply patch, not @pulumi/eks's roleMappings.
    const patch = productionBuilt.find((r) => r.type === 'kubernetes:core/v1:ConfigMapPatch' && r.inputs.metadata.name === 'aws-auth')!;
    const mapping = parse(patch.inputs.data.mapRoles).find((m: any) => m.rolearn === PRODUCTION_DEPLOY);
    expect(mapping.groups).toEqual(['eks-platform:deploy:apps']);
  });

  it('closes the chain: every ARN the IRSA role may assume is a deploy role a target account creates and maps', () => {
    const [jenkins] = roleNamed(sandboxBuilt, serviceRoleName('platform-sandbox', 'jenkins'));
    const assumable: string[] = policiesOf(sandboxBuilt, jenkins)[0].Statement[0].Resource;
    const created = [[sandbox, sandboxBuilt], [production, productionBuilt]].flatMap(([account, built]) => (built as Recorded[])
      .filter((r) => r.type === T.role && /-jenkins-deploy$/.test(r.inputs.name))
      .filter((r) => (built as Recorded[]).some((e) => e.type === T.entry && e.inputs.principalArn === `arn:aws:iam::${(account as AccountConfig).accountId}:role/${r.inputs.name}`))
      .map((r) => `arn:aws:iam::${(account as AccountConfig).accountId}:role/${r.inputs.name}`));
    expect(created.sort()).toEqual([...assumable].sort());
  });

  it('gives production no Jenkins IRSA role (Jenkins runs in sandbox only)', () => {
    expect(roleNamed(productionBuilt, serviceRoleName('platform-production', 'jenkins'))).toEqual([]);
  });

  it('creates no deploy role in an account Jenkins does not target', async () => {
    const other = await build(validAccount() as AccountConfig);
    expect(other.filter((r) => r.type === T.role && /jenkins/.test(r.inputs.name))).toEqual([]);
  });
});
