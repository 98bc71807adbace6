import { Chart, Testing } from 'cdk8s';
import { DefaultStorageClass } from '../../lib/k8s/storage';
import { findObject } from '../support/find';

function synth(props = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new DefaultStorageClass(chart, 'storage', props);
  return Testing.synth(chart);
}

describe('DefaultStorageClass', () => {
  it('is an encrypted gp3 default class that can grow volumes and binds on first consumer', () => {
    expect(findObject(synth(), 'StorageClass', 'gp3-encrypted')).toMatchObject({
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Retain',
    });
  });

  it('uses the given KMS key and reclaim policy', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    const sc = findObject(synth({ kmsKeyArn: key, reclaimPolicy: 'Delete' }), 'StorageClass', 'gp3-encrypted');
    expect(sc.parameters.kmsKeyId).toBe(key);
    expect(sc.reclaimPolicy).toBe('Delete');
  });

  it('exposes its defaults on the construct', () => {
    const sc = new DefaultStorageClass(new Chart(Testing.app(), 'c'), 's');
    expect([sc.name, sc.reclaimPolicy]).toEqual(['gp3-encrypted', 'Retain']);
  });

  it('passes the EBS CSI driver exactly its documented parameters: type, encrypted, fstype and kmsKeyId', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
    expect(findObject(synth(), 'StorageClass', 'gp3-encrypted').parameters).toEqual({ type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4' });
    expect(findObject(synth({ kmsKeyArn: key }), 'StorageClass', 'gp3-encrypted').parameters).toEqual({ type: 'gp3', encrypted: 'true', 'csi.storage.k8s.io/fstype': 'ext4', kmsKeyId: key });
  });

  it('exposes the KMS key it renders', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:alias/eks/ebs';
    expect(new DefaultStorageClass(new Chart(Testing.app(), 'c'), 's', { kmsKeyArn: key }).kmsKeyArn).toBe(key);
  });

  it('throws on props the API server or the EBS CSI driver would refuse, listing each', () => {
    expect(() => synth({ name: 'GP3_Encrypted', kmsKeyArn: 'alias/ebs', reclaimPolicy: 'Recycle' })).toThrow([
      "DefaultStorageClass 'storage': 'name' must be a StorageClass name (lower-case DNS subdomain, e.g. 'gp3-encrypted'), got 'GP3_Encrypted'.",
      "DefaultStorageClass 'storage': 'kmsKeyArn' must be a KMS key or alias ARN like 'arn:aws:kms:us-east-1:111122223333:key/<uuid>', got 'alias/ebs'.",
      "DefaultStorageClass 'storage': 'reclaimPolicy' must be 'Retain' or 'Delete', got 'Recycle'.",
    ].join('\n'));
  });

  it('throws on an empty KMS key rather than silently using the default key', () => {
    expect(() => synth({ kmsKeyArn: '' })).toThrow("DefaultStorageClass 'storage': 'kmsKeyArn' must be a KMS key or alias ARN like 'arn:aws:kms:us-east-1:111122223333:key/<uuid>', got ''.");
  });
});
