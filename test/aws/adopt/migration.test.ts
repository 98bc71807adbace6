/**
 * The tenancy migration of adopted production, whose dedicated groups eksctl owns: `pulumi up`
 * adds library-owned twins and never touches eksctl's groups; the runbook scales and deletes
 * them with `aws eks` and `eksctl`; capacity, AZs and node roles hold throughout.
 */
import { nodeRoleArns, type ClusterConfig, type MigrationPhase } from '../../../lib/config';
import {
  allTransitions, renderPlan, transitionChanges, transitionCommands, transitionViolations,
} from '../../../lib/aws/tenancy';
import { production } from '../../../stacks/accounts/production';
import { eksNameOf } from '../../../lib/aws/node-group/generation';

const cluster = production.clusters[0];
const GENERAL_ROLE = cluster.nodeGroups[0].nodeRoleArn!;
const BATCH_ROLE = cluster.nodeGroups[1].nodeRoleArn!;
/** general's twin as the library declares it (its own role, no eksctl owner). */
const TWIN = { ...cluster.nodeGroups[0], managedBy: undefined, nodeRoleArn: undefined };
const AWS = '--region us-east-1 --profile acme-production';
const TAINT = '{"key":"eks-platform.io/tenancy-migration","value":"draining","effect":"NO_SCHEDULE"}';

function at(phase: MigrationPhase): ClusterConfig {
  return { ...cluster, tenancyMigration: { strategy: 'blue-green', phase, previousPhase: phase } };
}

