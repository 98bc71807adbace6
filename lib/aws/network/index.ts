/**
 * `Network`: one VPC of an account and the subnets its clusters use.
 *
 * - Existing VPC: nothing is created but subnet tags. The subnets belong to someone else's
 *   stack, so each tag is its own `aws.ec2.Tag` resource (adding or removing one never touches
 *   the other tags of the subnet).
 * - Managed VPC: a default-tenancy VPC (EKS rejects dedicated-tenancy VPCs; tenancy lives in
 *   the node groups' launch templates), its subnets, and when public subnets are given an
 *   internet gateway plus one NAT gateway per AZ with a public subnet, so private nodes reach
 *   ECR and the EKS API. Without public subnets the private subnets have no egress: nodes then
 *   need VPC endpoints (not created here).
 */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { subnetTags, type VpcPlan, type VpcSubnet } from './subnets';

export * from './subnets';

/** Arguments of {@link Network}. */
export interface NetworkArgs {
  /** The VPC and the clusters in it (from `planVpcs()`). */
  readonly vpc: VpcPlan;
  /**
   * Tags of every resource created.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A subnet of the network with its id (known for existing subnets, an Output for managed ones). */
export interface NetworkSubnet extends VpcSubnet {
  /** The subnet's id (known for an existing subnet, an Output for a managed one). */
  readonly subnetId: pulumi.Input<string>;
}

/** One VPC: existing (tagged) or managed (created with default tenancy). */
export class Network extends pulumi.ComponentResource {
  /** The VPC's id. */
  public readonly vpcId: pulumi.Output<string>;
  /** Every subnet, private then public, in configuration order. */
  public readonly subnets: readonly NetworkSubnet[];

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:aws:Network', name, {}, opts);
    const tags = { ...args.tags };
    const vpc = args.vpc;
    if (vpc.mode === 'existing') {
      this.vpcId = pulumi.output(vpc.vpcId!);
      this.subnets = vpc.subnets.map((s) => ({ ...s, subnetId: s.id! }));
      for (const s of vpc.subnets) {
        for (const [key, value] of Object.entries(subnetTags(s))) {
          const role = key.replace(/^kubernetes\.io\//, '').replace(/[^A-Za-z0-9_-]+/g, '-');
          new aws.ec2.Tag(`${name}-${s.id}-${role}`, { resourceId: s.id!, key, value }, { parent: this });
        }
      }
    } else {
      const created = new aws.ec2.Vpc(name, {
        cidrBlock: vpc.vpcCidr,
        instanceTenancy: 'default',
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { ...tags, Name: name },
      }, { parent: this });
      this.vpcId = created.id;
      this.subnets = vpc.subnets.map((s) => {
        const subnet = new aws.ec2.Subnet(`${name}-${s.kind}-${s.availabilityZone}-${s.cidr.replace(/[./]/g, '-')}`, {
          vpcId: created.id,
          cidrBlock: s.cidr,
          availabilityZone: s.availabilityZone,
          mapPublicIpOnLaunch: s.kind === 'public',
          tags: { ...tags, ...subnetTags(s), Name: `${name}-${s.kind}-${s.availabilityZone}` },
        }, { parent: this });
        return { ...s, subnetId: subnet.id };
      });
      this.routeManagedSubnets(name, created, tags);
    }
    this.registerOutputs({ vpcId: this.vpcId, subnetIds: this.subnets.map((s) => s.subnetId) });
  }

  /** Ids of the subnets of `kind` that `clusterName` lists, in configuration order. */
  public subnetIdsOf(clusterName: string, kind: VpcSubnet['kind']): pulumi.Input<string>[] {
    return this.subnets.filter((s) => s.kind === kind && s.clusters.includes(clusterName)).map((s) => s.subnetId);
  }

  /** Private subnets of `clusterName` in `availabilityZones` (all of them when undefined). */
  public privateSubnetIdsIn(clusterName: string, availabilityZones?: readonly string[]): pulumi.Input<string>[] {
    return this.subnets
      .filter((s) => s.kind === 'private' && s.clusters.includes(clusterName))
      .filter((s) => availabilityZones === undefined || availabilityZones.includes(s.availabilityZone))
      .map((s) => s.subnetId);
  }

  private routeManagedSubnets(name: string, vpc: aws.ec2.Vpc, tags: Record<string, string>): void {
    const publics = this.subnets.filter((s) => s.kind === 'public');
    const privates = this.subnets.filter((s) => s.kind === 'private');
    const nats = new Map<string, aws.ec2.NatGateway>();
    if (publics.length > 0) {
      const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { ...tags, Name: name } }, { parent: this });
      const publicRt = new aws.ec2.RouteTable(`${name}-public`, {
        vpcId: vpc.id,
        routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }],
        tags: { ...tags, Name: `${name}-public` },
      }, { parent: this });
      for (const s of publics) {
        new aws.ec2.RouteTableAssociation(`${name}-public-${s.cidr.replace(/[./]/g, '-')}`, { subnetId: s.subnetId, routeTableId: publicRt.id }, { parent: this });
        if (nats.has(s.availabilityZone)) continue;
        const eip = new aws.ec2.Eip(`${name}-nat-${s.availabilityZone}`, { domain: 'vpc', tags: { ...tags, Name: `${name}-nat-${s.availabilityZone}` } }, { parent: this });
        nats.set(s.availabilityZone, new aws.ec2.NatGateway(`${name}-nat-${s.availabilityZone}`, {
          allocationId: eip.id,
          subnetId: s.subnetId,
          tags: { ...tags, Name: `${name}-nat-${s.availabilityZone}` },
        }, { parent: this, dependsOn: [igw] }));
      }
    }
    const anyNat = [...nats.values()][0];
    for (const s of privates) {
      const nat = nats.get(s.availabilityZone) ?? anyNat;
      const rt = new aws.ec2.RouteTable(`${name}-private-${s.cidr.replace(/[./]/g, '-')}`, {
        vpcId: vpc.id,
        routes: nat ? [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }] : [],
        tags: { ...tags, Name: `${name}-private-${s.availabilityZone}` },
      }, { parent: this });
      new aws.ec2.RouteTableAssociation(`${name}-private-${s.cidr.replace(/[./]/g, '-')}`, { subnetId: s.subnetId, routeTableId: rt.id }, { parent: this });
    }
  }
}
