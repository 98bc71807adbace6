/** Validation of the control-plane log section. */
import { validateAccount, type AccountConfig } from '../../lib/config';
import { validAccount, type Draft } from '../support/fixtures';

function problems(edit: (a: Draft<AccountConfig>) => void): string[] {
  const a = validAccount();
  edit(a);
  return validateAccount(a as AccountConfig).map((p) => `${p.path}: ${p.message}`);
}

describe('controlPlaneLogs', () => {
  it('accepts a retention CloudWatch Logs offers', () => {
    expect(problems((a) => { a.clusters[0].controlPlaneLogs = { retentionDays: 2192 }; })).toEqual([]);
  });

  it('rejects a retention CloudWatch Logs does not offer', () => {
    expect(problems((a) => { a.clusters[0].controlPlaneLogs = { retentionDays: 2190 }; })).toEqual([
      'clusters[0].controlPlaneLogs.retentionDays: must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 2190.',
    ]);
  });

  it('rejects an importExisting that is not a boolean', () => {
    expect(problems((a) => { (a.clusters[0].controlPlaneLogs as unknown) = { importExisting: 'yes' }; })).toEqual([
      "clusters[0].controlPlaneLogs.importExisting: must be true or false, got 'yes'.",
    ]);
  });
});
