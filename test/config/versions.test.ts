/**
 * Kubernetes versions and EKS support: versions past standard support are refused unless the
 * cluster opts into (paid) extended support, which also sets its upgrade policy.
 */
import {
  EKS_CALENDAR_CHECKED, EKS_VERSION_SUPPORT, oldestStandardVersion, pastStandardSupport, supportTypeOf,
  SUPPORTED_KUBERNETES_VERSIONS, validateAccount, type AccountConfig,
} from '../../lib/config';
import { ACCOUNTS } from '../../stacks/accounts';
import { validAccount, type Draft } from '../support/fixtures';

function problems(account: Draft<AccountConfig>): string[] {
  return validateAccount(account as AccountConfig).map((p) => `${p.path}: ${p.message}`);
}

describe('EKS version support', () => {
  it('has a calendar entry for every supported version', () => {
    expect(Object.keys(EKS_VERSION_SUPPORT)).toEqual([...SUPPORTED_KUBERNETES_VERSIONS]);
  });

  it('counts 1.32 to 1.34 as past standard support on the day the calendar was checked, 1.35 and 1.36 not', () => {
    expect(SUPPORTED_KUBERNETES_VERSIONS.map((v) => pastStandardSupport(v, EKS_CALENDAR_CHECKED))).toEqual([true, true, true, false, false]);
  });

  it('names 1.35 as the oldest version in standard support then', () => {
    expect(oldestStandardVersion(EKS_CALENDAR_CHECKED)).toBe('1.35');
  });

  it('runs both shipped accounts on a version in standard support', () => {
    expect(Object.values(ACCOUNTS).map((a) => a.clusters.map((c) => [c.version, pastStandardSupport(c.version, EKS_CALENDAR_CHECKED)]))).toEqual([
      [['1.35', false]], [['1.35', false]],
    ]);
  });

  it('rejects a version past standard support, naming the date, the extra cost and the fix', () => {
    const a = validAccount();
    a.clusters[0].version = '1.33';
    expect(problems(a)).toEqual([
      "clusters[0].version: '1.33' left EKS standard support on 2026-07-29 (extended support, until 2027-07-29, costs $0.60 instead of $0.10 per cluster hour, about $365 more a month); " +
      'upgrade to 1.35 one minor version at a time (EKS upgrades one minor per update), or set extendedSupport: true while you do.',
    ]);
  });

  it('accepts it with extendedSupport: true', () => {
    const a = validAccount();
    a.clusters[0].version = '1.34';
    a.clusters[0].extendedSupport = true;
    expect(problems(a)).toEqual([]);
  });

  it('rejects an extendedSupport that is not a boolean', () => {
    const a = validAccount();
    (a.clusters[0] as { extendedSupport?: unknown }).extendedSupport = 'yes';
    expect(problems(a)).toEqual(["clusters[0].extendedSupport: must be true or false, got 'yes'."]);
  });

  it('sets the upgrade policy to STANDARD unless the cluster opts into extended support', () => {
    expect([supportTypeOf({}), supportTypeOf({ extendedSupport: false }), supportTypeOf({ extendedSupport: true })]).toEqual(['STANDARD', 'STANDARD', 'EXTENDED']);
  });
});
