/**
 * What the library adds to an adopted (existing, eksctl-made) cluster so nothing it runs is
 * lost, plus the pure helpers of `npm run plan -- <account> --adopt / --observed / --aws-auth`.
 *
 * - `EksctlNodeAccess`: an `EC2_LINUX` access entry per eksctl node role (when the mode reads
 *   access entries), so those roles stay mapped there in every phase. EKS made these entries
 *   when it created the groups: they are imported, not created (see `./imports.ts`).
 * - `AwsAuthPatch`: the aws-auth ConfigMap of an existing cluster. `@pulumi/eks` only manages
 *   aws-auth for a cluster it creates, so the library applies it itself as a server-side apply
 *   patch (`ConfigMapPatch`, forced, field manager `eks-platform`) rather than a `ConfigMap`
 *   with `pulumi import`: the patch takes over `data.mapRoles` and `data.mapUsers` only, and
 *   leaves other keys (`mapAccounts`) and the object itself alone. A deleted patch would remove
 *   the fields it owns (an imported ConfigMap would go whole), dropping every node of the
 *   cluster, so the patch is `retainOnDelete`: `pulumi destroy` or removing it from the program
 *   leaves aws-auth as it is. Compare first: `npm run plan -- <account> --aws-auth <file>`.
 */
import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  awsAuthConfigMapData, nodeRoleArns, renderAwsAuthEntries, resolveIdentities, type AccountConfig, type ClusterConfig,
} from '../../config';
import { MANAGED_BY_LABEL } from '../../names';
import { authenticationModeOf, usesConfigMap } from '../cluster/config';
import { plannedEksctlNodeEntries } from './entries';

export * from './observed';
export * from './imports';
export * from './entries';
export * from './migration';

/** Field manager of the library's server-side apply patches. */
export const PATCH_FIELD_MANAGER = 'eks-platform';

/** Arguments of {@link EksctlNodeAccess}. */
export interface EksctlNodeAccessArgs {
  /** The cluster's configuration (its eksctl node groups). */
  readonly cluster: ClusterConfig;
  /** The cluster's name as an Output of the control plane. */
  readonly clusterName: pulumi.Input<string>;
  /**
   * Tags of the access entries.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** `EC2_LINUX` access entries of the eksctl node roles (EKS made them; import them first). */
export class EksctlNodeAccess extends pulumi.ComponentResource {
  /** The entries, by planned id. */
  public readonly entries: Readonly<Record<string, aws.eks.AccessEntry>>;

  constructor(name: string, args: EksctlNodeAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:EksctlNodeAccess', name, {}, opts);
    const entries: Record<string, aws.eks.AccessEntry> = {};
    for (const e of plannedEksctlNodeEntries(args.cluster)) {
      entries[e.id] = new aws.eks.AccessEntry(`${name}-${e.id}`, {
        clusterName: args.clusterName,
        principalArn: e.principalArn,
        type: 'EC2_LINUX',
        tags: { ...args.tags },
      }, { parent: this });
    }
    this.entries = entries;
    this.registerOutputs({ principalArns: Object.values(entries).map((e) => e.principalArn) });
  }
}

/** The aws-auth patch of a cluster in its configured phase: `undefined` in mode `API`. */
export function awsAuthPatchArgs(account: AccountConfig, cluster: ClusterConfig): k8s.core.v1.ConfigMapPatchArgs | undefined {
  if (!usesConfigMap(authenticationModeOf(cluster))) return undefined;
  const { mapRoles, mapUsers } = renderAwsAuthEntries(nodeRoleArns(account, cluster), resolveIdentities(cluster));
  return {
    metadata: {
      name: 'aws-auth',
      namespace: 'kube-system',
      labels: { ...MANAGED_BY_LABEL },
      annotations: { 'pulumi.com/patchForce': 'true', 'pulumi.com/patchFieldManager': PATCH_FIELD_MANAGER },
    },
    data: awsAuthConfigMapData(mapRoles, mapUsers),
  };
}

/** Arguments of {@link AwsAuthPatch}. */
export interface AwsAuthPatchArgs {
  /** The account (node role ARNs). */
  readonly account: AccountConfig;
  /** The cluster (identities, node groups, phase, mode). */
  readonly cluster: ClusterConfig;
  /** The Kubernetes provider of the cluster. */
  readonly provider: k8s.Provider;
}

/** The aws-auth ConfigMap of an existing cluster, applied as a forced server-side apply patch. */
export class AwsAuthPatch extends pulumi.ComponentResource {
  /** The patch; `undefined` when the mode is `API` (no ConfigMap is read). */
  public readonly patch?: k8s.core.v1.ConfigMapPatch;
  /** Resolves once the patch is applied (order node groups after it). */
  public readonly applied: pulumi.Output<boolean>;

  constructor(name: string, args: AwsAuthPatchArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:AwsAuthPatch', name, {}, opts);
    const patchArgs = awsAuthPatchArgs(args.account, args.cluster);
    if (patchArgs) {
      this.patch = new k8s.core.v1.ConfigMapPatch(`${name}-configmap`, patchArgs, { parent: this, provider: args.provider, retainOnDelete: true });
    }
    this.applied = this.patch ? this.patch.metadata.apply(() => true) : pulumi.output(true);
    this.registerOutputs({ applied: this.applied });
  }
}
