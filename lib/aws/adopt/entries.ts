/**
 * The access entries of eksctl node roles (pure: shared by `EksctlNodeAccess` and the import plan).
 */
import { eksctlNodeRoleArns, parseIamArn, type ClusterConfig } from '../../config';
import { authenticationModeOf, usesAccessEntries } from '../cluster/config';

/** Resource-name suffix of an eksctl node role's access entry: the role's name. */
export function eksctlNodeEntryId(roleArn: string): string {
  return parseIamArn(roleArn)?.name ?? roleArn;
}

/** The eksctl node roles that get an access entry: none when the mode does not read access entries. */
export function plannedEksctlNodeEntries(cluster: ClusterConfig): readonly { readonly id: string; readonly principalArn: string }[] {
  if (!usesAccessEntries(authenticationModeOf(cluster))) return [];
  return eksctlNodeRoleArns(cluster).map((principalArn) => ({ id: eksctlNodeEntryId(principalArn), principalArn }));
}

