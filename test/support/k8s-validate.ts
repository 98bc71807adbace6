/**
 * Checks synthesized Kubernetes manifests the way a real API server (and the controllers
 * behind it) would: the upstream OpenAPI schema through `kubernetes-models`, then names,
 * labels, duplicates, selectors, references between objects, RBAC, images and limits.
 *
 *   assertValidManifests(Testing.synth(chart), { external: [{ kind: 'Namespace', name: 'logging' }] });
 *
 * Rules (the `rule` of each violation):
 * - schema, unknown-kind: upstream schema; apiVersion/kind with no model and not declared custom.
 * - removed-api-version: a version kubernetes-models still ships but Kubernetes removed (apps/v1beta2).
 * - name-required, invalid-name, namespace-required, namespace-forbidden, missing-namespace.
 * - invalid-label-key, invalid-label-value, invalid-annotation-key, invalid-annotation-value,
 *   annotations-too-large (object, pod/job/claim template metadata, selector labels).
 * - duplicate-object, duplicate-container-name, duplicate-port-name, duplicate-container-port,
 *   duplicate-volume-name, duplicate-mount-path, duplicate-env-name, duplicate-service-port-name,
 *   duplicate-service-port, service-port-name-required.
 * - invalid-container-name, invalid-port-name, invalid-volume-name.
 * - empty-selector, selector-mismatch, service-selects-nothing, pdb-selects-nothing,
 *   unknown-target-port, missing-statefulset-service, statefulset-service-not-headless.
 * - missing-service-account, missing-configmap, missing-secret, missing-pvc,
 *   missing-configmap-key, missing-secret-key, unknown-volume-mount.
 * - invalid-role-ref, missing-role, subject-namespace-required.
 * - image-required, image-unpinned, no-resource-limits, unknown-probe-port.
 * - missing-service, unknown-service-port (Ingress backends), missing-scale-target (HPA).
 */
import { modelFor, removedApiReplacement, schemaProblems } from './k8s-models';
import { checkObject } from './k8s-object-rules';
import { checkDuplicates, checkReferences, ExternalObject, ObjectIndex } from './k8s-reference-rules';
import { describeObject, list, Manifest, namespaceOf, record, Report } from './k8s-shared';

export type { ExternalObject } from './k8s-reference-rules';

/** A kind served by a CustomResourceDefinition (not in kubernetes-models). */
export interface CustomKind {
  /** e.g. `argoproj.io/v1alpha1`. */
  readonly apiVersion: string;
  /** e.g. `CronWorkflow`. */
  readonly kind: string;
  /**
   * Whether objects of this kind live in a namespace.
   * @default true
   */
  readonly namespaced?: boolean;
}

export interface ValidationOptions {
  /**
   * Objects referenced but managed outside the synthesized set, e.g. `{kind: 'ClusterRole', name: 'edit'}`,
   * `{kind: 'Secret', namespace: 'jenkins', name: 'jenkins-admin'}`, `{kind: 'Namespace', name: 'logging'}`.
   * Without `namespace`, the entry matches that kind and name in every namespace.
   * @default - none: every reference must be in the set or built into every cluster
   */
  readonly external?: readonly ExternalObject[];
  /**
   * Custom resource kinds the objects may use. Kinds of CustomResourceDefinitions in the set
   * are known without being listed here.
   * @default - none: an apiVersion/kind kubernetes-models does not know is an `unknown-kind` violation
   */
  readonly customKinds?: readonly CustomKind[];
}

export interface K8sViolation {
  /** `Deployment logging/loki`, `ClusterRole edit`. */
  readonly object: string;
  readonly rule: string;
  readonly message: string;
}

