/**
 * A user's own cdk8s program that takes a few constructs from eks-platform, without its
 * account model or Pulumi: identity mappings for an existing cluster, plus the default
 * StorageClass. Run: `npx tsc -p examples && node -e ...`, or adapt into your `main.ts`.
 */
import { App, Chart } from 'cdk8s';
import { AwsAuth, DefaultStorageClass } from 'eks-platform/k8s';
import { validateAccount, type IdentityMapping } from 'eks-platform/config';

const identities: IdentityMapping[] = [
  { arn: 'arn:aws:iam::111122223333:role/platform-admin', access: { kind: 'admin' } },
  { arn: 'arn:aws:iam::111122223333:role/auditors', access: { kind: 'view' } },
  { arn: 'arn:aws:iam::111122223333:role/ci-deployer', access: { kind: 'deploy', namespaces: ['shop'] } },
];

/** Builds the chart; exported so it can be tested. */
export function buildApp(outdir = 'dist/example'): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'access');
  new AwsAuth(chart, 'aws-auth', {
    nodeRoleArns: ['arn:aws:iam::111122223333:role/shop-cluster-nodes'],
    identities,
  });
  new DefaultStorageClass(chart, 'storage', { reclaimPolicy: 'Retain' });
  return app;
}

/** The account model can also check mappings before anything is rendered. */
export const problems = validateAccount({
  name: 'shop',
  accountId: '111122223333',
  region: 'us-east-1',
  profile: 'shop',
  clusters: [{
    name: 'shop',
    version: '1.35',
    network: {
      mode: 'managed',
      vpcCidr: '10.50.0.0/16',
      privateSubnets: [{ availabilityZone: 'us-east-1a', cidr: '10.50.0.0/18' }, { availabilityZone: 'us-east-1b', cidr: '10.50.64.0/18' }],
    },
    nodeGroups: [{ name: 'general', instanceTypes: ['m6i.large'], tenancy: 'default', minSize: 2, desiredSize: 2, maxSize: 4 }],
    identities,
  }],
});

if (require.main === module) {
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  buildApp().synth();
}
