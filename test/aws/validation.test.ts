/**
 * Every validation branch of the AWS components (and of `npm run plan`'s arguments): each
 * throws with the component, the field, the rule and the value received.
 */
import type { AccountConfig, EffectiveNodeGroup } from '../../lib/config';
import type { ServiceIdentityName } from '../../lib/names';
import { parsePlanArgs } from '../../stacks/plan';
import { validAccount } from '../support/fixtures';
import { installMocks } from '../support/pulumi-mocks';

const mocks = installMocks();
let aws: typeof import('../../lib/aws');
beforeAll(async () => {
  aws = await import('../../lib/aws');
});
afterAll(() => mocks.settle());

const group: EffectiveNodeGroup = {
  name: 'general', instanceTypes: ['m6i.large'], tenancy: 'dedicated', minSize: 1, desiredSize: 2, maxSize: 3,
  sourceName: 'general', cordoned: false, scaledToZero: false,
};
const nodeGroup = (over: Partial<import('../../lib/aws').ManagedNodeGroupArgs>) =>
  () => new aws.ManagedNodeGroup('ng', { clusterName: 'platform-test', group, subnetIds: ['subnet-1'], ...over });

describe('ManagedNodeGroup', () => {
  it('rejects a maxUnavailablePercentage outside 1-100', () => {
    expect(nodeGroup({ maxUnavailablePercentage: 0 })).toThrow("ManagedNodeGroup 'ng': 'maxUnavailablePercentage' must be a whole number from 1 to 100, got 0.");
  });

  it('rejects a metadataHopLimit outside 1-64', () => {
    expect(nodeGroup({ metadataHopLimit: 65 })).toThrow("ManagedNodeGroup 'ng': 'metadataHopLimit' must be a whole number from 1 to 64, got 65.");
  });

  it('rejects a group without subnets', () => {
    expect(nodeGroup({ subnetIds: [] })).toThrow("ManagedNodeGroup 'ng': 'subnetIds' must list at least one subnet, got none;");
  });

  it('rejects subnet ids that are Outputs without subnetKeys (the generation hashes stable keys)', async () => {
    const { output } = await import('@pulumi/pulumi');
    expect(nodeGroup({ subnetIds: [output('subnet-1')] })).toThrow("ManagedNodeGroup 'ng': 'subnetKeys' is required when a subnet id is not a plain string (an Output); pass nodeGroupSubnetKeys() of the cluster.");
  });

  it('rejects adopting a node access entry without managing it or knowing the account', () => {
    expect(nodeGroup({ adoptNodeAccessEntry: true, nodeAccessEntry: true })).toThrow("ManagedNodeGroup 'ng': 'adoptNodeAccessEntry' needs 'nodeAccessEntry' and 'accountId'.");
  });

  it('applies its defaults into readable fields', () => {
    const ng = nodeGroup({})();
    expect([ng.maxUnavailablePercentage, ng.metadataHopLimit, ng.manageDesiredSize]).toEqual([33, 1, false]);
  });
});

describe('KmsKey', () => {
  const policy = () => aws.iamDelegatedKeyPolicy('111122223333');

  it('rejects an alias under alias/aws/', () => {
    expect(() => new aws.KmsKey('k1', { description: 'x', alias: 'alias/aws/ebs', policy: policy() }))
      .toThrow("KmsKey 'k1': 'alias' must be 'alias/' followed by letters, digits, '/', '_' or '-' and not start with 'alias/aws/', got 'alias/aws/ebs'.");
  });

  it('rejects an alias without the alias/ prefix', () => {
    expect(() => new aws.KmsKey('k2', { description: 'x', alias: 'eks/secrets', policy: policy() })).toThrow("got 'eks/secrets'.");
  });

  it('rejects a deletion window outside 7-30 days', () => {
    expect(() => new aws.KmsKey('k3', { description: 'x', alias: 'alias/x', policy: policy(), deletionWindowDays: 5 }))
      .toThrow("KmsKey 'k3': 'deletionWindowDays' must be a whole number between 7 and 30, got 5.");
  });

  it('rejects a restricted key policy nobody may use', () => {
    expect(() => aws.restrictedKeyPolicy('111122223333', [])).toThrow('restrictedKeyPolicy: at least one principal must be allowed to use the key.');
  });
});

describe('SecureBucket', () => {
  const rules = () => aws.lokiLifecycleRules({ noncurrentVersionExpireAfterDays: 7 });

  it('rejects a bucket name S3 refuses', () => {
    expect(() => new aws.SecureBucket('b1', { bucketName: 'Logs_Bucket', kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k', lifecycleRules: rules() }))
      .toThrow("SecureBucket 'b1': 'bucketName' must be 3-63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit, got 'Logs_Bucket'.");
  });

  it('rejects a bucket without lifecycle rules', () => {
    expect(() => new aws.SecureBucket('b2', { bucketName: 'logs-bucket', kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k', lifecycleRules: [] }))
      .toThrow("SecureBucket 'b2': 'lifecycleRules' must have at least one rule (every bucket states how long it keeps data).");
  });
});

describe('EksCluster', () => {
  it('rejects a cluster without private subnets', () => {
    const account = validAccount() as AccountConfig;
    expect(() => new aws.EksCluster('c1', { account, cluster: account.clusters[0], vpcId: 'vpc-1', privateSubnetIds: [] }))
      .toThrow("EksCluster 'c1': 'privateSubnetIds' must list at least one subnet, got none; check the cluster's network.privateSubnets.");
  });
});

describe('ServiceRole', () => {
  it('rejects an add-on without a service identity', () => {
    expect(() => new aws.ServiceRole('r1', {
      clusterName: 'platform-test', addon: 'grafana' as ServiceIdentityName, oidcProviderArn: 'arn', oidcProviderUrl: 'https://oidc',
    })).toThrow("ServiceRole 'r1': 'addon' must be one of syslog-archiver, loki, ebs-csi-driver, cluster-autoscaler, jenkins, efs-csi-driver, got 'grafana'.");
  });
});

describe('npm run plan arguments', () => {
  it('rejects hours per month outside 1-744', () => {
    expect(() => parsePlanArgs(['production', '--hours', '800'])).toThrow("--hours must be a number of hours per month between 1 and 744, got '800'.");
  });

  it('rejects a second account', () => {
    expect(() => parsePlanArgs(['production', 'sandbox'])).toThrow("only one account at a time, got 'production' and 'sandbox'.");
  });
});
