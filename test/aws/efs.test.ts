/**
 * The build-cache file system, as the mocked Pulumi program of the sandbox account (whose
 * Jenkins has `buildCache`) creates it; production (no Jenkins) creates none.
 */
import type { AccountConfig } from '../../lib/config';
import { production } from '../../stacks/accounts/production';
import { sandbox } from '../../stacks/accounts/sandbox';
import { installMocks, type Recorded } from '../support/pulumi-mocks';

const mocks = installMocks();
let Platform: typeof import('../../lib/platform/aws-platform').Platform;
let efs: typeof import('../../lib/aws/efs');
beforeAll(async () => {
  ({ Platform } = await import('../../lib/platform/aws-platform'));
  efs = await import('../../lib/aws/efs');
});
afterAll(() => mocks.settle());

const T = {
  fs: 'aws:efs/fileSystem:FileSystem',
  fsPolicy: 'aws:efs/fileSystemPolicy:FileSystemPolicy',
  mountTarget: 'aws:efs/mountTarget:MountTarget',
  sg: 'aws:ec2/securityGroup:SecurityGroup',
  addon: 'aws:eks/addon:Addon',
  role: 'aws:iam/role:Role',
  attachment: 'aws:iam/rolePolicyAttachment:RolePolicyAttachment',
  storageClass: 'kubernetes:storage.k8s.io/v1:StorageClass',
  key: 'aws:kms/key:Key',
  alias: 'aws:kms/alias:Alias',
} as const;

let seq = 0;
async function build(account: AccountConfig): Promise<Recorded[]> {
  mocks.reset();
  new Platform(`e${++seq}`, { account });
  await mocks.settle();
  return [...mocks.resources];
}
const ofType = (rs: readonly Recorded[], type: string) => rs.filter((r) => r.type === type && (type !== T.storageClass || r.inputs.metadata?.name === 'efs'));

describe('policies', () => {
  it('refuses access without TLS', () => {
    expect(efs.efsTlsOnlyPolicy('arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1').Statement).toContainEqual({
      Sid: 'DenyWithoutTls', Effect: 'Deny', Principal: { AWS: '*' }, Action: '*',
      Resource: 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('lets clients mount and write through a mount target: a policy without an Allow replaces the default and refuses every anonymous NFS client (the CSI driver mounts without IAM)', () => {
    expect(efs.efsTlsOnlyPolicy('arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1').Statement).toContainEqual({
      Sid: 'AllowMountThroughMountTargets', Effect: 'Allow', Principal: { AWS: '*' },
      Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      Resource: 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1',
      Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
    });
  });

  it('keeps one subnet per availability zone', () => {
    expect(efs.oneSubnetPerZone([
      { availabilityZone: 'a', subnetId: '1' }, { availabilityZone: 'b', subnetId: '2' }, { availabilityZone: 'a', subnetId: '3' },
    ])).toEqual([{ availabilityZone: 'a', subnetId: '1' }, { availabilityZone: 'b', subnetId: '2' }]);
  });
});

describe('BuildCache in the sandbox account', () => {
  let built: Recorded[];
  beforeAll(async () => { built = await build(sandbox); });

  it('encrypts the file system with its own KMS key', () => {
    const [fs] = ofType(built, T.fs);
    expect(fs.inputs).toMatchObject({ encrypted: true, creationToken: 'platform-sandbox-build-cache', throughputMode: 'elastic' });
    const [key] = ofType(built, T.key).filter((k) => k.name.includes('build-cache'));
    expect(fs.inputs.kmsKeyId).toBe(`arn:aws:mock:::${T.key}/${key.name}`);
    expect(ofType(built, T.alias).map((a) => a.inputs.name)).toContain('alias/eks-platform/sandbox/platform-sandbox/build-cache');
  });

  it('denies access without TLS', () => {
    const [policy] = ofType(built, T.fsPolicy);
    expect(JSON.parse(policy.inputs.policy).Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('puts one mount target in each private zone behind a security group that admits NFS from the VPC only', () => {
    const targets = ofType(built, T.mountTarget);
    expect(targets.map((t) => t.inputs.subnetId).sort()).toEqual(['subnet-0aa1111111111111a', 'subnet-0bb2222222222222b']);
    const [sg] = ofType(built, T.sg).filter((g) => g.name.includes('build-cache'));
    expect(sg.inputs.ingress).toEqual([{ protocol: 'tcp', fromPort: 2049, toPort: 2049, cidrBlocks: ['10.20.0.0/16'], description: 'NFS from the VPC' }]);
    expect(sg.inputs.egress).toEqual([]);
    for (const t of targets) expect(t.inputs.securityGroups).toEqual([`${sg.name}-id`]);
  });

  it('installs the EFS CSI driver add-on with an IRSA role of efs-csi-controller-sa and the managed policy', () => {
    const [addon] = ofType(built, T.addon).filter((a) => a.inputs.addonName === 'aws-efs-csi-driver');
    const [role] = ofType(built, T.role).filter((r) => r.inputs.name === 'platform-sandbox-efs-csi-driver');
    expect(addon.inputs.serviceAccountRoleArn).toBe(`arn:aws:iam::123456789012:role/${role.inputs.name}`);
    expect(Object.values(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Condition.StringEquals)).toContain('system:serviceaccount:kube-system:efs-csi-controller-sa');
    expect(ofType(built, T.attachment).filter((a) => a.name.includes('build-cache')).map((a) => a.inputs.policyArn)).toEqual([efs.EFS_CSI_MANAGED_POLICY_ARN]);
  });

  it('creates the efs StorageClass on the file system, access points owned by the agents, Retain', () => {
    const [sc] = ofType(built, T.storageClass);
    expect(sc.inputs).toMatchObject({
      metadata: { name: 'efs' },
      provisioner: 'efs.csi.aws.com',
      reclaimPolicy: 'Retain',
      parameters: { provisioningMode: 'efs-ap', fileSystemId: `${ofType(built, T.fs)[0].name}-id`, uid: '1000', gid: '1000', directoryPerms: '700' },
    });
  });
});

describe('BuildCache elsewhere', () => {
  it('creates no file system in an account whose Jenkins has no build cache', async () => {
    const built = await build(production);
    expect([T.fs, T.mountTarget, T.storageClass].map((t) => ofType(built, t).length)).toEqual([0, 0, 0]);
  });
});
