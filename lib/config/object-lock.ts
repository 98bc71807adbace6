/**
 * S3 Object Lock of the log-archive bucket: the archive is the record of what was logged, so
 * with Object Lock no one can alter or delete an archived object version before its retention
 * ends. `COMPLIANCE`: no one, the account root included, can shorten it or delete early.
 * `GOVERNANCE`: principals with `s3:BypassGovernanceRetention` can. Enabling it on an existing
 * bucket is possible (versioning is on); turning it off again is not. Pure: no Pulumi.
 */
import { show, type ProblemCollector } from './problems';

/** Object Lock default retention of a bucket. */
export interface ObjectLockConfig {
  /** `COMPLIANCE` (no one can delete early) or `GOVERNANCE` (a bypass permission can). */
  readonly mode: 'COMPLIANCE' | 'GOVERNANCE';
  /**
   * Days every new object version is locked. At most the archive's `expireAfterDays`: S3
   * cannot delete a locked version, so a longer lock would keep (and bill) archives past their
   * lifecycle.
   */
  readonly retentionDays: number;
}

/** Check an Object Lock section whose bucket expires objects after `expireAfterDays`. */
export function validateObjectLock(c: unknown, expireAfterDays: number, path: string, p: ProblemCollector): void {
  if (c === undefined) return;
  const lock = c as Partial<ObjectLockConfig>;
  if (lock.mode !== 'COMPLIANCE' && lock.mode !== 'GOVERNANCE') {
    p.add(`${path}.mode`, `must be 'COMPLIANCE' or 'GOVERNANCE', got ${show(lock.mode)}.`);
  }
  const days = lock.retentionDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
    p.add(`${path}.retentionDays`, `must be a whole number of days of at least 1, got ${show(days)}.`);
  } else if (days > expireAfterDays) {
    p.add(`${path}.retentionDays`, `must not exceed expireAfterDays (${expireAfterDays}): S3 cannot delete a locked archive, so it would be kept and billed past its lifecycle; got ${days}.`);
  }
}
