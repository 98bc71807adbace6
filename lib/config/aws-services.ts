import type { ProblemCollector } from './problems';
import type { AccountConfig, ClusterConfig } from './types';

/** Account-level AWS services: the sops KMS key and the log-archive bucket (being written: issue 4). */
export interface AccountServicesConfig {}

/** EKS managed add-ons of a cluster, versions pinned (being written: issue 4). */
export interface EksAddonsConfig {}

/** Check the account-level services section; report problems under `path`. */
export function validateAccountServices(_account: AccountConfig, _path: string, _problems: ProblemCollector): void {}

/** Check a cluster's EKS add-on section; report problems under `path`. */
export function validateEksAddons(_cluster: ClusterConfig, _path: string, _problems: ProblemCollector): void {}