/** Built-in kinds that are not namespaced; every other built-in kind is. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus', 'ClusterRole', 'ClusterRoleBinding',
  'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass', 'CustomResourceDefinition',
  'APIService', 'PriorityClass', 'RuntimeClass', 'IngressClass', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'CertificateSigningRequest', 'ClusterTrustBundle',
  'FlowSchema', 'PriorityLevelConfiguration', 'IPAddress', 'ServiceCIDR', 'DeviceClass', 'StorageVersion',
  'StorageVersionMigration', 'TokenReview', 'SelfSubjectReview', 'SubjectAccessReview',
  'SelfSubjectAccessReview', 'SelfSubjectRulesReview',
  // Custom kinds validated against their own models (k8s-models.ts THIRD_PARTY_MODELS).
  'ClusterWorkflowTemplate',
]);

/** Custom kinds (`apiVersion|kind` -> namespaced) from the options and from CRDs in the set. */
function customKindsOf(objects: readonly Manifest[], declared: readonly CustomKind[]): Map<string, boolean> {
  const kinds = new Map<string, boolean>();
  for (const custom of declared) kinds.set(`${custom.apiVersion}|${custom.kind}`, custom.namespaced ?? true);
  for (const object of objects) {
    if (object?.kind !== 'CustomResourceDefinition') continue;
    const spec = record(object.spec) ?? {};
    for (const version of list(spec.versions)) {
      kinds.set(`${spec.group}/${version?.name}|${spec.names?.kind}`, spec.scope !== 'Cluster');
    }
  }
  return kinds;
}

/** Returns every violation (empty array when all good). */
export function validateManifests(objects: readonly any[], options: ValidationOptions = {}): K8sViolation[] {
  const violations: K8sViolation[] = [];
  const report: Report = (object, rule, message) => violations.push({ object: describeObject(object), rule, message });
  const manifests = objects.filter((object, i) => {
    const ok = record(object) !== undefined && typeof object.apiVersion === 'string' && typeof object.kind === 'string';
    if (!ok) violations.push({ object: `objects[${i}]`, rule: 'unknown-kind', message: `not a manifest with string apiVersion and kind: ${JSON.stringify(object)?.slice(0, 80)}` });
    return ok;
  }) as Manifest[];
  const customKinds = customKindsOf(manifests, options.customKinds ?? []);
  const index = new ObjectIndex(manifests, options.external ?? []);
  checkDuplicates(manifests, report);
  for (const object of manifests) {
    const model = modelFor(object.apiVersion, object.kind);
    const custom = customKinds.get(`${object.apiVersion}|${object.kind}`);
    let namespaced: boolean;
    const replacement = removedApiReplacement(object.apiVersion, object.kind);
    if (replacement) {
      report(object, 'removed-api-version', `${object.apiVersion} ${object.kind} is no longer served by Kubernetes: use ${replacement}.`);
      namespaced = !CLUSTER_SCOPED.has(object.kind);
    } else if (model) {
      for (const problem of schemaProblems(model, object)) report(object, 'schema', `${problem.path} ${problem.message}.`);
      namespaced = !CLUSTER_SCOPED.has(object.kind);
    } else if (custom !== undefined) {
      namespaced = custom;
    } else {
      report(object, 'unknown-kind', `${object.apiVersion} ${object.kind} is not a Kubernetes kind known to kubernetes-models (a typo, a removed API version, or a custom resource: declare it in options.customKinds or include its CustomResourceDefinition).`);
      namespaced = namespaceOf(object) !== undefined;
    }
    checkObject(object, namespaced, report);
    checkReferences(object, index, report);
  }
  return violations;
}

/** Formats violations one per line: `Deployment web/app: [image-unpinned] ...`. */
export function formatViolations(violations: readonly K8sViolation[]): string {
  return violations.map((v) => `${v.object}: [${v.rule}] ${v.message}`).join('\n');
}

/** jest-friendly: throws an Error listing every violation, one per line. */
export function assertValidManifests(objects: readonly any[], options?: ValidationOptions): void {
  const violations = validateManifests(objects, options);
  if (violations.length > 0) {
    throw new Error(`${violations.length} Kubernetes manifest violation(s):\n${formatViolations(violations)}`);
  }
}
