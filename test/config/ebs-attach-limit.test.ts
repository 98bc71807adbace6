/**
 * The EBS CSI volume attach limit that stands in for IMDS (hop limit 1): the shared Nitro
 * attachments minus the most ENIs and the root volume, the smallest over the cluster.
 */
import { ebsVolumeAttachLimit, resolveEksAddons, volumeAttachLimitFor, type ClusterConfig } from '../../lib/config';
import { production } from '../../stacks/accounts/production';
import { validCluster } from '../support/fixtures';

describe('EBS CSI volume attach limit', () => {
  it('leaves 28 shared attachments minus the ENIs and the root volume', () => {
    expect([volumeAttachLimitFor('m6i.large'), volumeAttachLimitFor('m6i.xlarge'), volumeAttachLimitFor('m6i.16xlarge')]).toEqual([24, 23, 12]);
  });

  it('assumes the most ENIs for an instance type it does not know', () => {
    expect(volumeAttachLimitFor('x9z.large')).toBe(12);
  });

  it('takes the smallest limit over every instance type of the cluster', () => {
    const c = validCluster();
    c.nodeGroups.push({ name: 'big', instanceTypes: ['m6i.large', 'c6i.4xlarge'], tenancy: 'default', minSize: 0, desiredSize: 0, maxSize: 1 });
    expect(ebsVolumeAttachLimit(c as ClusterConfig)).toBe(19);
  });

  it('hands the limit to the aws-ebs-csi-driver add-on', () => {
    const ebs = resolveEksAddons(production.clusters[0]).find((a) => a.key === 'ebsCsiDriver')!;
    expect(JSON.parse(ebs.configurationValues!)).toEqual({ node: { volumeAttachLimit: 23 } });
  });
});
