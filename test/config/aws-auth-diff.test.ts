/**
 * The aws-auth takeover comparison: a live ConfigMap (as `kubectl get cm aws-auth -o yaml`
 * prints it) against what the library renders for adopted production.
 */
import { diffAwsAuth, parseAwsAuthConfigMap, renderAwsAuthDiff, renderedAwsAuth } from '../../lib/config';
import { production } from '../../stacks/accounts/production';

const cluster = production.clusters[0];
const GENERAL = cluster.nodeGroups[0].nodeRoleArn!;
const BATCH = cluster.nodeGroups[1].nodeRoleArn!;

const nodeEntry = (arn: string) => `    - groups:\n      - system:bootstrappers\n      - system:nodes\n      rolearn: ${arn}\n      username: system:node:{{EC2PrivateDNSName}}\n`;

/** A live ConfigMap as eksctl leaves it: its node roles, plus `extra` mapRoles entries and `users`. */
function live(roles: string, users = '', other = ''): string {
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: aws-auth',
    '  namespace: kube-system',
    'data:',
    '  mapRoles: |',
    roles.trimEnd(),
    ...(users ? ['  mapUsers: |', users.trimEnd()] : []),
    ...(other ? [other] : []),
    '',
  ].join('\n');
}

/** Every entry the library renders for production, as live YAML (mapRoles only). */
function renderedRoles(): string {
  return renderedAwsAuth(production, cluster).entries.filter((e) => e.kind === 'role').map((e) =>
    `    - groups: [${e.groups.map((g) => JSON.stringify(g)).join(', ')}]\n      rolearn: ${e.arn}\n      username: ${JSON.stringify(e.username)}\n`).join('');
}

const diff = (text: string) => diffAwsAuth(parseAwsAuthConfigMap(text), renderedAwsAuth(production, cluster));

describe('diffAwsAuth', () => {
  it('finds nothing to change when the live ConfigMap is what the library renders', () => {
    const d = diff(live(renderedRoles()));
    expect([d.added, d.removed, d.changed, d.refusals, d.unchanged.length]).toEqual([[], [], [], [], 7]);
  });

  it('lists the identities the library adds to eksctl\'s ConfigMap', () => {
    const d = diff(live(nodeEntry(GENERAL) + nodeEntry(BATCH)));
    expect(d.added.map((e) => e.arn)).toEqual([
      'arn:aws:iam::444455556666:role/platform-admin',
      'arn:aws:iam::444455556666:role/AWSReservedSSO_ReadOnly_0123456789abcdef',
      'arn:aws:iam::777788889999:role/ci-deployer',
      'arn:aws:iam::444455556666:role/oncall',
      'arn:aws:iam::444455556666:role/platform-production-jenkins-deploy',
    ]);
  });

  it('lists a hand-added entry the config does not know as removed', () => {
    const handAdded = '    - rolearn: arn:aws:iam::444455556666:role/legacy-ops\n      username: legacy-ops\n      groups:\n      - ops\n';
    const d = diff(live(renderedRoles() + handAdded, '    - userarn: arn:aws:iam::444455556666:user/alice\n      username: alice\n      groups:\n      - system:masters\n'));
    expect([d.removed.map((e) => `${e.kind} ${e.arn}`), d.refusals]).toEqual([
      ['role arn:aws:iam::444455556666:role/legacy-ops', 'user arn:aws:iam::444455556666:user/alice'],
      [],
    ]);
  });

  it('lists an entry whose groups change', () => {
    const admin = '    - rolearn: arn:aws:iam::444455556666:role/platform-admin\n      username: admin\n      groups:\n      - ops\n';
    const d = diff(live(nodeEntry(GENERAL) + nodeEntry(BATCH) + admin));
    expect(d.changed).toEqual([{
      before: { kind: 'role', arn: 'arn:aws:iam::444455556666:role/platform-admin', username: 'admin', groups: ['ops'] },
      after: { kind: 'role', arn: 'arn:aws:iam::444455556666:role/platform-admin', username: 'platform-admin:{{SessionName}}', groups: ['system:masters'] },
    }]);
  });

  it('matches ARNs as aws-auth does: without IAM path, whatever the case', () => {
    const d = diff(live(nodeEntry(GENERAL.toLowerCase()) + nodeEntry(BATCH)));
    expect(d.removed).toEqual([]);
  });

  it('refuses while an entry mapping system:nodes would be removed', () => {
    const other = eksctlNodeRoleArnOfOldGroup();
    const d = diff(live(renderedRoles() + nodeEntry(other)));
    expect(d.refusals).toEqual([
      `${other} maps system:nodes and would be removed: its nodes would drop off the cluster. Declare its node group (managedBy: 'eksctl' with nodeRoleArn) or add the role to extraNodeRoleArns.`,
    ]);
  });

  it('refuses while a node role would lose system:nodes', () => {
    const admin = '    - rolearn: arn:aws:iam::444455556666:role/platform-admin\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:bootstrappers, system:nodes]\n';
    const d = diff(live(nodeEntry(GENERAL) + nodeEntry(BATCH) + admin));
    expect(d.refusals).toEqual([
      'arn:aws:iam::444455556666:role/platform-admin maps system:nodes now and would lose it: its nodes would drop off the cluster. Add the role to extraNodeRoleArns instead of identities.',
    ]);
  });

  it('leaves data keys it does not write alone', () => {
    const d = diff(live(renderedRoles(), '', '  mapAccounts: |\n    - "444455556666"'));
    expect(d.otherKeys).toEqual(['mapAccounts']);
  });
});

