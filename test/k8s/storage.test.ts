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
});
