/**
 * A user's own cdk8s program that renders a whole cluster's platform from an account description:
 * `PlatformChart` (aws-auth, the default StorageClass, the add-ons and their Namespaces), then
 * `app.synth()` writes `dist/platform/platform.k8s.yaml`. Run: `npx tsc -p examples && node ...`,
 * or adapt into your `main.ts`.
 */
import { App } from 'cdk8s';
import { PlatformChart, type AccountConfig } from 'eks-platform';

/** One account, one cluster, logging add-ons: the description `PlatformChart` renders. */
export const account: AccountConfig = {
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
    identities: [{ arn: 'arn:aws:iam::111122223333:role/platform-admin', access: { kind: 'admin' } }],
    addons: {
      loki: { mode: 'single-binary', retentionDays: 7, volumeSizeGiB: 10 },
      fluentBit: {},
    },
  }],
};

/** Builds the app (the chart validates the account first and throws listing every problem). */
export function buildApp(outdir = 'dist/platform'): App {
  const app = new App({ outdir });
  new PlatformChart(app, 'platform', { account });
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
