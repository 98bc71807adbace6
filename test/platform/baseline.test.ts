import { Testing } from 'cdk8s';
import { PlatformChart } from '../../lib/platform/k8s-platform';
import { BUILD_CACHE_RECLAIM_POLICY, BUILD_CACHE_STORAGE_CLASS } from '../../lib/names';
import { ACCOUNTS } from '../../stacks/accounts';
import { checkBaseline, formatViolations, unusedExceptions } from '../support/baseline';
import { BASELINE_ALLOW_LIST } from './baseline-allow-list';

/** Kubernetes objects the Pulumi side creates (lib/aws/efs: the build caches' StorageClass). */
const FROM_PULUMI = [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: BUILD_CACHE_STORAGE_CLASS }, reclaimPolicy: BUILD_CACHE_RECLAIM_POLICY }];

/** Every cluster of every account, synthesized (plus {@link FROM_PULUMI}): `[label, objects]`. */
const SYNTHESIZED: [string, any[]][] = Object.values(ACCOUNTS).flatMap((account) => account.clusters.map((cluster): [string, any[]] => [
  `${account.name}/${cluster.name}`,
  [...Testing.synth(new PlatformChart(Testing.app(), 'platform', { account, clusterName: cluster.name })), ...FROM_PULUMI],
]));

describe('security and reliability baseline', () => {
  it.each(SYNTHESIZED)('holds for every object of %s, outside the reasoned allow-list', (_label, objects) => {
    expect(formatViolations(checkBaseline(objects, BASELINE_ALLOW_LIST, false))).toBe('');
  });

  it('has no allow-list entry that waives nothing in any account', () => {
    expect(unusedExceptions(SYNTHESIZED.map(([, objects]) => objects), BASELINE_ALLOW_LIST)).toEqual([]);
  });

  it('gives every allow-list entry a reason', () => {
    expect(BASELINE_ALLOW_LIST.filter((e) => e.reason.trim().length < 40)).toEqual([]);
  });
});
