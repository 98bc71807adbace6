/**
 * Argo's CustomResourceDefinitions in the small form of upstream's
 * `manifests/base/crds/minimal` (what `install.yaml` ships): each kind is served and stored,
 * but `spec` and `status` keep whatever fields they are given instead of carrying the
 * megabytes of OpenAPI schema the `full` CRDs hold. The controller validates workflows itself
 * when it runs them, and this library validates every object it emits against Argo's own
 * schema at test time (`@kubernetes-models/argo-workflows`), so nothing is lost and synth stays fast.
 *
 * The eight kinds are those the v4 controller watches or writes (the argo-helm chart's
 * `templates/crds` list): Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow,
 * WorkflowEventBinding, WorkflowTaskSet, WorkflowTaskResult, WorkflowArtifactGCTask.
 */
import { k8s } from 'cdk8s-plus-27';

/** Group of every Argo kind. */
export const ARGO_GROUP = 'argoproj.io';
/** apiVersion of every Argo kind. */
export const ARGO_API_VERSION = `${ARGO_GROUP}/v1alpha1`;

interface CrdKind {
  readonly kind: string;
  readonly plural: string;
  readonly shortNames?: string[];
  readonly scope?: 'Namespaced' | 'Cluster';
  readonly printerColumns?: k8s.CustomResourceColumnDefinition[];
  /** Top-level fields other than spec/status (WorkflowTaskResult keeps its results at the root). */
  readonly rootFields?: string[];
}

/** The kinds, with the short names and printer columns upstream gives them. */
export const ARGO_CRD_KINDS: readonly CrdKind[] = [
  {
    kind: 'Workflow', plural: 'workflows', shortNames: ['wf'],
    printerColumns: [
      { name: 'Status', type: 'string', jsonPath: '.status.phase', description: 'Status of the workflow' },
      { name: 'Age', type: 'date', format: 'date-time', jsonPath: '.status.startedAt', description: 'When the workflow was started' },
      { name: 'Message', type: 'string', jsonPath: '.status.message', description: 'Human readable message indicating details about why the workflow is in this condition.' },
    ],
  },
  { kind: 'WorkflowTemplate', plural: 'workflowtemplates', shortNames: ['wftmpl'] },
  { kind: 'ClusterWorkflowTemplate', plural: 'clusterworkflowtemplates', shortNames: ['clusterwftmpl', 'cwft'], scope: 'Cluster' },
  { kind: 'CronWorkflow', plural: 'cronworkflows', shortNames: ['cwf', 'cronwf'] },
  { kind: 'WorkflowEventBinding', plural: 'workfloweventbindings', shortNames: ['wfeb'] },
  { kind: 'WorkflowTaskSet', plural: 'workflowtasksets', shortNames: ['wfts'] },
  { kind: 'WorkflowTaskResult', plural: 'workflowtaskresults', rootFields: ['message', 'outputs', 'phase', 'progress'] },
  { kind: 'WorkflowArtifactGCTask', plural: 'workflowartifactgctasks', shortNames: ['wfat'] },
];

const KEEP_UNKNOWN: k8s.JsonSchemaProps = { type: 'object', xKubernetesPreserveUnknownFields: true, xKubernetesMapType: 'atomic' };

/** The props of one minimal CRD. */
export function minimalCrd(kind: CrdKind, labels: Record<string, string>): k8s.KubeCustomResourceDefinitionProps {
  const root: Record<string, k8s.JsonSchemaProps> = {};
  for (const field of kind.rootFields ?? []) {
    root[field] = field === 'outputs' ? { type: 'object', xKubernetesPreserveUnknownFields: true } : { type: 'string' };
  }
  const hasSpec = kind.rootFields === undefined;
  return {
    metadata: { name: `${kind.plural}.${ARGO_GROUP}`, labels },
    spec: {
      group: ARGO_GROUP,
      scope: kind.scope ?? 'Namespaced',
      names: {
        kind: kind.kind,
        listKind: `${kind.kind}List`,
        plural: kind.plural,
        singular: kind.kind.toLowerCase(),
        ...(kind.shortNames ? { shortNames: kind.shortNames } : {}),
      },
      versions: [{
        name: 'v1alpha1',
        served: true,
        storage: true,
        ...(kind.printerColumns ? { additionalPrinterColumns: kind.printerColumns } : {}),
        schema: {
          openApiv3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              ...(hasSpec ? { spec: KEEP_UNKNOWN, status: KEEP_UNKNOWN } : root),
            },
            required: hasSpec ? ['metadata', 'spec'] : ['metadata'],
          },
        },
        subresources: {},
      }],
    },
  };
}
