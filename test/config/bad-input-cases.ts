/**
 * The bad-input table: invalid AccountConfigs, one broken field (or pair) each, across every
 * section, with the exact fragment of the problem `validateAccount` must report. Each case
 * starts from the full valid fixture with every add-on and a tenant.
 */
import type { Draft } from '../support/fixtures';
import { fullAccount } from '../support/fixtures';
import type { AccountConfig } from '../../lib/config';

/** One case: what it breaks, how, and the problem expected (`path: message` fragment). */
export interface BadInputCase {
  readonly section: string;
  readonly what: string;
  readonly mutate: (a: any) => void;
  readonly fragment: string;
}

/** The valid account every case breaks: the full fixture plus every add-on and a tenant. */
export function baseAccount(): Draft<AccountConfig> {
  const a = fullAccount() as any;
  const c = a.clusters[0];
  c.addons = {
    clusterAutoscaler: {},
    loki: { mode: 'single-binary' },
    fluentBit: {},
    syslogNg: { loadBalancer: { sourceRanges: ['10.0.0.0/8'] } },
    metrics: {},
    jenkins: {},
    argoWorkflows: {},
  };
  c.tenants = [{ name: 'apps', deployers: ['arn:aws:iam::111122223333:role/ci-deployer'] }];
  return a;
}

