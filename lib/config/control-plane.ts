/**
 * Who owns a cluster's control plane and node groups: the library (it creates them), or
 * eksctl (the cluster already runs; the library adopts it). Pure: no Pulumi, no cdk8s.
 *
 * - `controlPlane: { mode: 'existing', oidcProvider }`: the Pulumi side looks the cluster up
 *   by `ClusterConfig.name` (`aws.eks.getClusterOutput`) and creates nothing the cluster
 *   already has; `oidcProvider` says whether the issuer's IAM OIDC provider exists (it is then
 *   referenced by the ARN computed from the issuer, never looked up) or must be created.
 * - `nodeGroups[].managedBy: 'eksctl'`: a node group eksctl created (a CloudFormation stack);
 *   the library never creates, changes or deletes it, and maps its `nodeRoleArn` in every
 *   migration phase. Only an existing control plane can have such groups.
 */
import type { ClusterConfig, NodeGroupConfig } from './types';
import { isRecord, show, type ProblemCollector } from './problems';
import { parseIamArn } from './identity';
import { nodeRoleArn } from '../names';

/** The control plane is created by the library (`@pulumi/eks` `Cluster`). */
export interface ManagedControlPlaneConfig {
  /** Discriminant: a control plane the library creates. */
  readonly mode: 'managed';
}

/**
 * The control plane already runs (created by eksctl, say) and is adopted: looked up by the
 * cluster's `name`, never created, changed or deleted by the library.
 */
export interface ExistingControlPlaneConfig {
  /** Discriminant: an existing control plane. */
  readonly mode: 'existing';
  /**
   * The IAM OIDC provider of the cluster's issuer (IRSA). `existing`: it exists (eksctl's
   * `utils associate-iam-oidc-provider` or `iam.withOIDC` made it); the library references it by
   * `arn:aws:iam::<account>:oidc-provider/<issuer host and path>`. `create`: the library creates it.
   */
  readonly oidcProvider: 'existing' | 'create';
}

/** A cluster's control plane: one the library creates, or an existing one it adopts. */
export type ControlPlaneConfig = ManagedControlPlaneConfig | ExistingControlPlaneConfig;

/** Who creates and changes a node group. */
export type NodeGroupOwner = 'library' | 'eksctl';

/** The control plane section with its default (`managed`). */
export function controlPlaneOf(cluster: ClusterConfig): ControlPlaneConfig {
  return cluster.controlPlane ?? { mode: 'managed' };
}

/** True when the cluster's control plane exists already and is looked up, not created. */
export function isExistingControlPlane(cluster: ClusterConfig): boolean {
  return controlPlaneOf(cluster).mode === 'existing';
}

/** True when eksctl owns the group: the library never creates, changes or deletes it. */
export function isEksctlGroup(group: Pick<NodeGroupConfig, 'managedBy'>): boolean {
  return group.managedBy === 'eksctl';
}

/**
 * The node role of a group: eksctl's role as declared (`nodeRoleArn`), or the role the library
 * names for its own groups (`nodeRoleArn()` of `lib/names.ts`).
 */
export function groupNodeRoleArn(accountId: string, clusterName: string, group: Pick<NodeGroupConfig, 'name' | 'managedBy' | 'nodeRoleArn'>): string {
  return isEksctlGroup(group) && group.nodeRoleArn !== undefined ? group.nodeRoleArn : nodeRoleArn(accountId, clusterName, group.name);
}

/** Node roles of the cluster's eksctl groups, in declaration order: mapped in every phase. */
export function eksctlNodeRoleArns(cluster: ClusterConfig): readonly string[] {
  return cluster.nodeGroups.filter(isEksctlGroup).map((g) => g.nodeRoleArn!).filter((arn) => arn !== undefined);
}

/**
 * The ARN of the IAM OIDC provider of `issuer` (`https://oidc.eks.<region>.amazonaws.com/id/<id>`):
 * IAM names a provider by its URL without the scheme.
 */
