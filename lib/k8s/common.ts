/**
 * Small helpers every add-on construct shares: the standard labels, the conventional
 * Prometheus scrape annotations, the non-root pod security context, a StatefulSet's volume
 * claim, container resources, the props an IRSA add-on takes from the AWS side and their
 * checks, and the error a construct throws for bad props.
 */
import { k8s } from 'cdk8s-plus-27';
import { AWS_REGIONS } from '../config/constants';
import { show, type ProblemCollector } from '../config/problems';
import type { ResolvedContainerResources } from '../config/resources';
import { IRSA_ANNOTATION, MANAGED_BY_LABEL } from '../names';

/**
 * The recommended `app.kubernetes.io/*` labels of one component of an add-on.
 * Use them as pod-template labels and as selectors (`name` + `component` + `instance` only,
 * so they never change across upgrades).
 */
export function componentLabels(name: string, component: string, instance: string = name): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/instance': instance,
  };
}

/** `componentLabels` plus the managed-by and version labels, for object metadata. */
export function objectLabels(name: string, component: string, version: string, instance: string = name): Record<string, string> {
  return { ...componentLabels(name, component, instance), 'app.kubernetes.io/version': version, ...MANAGED_BY_LABEL };
}

/**
 * The conventional annotations that tell Prometheus's `kubernetes_sd` pod role to scrape a
 * pod: `prometheus.io/scrape`, `prometheus.io/port`, `prometheus.io/path`.
 */
export function prometheusScrapeAnnotations(port: number, path: string = '/metrics'): Record<string, string> {
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': path };
}

/**
 * The pod security context of an add-on that runs as the non-root `uid` (and group `uid`): its
 * volumes are made group-`uid` (`fsGroup`, only when the volume's root is not already), and
 * the runtime's default seccomp profile applies.
 */
export function nonRootPodSecurityContext(uid: number): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * A StatefulSet's claim template for each pod's own ReadWriteOnce volume of `sizeGiB`, labelled
 * with the pod selector. Without `storageClassName` the cluster's default StorageClass
 * provisions it (`DefaultStorageClass`: encrypted gp3, reclaim policy Retain by default).
 */
export function volumeClaimTemplate(name: string, selector: Record<string, string>, sizeGiB: number, storageClassName?: string): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name, labels: selector },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: k8s.Quantity.fromString(`${sizeGiB}Gi`) } },
      ...(storageClassName ? { storageClassName } : {}),
    },
  };
}

/**
 * The `resources` of a container: the CPU request, memory as both request and limit (a pod
 * is never OOM-killed for using what it asked for), and a CPU limit only when one is set.
 */
export function resourceRequirements(resources: ResolvedContainerResources): k8s.ResourceRequirements {
  const memory = k8s.Quantity.fromString(`${resources.memoryMiB}Mi`);
  const limits: Record<string, k8s.Quantity> = { memory };
  if (resources.cpuLimitMillicores !== undefined) limits.cpu = k8s.Quantity.fromString(`${resources.cpuLimitMillicores}m`);
  return { requests: { cpu: k8s.Quantity.fromString(`${resources.cpuMillicores}m`), memory }, limits };
}

/**
 * Pod-spec fields that keep replicas apart: never two on one node (a node loss takes at most
 * one), and spread across zones where capacity allows (soft: EBS volumes are zonal, and a
 * zone short of capacity must not leave a pod pending).
 */
export function spreadReplicas(selector: Record<string, string>): Pick<k8s.PodSpec, 'affinity' | 'topologySpreadConstraints'> {
  return {
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' }] } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }],
  };
}

/**
 * Pod-spec `topologySpreadConstraints` that spread the pods `selector` selects across zones and
 * across nodes, as a preference (`ScheduleAnyway`): a replicated add-on survives the loss of a
 * node or a zone, and still schedules on a cluster with a single node or zone.
 */
export function spreadAcrossZonesAndNodes(selector: Record<string, string>): k8s.TopologySpreadConstraint[] {
  return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
  }));
}

