/**
 * The control-plane log group (`/aws/eks/<cluster>/cluster`). EKS creates it on first use with
 * no retention (kept and billed forever) and no KMS key; the library creates it first, with a
 * retention from config and its own customer managed key, so EKS finds it and writes there.
 * Pure: no Pulumi.
 */
import { show, type ProblemCollector } from './problems';
import type { ClusterConfig } from './types';

/** The control-plane log section of a cluster. */
export interface ControlPlaneLogsConfig {
  /**
   * Days CloudWatch Logs keeps the control-plane logs (audit included); one of
   * {@link LOG_RETENTION_DAYS}. HIPAA audit logs are commonly kept six years (2192 is the
   * nearest CloudWatch value above 2190).
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * The log group exists already (EKS created it before the library managed it): `pulumi up`
   * adopts it as it is (Pulumi `import`, which needs the inputs to match the live group: no
   * retention, key or tags) instead of failing to create it. Set it for one `pulumi up`, then
   * remove it: the next `pulumi up` sets the retention, the key and the tags.
   * @default false
   */
  readonly importExisting?: boolean;
}

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Default retention of the control-plane logs. */
export const DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS = 365;

/** Name of a cluster's control-plane log group (fixed by EKS). */
export function controlPlaneLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}

/** The section with its defaults applied. */
export function resolveControlPlaneLogs(cluster: ClusterConfig): Required<ControlPlaneLogsConfig> {
  return {
    retentionDays: cluster.controlPlaneLogs?.retentionDays ?? DEFAULT_CONTROL_PLANE_LOG_RETENTION_DAYS,
    importExisting: cluster.controlPlaneLogs?.importExisting ?? false,
  };
}

/** Check a cluster's `controlPlaneLogs`; report under `path`. */
export function validateControlPlaneLogs(cluster: ClusterConfig, path: string, p: ProblemCollector): void {
  const c = cluster.controlPlaneLogs;
  if (c === undefined) return;
  if (c.retentionDays !== undefined && !(LOG_RETENTION_DAYS as readonly unknown[]).includes(c.retentionDays)) {
    p.add(`${path}.retentionDays`, `must be a retention CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(', ')}), got ${show(c.retentionDays)}.`);
  }
  if (c.importExisting !== undefined && typeof c.importExisting !== 'boolean') {
    p.add(`${path}.importExisting`, `must be true or false, got ${show(c.importExisting)}.`);
  }
}
