/**
 * The deployer: the IAM role `pulumi up` runs as (the role the account's profile assumes).
 * It applies every Kubernetes object of the account over the clusters' API endpoints, so it
 * needs cluster admin, and that grant must be in code and state, not only in EKS.
 *
 * `@pulumi/eks` creates clusters with EKS's default `bootstrapClusterCreatorAdminPermissions:
 * true` (it has no argument to turn it off, and changing it would replace the cluster): the
 * cluster's creator gets an admin access entry that no code declares. The library therefore
 * manages the deployer's entry and its `AmazonEKSClusterAdminPolicy` association explicitly,
 * per cluster (`ClusterConfig.deployerEntry`):
 * - `import` (default): the deployer created the cluster, so EKS made that entry; `pulumi up`
 *   adopts it (Pulumi `import`), and from then on it is declared and in state;
 * - `create`: someone else created the cluster (eksctl, a person); `pulumi up` creates it;
 * - `bootstrap`: the cluster does not exist yet; its first `pulumi up` (run as the deployer)
 *   creates it, EKS gives the deployer the bootstrap entry; then switch to `import`.
 * Either way the entry is kept if the deployer is later removed from config (`retainOnDelete`):
 * the `pulumi up` that removes it runs as that principal. Access entries need authentication
 * mode `API` or `API_AND_CONFIG_MAP`; in `CONFIG_MAP` mode only the invisible creator grant exists.
 */
import { parseIamArn, principalKey } from './identity';
import { show, type ProblemCollector } from './problems';
import type { AccountConfig, ClusterConfig } from './types';

/** How a cluster's deployer access entry comes under Pulumi (see the module comment). */
export type DeployerEntryMode = 'import' | 'create' | 'bootstrap';

/** The access policy the deployer gets, cluster-wide. */
export const DEPLOYER_ACCESS_POLICY = 'AmazonEKSClusterAdminPolicy';

/** The cluster's deployer entry mode, defaulted. */
export function deployerEntryOf(cluster: Pick<ClusterConfig, 'deployerEntry'>): DeployerEntryMode {
  return cluster.deployerEntry ?? 'import';
}

/** Check `deployerRoleArn` and every cluster's `deployerEntry`. */
export function validateDeployer(account: AccountConfig, p: ProblemCollector): void {
  const arn: unknown = account.deployerRoleArn;
  if (arn !== undefined) {
    const parsed = typeof arn === 'string' ? parseIamArn(arn) : undefined;
    if (parsed === undefined || parsed.principalType !== 'role') {
      p.add('deployerRoleArn', `must be an IAM role ARN like 'arn:aws:iam::${account.accountId}:role/platform-deployer' (the role your profile assumes), got ${show(arn)}.`);
    } else if (parsed.accountId !== account.accountId) {
      p.add('deployerRoleArn', `must be a role of account ${show(account.accountId)} (the one pulumi up deploys to), got ${show(arn)}.`);
    }
  }
  const modes: unknown[] = ['import', 'create', 'bootstrap'];
  (Array.isArray(account.clusters) ? account.clusters : []).forEach((c, i) => {
    if (c?.deployerEntry !== undefined && !modes.includes(c.deployerEntry)) {
      p.add(`clusters[${i}].deployerEntry`, `must be 'import', 'create' or 'bootstrap', got ${show(c.deployerEntry)}.`);
    }
    if (typeof arn !== 'string') return;
    const j = (Array.isArray(c?.identities) ? c.identities : []).findIndex((id: { arn?: unknown }) => typeof id?.arn === 'string' && principalKey(id.arn as string) === principalKey(arn));
    if (j >= 0) {
      p.add(`clusters[${i}].identities[${j}].arn`, `is the account's deployerRoleArn, which gets cluster admin through its own access entry; remove this mapping (two entries for one principal conflict).`);
    }
  });
}
