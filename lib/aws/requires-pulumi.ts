/**
 * The Pulumi packages `eks-platform/aws` needs. They are optional peer dependencies (a cdk8s-only
 * user need not install them), so importing `eks-platform/aws` without them must say what to
 * install instead of failing with a bare "Cannot find module".
 */

/** The optional peer dependencies the AWS side loads. */
export const PULUMI_PACKAGES = ['@pulumi/pulumi', '@pulumi/aws', '@pulumi/eks', '@pulumi/kubernetes'] as const;

/** Those of {@link PULUMI_PACKAGES} that `resolve` cannot find. */
export function missingPulumiPackages(resolve: (id: string) => string = require.resolve): string[] {
  return PULUMI_PACKAGES.filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/** Throws naming the packages to install when any of {@link PULUMI_PACKAGES} is missing. */
export function assertPulumiInstalled(resolve?: (id: string) => string): void {
  const missing = missingPulumiPackages(resolve);
  if (missing.length === 0) return;
  throw new Error(`eks-platform/aws needs the Pulumi packages, optional peer dependencies of eks-platform; missing: ${missing.join(', ')}. ` +
    `Install them: npm install ${PULUMI_PACKAGES.join(' ')} (versions: eks-platform's peerDependencies). The cdk8s side (eks-platform, eks-platform/k8s, eks-platform/config) needs none of them.`);
}

assertPulumiInstalled();
