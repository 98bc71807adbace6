/**
 * `EksAddons`: the cluster's EKS managed add-ons (vpc-cni with network policy enforcement,
 * coredns, kube-proxy, aws-ebs-csi-driver with its IRSA role), versions pinned by
 * `resolveEksAddons()` (config defaults per Kubernetes minor, sourced there).
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { resolveEksAddons, type ClusterConfig, type EksAddonKey, type ResolvedEksAddon } from '../../config';

/** Arguments of {@link EksAddons}. */
export interface EksAddonsArgs {
  /** The cluster's configuration (versions and settings of `eksAddons`). */
  readonly cluster: ClusterConfig;
  /** The EKS cluster's name, as an Output of the cluster resource (orders the add-ons after it). */
  readonly clusterName: pulumi.Input<string>;
  /** ARN of the EBS CSI driver's IRSA role (`ServiceRole` of `ebs-csi-driver`). */
  readonly ebsCsiRoleArn: pulumi.Input<string>;
  /**
   * Resources the add-ons whose pods need nodes (coredns, aws-ebs-csi-driver) wait for,
   * usually the node groups: EKS reports them degraded until pods can run.
   * @default []
   */
  readonly podAddonsDependOn?: readonly pulumi.Resource[];
  /**
   * Tags of the add-ons.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Add-ons whose pods need schedulable nodes. */
const NEEDS_NODES: ReadonlySet<EksAddonKey> = new Set(['coredns', 'ebsCsiDriver']);

/**
 * The four EKS managed add-ons. Conflicts are resolved with `OVERWRITE` on create (EKS takes
 * over the self-managed copies it installed) and on update (the configuration lives here;
 * manual edits are drift and are reverted).
 */
export class EksAddons extends pulumi.ComponentResource {
  /** The resolved add-ons, in install order. */
  public readonly resolved: readonly ResolvedEksAddon[];
  /** The add-on resources, by config key. */
  public readonly addons: Readonly<Record<EksAddonKey, aws.eks.Addon>>;

  constructor(name: string, args: EksAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:EksAddons', name, {}, opts);
    this.resolved = resolveEksAddons(args.cluster);
    const addons: Partial<Record<EksAddonKey, aws.eks.Addon>> = {};
    for (const a of this.resolved) {
      addons[a.key] = new aws.eks.Addon(`${name}-${a.addonName}`, {
        clusterName: args.clusterName,
        addonName: a.addonName,
        addonVersion: a.version,
        configurationValues: a.configurationValues,
        serviceAccountRoleArn: a.key === 'ebsCsiDriver' ? args.ebsCsiRoleArn : undefined,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        tags: { ...args.tags },
      }, { parent: this, dependsOn: NEEDS_NODES.has(a.key) ? [...(args.podAddonsDependOn ?? [])] : [] });
    }
    this.addons = addons as Record<EksAddonKey, aws.eks.Addon>;
    this.registerOutputs({ versions: Object.fromEntries(this.resolved.map((a) => [a.addonName, a.version])) });
  }
}
