/**
 * Stated vs observed control plane (`--observed <describe-cluster.json>`), and the adoption
 * flags of `npm run plan` (`stacks/plan-adopt.ts`) with their refusals.
 */
import { compareControlPlane, parseDescribeCluster, renderControlPlaneComparison } from '../../../lib/aws/adopt/observed';
import { production } from '../../../stacks/accounts/production';
import { adoptPlan, adoptPlanFor, splitAdoptArgs } from '../../../stacks/plan-adopt';

const cluster = production.clusters[0];
const TARGET = '--name platform-production --region us-east-1 --profile acme-production';

/** `aws eks describe-cluster --name platform-production` as eksctl left it, with `change` applied. */
function described(change: (c: Record<string, any>) => void = () => {}): string {
  const c: Record<string, any> = {
    name: 'platform-production',
    version: '1.35',
    status: 'ACTIVE',
    resourcesVpcConfig: {
      vpcId: 'vpc-0f1e2d3c4b5a69788',
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['198.51.100.16/28', '203.0.113.0/24'],
    },
    logging: { clusterLogging: [
      { types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: true },
    ] },
    accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
  };
  change(c);
  return JSON.stringify({ cluster: c });
}

const compare = (text: string) => compareControlPlane(production, cluster, parseDescribeCluster(text));

describe('compareControlPlane', () => {
  it('finds no difference when the cluster is as stated', () => {
    expect(compare(described())).toEqual([]);
  });

  it('lists another version as blocking, with the upgrade command', () => {
    expect(compare(described((c) => { c.version = '1.31'; }))).toEqual([{
      field: 'version', stated: '1.35', observed: '1.31', blocking: true,
      fix: `state version '1.31' (EKS add-on versions follow it), or upgrade one minor at a time: aws eks update-cluster-version ${TARGET} --kubernetes-version <next minor>`,
    }]);
  });

  it('lists other endpoint access, not blocking, with the command that applies the config', () => {
    expect(compare(described((c) => { c.resourcesVpcConfig.publicAccessCidrs = ['0.0.0.0/0']; }))).toEqual([{
      field: 'endpoint',
      stated: 'private on, public on for 198.51.100.16/28, 203.0.113.0/24',
      observed: 'private on, public on for 0.0.0.0/0',
      blocking: false,
      fix: `aws eks update-cluster-config ${TARGET} --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=true,publicAccessCidrs=203.0.113.0/24,198.51.100.16/28`,
    }]);
  });

  it('lists missing log types, not blocking', () => {
    const [d] = compare(described((c) => { c.logging.clusterLogging = [{ types: ['api', 'audit'], enabled: true }, { types: ['scheduler'], enabled: false }]; }));
    expect([d.field, d.observed, d.blocking]).toEqual(['logging', 'api, audit', false]);
  });

  it('reads a cluster without accessConfig as CONFIG_MAP, a blocking difference', () => {
    const [d] = compare(described((c) => { delete c.accessConfig; }));
    expect([d.field, d.observed, d.blocking]).toEqual(['authenticationMode', 'CONFIG_MAP', true]);
  });

  it('lists another VPC as blocking', () => {
    const [d] = compare(described((c) => { c.resourcesVpcConfig.vpcId = 'vpc-0aaaaaaaaaaaaaaaa'; }));
    expect([d.field, d.stated, d.observed, d.blocking]).toEqual(['vpc', 'vpc-0f1e2d3c4b5a69788', 'vpc-0aaaaaaaaaaaaaaaa', true]);
  });

  it('throws on a file that is not JSON', () => {
    expect(() => parseDescribeCluster('cluster: x', 'd.json')).toThrow('d.json: not JSON (');
  });

  it('throws on a cluster without its version', () => {
    expect(() => parseDescribeCluster('{"cluster":{"name":"c"}}', 'd.json')).toThrow("d.json: cluster.version must be a string, got undefined; give the output of 'aws eks describe-cluster --name <cluster>'.");
  });

  it('throws on a file that is not describe-cluster output', () => {
    expect(() => parseDescribeCluster('{"nodegroup":{}}', 'ng.json')).toThrow("ng.json: has no 'cluster' object; give the output of 'aws eks describe-cluster --name <cluster> --output json'.");
  });

  it('says pulumi up changes none of them and refuses on a blocking one', () => {
    const text = renderControlPlaneComparison('platform-production', compare(described((c) => { c.version = '1.32'; })));
    expect(text.split('\n').slice(-2)).toEqual([
      '  pulumi up changes none of these: an existing control plane is looked up, never managed.',
      '  REFUSED: resolve the differences marked ! before pulumi up.',
    ]);
  });
});

describe('npm run plan adoption flags', () => {
  const files: Record<string, string> = {
    'ok.json': described(),
    'old.json': described((c) => { c.version = '1.31'; }),
    'cm.yaml': 'kind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::444455556666:role/eksctl-platform-production-nodegr-NodeInstanceRole-GONE00000001\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:bootstrappers, system:nodes]\n',
  };
  const read = (path: string) => files[path];

  it('takes its flags out and leaves the rest to the migration plan', () => {
    expect(splitAdoptArgs(['production', '--adopt', '--aws-auth', 'cm.yaml', '--observed=ok.json', '--all-phases'])).toEqual({
      rest: ['production', '--all-phases'], adopt: true, awsAuthFile: 'cm.yaml', observedFile: 'ok.json', cluster: undefined,
    });
  });

  it('rejects a flag without its file', () => {
    expect(() => splitAdoptArgs(['production', '--aws-auth'])).toThrow('--aws-auth needs a value, e.g. --aws-auth <file>.');
  });

  it('leaves a plain plan to the migration plan', () => {
    expect(adoptPlanFor(['production', '--all-phases'], read)).toBeUndefined();
  });

  it('passes when the observed cluster is as stated', () => {
    expect(adoptPlanFor(['production', '--observed', 'ok.json'], read)!.refused).toBe(false);
  });

  it('refuses on a blocking control-plane difference', () => {
    expect(adoptPlanFor(['production', '--observed', 'old.json'], read)!.refused).toBe(true);
  });

  it('refuses while a node role would be dropped from aws-auth', () => {
    const result = adoptPlanFor(['production', '--aws-auth', 'cm.yaml'], read)!;
    expect([result.refused, result.text.includes('REFUSED: the takeover would drop nodes.')]).toEqual([true, true]);
  });

  it('asks which cluster when the account has several', () => {
    const account = { ...production, clusters: [cluster, { ...cluster, name: 'second' }] };
    expect(() => adoptPlan(account, splitAdoptArgs(['--aws-auth', 'cm.yaml']), read))
      .toThrow("--aws-auth: account 'production' has several clusters (platform-production, second); name one with --cluster <name>.");
  });

  it('rejects a command line without an account', () => {
    expect(() => adoptPlanFor(['--adopt'], read)).toThrow('no account given: npm run plan -- <account> [--adopt]');
  });

  it('rejects an unknown cluster', () => {
    expect(() => adoptPlanFor(['production', '--aws-auth', 'cm.yaml', '--cluster', 'other'], read))
      .toThrow("--cluster: account 'production' has no cluster 'other' (clusters: platform-production).");
  });
});
