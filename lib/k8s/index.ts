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
export * from './prometheus';
export * from './alertmanager';
export * from './node-exporter';
export * from './kube-state-metrics';
export * from './grafana';
export * from './metrics';
export * from './jenkins';
export * from './argo';
export * from './network-policy';
export * from './loki/network';
export * from './fluent-bit/network';
export * from './syslog-ng/network';
export * from './cluster-autoscaler/network';
export * from './metrics/network';
export * from './jenkins/network';
export * from './argo/network';
export * from './tenants';
export * from './namespace';
