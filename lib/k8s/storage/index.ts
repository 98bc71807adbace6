/**
 * The cluster's default StorageClass: encrypted gp3 through the EBS CSI driver.
 */
import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ProblemCollector, isStorageClassName, validateStorageConfig, type ReclaimPolicy } from '../../config';
import { show } from '../../config/problems';
import { MANAGED_BY_LABEL } from '../../names';
import { throwIfProblems } from '../common';

/** Props of {@link DefaultStorageClass}. */
export interface DefaultStorageClassProps {
  /**
   * StorageClass name.
   * @default 'gp3-encrypted'
   */
  readonly name?: string;
  /**
   * KMS key ARN for the volumes.
   * @default - the account's default EBS key (`aws/ebs`)
   */
  readonly kmsKeyArn?: string;
  /**
   * What happens to a volume when its claim is deleted.
   * @default 'Retain' - data outlives a deleted claim; reclaim volumes by hand
   */
  readonly reclaimPolicy?: ReclaimPolicy;
}

/** The EBS CSI driver's provisioner name. */
export const EBS_CSI_PROVISIONER = 'ebs.csi.aws.com';

/**
 * An encrypted gp3 StorageClass marked as the cluster default, with volume expansion allowed
 * (PVCs can be resized in place) and `WaitForFirstConsumer` binding (the volume is created in
 * the AZ of the pod that first uses it).
 *
 * EKS clusters also ship a `gp2` class annotated as default; with two defaults, Kubernetes
 * (1.26+) uses the newest, which is this one. Remove the annotation from `gp2` to be explicit.
 */
export class DefaultStorageClass extends Construct {
  /** The StorageClass name. */
  public readonly name: string;
  /** The reclaim policy, default applied. */
  public readonly reclaimPolicy: ReclaimPolicy;
  /** The StorageClass object. */
  public readonly apiObject: ApiObject;

  /** The KMS key that encrypts the volumes; `undefined` for the account's default EBS key. */
  public readonly kmsKeyArn?: string;

  constructor(scope: Construct, id: string, props: DefaultStorageClassProps = {}) {
    super(scope, id);
    validateDefaultStorageClassProps(id, props);
    this.name = props.name ?? 'gp3-encrypted';
    this.reclaimPolicy = props.reclaimPolicy ?? 'Retain';
    this.kmsKeyArn = props.kmsKeyArn;
    this.apiObject = new k8s.KubeStorageClass(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: { ...MANAGED_BY_LABEL },
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: EBS_CSI_PROVISIONER,
      parameters: {
        type: 'gp3',
        encrypted: 'true',
        'csi.storage.k8s.io/fstype': 'ext4',
        ...(this.kmsKeyArn !== undefined ? { kmsKeyId: this.kmsKeyArn } : {}),
      },
      reclaimPolicy: this.reclaimPolicy,
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  }
}

/** Throws, listing every problem, when the props would render a StorageClass the API server or the EBS CSI driver refuses. */
export function validateDefaultStorageClassProps(id: string, props: DefaultStorageClassProps): void {
  const problems = new ProblemCollector();
  if (props.name !== undefined && !isStorageClassName(props.name)) {
    problems.add('name', `must be a StorageClass name (lower-case DNS subdomain, e.g. 'gp3-encrypted'), got ${show(props.name)}.`);
  }
  validateStorageConfig({ kmsKeyArn: props.kmsKeyArn, reclaimPolicy: props.reclaimPolicy }, '', problems);
  throwIfProblems('DefaultStorageClass', id, problems);
}
