/**
 * eks-platform: typed constructs for a company's Amazon EKS platform.
 *
 * The root re-exports the configuration and the cdk8s side only, so importing it never loads
 * Pulumi. The Pulumi components are at `eks-platform/aws` (and `Platform` there).
 */
export * from './config';
export * from './k8s';
export * from './names';
export { PlatformChart, selectCluster, ACCOUNT_LABEL, CLUSTER_LABEL, type PlatformChartProps } from './platform/k8s-platform';
