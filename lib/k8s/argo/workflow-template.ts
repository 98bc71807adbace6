/**
 * `WorkflowTemplate`: a shared set of steps other workflows run by reference (`templateRef`),
 * each step taking per-use overrides of resources, deadline, env and node selector without
 * anyone writing a `podSpecPatch` (see `templates.ts`).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { WorkflowStepConfig, WorkflowTemplateConfig } from '../../config/addons/argo-workflow-spec';
import { validateWorkflowTemplate } from '../../config/addons/argo-workflow-validate';
import { ProblemCollector } from '../../config/problems';
import { throwIfProblems } from '../common';
import { ARGO_API_VERSION } from './crds';
import { ARGO_EXECUTOR_SERVICE_ACCOUNT } from './config';
import { containerTemplate } from './templates';

/** Properties of {@link WorkflowTemplate}. */
export type WorkflowTemplateProps = WorkflowTemplateConfig;

/** A shared Argo WorkflowTemplate; its `steps` are the templates others `use`. */
export class WorkflowTemplate extends Construct {
  /** Name of the WorkflowTemplate. */
  public readonly name: string;
  /** Namespace of the WorkflowTemplate. */
  public readonly namespace: string;
  /** Its steps, in order. */
  public readonly steps: readonly WorkflowStepConfig[];
  /** The object (id `Resource`). */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: WorkflowTemplateProps) {
    super(scope, id);
    const problems = new ProblemCollector();
    validateWorkflowTemplate(props, '', problems);
    throwIfProblems('WorkflowTemplate', id, problems);
    this.name = props.name;
    this.namespace = props.namespace;
    this.steps = props.steps;
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: ARGO_API_VERSION,
      kind: 'WorkflowTemplate',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        entrypoint: props.steps[0].name,
        serviceAccountName: ARGO_EXECUTOR_SERVICE_ACCOUNT,
        templates: props.steps.map((s) => containerTemplate(s, true)),
      },
    });
  }

  /** The names of the steps a workflow can `use`. */
  public get stepNames(): string[] {
    return this.steps.map((s) => s.name);
  }
}
