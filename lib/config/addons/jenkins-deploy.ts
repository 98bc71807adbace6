/**
 * The deploy side of the Jenkins add-on: the clusters a Jenkins deploys into (`deployTargets`)
 * and the `jenkinsDeployRole` section of a cluster it deploys into, with their validation.
 */
import { show, type ProblemCollector } from '../problems';

/** One cluster Jenkins deploys into; its account creates the deploy role (`jenkinsDeployRole`). */
export interface JenkinsDeployTarget {
  /** Short name, the kubeconfig alias (`--alias <name>`): a DNS-1123 label, e.g. `production`. */
  readonly name: string;
  /** 12-digit account id of the target cluster. */
  readonly accountId: string;
  /** AWS region of the target cluster. */
  readonly region: string;
  /** EKS name of the target cluster (names its deploy role). */
  readonly clusterName: string;
}

/**
 * Section of a cluster Jenkins deploys into: the account creates the deploy role
 * (`jenkinsDeployRoleName(cluster)`) trusting exactly the Jenkins IRSA role of
 * `jenkinsAccountId`/`jenkinsClusterName`. The cluster's `identities` must map that role with
 * access `deploy` (the namespaces it may deploy into).
 */
export interface JenkinsDeployRoleConfig {
  /** Account that runs Jenkins. */
  readonly jenkinsAccountId: string;
  /** EKS name of the cluster Jenkins runs in. */
  readonly jenkinsClusterName: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ACCOUNT_ID = /^\d{12}$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

const field = (path: string, name: string) => `${path}.${name}`;

/** Check `deployTargets` of a Jenkins section; report every problem under `path`. */
export function validateJenkinsDeployTargets(targets: unknown, path: string, problems: ProblemCollector): void {
  if (targets === undefined) return;
  if (!Array.isArray(targets)) {
    problems.add(path, `must be a list of deploy targets ({ name, accountId, region, clusterName }), got ${show(targets)}.`);
    return;
  }
  const names = new Set<string>();
  const clusters = new Set<string>();
  targets.forEach((t: JenkinsDeployTarget, i) => {
    const at = `${path}[${i}]`;
    if (!DNS_LABEL.test(String(t?.name))) problems.add(`${at}.name`, `must be a DNS-1123 label (the kubeconfig alias), got ${show(t?.name)}.`);
    else if (names.has(t.name)) problems.add(`${at}.name`, `must be unique, got ${show(t.name)} twice.`);
    else names.add(t.name);
    if (!ACCOUNT_ID.test(String(t?.accountId))) problems.add(`${at}.accountId`, `must be a 12-digit AWS account id, got ${show(t?.accountId)}.`);
    if (!REGION.test(String(t?.region))) problems.add(`${at}.region`, `must be an AWS region like 'us-east-1', got ${show(t?.region)}.`);
    if (!CLUSTER_NAME.test(String(t?.clusterName))) problems.add(`${at}.clusterName`, `must be an EKS cluster name, got ${show(t?.clusterName)}.`);
    const key = `${String(t?.accountId)}/${String(t?.clusterName)}`;
    if (clusters.has(key)) problems.add(at, `deploys to cluster ${show(t.clusterName)} of account ${show(t.accountId)} a second time; list each cluster once.`);
    clusters.add(key);
  });
}

/**
 * Check a cluster's `jenkinsDeployRole` section against the cluster it is in: the ids, and that
 * `identities` maps the deploy role (`deployRoleArn`) with access `deploy` into namespaces that
 * are deployable (not `kube-*`, not a platform add-on's namespace: the identity checks reject
 * those too, this names the deploy role).
 */
export function validateJenkinsDeployRole(
  config: JenkinsDeployRoleConfig,
  deployRoleArn: string,
  identities: readonly { arn?: unknown; access?: { kind?: unknown; namespaces?: unknown } }[] | undefined,
  path: string,
  identitiesPath: string,
  problems: ProblemCollector,
): void {
  if (!ACCOUNT_ID.test(String(config.jenkinsAccountId))) {
    problems.add(field(path, 'jenkinsAccountId'), `must be the 12-digit id of the account that runs Jenkins, got ${show(config.jenkinsAccountId)}.`);
  }
  if (!CLUSTER_NAME.test(String(config.jenkinsClusterName))) {
    problems.add(field(path, 'jenkinsClusterName'), `must be the EKS name of the cluster Jenkins runs in, got ${show(config.jenkinsClusterName)}.`);
  }
  const list = Array.isArray(identities) ? identities : [];
  const index = list.findIndex((m) => typeof m?.arn === 'string' && m.arn.toLowerCase() === deployRoleArn.toLowerCase());
  if (index < 0) {
    problems.add(path, `creates the deploy role '${deployRoleArn}', but identities does not map it; add { arn: '${deployRoleArn}', crossAccount: <true when Jenkins runs in another account>, access: { kind: 'deploy', namespaces: [...] } }.`);
    return;
  }
  const access = list[index].access;
  if (access?.kind !== 'deploy') {
    problems.add(`${identitiesPath}[${index}].access.kind`, `must be 'deploy' for the Jenkins deploy role, got ${show(access?.kind)}: Jenkins deploys into namespaces, it never administers the cluster.`);
    return;
  }
  const namespaces: unknown[] = Array.isArray(access.namespaces) ? access.namespaces : [];
  namespaces.forEach((ns: unknown, i: number) => {
    if (typeof ns === 'string' && ns.startsWith('kube-')) {
      problems.add(`${identitiesPath}[${index}].access.namespaces[${i}]`, `must not be a 'kube-' namespace for the Jenkins deploy role, got ${show(ns)}.`);
    }
  });
}
