/**
 * Pure helpers beside the AWS components (no Pulumi is loaded): AMI types, taints, launch
 * template data, access entry plans, aws-auth mappings (checked against the cdk8s chart's),
 * endpoint and kubeconfig settings, subnet grouping and tags.
 */
import { nodeRoleArns, resolveIdentities, type AccountConfig, type ClusterConfig, type EffectiveNodeGroup } from '../../lib/config';
import { renderAwsAuthEntries } from '../../lib/k8s/aws-auth';
import { planAccessEntries } from '../../lib/aws/access/entries';
import { awsAuthMappings, endpointArgs, kubeconfigWithProfile } from '../../lib/aws/cluster/config';
import { planVpcs, subnetTags } from '../../lib/aws/network/subnets';
import { amiTypeFor, eksTaint, isGraviton, launchTemplateData, maxPodsUserData } from '../../lib/aws/node-group/settings';
import { production as adoptedProduction } from '../../stacks/accounts/production';
import { libraryCreated, validAccount, validCluster } from '../support/fixtures';

/** Production's shape, library-created (the real production adopts eksctl's cluster: test/aws/adopt). */
const production = libraryCreated(adoptedProduction);

const group = (over: Partial<EffectiveNodeGroup> = {}): EffectiveNodeGroup => ({
  name: 'general', instanceTypes: ['m6i.large'], tenancy: 'dedicated', minSize: 1, desiredSize: 2, maxSize: 3,
  sourceName: 'general', cordoned: false, scaledToZero: false, ...over,
});

