/**
 * `ClusterAccess`: EKS access entries and access policy associations of one cluster, from the
 * same identity model that renders aws-auth (`resolveIdentities`). Nothing is created when
 * the cluster's authentication mode is `CONFIG_MAP`.
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { ClusterConfig } from '../../config';
import { planDeployerAccess, type PlannedDeployerAccess } from './deployer';
import { planAccessEntries, type PlannedAccessEntry } from './entries';

export * from './entries';
export * from './deployer';

/** Arguments of {@link ClusterAccess}. */
export interface ClusterAccessArgs {
  /** The cluster's configuration (`identities`, `authenticationMode`). */
  readonly cluster: ClusterConfig;
  /** The cluster's name as an Output of the control plane, so entries wait for it. */
  readonly clusterName: pulumi.Input<string>;
  /**
   * The IAM role `pulumi up` runs as (`AccountConfig.deployerRoleArn`): it gets a cluster admin
   * entry managed here (created or imported, `ClusterConfig.deployerEntry`).
   * @default - none
   */
  readonly deployerRoleArn?: string;
  /**
   * Resources every access entry waits for, such as the IAM roles the entries name (EKS refuses
   * an entry whose principal does not exist yet). Passed to each entry itself: a component's own
   * `dependsOn` does not reach its children.
   * @default - none
   */
  readonly dependsOn?: readonly pulumi.Resource[];
  /**
   * Tags of the access entries.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Access entries (`STANDARD`) and their policy associations for one cluster. */
export class ClusterAccess extends pulumi.ComponentResource {
  /** What was planned, in configuration order. */
  public readonly planned: readonly PlannedAccessEntry[];
  /** The access entries, by planned id. */
  public readonly entries: Readonly<Record<string, aws.eks.AccessEntry>>;
  /** What was planned for the deployer, if anything. */
  public readonly deployer?: PlannedDeployerAccess;

  constructor(name: string, args: ClusterAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:ClusterAccess', name, {}, opts);
    this.planned = planAccessEntries(args.cluster);
    const entries: Record<string, aws.eks.AccessEntry> = {};
    for (const p of this.planned) {
      const entry = new aws.eks.AccessEntry(`${name}-${p.id}`, {
        clusterName: args.clusterName,
        principalArn: p.principalArn,
        type: 'STANDARD',
        userName: p.userName,
        kubernetesGroups: [...p.kubernetesGroups],
        tags: { ...args.tags },
      }, { parent: this, dependsOn: [...(args.dependsOn ?? [])] });
      entries[p.id] = entry;
      for (const a of p.associations) {
        new aws.eks.AccessPolicyAssociation(`${name}-${p.id}-${a.policyArn.split('/').pop()}`, {
          clusterName: args.clusterName,
          principalArn: entry.principalArn,
          policyArn: a.policyArn,
          accessScope: a.accessScope.type === 'cluster'
            ? { type: 'cluster' }
            : { type: 'namespace', namespaces: [...a.accessScope.namespaces] },
        }, { parent: this });
      }
    }
    this.entries = entries;
    this.deployer = planDeployerAccess(args.cluster, args.deployerRoleArn);
    if (this.deployer) {
      const d = this.deployer;
      // Kept if the deployer leaves the config: that pulumi up runs as this very principal.
      // No tags or username: an imported bootstrap entry has none, and import needs a match.
      const entry = new aws.eks.AccessEntry(`${name}-deployer`, {
        clusterName: args.clusterName,
        principalArn: d.principalArn,
        type: 'STANDARD',
      }, { parent: this, retainOnDelete: true, ...(d.entryImportId ? { import: d.entryImportId } : {}) });
      new aws.eks.AccessPolicyAssociation(`${name}-deployer-${d.policyArn.split('/').pop()}`, {
        clusterName: args.clusterName,
        principalArn: entry.principalArn,
        policyArn: d.policyArn,
        accessScope: { type: 'cluster' },
      }, { parent: this, retainOnDelete: true, ...(d.associationImportId ? { import: d.associationImportId } : {}) });
    }
    this.registerOutputs({ principalArns: this.planned.map((p) => p.principalArn) });
  }
}
