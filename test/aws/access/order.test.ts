/**
 * Access entries wait for the IAM roles they name: EKS refuses an entry whose principal does not
 * exist, and a component's own `dependsOn` does not reach its children, so each entry carries it.
 */
import { installMocks } from '../../support/pulumi-mocks';
import { sandbox } from '../../../stacks/accounts/sandbox';
import { jenkinsDeployRoleArn } from '../../../lib/names';

const mocks = installMocks();
let Platform: typeof import('../../../lib/platform/aws-platform').Platform;
beforeAll(async () => {
  ({ Platform } = await import('../../../lib/platform/aws-platform'));
});
afterAll(() => mocks.settle());

it("makes the Jenkins deploy role's access entry wait for the Jenkins roles component", async () => {
  const waits: Record<string, string[]> = {};
  const names = new Map<unknown, string>();
  new Platform('order', { account: sandbox }, {
    transformations: [({ name, type, props, opts, resource }) => {
      names.set(resource, `${type}::${name}`);
      if (type === 'aws:eks/accessEntry:AccessEntry') waits[String((props as { principalArn?: unknown }).principalArn)] = [opts.dependsOn ?? []].flat().map((d) => names.get(d) ?? '?');
      return undefined;
    }],
  });
  await mocks.settle();
  const deployRole = jenkinsDeployRoleArn(sandbox.accountId, 'platform-sandbox');
  expect(waits[deployRole]).toEqual(['eks-platform:aws:JenkinsRoles::order-platform-sandbox-jenkins']);
});