describe('pulumi up changes', () => {
  it('adds the twins in surge and leaves eksctl\'s groups alone', () => {
    expect(transitionChanges(cluster, 'dedicated', 'surge')).toEqual([
      expect.stringMatching(/^\+ create node group general-shared \(default tenancy/),
      expect.stringMatching(/^\+ create node group batch-shared \(default tenancy/),
      '= eksctl node group general: not changed by pulumi up; the runbook pins its maxSize to its desired size and taints it NoSchedule',
      '= eksctl node group batch: not changed by pulumi up; the runbook pins its maxSize to its desired size and taints it NoSchedule',
    ]);
  });

  it('scales nothing in drain: the runbook scales eksctl\'s groups', () => {
    expect(transitionChanges(cluster, 'surge', 'drain')).toEqual([
      '= eksctl node group general: not changed by pulumi up; the runbook scales it to zero and taints it',
      '= eksctl node group batch: not changed by pulumi up; the runbook scales it to zero and taints it',
    ]);
  });

  it('deletes nothing in shared: the runbook deletes eksctl\'s groups', () => {
    expect(transitionChanges(cluster, 'drain', 'shared')).toEqual([
      '= eksctl node group general: not deleted by pulumi up; the runbook deletes it with eksctl once its twin carries the load (its role stays mapped)',
      '= eksctl node group batch: not deleted by pulumi up; the runbook deletes it with eksctl once its twin carries the load (its role stays mapped)',
    ]);
  });

  it('restores nothing on a rollback from drain: the runbook restores eksctl\'s groups', () => {
    expect(transitionChanges(cluster, 'drain', 'surge')).toEqual([
      '= eksctl node group general: not changed by pulumi up; the runbook restores its sizes (still pinned and tainted)',
      '= eksctl node group batch: not changed by pulumi up; the runbook restores its sizes (still pinned and tainted)',
    ]);
  });
});

describe('runbook commands', () => {
  it('cordons and drains eksctl\'s nodes by their EKS node group label after the twins are Ready', () => {
    expect(transitionCommands(production, cluster, 'dedicated', 'surge').after).toEqual([
      `kubectl --context platform-production wait --for=condition=Ready node -l eks.amazonaws.com/nodegroup=${eksNameOf(cluster, { ...TWIN, name: 'general-shared' })} --timeout=20m`,
      `kubectl --context platform-production wait --for=condition=Ready node -l eks.amazonaws.com/nodegroup=${eksNameOf(cluster, { ...cluster.nodeGroups[1], managedBy: undefined, nodeRoleArn: undefined, name: 'batch-shared' })} --timeout=20m`,
      'kubectl --context platform-production cordon -l eks.amazonaws.com/nodegroup=general',
      'kubectl --context platform-production cordon -l eks.amazonaws.com/nodegroup=batch',
      'kubectl --context platform-production drain -l eks.amazonaws.com/nodegroup=general --ignore-daemonsets --delete-emptydir-data --timeout=30m',
      'kubectl --context platform-production drain -l eks.amazonaws.com/nodegroup=batch --ignore-daemonsets --delete-emptydir-data --timeout=30m',
    ]);
  });

  it('scales eksctl\'s groups to zero and taints them in drain', () => {
    expect(transitionCommands(production, cluster, 'surge', 'drain').before.filter((c) => c.startsWith('aws eks'))).toEqual([
      `aws eks update-nodegroup-config --cluster-name platform-production --nodegroup-name general ${AWS} --scaling-config minSize=0,maxSize=1,desiredSize=0 --taints '{"addOrUpdateTaints":[${TAINT}]}'`,
      `aws eks update-nodegroup-config --cluster-name platform-production --nodegroup-name batch ${AWS} --scaling-config minSize=0,maxSize=1,desiredSize=0 --taints '{"addOrUpdateTaints":[${TAINT}]}'`,
    ]);
  });

  it('prints the exact eksctl delete commands after drain', () => {
    expect(transitionCommands(production, cluster, 'drain', 'shared').after.filter((c) => c.startsWith('eksctl'))).toEqual([
      `eksctl delete nodegroup --cluster platform-production --name general ${AWS} --drain --wait`,
      `eksctl delete nodegroup --cluster platform-production --name batch ${AWS} --drain --wait`,
    ]);
  });

  it('restores the surge sizes (maxSize pinned) and keeps the taint on a rollback from drain', () => {
    expect(transitionCommands(production, cluster, 'drain', 'surge').before.filter((c) => c.startsWith('aws eks'))).toEqual([
      `aws eks update-nodegroup-config --cluster-name platform-production --nodegroup-name general ${AWS} --scaling-config minSize=3,maxSize=6,desiredSize=6`,
      `aws eks update-nodegroup-config --cluster-name platform-production --nodegroup-name batch ${AWS} --scaling-config minSize=0,maxSize=2,desiredSize=2`,
    ]);
  });

  it('pins eksctl\'s groups and taints them NoSchedule before the pulumi up of surge (as that pulumi up does to its own)', () => {
    expect(transitionCommands(production, cluster, 'dedicated', 'surge').before.filter((c) => c.startsWith('aws eks'))).toEqual([
      `aws eks update-nodegroup-config --cluster-name platform-production --nodegroup-name general ${AWS} --scaling-config minSize=3,maxSize=6,desiredSize=6 --taints '{"addOrUpdateTaints":[${TAINT}]}'`,
      `aws eks update-nodegroup-config --cluster-name platform-production --nodegroup-name batch ${AWS} --scaling-config minSize=0,maxSize=2,desiredSize=2 --taints '{"addOrUpdateTaints":[${TAINT}]}'`,
    ]);
  });

  it('restores the sizes and removes the taint on a rollback from surge', () => {
    expect(transitionCommands(production, cluster, 'surge', 'dedicated').before.filter((c) => c.startsWith('aws eks'))).toEqual([
      `aws eks update-nodegroup-config --cluster-name platform-production --nodegroup-name general ${AWS} --scaling-config minSize=3,maxSize=12,desiredSize=6 --taints '{"removeTaints":[${TAINT}]}'`,
      `aws eks update-nodegroup-config --cluster-name platform-production --nodegroup-name batch ${AWS} --scaling-config minSize=0,maxSize=8,desiredSize=2 --taints '{"removeTaints":[${TAINT}]}'`,
    ]);
  });
});

describe('invariants', () => {
  it.each(allTransitions(at('dedicated')).map(([from, to]) => [from, to]))('keeps capacity and AZs from %s to %s', (from, to) => {
    expect(transitionViolations(at('dedicated'), from, to)).toEqual([]);
  });

  it.each(['dedicated', 'surge', 'drain', 'shared'] as const)('maps both eksctl node roles in %s', (phase) => {
    expect(nodeRoleArns(production, at(phase))).toEqual(expect.arrayContaining([GENERAL_ROLE, BATCH_ROLE]));
  });
});

describe('npm run plan', () => {
  it('marks eksctl\'s groups and shows their commands in every step', () => {
    const text = renderPlan(production, { allPhases: true });
    expect([
      text.includes('general                dedicated  m6i.xlarge     min 3 / desired 6 / max 12   us-east-1a, us-east-1b, us-east-1c [eksctl: never changed by pulumi up]'),
      text.includes(`eksctl delete nodegroup --cluster platform-production --name batch ${AWS} --drain --wait`),
      /delete node group general(?![-\w])/.test(text), // never the eksctl group itself (its twin general-shared may be)
    ]).toEqual([true, true, false]);
  });
});