const C = (a: any) => a.clusters[0];
const NG = (a: any) => a.clusters[0].nodeGroups[0];
const ID = (a: any, i: number) => a.clusters[0].identities[i];
const AD = (a: any) => a.clusters[0].addons;
const T = (a: any) => a.clusters[0].tenants[0];

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  // account
  { section: 'account', what: 'accountId of 11 digits', mutate: (a) => { a.accountId = '11112222333'; }, fragment: 'accountId: must be the 12-digit AWS account id' },
  { section: 'account', what: 'accountId as a number', mutate: (a) => { a.accountId = 111122223333; }, fragment: 'accountId: must be the 12-digit AWS account id (as a string, to keep leading zeros), got 111122223333.' },
  { section: 'account', what: 'unknown region', mutate: (a) => { a.region = 'us-east-9'; }, fragment: "region: must be an AWS region where EKS runs, e.g. 'us-east-1', got 'us-east-9'." },
  { section: 'account', what: 'blank profile', mutate: (a) => { a.profile = ' '; }, fragment: 'profile: must name the AWS CLI profile' },
  { section: 'account', what: 'upper-case name', mutate: (a) => { a.name = 'Sandbox'; }, fragment: "name: must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got 'Sandbox'" },
  { section: 'account', what: 'no clusters', mutate: (a) => { a.clusters = []; }, fragment: 'clusters: must list at least one cluster, got [].' },
  { section: 'account', what: 'a tag key starting aws:', mutate: (a) => { a.tags = { 'aws:owner': 'x' }; }, fragment: "tags.aws:owner: tag keys must be 1-128 characters and not start with 'aws:'" },
  { section: 'account', what: 'a cluster that is a string', mutate: (a) => { a.clusters = ['platform']; }, fragment: "clusters[0]: must be a cluster object" },
  // cluster
  { section: 'cluster', what: 'unsupported version', mutate: (a) => { C(a).version = '1.20'; }, fragment: "clusters[0].version: must be a Kubernetes version EKS supports" },
  { section: 'cluster', what: 'cluster name with a space', mutate: (a) => { C(a).name = 'my cluster'; }, fragment: "clusters[0].name: must be a valid EKS cluster name" },
  { section: 'cluster', what: 'unknown authentication mode', mutate: (a) => { C(a).authenticationMode = 'IAM'; }, fragment: "clusters[0].authenticationMode: must be one of CONFIG_MAP, API_AND_CONFIG_MAP, API, got 'IAM'." },
  { section: 'cluster', what: 'public endpoint open to the world', mutate: (a) => { C(a).endpoint = { publicAccessCidrs: ['0.0.0.0/0'] }; }, fragment: 'clusters[0].endpoint.publicAccessCidrs[0]: must not open the API server to the whole internet, got \'0.0.0.0/0\'; list your office/VPN ranges instead.' },
  // network
  { section: 'network', what: 'VPC CIDR that is not a CIDR', mutate: (a) => { C(a).network.vpcCidr = '10.20.0.0'; }, fragment: 'clusters[0].network.vpcCidr: must be an IPv4 CIDR on its network boundary, like \'10.20.0.0/16\', got \'10.20.0.0\'.' },
  { section: 'network', what: 'malformed VPC id', mutate: (a) => { C(a).network.vpcId = 'vpc-xyz'; }, fragment: 'clusters[0].network.vpcId: must be a VPC id like \'vpc-0123456789abcdef0\', got \'vpc-xyz\'.' },
  { section: 'network', what: 'one private subnet', mutate: (a) => { C(a).network.privateSubnets.pop(); }, fragment: 'clusters[0].network.privateSubnets: must span at least two availability zones (EKS requires it), got 1 (us-east-1a).' },
  { section: 'network', what: 'subnet outside the VPC', mutate: (a) => { C(a).network.privateSubnets[1].cidr = '10.99.32.0/19'; }, fragment: 'clusters[0].network.privateSubnets[1].cidr: \'10.99.32.0/19\' is not inside the VPC CIDR \'10.20.0.0/16\'.' },
  { section: 'network', what: 'overlapping subnets', mutate: (a) => { C(a).network.privateSubnets[1].cidr = '10.20.0.0/20'; }, fragment: 'clusters[0].network.privateSubnets[1].cidr: \'10.20.0.0/20\' overlaps clusters[0].network.privateSubnets[0].cidr \'10.20.0.0/19\'; subnets of a VPC must not overlap.' },
  { section: 'network', what: 'unknown mode', mutate: (a) => { C(a).network.mode = 'shared'; }, fragment: 'clusters[0].network.mode: must be \'existing\' (a VPC by id) or \'managed\' (the library creates one), got \'shared\'.' },
  { section: 'network', what: 'subnet in another region', mutate: (a) => { C(a).network.privateSubnets[0].availabilityZone = 'eu-west-1a'; }, fragment: 'clusters[0].network.privateSubnets[0].availabilityZone: must be an availability zone of region \'us-east-1\' (e.g. \'us-east-1a\'), got \'eu-west-1a\'.' },
  { section: 'network', what: 'malformed subnet id', mutate: (a) => { C(a).network.privateSubnets[0].id = 'subnet-1'; }, fragment: 'clusters[0].network.privateSubnets[0].id: must be a subnet id like \'subnet-0123456789abcdef0\', got \'subnet-1\'.' },
  // node groups
  { section: 'nodeGroups', what: 'no node group', mutate: (a) => { C(a).nodeGroups = []; }, fragment: 'clusters[0].nodeGroups: must list at least one managed node group, got [].' },
  { section: 'nodeGroups', what: 'no instance type', mutate: (a) => { NG(a).instanceTypes = []; }, fragment: 'clusters[0].nodeGroups[0].instanceTypes: must list at least one EC2 instance type, e.g. [\'m6i.xlarge\'].' },
  { section: 'nodeGroups', what: 'minSize above maxSize', mutate: (a) => { NG(a).minSize = 9; NG(a).desiredSize = 9; }, fragment: 'clusters[0].nodeGroups[0].desiredSize: must not exceed maxSize (4), got 9.' },
  { section: 'nodeGroups', what: 'desiredSize above maxSize', mutate: (a) => { NG(a).desiredSize = 40; }, fragment: 'clusters[0].nodeGroups[0].desiredSize: must not exceed maxSize (4), got 40.' },
  { section: 'nodeGroups', what: 'tenancy host', mutate: (a) => { NG(a).tenancy = 'host'; }, fragment: 'clusters[0].nodeGroups[0].tenancy: must be \'dedicated\' or \'default\', got \'host\'.' },
  { section: 'nodeGroups', what: 'label key with a space', mutate: (a) => { NG(a).labels = { 'bad key': 'x' }; }, fragment: 'clusters[0].nodeGroups[0].labels: key \'bad key\' is not a valid Kubernetes label key ([prefix/]name, name at most 63 characters).' },
  { section: 'nodeGroups', what: 'taint with an unknown effect', mutate: (a) => { NG(a).taints = [{ key: 'dedicated', value: 'x', effect: 'Evict' }]; }, fragment: 'clusters[0].nodeGroups[0].taints[0].effect: must be \'NoSchedule\', \'PreferNoSchedule\' or \'NoExecute\', got \'Evict\'.' },
  { section: 'nodeGroups', what: 'duplicate node group names', mutate: (a) => { C(a).nodeGroups.push({ ...NG(a) }); }, fragment: 'clusters[0].nodeGroups[2].name: duplicates nodeGroups[0].name \'general\'; node group names must be unique in a cluster.' },
  { section: 'nodeGroups', what: 'unknown capacity type', mutate: (a) => { NG(a).capacityType = 'RESERVED'; }, fragment: 'clusters[0].nodeGroups[0].capacityType: must be \'ON_DEMAND\' or \'SPOT\', got \'RESERVED\'.' },
  // tenancy migration
  { section: 'tenancyMigration', what: 'unknown strategy', mutate: (a) => { C(a).tenancyMigration = { strategy: 'big-bang', phase: 'dedicated' }; }, fragment: 'clusters[0].tenancyMigration.strategy: must be \'blue-green\' or \'rolling\', got \'big-bang\'.' },
  { section: 'tenancyMigration', what: 'a phase of the other strategy', mutate: (a) => { C(a).tenancyMigration = { strategy: 'rolling', phase: 'surge' }; }, fragment: 'clusters[0].tenancyMigration.phase: must be a phase of strategy \'rolling\' (dedicated -> rolling -> shared), got \'surge\'.' },
  { section: 'tenancyMigration', what: 'skipping phases', mutate: (a) => { C(a).tenancyMigration = { strategy: 'blue-green', phase: 'shared', previousPhase: 'dedicated' }; }, fragment: 'clusters[0].tenancyMigration.phase: cannot go from \'dedicated\' (previousPhase) to \'shared\' with strategy \'blue-green\': the next legal phase is \'surge\' (phases: dedicated -> surge -> drain -> shared).' },
  { section: 'tenancyMigration', what: 'a string instead of an object', mutate: (a) => { C(a).tenancyMigration = 'surge'; }, fragment: "clusters[0].tenancyMigration: must be an object, got 'surge'." },
  // identity
  { section: 'identities', what: 'an ARN that is not an IAM ARN', mutate: (a) => { ID(a, 0).arn = 'platform-admin'; }, fragment: 'clusters[0].identities[0].arn: must be an IAM role or user ARN like \'arn:aws:iam::111122223333:role/platform-admin\', got \'platform-admin\'.' },
  { section: 'identities', what: 'another account without crossAccount', mutate: (a) => { ID(a, 1).arn = 'arn:aws:iam::999988887777:role/readonly'; }, fragment: 'clusters[0].identities[1].arn: \'arn:aws:iam::999988887777:role/readonly\' belongs to account 999988887777, not this account (111122223333); set crossAccount: true if that is intended.' },
  { section: 'identities', what: 'a custom system:masters group', mutate: (a) => { ID(a, 1).access = { kind: 'custom', groups: ['system:masters'] }; }, fragment: "clusters[0].identities[1].access.groups[0]: must not be a 'system:' group" },
  { section: 'identities', what: 'deploying into kube-system', mutate: (a) => { ID(a, 2).access.namespaces = ['kube-system']; }, fragment: 'clusters[0].identities[2].access.namespaces[0]: must not be a system namespace, got \'kube-system\'; deployers get edit rights there, which would let them change cluster components.' },
  { section: 'identities', what: 'deploying into logging', mutate: (a) => { ID(a, 2).access.namespaces = ['logging']; }, fragment: 'clusters[0].identities[2].access.namespaces[0]: must not be \'logging\', a namespace the platform\'s add-ons run in; deployers get edit rights there, which would let them run pods as the add-ons\' service accounts (and so use their IAM roles) and read their Secrets.' },
  { section: 'identities', what: 'a wildcard custom rule', mutate: (a) => { ID(a, 1).access = { kind: 'custom', groups: ['ops'], rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] }; }, fragment: 'clusters[0].identities[1].access.rules[0].resources[0]: must not be a wildcard, got \'*\': it grants every current and future one, Secrets and RBAC included. Name them, or use access kind \'admin\' for full control.' },
  { section: 'identities', what: 'the same principal twice', mutate: (a) => { C(a).identities.push({ ...ID(a, 1) }); }, fragment: 'clusters[0].identities[6].arn: maps \'arn:aws:iam::111122223333:role/readonly\' again (already mapped at clusters[0].identities[1]); give each principal one mapping, with the widest access it needs.' },
  { section: 'identities', what: 'a system: username', mutate: (a) => { ID(a, 1).username = 'system:admin'; }, fragment: 'clusters[0].identities[1].username: must be non-empty and must not start with \'system:\' (reserved for Kubernetes), got \'system:admin\'.' },
  { section: 'identities', what: 'unknown access kind', mutate: (a) => { ID(a, 1).access = { kind: 'owner' }; }, fragment: 'clusters[0].identities[1].access.kind: must be \'admin\', \'view\', \'deploy\' or \'custom\', got \'owner\'.' },
  // services
  { section: 'services', what: 'sops as a number', mutate: (a) => { a.services.sops = 42; }, fragment: 'services.sops: must be an object, got 42.' },
  { section: 'services', what: 'logArchive as a string', mutate: (a) => { a.services.logArchive = 'glacier'; }, fragment: "services.logArchive: must be an object, got 'glacier'." },
  { section: 'services', what: 'sops userArns as a string', mutate: (a) => { a.services.sops.userArns = 'arn:aws:iam::111122223333:role/x'; }, fragment: 'services.sops.userArns: must be a list of IAM role or user ARNs' },
  { section: 'services', what: 'sops ciRoleArn is a user', mutate: (a) => { a.services.sops.ciRoleArn = 'arn:aws:iam::111122223333:user/ci'; }, fragment: "services.sops.ciRoleArn: must be an IAM role (CI assumes it), got the user 'arn:aws:iam::111122223333:user/ci'." },
  { section: 'services', what: 'KMS deletion window of 3 days', mutate: (a) => { a.services.sops.deletionWindowDays = 3; }, fragment: 'services.sops.deletionWindowDays: must be a whole number of days between 7 and 30 (the KMS limits), got 3.' },
  { section: 'services', what: 'glacier after expiry', mutate: (a) => { a.services.logArchive = { glacierAfterDays: 400, expireAfterDays: 365 }; }, fragment: 'services.logArchive.glacierAfterDays: must be less than expireAfterDays (365), got 400.' },
  { section: 'services', what: 'unknown archive storage class', mutate: (a) => { a.services.logArchive.storageClass = 'STANDARD'; }, fragment: "services.logArchive.storageClass: must be 'GLACIER' or 'DEEP_ARCHIVE', got 'STANDARD'." },
  // add-ons
  { section: 'addons', what: 'an add-on section that is a boolean', mutate: (a) => { AD(a).loki = true; }, fragment: 'clusters[0].addons.loki: must be an object, got true.' },
  { section: 'loki', what: 'unknown mode', mutate: (a) => { AD(a).loki.mode = 'microservices'; }, fragment: 'clusters[0].addons.loki.mode: must be one of \'single-binary\', \'replicated\', got \'microservices\'.' },
  { section: 'loki', what: 'zero replicas', mutate: (a) => { AD(a).loki = { mode: 'replicated', replicas: 0 }; }, fragment: 'clusters[0].addons.loki.replicas: must be at least 3 in mode \'replicated\' (replication factor 3), got 0.' },
  { section: 'loki', what: 'negative retention', mutate: (a) => { AD(a).loki.retentionDays = -1; }, fragment: 'clusters[0].addons.loki.retentionDays: must be a whole number from 1 to 3650, got -1.' },
  { section: 'loki', what: 'zero-size volume', mutate: (a) => { AD(a).loki.volumeSizeGiB = 0; }, fragment: 'clusters[0].addons.loki.volumeSizeGiB: must be a whole number from 1 to 16384, got 0.' },
  { section: 'loki', what: 'memory in bytes', mutate: (a) => { AD(a).loki.resources = { memoryMiB: 8 }; }, fragment: 'clusters[0].addons.loki.resources.memoryMiB: must be a whole number from 16 to 1048576, got 8.' },
  { section: 'fluentBit', what: 'zero shards', mutate: (a) => { AD(a).fluentBit.shards = 0; }, fragment: 'clusters[0].addons.fluentBit.shards: must be a whole number from 1 to 36, got 0.' },
  { section: 'fluentBit', what: 'an unknown Loki label', mutate: (a) => { AD(a).fluentBit.labels = ['host']; }, fragment: 'clusters[0].addons.fluentBit.labels[0]: must be one of namespace, pod, container, app, node, stream (bounded Kubernetes fields), got \'host\'; keep other fields in the log line.' },
  { section: 'fluentBit', what: 'fluent-bit without Loki', mutate: (a) => { delete AD(a).loki; }, fragment: 'clusters[0].addons.fluentBit: ships logs to Loki, but addons.loki is not configured' },
  { section: 'fluentBit', what: 'unknown log level', mutate: (a) => { AD(a).fluentBit.logLevel = 'verbose'; }, fragment: 'clusters[0].addons.fluentBit.logLevel: must be one of \'off\', \'error\', \'warn\', \'info\', \'debug\', \'trace\', got \'verbose\'.' },
  { section: 'syslogNg', what: 'no load balancer source range', mutate: (a) => { AD(a).syslogNg.loadBalancer.sourceRanges = []; }, fragment: 'clusters[0].addons.syslogNg.loadBalancer.sourceRanges: must list at least one IPv4 CIDR allowed to send logs' },
  { section: 'syslogNg', what: 'load balancer open to the world', mutate: (a) => { AD(a).syslogNg.loadBalancer.sourceRanges = ['0.0.0.0/0']; }, fragment: "clusters[0].addons.syslogNg.loadBalancer.sourceRanges[0]: must not admit every address, got '0.0.0.0/0'" },
  { section: 'syslogNg', what: 'zero-size volume', mutate: (a) => { AD(a).syslogNg.volumeSizeGiB = 0; }, fragment: 'clusters[0].addons.syslogNg.volumeSizeGiB: must be a whole number from 1 to 16384 (EBS volumes are 1 GiB to 16 TiB), got 0.' },
  { section: 'syslogNg', what: 'fractional connection limit', mutate: (a) => { AD(a).syslogNg.maxConnections = 10.5; }, fragment: 'clusters[0].addons.syslogNg.maxConnections: must be a whole number from 10 to 100000, got 10.5.' },
  { section: 'clusterAutoscaler', what: 'zero replicas', mutate: (a) => { AD(a).clusterAutoscaler.replicas = 0; }, fragment: 'clusters[0].addons.clusterAutoscaler.replicas: must be a whole number of at least 1, got 0.' },
  { section: 'clusterAutoscaler', what: 'unknown expander', mutate: (a) => { AD(a).clusterAutoscaler.expander = 'cheapest'; }, fragment: 'clusters[0].addons.clusterAutoscaler.expander: must be one of least-waste, random, most-pods, got \'cheapest\'.' },
  { section: 'clusterAutoscaler', what: 'image tag latest', mutate: (a) => { AD(a).clusterAutoscaler.imageTag = 'latest'; }, fragment: 'clusters[0].addons.clusterAutoscaler.imageTag: must be a cluster-autoscaler release tag like \'v1.33.5\', got \'latest\'.' },
  // tenants
  // metrics
  { section: 'metrics', what: 'Prometheus retention of 0 days', mutate: (a) => { AD(a).metrics.prometheus = { retentionDays: 0 }; }, fragment: "clusters[0].addons.metrics.prometheus.retentionDays: must be a whole number of days from 1 to 3650, got 0." },
  { section: 'metrics', what: 'a retention size beyond the volume', mutate: (a) => { AD(a).metrics.prometheus = { retentionSizeGiB: 50, volumeSizeGiB: 20 }; }, fragment: "clusters[0].addons.metrics.prometheus.retentionSizeGiB: must be less than volumeSizeGiB (20): the WAL and compaction need room beyond the blocks, got 50." },
  { section: 'metrics', what: 'fractional Prometheus replicas', mutate: (a) => { AD(a).metrics.prometheus = { replicas: 1.5 }; }, fragment: "clusters[0].addons.metrics.prometheus.replicas: must be a whole number from 1 to 2 (1, or 2 for the HA pair; more only duplicates the same scrapes), got 1.5." },
  { section: 'metrics', what: 'an email receiver', mutate: (a) => { AD(a).metrics.alertmanager = { receivers: [{ name: 'x', type: 'email' }] }; }, fragment: "clusters[0].addons.metrics.alertmanager.receivers[0].type: must be one of 'slack', 'pagerduty', 'webhook', got 'email'." },
  { section: 'metrics', what: 'a 1-second scrape interval', mutate: (a) => { AD(a).metrics.prometheus = { scrapeIntervalSeconds: 1 }; }, fragment: "clusters[0].addons.metrics.prometheus.scrapeIntervalSeconds: must be a whole number of seconds from 5 to 300, got 1." },
  // jenkins
  { section: 'jenkins', what: 'a 0 GiB home volume', mutate: (a) => { AD(a).jenkins.volumeSizeGiB = 0; }, fragment: "clusters[0].addons.jenkins.volumeSizeGiB: must be a whole number from 1 to 16384, got 0." },
  { section: 'jenkins', what: 'agent mode jnlp', mutate: (a) => { AD(a).jenkins.agentMode = 'jnlp'; }, fragment: "clusters[0].addons.jenkins.agentMode: must be one of 'websocket', 'tunnel', got 'jnlp'." },
  { section: 'jenkins', what: 'a load balancer open to the world', mutate: (a) => { AD(a).jenkins.exposure = { kind: 'internal-load-balancer', sourceRanges: ['0.0.0.0/0'] }; }, fragment: "clusters[0].addons.jenkins.exposure.sourceRanges[0]: must not admit every address, got '0.0.0.0/0'; name the networks of Jenkins's users." },
  { section: 'jenkins', what: 'a 95% heap', mutate: (a) => { AD(a).jenkins.heapPercent = 95; }, fragment: "clusters[0].addons.jenkins.heapPercent: must be a whole number from 25 to 80, got 95." },
  // argoWorkflows
  { section: 'argoWorkflows', what: 'no controller replicas', mutate: (a) => { AD(a).argoWorkflows.controllerReplicas = 0; }, fragment: "clusters[0].addons.argoWorkflows.controllerReplicas: must be a whole number from 1 to 5, got 0." },
  { section: 'argoWorkflows', what: 'auth mode token', mutate: (a) => { AD(a).argoWorkflows.authMode = 'token'; }, fragment: "clusters[0].addons.argoWorkflows.authMode: must be 'client' or 'sso', got 'token'; 'server' would let anyone reaching the UI act as argo-server's own service account." },
  { section: 'argoWorkflows', what: 'an upper-case workflow namespace', mutate: (a) => { AD(a).argoWorkflows.workflowNamespaces = ['Batch']; }, fragment: "clusters[0].addons.argoWorkflows.workflowNamespaces[0]: must be a namespace name (DNS-1123 label), got 'Batch'." },
  { section: 'argoWorkflows', what: 'SSO without its settings', mutate: (a) => { AD(a).argoWorkflows.authMode = 'sso'; }, fragment: "clusters[0].addons.argoWorkflows.sso: is required with authMode 'sso': { issuer, redirectUrl, clientSecretName }, got undefined." },
  { section: 'tenants', what: 'tenants as an object', mutate: (a) => { C(a).tenants = { apps: {} }; }, fragment: 'clusters[0].tenants: must be a list of tenants' },
  { section: 'tenants', what: 'a tenant that is a string', mutate: (a) => { C(a).tenants = ['apps']; }, fragment: "clusters[0].tenants[0]: must be a tenant object ({ name, ... }), got 'apps'." },
  { section: 'tenants', what: 'an upper-case name', mutate: (a) => { T(a).name = 'Apps'; T(a).namespace = 'apps'; }, fragment: "clusters[0].tenants[0].name: must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got 'Apps'." },
  { section: 'tenants', what: 'a duplicate name', mutate: (a) => { C(a).tenants.push({ name: 'apps', namespace: 'apps-2' }); }, fragment: "clusters[0].tenants[1].name: duplicates clusters[0].tenants[0].name 'apps'; tenant names must be unique in a cluster." },
  { section: 'tenants', what: 'a platform namespace', mutate: (a) => { T(a).namespace = 'monitoring'; }, fragment: "clusters[0].tenants[0].namespace: must not be a system or platform namespace (argo, default, jenkins, kube-node-lease, kube-public, kube-system, logging, monitoring, node-exporter, workflows), got 'monitoring'" },
  { section: 'tenants', what: "node-exporter's privileged namespace", mutate: (a) => { T(a).namespace = 'node-exporter'; }, fragment: "clusters[0].tenants[0].namespace: must not be a system or platform namespace (argo, default, jenkins, kube-node-lease, kube-public, kube-system, logging, monitoring, node-exporter, workflows), got 'node-exporter'" },
  { section: 'tenants', what: "Argo's default workflow namespace", mutate: (a) => { T(a).namespace = 'workflows'; }, fragment: "clusters[0].tenants[0].namespace: must not be a system or platform namespace (argo, default, jenkins, kube-node-lease, kube-public, kube-system, logging, monitoring, node-exporter, workflows), got 'workflows'" },
  { section: 'tenants', what: 'a system namespace', mutate: (a) => { T(a).namespace = 'kube-system'; }, fragment: "clusters[0].tenants[0].namespace: must not be a system or platform namespace" },
  { section: 'tenants', what: 'another tenant\'s namespace', mutate: (a) => { C(a).tenants.push({ name: 'web', namespace: 'apps' }); }, fragment: "clusters[0].tenants[1].namespace: 'apps' is already the namespace of clusters[0].tenants[0]; each tenant needs its own namespace." },
  { section: 'tenants', what: 'a namespace with a dot', mutate: (a) => { T(a).namespace = 'apps.v2'; }, fragment: "clusters[0].tenants[0].namespace: must be a DNS-1123 label, got 'apps.v2'." },
  { section: 'tenants', what: 'privileged pod security', mutate: (a) => { T(a).podSecurity = 'privileged'; }, fragment: "clusters[0].tenants[0].podSecurity: must be 'restricted' or 'baseline', got 'privileged'" },
  { section: 'tenants', what: 'baseline without a reason', mutate: (a) => { T(a).podSecurity = 'baseline'; }, fragment: "clusters[0].tenants[0].podSecurityReason: is required with podSecurity 'baseline'" },
  { section: 'tenants', what: 'a reason without baseline', mutate: (a) => { T(a).podSecurityReason = 'legacy'; }, fragment: "clusters[0].tenants[0].podSecurityReason: is only for podSecurity 'baseline'" },
  { section: 'tenants', what: 'an empty reason', mutate: (a) => { T(a).podSecurity = 'baseline'; T(a).podSecurityReason = ''; }, fragment: "clusters[0].tenants[0].podSecurityReason: must be a non-empty string, got ''." },
  { section: 'tenants', what: 'quota pods of zero', mutate: (a) => { T(a).quota = { pods: 0 }; }, fragment: 'clusters[0].tenants[0].quota.pods: must be a whole number from 1 to 100000, got 0.' },
  { section: 'tenants', what: 'quota CPU as a string', mutate: (a) => { T(a).quota = { cpuMillicores: '4' }; }, fragment: "clusters[0].tenants[0].quota.cpuMillicores: must be a whole number of millicores from 1 to 10000000, got '4'." },
  { section: 'tenants', what: 'an unknown quota field', mutate: (a) => { T(a).quota = { gpus: 1 }; }, fragment: 'clusters[0].tenants[0].quota.gpus: is not a field; the fields are cpuMillicores, memoryMiB, pods, persistentVolumeClaims, storageGiB.' },
  { section: 'tenants', what: 'limits as a number', mutate: (a) => { T(a).limits = 512; }, fragment: 'clusters[0].tenants[0].limits: must be an object, got 512.' },
  { section: 'tenants', what: 'default memory above the maximum', mutate: (a) => { T(a).limits = { defaultMemoryMiB: 2048, maxMemoryMiB: 1024 }; }, fragment: 'clusters[0].tenants[0].limits.defaultMemoryMiB: must not exceed maxMemoryMiB (1024), got 2048.' },
  { section: 'tenants', what: 'maximum memory above the quota', mutate: (a) => { T(a).quota = { memoryMiB: 2048 }; }, fragment: 'clusters[0].tenants[0].limits.maxMemoryMiB: must not exceed the quota\'s memoryMiB (2048), got 4096: no pod could use it.' },
  { section: 'tenants', what: 'an ingress namespace with upper case', mutate: (a) => { T(a).ingressControllerNamespaces = ['Ingress']; }, fragment: "clusters[0].tenants[0].ingressControllerNamespaces[0]: must be a namespace name (DNS-1123 label), got 'Ingress'." },
  { section: 'tenants', what: 'ingress namespaces as a string', mutate: (a) => { T(a).ingressControllerNamespaces = 'ingress-nginx'; }, fragment: "clusters[0].tenants[0].ingressControllerNamespaces: must be a list of namespace names, got 'ingress-nginx'." },
  { section: 'tenants', what: 'egress to every address', mutate: (a) => { T(a).egressCidrs = ['0.0.0.0/0']; }, fragment: "clusters[0].tenants[0].egressCidrs[0]: must not admit every address, got '0.0.0.0/0'; name the networks the tenant calls." },
  { section: 'tenants', what: 'egress CIDR off its boundary', mutate: (a) => { T(a).egressCidrs = ['10.30.0.1/16']; }, fragment: "clusters[0].tenants[0].egressCidrs[0]: must be an IPv4 CIDR on its network boundary, like '10.30.0.0/16', got '10.30.0.1/16'." },
  { section: 'tenants', what: 'egress CIDRs as a string', mutate: (a) => { T(a).egressCidrs = '10.30.0.0/16'; }, fragment: "clusters[0].tenants[0].egressCidrs: must be a list of IPv4 CIDRs, got '10.30.0.0/16'." },
  { section: 'tenants', what: 'a deployer that is no identity', mutate: (a) => { T(a).deployers = ['arn:aws:iam::111122223333:role/stranger']; }, fragment: "clusters[0].tenants[0].deployers[0]: must be the ARN of one of the cluster's identities, got 'arn:aws:iam::111122223333:role/stranger'; add it to identities first." },
  { section: 'tenants', what: 'a deployer with view access', mutate: (a) => { T(a).deployers = ['arn:aws:iam::111122223333:role/readonly']; }, fragment: "clusters[0].tenants[0].deployers[0]: 'arn:aws:iam::111122223333:role/readonly' has 'view' access; a tenant's deployers need 'deploy' access." },
  { section: 'tenants', what: 'a deployer of other namespaces', mutate: (a) => { T(a).name = 'web'; }, fragment: "clusters[0].tenants[0].deployers[0]: 'arn:aws:iam::111122223333:role/ci-deployer' may not deploy into 'web'; add 'web' to its deploy namespaces." },
  { section: 'tenants', what: 'a viewer without custom access', mutate: (a) => { T(a).viewers = ['arn:aws:iam::111122223333:role/platform-admin']; }, fragment: "clusters[0].tenants[0].viewers[0]: 'arn:aws:iam::111122223333:role/platform-admin' has 'admin' access; a tenant's viewers need 'custom' access (its groups get read rights in the tenant)." },
  { section: 'tenants', what: 'viewers as a string', mutate: (a) => { T(a).viewers = 'arn:aws:iam::111122223333:role/x'; }, fragment: "clusters[0].tenants[0].viewers: must be a list of IAM principal ARNs, got 'arn:aws:iam::111122223333:role/x'." },
];
