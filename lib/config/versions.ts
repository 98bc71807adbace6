/**
 * Kubernetes versions over time: EKS standard and extended support, the cluster's upgrade
 * policy, and the check that a cluster does not drift into extended support unnoticed.
 *
 * A minor version has 14 months of standard support on EKS, then 12 months of extended
 * support at $0.60 instead of $0.10 per cluster hour (about $365 more a month per cluster).
 * With `upgradePolicy.supportType: STANDARD` EKS upgrades the control plane itself when
 * standard support ends (no extended fee, but an upgrade nobody scheduled); with `EXTENDED` it
 * keeps the version and bills extended support. The library sets `STANDARD` unless the cluster
 * says `extendedSupport: true`, and refuses a version already past standard support without it.
 * Pure: no Pulumi.
 */
import { SUPPORTED_KUBERNETES_VERSIONS } from './constants';
import { show, type ProblemCollector } from './problems';
import type { ClusterConfig } from './types';

/** A Kubernetes minor version the library accepts. */
type Version = (typeof SUPPORTED_KUBERNETES_VERSIONS)[number];

/** End dates of a version's EKS support (ISO dates, UTC). */
export interface VersionSupport {
  /** Last day of standard support; `undefined` when the calendar did not list one yet. */
  readonly standardUntil?: string;
  /** Last day of extended support. */
  readonly extendedUntil?: string;
}

/**
 * The EKS Kubernetes release calendar for the supported versions. Source: EKS user guide,
 * "Understand the Kubernetes version lifecycle on EKS" (release calendar; the same dates are
 * on endoflife.date/amazon-eks), checked {@link EKS_CALENDAR_CHECKED}. 1.36 had no published
 * end date in the sources checked: it counts as in standard support.
 */
export const EKS_VERSION_SUPPORT: Readonly<Record<Version, VersionSupport>> = {
  '1.32': { standardUntil: '2026-03-23', extendedUntil: '2027-03-23' },
  '1.33': { standardUntil: '2026-07-29', extendedUntil: '2027-07-29' },
  '1.34': { standardUntil: '2026-12-02', extendedUntil: '2027-12-02' },
  '1.35': { standardUntil: '2027-03-27', extendedUntil: '2028-03-27' },
  '1.36': {},
};

/**
 * The day the calendar was checked; validation judges support as of this day, so a build is
 * reproducible. Update it with {@link EKS_VERSION_SUPPORT}; `npm run plan` compares with today.
 */
export const EKS_CALENDAR_CHECKED = '2026-12-04';

/** EKS control plane price per cluster hour, USD (EKS pricing page). */
export const EKS_CLUSTER_HOURLY_USD = { standard: 0.10, extended: 0.60 } as const;

/** The `upgradePolicy.supportType` of a cluster: `EXTENDED` only when it opts in. */
export function supportTypeOf(cluster: Pick<ClusterConfig, 'extendedSupport'>): 'STANDARD' | 'EXTENDED' {
  return cluster.extendedSupport === true ? 'EXTENDED' : 'STANDARD';
}

/** True when `version` is past its end of standard support on `isoDate`. */
export function pastStandardSupport(version: string, isoDate: string): boolean {
  const until = (EKS_VERSION_SUPPORT as Readonly<Record<string, VersionSupport | undefined>>)[version]?.standardUntil;
  return until !== undefined && isoDate > until;
}

/** The oldest supported version still in standard support on `isoDate`. */
export function oldestStandardVersion(isoDate: string): string | undefined {
  return SUPPORTED_KUBERNETES_VERSIONS.find((v) => !pastStandardSupport(v, isoDate));
}

/**
 * Check `extendedSupport` and that a version past standard support (as of `isoDate`, default
 * {@link EKS_CALENDAR_CHECKED}) is chosen knowingly. Assumes `cluster.version` was checked
 * against the supported list already.
 */
export function validateVersionSupport(cluster: ClusterConfig, path: string, p: ProblemCollector, isoDate: string = EKS_CALENDAR_CHECKED): void {
  if (cluster.extendedSupport !== undefined && typeof cluster.extendedSupport !== 'boolean') {
    p.add(`${path}.extendedSupport`, `must be true or false, got ${show(cluster.extendedSupport)}.`);
    return;
  }
  if (!pastStandardSupport(cluster.version, isoDate) || cluster.extendedSupport === true) return;
  const support = EKS_VERSION_SUPPORT[cluster.version as Version];
  const extra = Math.round((EKS_CLUSTER_HOURLY_USD.extended - EKS_CLUSTER_HOURLY_USD.standard) * 730);
  const target = oldestStandardVersion(isoDate);
  p.add(`${path}.version`, `'${cluster.version}' left EKS standard support on ${support.standardUntil} (extended support, until ${support.extendedUntil}, ` +
    `costs $${EKS_CLUSTER_HOURLY_USD.extended.toFixed(2)} instead of $${EKS_CLUSTER_HOURLY_USD.standard.toFixed(2)} per cluster hour, about $${extra} more a month); ` +
    `upgrade to ${target ?? 'a version in standard support'} one minor version at a time (EKS upgrades one minor per update), ` +
    'or set extendedSupport: true while you do.');
}