function eksctlNodeRoleArnOfOldGroup(): string {
  return 'arn:aws:iam::444455556666:role/eksctl-platform-production-nodegr-NodeInstanceRole-OLDGROUP0001';
}

describe('parseAwsAuthConfigMap', () => {
  it('reads the JSON form too', () => {
    const json = JSON.stringify({ kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' }, data: { mapRoles: `- rolearn: ${GENERAL}\n  username: x\n  groups: [system:nodes]\n` } });
    expect(parseAwsAuthConfigMap(json).entries).toEqual([{ kind: 'role', arn: GENERAL, username: 'x', groups: ['system:nodes'] }]);
  });

  it('throws on another object', () => {
    expect(() => parseAwsAuthConfigMap('kind: ConfigMap\nmetadata:\n  name: coredns\n', 'cm.yaml'))
      .toThrow('cm.yaml: must be the kube-system/aws-auth ConfigMap (\'kubectl get configmap aws-auth -n kube-system -o yaml\'), got kind "ConfigMap" named "coredns".');
  });

  it('throws on an entry without its ARN', () => {
    expect(() => parseAwsAuthConfigMap(live('    - username: x\n'), 'cm.yaml')).toThrow("cm.yaml: data.mapRoles[0] must have a string 'rolearn', got {\"username\":\"x\"}.");
  });

  it('throws on text that is not YAML', () => {
    expect(() => parseAwsAuthConfigMap('a: [', 'cm.yaml')).toThrow('cm.yaml: not YAML or JSON');
  });

  it('throws on mapRoles that is not a YAML string', () => {
    expect(() => parseAwsAuthConfigMap('kind: ConfigMap\nmetadata:\n  name: aws-auth\ndata:\n  mapRoles: [1]\n', 'cm.yaml')).toThrow('cm.yaml: data.mapRoles must be a YAML string, got object.');
  });

  it('throws on mapRoles that is not a list', () => {
    expect(() => parseAwsAuthConfigMap(live('    rolearn: x\n'), 'cm.yaml')).toThrow('cm.yaml: data.mapRoles must be a YAML list of entries, got {"rolearn":"x"}.');
  });
});

describe('renderAwsAuthDiff', () => {
  it('prints each removal, addition and change, and the refusal', () => {
    const text = renderAwsAuthDiff('platform-production', diff(live(nodeEntry(GENERAL) + nodeEntry(eksctlNodeRoleArnOfOldGroup()))));
    expect(text.split('\n').filter((l) => /^\s+[-+~!=] /.test(l)).map((l) => l.trim().replace(/ as .*| and would .*/, ''))).toEqual([
      `- remove role ${eksctlNodeRoleArnOfOldGroup()}`,
      `+ add    role ${BATCH}`,
      '+ add    role arn:aws:iam::444455556666:role/platform-admin',
      '+ add    role arn:aws:iam::444455556666:role/AWSReservedSSO_ReadOnly_0123456789abcdef',
      '+ add    role arn:aws:iam::777788889999:role/ci-deployer',
      '+ add    role arn:aws:iam::444455556666:role/oncall',
      '+ add    role arn:aws:iam::444455556666:role/platform-production-jenkins-deploy',
      '= 1 entry unchanged.',
      `! ${eksctlNodeRoleArnOfOldGroup()} maps system:nodes`,
    ]);
  });
});
