/**
 * `eks-platform/config`: the typed description of an account's platform and its validation.
 * Imports neither Pulumi nor cdk8s.
 */
export * from './types';
// show and isRecord (problems.ts) are internal helpers: modules of lib import them from './problems'.
export { AccountConfigError, ProblemCollector, type ConfigProblem } from './problems';
export * from './constants';
export * from './network';
export * from './identity';
export * from './migration';
export * from './validate';
export { validateKnownKeys } from './unknown-keys';
export * from './addons';
export * from './resources';
export * from './addons/fluent-bit';
export * from './addons/loki';
export * from './addons/syslog-ng';
export * from './addons/jenkins';
export * from './addons/jenkins-deploy';
export * from './aws-services';
export * from './addons/cluster-autoscaler';
export * from './addons/metrics';
export * from './addons/alertmanager';
export * from './addons/alert-rules';
export * from './ip-budget';
export * from './labels';
export * from './aws-auth-entries';
export * from './control-plane';
export * from './aws-auth-diff';
export * from './addons/argo-workflows';
export * from './addons/argo-workflow-spec';
export * from './addons/argo-workflow-validate';
export * from './addons/argo-schedule';
export * from './versions';
export * from './ebs-attach-limit';
export * from './deployer';
export * from './control-plane-logs';
export * from './object-lock';
export * from './tenants';