describe('node group settings', () => {
  it('recognises Graviton families and leaves x86 GPU families alone', () => {
    expect(['m7g.large', 'c6gn.xlarge', 'r6gd.large', 't4g.small', 'g5g.xlarge', 'm6i.large', 'g5.xlarge', 'g4dn.xlarge', 'm7i-flex.large'].map(isGraviton))
      .toEqual([true, true, true, true, true, false, false, false, false]);
  });

  it('picks the ARM AMI for Graviton groups', () => {
    expect(amiTypeFor('g', ['m7g.large', 'c7g.large'])).toBe('AL2023_ARM_64_STANDARD');
  });

  it('rejects a group mixing architectures', () => {
    expect(() => amiTypeFor('mixed', ['m6i.large', 'm7g.large'])).toThrow(
      "ManagedNodeGroup 'mixed': 'instanceTypes' must all be Graviton (arm64) or all x86_64, got [\"m6i.large\",\"m7g.large\"]",
    );
  });

  it('spells taint effects the EKS way', () => {
    expect([eksTaint({ key: 'a', value: 'b', effect: 'PreferNoSchedule' }), eksTaint({ key: 'c', effect: 'NoExecute' })])
      .toEqual([{ key: 'a', value: 'b', effect: 'PREFER_NO_SCHEDULE' }, { key: 'c', effect: 'NO_EXECUTE' }]);
  });

  it('requires IMDSv2 and an encrypted gp3 root volume of diskSizeGiB', () => {
    const data = launchTemplateData(group({ diskSizeGiB: 80 }), { tags: {}, metadataHopLimit: 1 });
    expect([data.metadataOptions, data.blockDeviceMappings]).toEqual([
      { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      [{ deviceName: '/dev/xvda', ebs: { volumeSize: 80, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } }],
    ]);
  });

  it('sets the kubelet maxPods through nodeadm user data only when overridden', () => {
    const decoded = Buffer.from(launchTemplateData(group({ maxPods: 42 }), { tags: {}, metadataHopLimit: 1 }).userData!, 'base64').toString();
    expect([decoded.includes('kind: NodeConfig'), decoded.includes('      maxPods: 42'), 'userData' in launchTemplateData(group(), { tags: {}, metadataHopLimit: 1 })])
      .toEqual([true, true, false]);
  });

  it('closes the MIME boundary of the user data', () => {
    expect(Buffer.from(maxPodsUserData(10), 'base64').toString().trimEnd().endsWith('--EKSPLATFORM--')).toBe(true);
  });
});

describe('planAccessEntries', () => {
  const entries = planAccessEntries(production.clusters[0]);

  it('plans one entry per identity, keeping the IAM path in the principal ARN', () => {
    expect(entries.map((e) => e.principalArn)).toEqual(production.clusters[0].identities!.map((m) => m.arn));
  });

  it('associates admin with the cluster admin policy at cluster scope', () => {
    expect(entries[0].associations).toEqual([{ policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', accessScope: { type: 'cluster' } }]);
  });

  it('associates deploy with the edit policy in its namespaces and gives the deploy group', () => {
    expect(entries[2]).toMatchObject({
      kubernetesGroups: ['eks-platform:deploy:apps'],
      associations: [{ policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy', accessScope: { type: 'namespace', namespaces: ['apps'] } }],
    });
  });

  it('gives custom access its groups and no policy', () => {
    expect(entries[3]).toMatchObject({ kubernetesGroups: ['acme:oncall'], associations: [] });
  });

  it('throws on a username with a prefix EKS reserves for access entries', () => {
    const cluster = validCluster();
    cluster.identities![1].username = 'eks:readonly';
    expect(() => planAccessEntries(cluster as ClusterConfig)).toThrow(
      "ClusterAccess 'platform-test': identities[1].username must not start with 'eks:' (EKS reserves system:, eks:, aws:, amazon:, iam: in access entries), got 'eks:readonly'.",
    );
  });

  it('throws on {{SessionName}} without a colon before it', () => {
    const cluster = validCluster();
    cluster.identities![1].username = 'readonly{{SessionName}}';
    expect(() => planAccessEntries(cluster as ClusterConfig)).toThrow(
      "identities[1].username must have a ':' before {{SessionName}} in an access entry (e.g. 'ops:{{SessionName}}'), got 'readonly{{SessionName}}'.",
    );
  });

  it('accepts those usernames in CONFIG_MAP mode, where no access entry is made', () => {
    const cluster = validCluster();
    cluster.identities![1].username = 'readonly{{SessionName}}';
    cluster.authenticationMode = 'CONFIG_MAP';
    expect(planAccessEntries(cluster as ClusterConfig)).toEqual([]);
  });

  it('plans nothing in CONFIG_MAP mode', () => {
    expect(planAccessEntries({ ...production.clusters[0], authenticationMode: 'CONFIG_MAP' })).toEqual([]);
  });
});

describe('control plane settings', () => {
  it('turns the public endpoint off when no CIDR is listed', () => {
    expect(endpointArgs({})).toEqual({ endpointPrivateAccess: true, endpointPublicAccess: false });
  });

  it('opens the public endpoint to the listed CIDRs only', () => {
    expect(endpointArgs({ publicAccessCidrs: ['203.0.113.0/24'] })).toEqual({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] });
  });

  it('maps node roles, then identities, with pathless role ARNs in aws-auth', () => {
    expect(awsAuthMappings(production, production.clusters[0]).roleMappings.map((m) => m.roleArn)).toEqual([
      'arn:aws:iam::444455556666:role/platform-production-batch-node',
      'arn:aws:iam::444455556666:role/platform-production-general-node',
      'arn:aws:iam::444455556666:role/platform-admin',
      'arn:aws:iam::444455556666:role/AWSReservedSSO_ReadOnly_0123456789abcdef',
      'arn:aws:iam::777788889999:role/ci-deployer',
      'arn:aws:iam::444455556666:role/oncall',
      'arn:aws:iam::444455556666:role/platform-production-jenkins-deploy',
    ]);
  });

  it('hands @pulumi/eks exactly the aws-auth entries the cdk8s chart renders, in every phase', () => {
    const differing = (['dedicated', 'surge', 'drain', 'shared'] as const).filter((phase) => {
      const cluster = { ...production.clusters[0], tenancyMigration: { strategy: 'blue-green' as const, phase, previousPhase: phase } };
      const account = { ...production, clusters: [cluster] };
      const chart = renderAwsAuthEntries(nodeRoleArns(account, cluster), resolveIdentities(cluster));
      const eks = awsAuthMappings(account, cluster);
      return JSON.stringify(eks.roleMappings.map((m) => [m.roleArn, m.username, m.groups])) !==
        JSON.stringify(chart.mapRoles.map((m) => [m.rolearn, m.username, m.groups]));
    });
    expect(differing).toEqual([]);
  });

  it('maps nothing in aws-auth in API mode', () => {
    expect(awsAuthMappings(production, { ...production.clusters[0], authenticationMode: 'API' })).toEqual({ roleMappings: [], userMappings: [] });
  });

  it('adds the profile to the get-token arguments of the kubeconfig', () => {
    const json = JSON.stringify({ users: [{ user: { exec: { command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'c'] } } }] });
    expect(JSON.parse(kubeconfigWithProfile(json, 'acme-production')).users[0].user.exec.args)
      .toEqual(['eks', 'get-token', '--cluster-name', 'c', '--profile', 'acme-production']);
  });
});

describe('planVpcs', () => {
  it('merges clusters with the same vpcId into one VPC with each subnet once', () => {
    const account = validAccount();
    account.clusters.push(validCluster('platform-other'));
    const [vpc] = planVpcs((account as AccountConfig).clusters);
    expect([vpc.clusters, vpc.subnets.map((s) => s.clusters)]).toEqual([
      ['platform-test', 'platform-other'], [['platform-test', 'platform-other'], ['platform-test', 'platform-other']],
    ]);
  });

  it('tags private subnets for internal load balancers and for each cluster', () => {
    expect(subnetTags({ kind: 'private', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/19', clusters: ['a', 'b'] })).toEqual({
      'kubernetes.io/role/internal-elb': '1', 'kubernetes.io/cluster/a': 'shared', 'kubernetes.io/cluster/b': 'shared',
    });
  });

  it('tags public subnets for internet-facing load balancers', () => {
    expect(subnetTags({ kind: 'public', availabilityZone: 'us-east-1a', cidr: '10.0.128.0/24', clusters: ['a'] }))
      .toEqual({ 'kubernetes.io/role/elb': '1', 'kubernetes.io/cluster/a': 'shared' });
  });
});