/**
 * What an add-on that calls AWS through IRSA takes from the AWS side, beside its config
 * section: the role its service account assumes and the region it talks to.
 */
export interface AwsIdentityProps {
  /**
   * The IAM role the add-on's service account assumes through IRSA: `serviceRoleArn(...)` of
   * the add-on's entry in `SERVICE_IDENTITIES`.
   */
  readonly roleArn: string;
  /** AWS region of the add-on's bucket (its S3 client's region). */
  readonly region: string;
  /**
   * Namespace of every object. The IRSA trust policy names the namespace and service account
   * of the add-on's entry in `SERVICE_IDENTITIES`; another namespace needs a role that trusts it.
   * @default - the namespace of that entry: 'logging'
   */
  readonly namespace?: string;
}

/**
 * The ServiceAccount of an add-on that uses it only to call AWS: annotated with its IRSA role,
 * and mounting no Kubernetes API token.
 */
export function irsaServiceAccount(metadata: k8s.ObjectMeta, roleArn: string): k8s.KubeServiceAccountProps {
  return {
    metadata: { ...metadata, annotations: { ...metadata.annotations, [IRSA_ANNOTATION]: roleArn } },
    automountServiceAccountToken: false,
  };
}

/**
 * Pod-spec fields of a pod that never talks to the Kubernetes API: its service account, no API
 * token, no service-link environment variables. IRSA still works: its token is a separate
 * projected volume the EKS pod identity webhook adds, whatever `automountServiceAccountToken` says.
 */
export function withoutKubernetesApi(serviceAccountName: string): Pick<k8s.PodSpec, 'serviceAccountName' | 'automountServiceAccountToken' | 'enableServiceLinks'> {
  return { serviceAccountName, automountServiceAccountToken: false, enableServiceLinks: false };
}

/** IAM role ARNs of the `aws` partition. */
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** S3 bucket names: 3-63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Namespace names (DNS-1123 labels). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Report the problems of the {@link AwsIdentityProps} part of a construct's props, by bare field name. */
export function validateAwsIdentityProps(props: AwsIdentityProps, problems: ProblemCollector): void {
  if (typeof props.roleArn !== 'string' || !ROLE_ARN.test(props.roleArn)) {
    problems.add('roleArn', `must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got ${show(props.roleArn)}.`);
  }
  if (!(AWS_REGIONS as readonly string[]).includes(props.region)) {
    problems.add('region', `must be an AWS region where EKS runs, like 'us-east-1', got ${show(props.region)}.`);
  }
  checkNamespace(props.namespace, problems);
}

/** Report `namespace`, when set, unless it is a namespace name (field `namespace`). */
export function checkNamespace(namespace: unknown, problems: ProblemCollector): void {
  if (namespace !== undefined && (typeof namespace !== 'string' || !NAMESPACE.test(namespace))) {
    problems.add('namespace', `must be a namespace name (DNS-1123 label), got ${show(namespace)}.`);
  }
}

/** Report `bucket` unless it is an S3 bucket name, under the props field `field`. */
export function checkBucketName(bucket: unknown, field: string, problems: ProblemCollector): void {
  if (typeof bucket !== 'string' || !BUCKET_NAME.test(bucket)) {
    problems.add(field, `must be an S3 bucket name (3-63 lower-case letters, digits, '.' or '-'), got ${show(bucket)}.`);
  }
}

/**
 * Throw one error listing every problem collected for construct `id` of class `construct`, one
 * per line: `Loki 'logs': 'replicas' must be ...`. Paths may be bare (`replicas`) or start with
 * the `.` a config validator called with path `''` puts first (`.replicas`). Does nothing
 * when there is no problem.
 */
export function throwIfProblems(construct: string, id: string, problems: ProblemCollector): void {
  if (problems.problems.length === 0) return;
  throw new Error(problems.problems.map((p) => `${construct} '${id}': '${p.path.replace(/^\./, '')}' ${p.message}`).join('\n'));
}