export function oidcProviderArnOf(accountId: string, issuer: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${issuer.replace(/^https:\/\//, '').replace(/\/+$/, '')}`;
}

/** Check `controlPlane` and the owners of the node groups; report problems under `path` (the cluster). */
export function validateControlPlane(cluster: ClusterConfig, accountId: unknown, path: string, p: ProblemCollector): void {
  const cp: unknown = cluster.controlPlane;
  let existing = false;
  if (cp !== undefined) {
    if (!isRecord(cp)) {
      p.add(`${path}.controlPlane`, `must be an object like { mode: 'existing', oidcProvider: 'existing' }, got ${show(cp)}.`);
    } else if (cp.mode === 'existing') {
      existing = true;
      if (isRecord(cluster.network) && cluster.network.mode !== 'existing') {
        p.add(`${path}.network.mode`, `must be 'existing' when controlPlane is 'existing': the running cluster's VPC exists already (give its vpcId and subnets), got ${show(cluster.network.mode)}.`);
      }
      if (cp.oidcProvider !== 'existing' && cp.oidcProvider !== 'create') {
        p.add(`${path}.controlPlane.oidcProvider`, `must be 'existing' (the issuer's IAM OIDC provider exists: see 'aws iam list-open-id-connect-providers') or 'create', got ${show(cp.oidcProvider)}.`);
      }
    } else if (cp.mode === 'managed') {
      if (cp.oidcProvider !== undefined) {
        p.add(`${path}.controlPlane.oidcProvider`, `only applies to mode 'existing' (a managed control plane always gets its OIDC provider), got ${show(cp.oidcProvider)}; remove it.`);
      }
    } else {
      p.add(`${path}.controlPlane.mode`, `must be 'managed' (the library creates the cluster) or 'existing' (adopt a running cluster, e.g. one eksctl created), got ${show(cp.mode)}.`);
    }
  }
  const groups: unknown[] = Array.isArray(cluster.nodeGroups) ? cluster.nodeGroups : [];
  groups.forEach((g, i) => {
    if (!isRecord(g)) return;
    const gp = `${path}.nodeGroups[${i}]`;
    if (g.managedBy !== undefined && g.managedBy !== 'library' && g.managedBy !== 'eksctl') {
      p.add(`${gp}.managedBy`, `must be 'library' or 'eksctl', got ${show(g.managedBy)}.`);
      return;
    }
    if (g.managedBy !== 'eksctl') {
      if (g.nodeRoleArn !== undefined) {
        p.add(`${gp}.nodeRoleArn`, `is only for node groups with managedBy 'eksctl' (the library names the roles of its own groups), got ${show(g.nodeRoleArn)}; remove it.`);
      }
      return;
    }
    if (!existing) {
      p.add(`${gp}.managedBy`, "is 'eksctl', but the cluster's controlPlane is not { mode: 'existing' }: eksctl only manages node groups of clusters it created; set controlPlane or remove managedBy.");
    }
    const role = typeof g.nodeRoleArn === 'string' ? parseIamArn(g.nodeRoleArn) : undefined;
    if (!role || role.principalType !== 'role') {
      p.add(`${gp}.nodeRoleArn`, `must be the IAM role ARN of the eksctl node group's nodes (eksctl names it 'eksctl-<cluster>-nodegroup-<name>-NodeInstanceRole-<suffix>'; see 'aws eks describe-nodegroup ... --query nodegroup.nodeRole'), got ${show(g.nodeRoleArn)}.`);
    } else if (typeof accountId === 'string' && /^\d{12}$/.test(accountId) && role.accountId !== accountId) {
      p.add(`${gp}.nodeRoleArn`, `${show(g.nodeRoleArn)} belongs to account ${role.accountId}, not this account (${accountId}); a node role is in the cluster's account.`);
    }
  });
  const strategy = isRecord(cluster.tenancyMigration) ? cluster.tenancyMigration.strategy : undefined;
  if (strategy === 'rolling') {
    groups.forEach((g, i) => {
      if (isRecord(g) && g.managedBy === 'eksctl' && g.tenancy === 'dedicated') {
        p.add(`${path}.tenancyMigration.strategy`, `is 'rolling', which changes a node group's launch template in place, but nodeGroups[${i}] (${show(g.name)}) is managed by eksctl and the library never changes it; use strategy 'blue-green' (library-owned default-tenancy twins, then 'eksctl delete nodegroup').`);
      }
    });
  }
}
