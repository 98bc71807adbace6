/**
 * Pure plan of the deployer's admin access entry in one cluster (see `lib/config/deployer.ts`
 * for why it is managed and the three `deployerEntry` modes).
 */
import { DEPLOYER_ACCESS_POLICY, deployerEntryOf, type ClusterConfig, type DeployerEntryMode } from '../../config';
import { authenticationModeOf, usesAccessEntries } from '../cluster/config';
import { accessPolicyArn } from './entries';

/** The deployer's entry and admin policy association in one cluster. */
export interface PlannedDeployerAccess {
  /** The deployer role's ARN. */
  readonly principalArn: string;
  /** `import` or `create` (`bootstrap` plans nothing). */
  readonly mode: Exclude<DeployerEntryMode, 'bootstrap'>;
  /** ARN of the cluster admin access policy. */
  readonly policyArn: string;
  /** Import id of the access entry (`<cluster>:<principal ARN>`), when imported. */
  readonly entryImportId?: string;
  /** Import id of the policy association (`<cluster>#<principal ARN>#<policy ARN>`), when imported. */
  readonly associationImportId?: string;
}

/**
 * What to manage for the deployer in `cluster`: nothing without a deployer, in `CONFIG_MAP`
 * mode (no access entries) or in `bootstrap` mode (the cluster does not exist yet).
 */
export function planDeployerAccess(cluster: ClusterConfig, deployerRoleArn: string | undefined): PlannedDeployerAccess | undefined {
  const mode = deployerEntryOf(cluster);
  if (deployerRoleArn === undefined || mode === 'bootstrap' || !usesAccessEntries(authenticationModeOf(cluster))) return undefined;
  const policyArn = accessPolicyArn(DEPLOYER_ACCESS_POLICY);
  return {
    principalArn: deployerRoleArn,
    mode,
    policyArn,
    ...(mode === 'import' ? {
      entryImportId: `${cluster.name}:${deployerRoleArn}`,
      associationImportId: `${cluster.name}#${deployerRoleArn}#${policyArn}`,
    } : {}),
  };
}
