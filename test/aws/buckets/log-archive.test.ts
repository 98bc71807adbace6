/**
 * The log-archive bucket's small-object transitions and optional Object Lock, under Pulumi
 * mocks, and the Object Lock section's validation.
 */
import { validateAccount, type AccountConfig } from '../../../lib/config';
import { production } from '../../../stacks/accounts/production';
import { validAccount, type Draft } from '../../support/fixtures';
import { installMocks } from '../../support/pulumi-mocks';

const mocks = installMocks();
let services: typeof import('../../../lib/aws/services');
beforeAll(async () => {
  services = await import('../../../lib/aws/services');
});
afterAll(() => mocks.settle());

let seq = 0;
async function build(account: AccountConfig | Draft<AccountConfig>) {
  mocks.reset();
  const name = `la${++seq}`;
  new services.AccountServices(name, { account: account as AccountConfig });
  await mocks.settle();
  return {
    lifecycle: mocks.named('aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration', `${name}-log-archive-lifecycle`).inputs,
    locks: mocks.ofType('aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration').map((r) => r.inputs),
  };
}

describe('log archive', () => {
  it('lets objects under 128 KB transition to Glacier too (S3 keeps them out by default)', async () => {
    expect((await build(validAccount())).lifecycle.transitionDefaultMinimumObjectSize).toBe('varies_by_storage_class');
  });

  it('has no Object Lock unless configured', async () => {
    expect((await build(validAccount())).locks).toEqual([]);
  });

  it('locks every archive version in production, compliance mode, for its six years', async () => {
    expect((await build(production)).locks).toEqual([{
      bucket: `la${seq}-log-archive-bucket-id`,
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: 'COMPLIANCE', days: 2190 } },
    }]);
  });
});

describe('objectLock validation', () => {
  const problems = (objectLock: unknown) => {
    const a = validAccount();
    a.services = { logArchive: { expireAfterDays: 365, objectLock: objectLock as never } };
    return validateAccount(a as AccountConfig).map((p) => `${p.path}: ${p.message}`);
  };

  it('accepts governance mode within the expiry', () => {
    expect(problems({ mode: 'GOVERNANCE', retentionDays: 365 })).toEqual([]);
  });

  it('rejects an unknown mode', () => {
    expect(problems({ mode: 'LEGAL_HOLD', retentionDays: 30 })).toEqual(["services.logArchive.objectLock.mode: must be 'COMPLIANCE' or 'GOVERNANCE', got 'LEGAL_HOLD'."]);
  });

  it('rejects a retention that is not a positive whole number', () => {
    expect(problems({ mode: 'COMPLIANCE', retentionDays: 0 })).toEqual(['services.logArchive.objectLock.retentionDays: must be a whole number of days of at least 1, got 0.']);
  });

  it('rejects a retention longer than the archive lives', () => {
    expect(problems({ mode: 'COMPLIANCE', retentionDays: 400 })).toEqual([
      'services.logArchive.objectLock.retentionDays: must not exceed expireAfterDays (365): S3 cannot delete a locked archive, so it would be kept and billed past its lifecycle; got 400.',
    ]);
  });
});
