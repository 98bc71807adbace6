/**
 * The one bridge from cdk8s to Pulumi: applies the objects a cdk8s chart synthesizes
 * (`chart.toJson()`) to a cluster through `@pulumi/kubernetes`, one Pulumi resource per
 * object, so a preview shows (and tests see) every object.
 *
 * Order: CustomResourceDefinitions and Namespaces first; every other object depends on all of
 * them (objects need their namespace, custom resources their CRD). Within each phase the
 * Kubernetes provider applies objects in parallel and retries until references resolve.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/** A Kubernetes object as cdk8s synthesizes it. */
export type Manifest = Record<string, any>;

/** Kinds applied before everything else. */
export const PREREQUISITE_KINDS: ReadonlySet<string> = new Set(['CustomResourceDefinition', 'Namespace']);

/** One object and how it is applied. */
export interface PlannedObject {
  /** The Pulumi resource name: `<name>:<kind>:<namespace>/<object name>` (namespace part only when namespaced). */
  readonly resourceName: string;
  /** The Pulumi type token, e.g. `kubernetes:apps/v1:Deployment`, `kubernetes:core/v1:Namespace`. */
  readonly type: string;
  /** Whether the object is applied in the first phase (CRDs and Namespaces). */
  readonly prerequisite: boolean;
  /** The object. */
  readonly object: Manifest;
}

/**
 * The Pulumi type token of a Kubernetes kind, as `@pulumi/kubernetes`'s own classes name it:
 * the core group is `core`, so `v1` + `Namespace` is `kubernetes:core/v1:Namespace`.
 */
export function kubernetesTypeToken(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const groupVersion = slash < 0 ? `core/${apiVersion}` : apiVersion;
  return `kubernetes:${groupVersion}:${kind}`;
}

function describe(object: Manifest, index: number): string {
  const ns = object?.metadata?.namespace;
  return `objects[${index}] (${object?.kind ?? '<no kind>'} ${ns ? `${ns}/` : ''}${object?.metadata?.name ?? '<no name>'})`;
}

/**
 * The objects in apply order (CRDs and Namespaces first, otherwise as given) with their
 * resource names. Throws on an object without apiVersion, kind or metadata.name, and on two
 * objects with the same group, kind, namespace and name (the second would overwrite the first).
 */
export function planChartObjects(name: string, objects: readonly Manifest[]): PlannedObject[] {
  const seen = new Map<string, number>();
  const planned = objects.map((object, i): PlannedObject => {
    const { apiVersion, kind } = object ?? {};
    const objectName = object?.metadata?.name;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof objectName !== 'string' || objectName === '') {
      throw new Error(`ChartDeployment '${name}': ${describe(object, i)} needs a string apiVersion, kind and metadata.name.`);
    }
    const namespace: string | undefined = object.metadata.namespace || undefined;
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const key = `${group}|${kind}|${namespace ?? ''}|${objectName}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new Error(`ChartDeployment '${name}': ${describe(object, i)} duplicates ${describe(objects[first], first)}; each object must be emitted once.`);
    }
    seen.set(key, i);
    return {
      resourceName: `${name}:${kind}:${namespace ? `${namespace}/` : ''}${objectName}`,
      type: kubernetesTypeToken(apiVersion, kind),
      prerequisite: PREREQUISITE_KINDS.has(kind),
      object,
    };
  });
  return [...planned.filter((p) => p.prerequisite), ...planned.filter((p) => !p.prerequisite)];
}

/**
 * Any Kubernetes object, registered under the same type token as the typed classes of
 * `@pulumi/kubernetes` (so switching to them later keeps the URNs). Secret `data` and
 * `stringData` are marked secret, as the typed `Secret` does.
 */
export class KubernetesObject extends pulumi.CustomResource {
  /** The object's apiVersion. */
  declare public readonly apiVersion: pulumi.Output<string>;
  /** The object's kind. */
  declare public readonly kind: pulumi.Output<string>;
  /** The object's metadata, as the API server returned it. */
  declare public readonly metadata: pulumi.Output<any>;

  constructor(name: string, object: Manifest, opts?: pulumi.CustomResourceOptions) {
    const { status: _status, ...inputs } = object;
    let options = opts ?? {};
    if (object.kind === 'Secret' && object.apiVersion === 'v1') {
      if (inputs.data !== undefined) inputs.data = pulumi.secret(inputs.data);
      if (inputs.stringData !== undefined) inputs.stringData = pulumi.secret(inputs.stringData);
      options = pulumi.mergeOptions(options, { additionalSecretOutputs: ['data', 'stringData'] });
    }
    super(kubernetesTypeToken(object.apiVersion, object.kind), name, inputs, options);
  }
}

/** Options of {@link deployChartObjects}. */
export interface DeployOptions {
  /** The Kubernetes provider of the target cluster. */
  readonly provider: k8s.Provider;
  /** The parent of the created resources (a `ChartDeployment` or the `Platform`). */
  readonly parent?: pulumi.Resource;
  /**
   * Resources every object waits for, e.g. the node groups, IRSA roles and EKS add-ons the
   * objects' pods need. (Pulumi children do not inherit their parent component's `dependsOn`
   * option, so ordering the objects after other resources must be done here.)
   * @default []
   */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** One applied object. */
export interface DeployedObject extends PlannedObject {
  /** The Pulumi resource. */
  readonly resource: KubernetesObject;
  /**
   * What it waits for: the options' `dependsOn`, plus every CRD and Namespace for the other
   * objects.
   */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** Apply `objects` (from `chart.toJson()`) to the cluster of `opts.provider`, in order. */
export function deployChartObjects(name: string, objects: readonly Manifest[], opts: DeployOptions): DeployedObject[] {
  const plan = planChartObjects(name, objects);
  const external = [...(opts.dependsOn ?? [])];
  const prerequisites: KubernetesObject[] = [];
  return plan.map((p) => {
    const dependsOn = p.prerequisite ? [...external] : [...external, ...prerequisites];
    const resource = new KubernetesObject(p.resourceName, p.object, { provider: opts.provider, parent: opts.parent, dependsOn });
    if (p.prerequisite) prerequisites.push(resource);
    return { ...p, resource, dependsOn };
  });
}

/** A Kubernetes provider for a cluster, from its kubeconfig (e.g. `@pulumi/eks` `Cluster.kubeconfigJson`). */
export function kubeconfigProvider(name: string, kubeconfig: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): k8s.Provider {
  return new k8s.Provider(name, { kubeconfig, enableServerSideApply: true }, opts);
}

/** Arguments of {@link ChartDeployment}. */
export interface ChartDeploymentArgs {
  /** The objects to apply: `chart.toJson()` of a cdk8s chart. */
  readonly objects: readonly Manifest[];
  /** The Kubernetes provider of the target cluster (see {@link kubeconfigProvider}). */
  readonly provider: k8s.Provider;
  /**
   * Resources every object waits for (node groups, IRSA roles, EKS add-ons). Use this, not the
   * component's `dependsOn` option: Pulumi does not pass a component's `dependsOn` on to the
   * resources created inside it, so the objects would not wait.
   * @default []
   */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** A cdk8s chart's objects applied to a cluster, as one component. */
export class ChartDeployment extends pulumi.ComponentResource {
  /** The applied objects, in apply order. */
  public readonly objects: readonly DeployedObject[];

  constructor(name: string, args: ChartDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super('eks-platform:platform:ChartDeployment', name, {}, opts);
    this.objects = deployChartObjects(name, args.objects, { provider: args.provider, parent: this, dependsOn: args.dependsOn });
    this.registerOutputs({ count: this.objects.length });
  }
}
