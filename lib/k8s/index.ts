/**
 * `eks-platform/k8s`: the cdk8s constructs. Imports no Pulumi package.
 */
export * from './common';
export * from './aws-auth';
export * from './storage';
export * from './loki';
export * from './fluent-bit';
export * from './syslog-ng';
export * from './cluster-autoscaler';
export * from './namespace';
