/**
 * `eks-platform/aws`: the Pulumi components of the AWS side, one folder each, and the pure
 * helpers beside them. Importing this loads `@pulumi/pulumi` and `@pulumi/aws`.
 */
// First: without the Pulumi packages, fail naming them rather than with "Cannot find module".
import './requires-pulumi';
export * from './provider';
export * from './network';
export * from './cluster';
export * from './node-group';
export * from './tenancy';
export * from './access';
export * from './kms';
export * from './buckets';
export * from './service-roles';
export * from './eks-addons';
export * from './services';
export * from './jenkins';
export * from './efs';
export * from '../platform/bridge';
export { Platform, platformObjects, type PlatformArgs, type PlatformCluster } from '../platform/aws-platform';
export * from './adopt';
