/**
 * What `pulumi up` would otherwise try to create although an adopted cluster already has it,
 * as a `pulumi import --file` document generated from the config (`npm run plan -- <account>
 * --adopt`). Pure: no Pulumi.
 *
 * Type tokens and ID formats are the ones the providers document for `pulumi import`
 * (`@pulumi/aws` 7.48.0, "Using `pulumi import`" in `eks/accessEntry.d.ts` `<cluster>:<principalArn>`,
 * `eks/accessPolicyAssociation.d.ts` `<cluster>#<principalArn>#<policyArn>`, `eks/addon.d.ts`
 * `<cluster>:<addon>`). Not imported, by design: the EKS cluster (looked up with `getCluster`,
 * never managed), the OIDC provider with `oidcProvider: 'existing'` (referenced by ARN), the
 * eksctl node groups (never managed), aws-auth (a server-side apply patch needs no import).
 *
 * Names: the import file must name each resource exactly as the program registers it, with its
 * parents (`component: true` creates the empty parent components, Pulumi 3.94+) and the
 * account's provider. The program is `stacks/pulumi.ts`: `Platform` named after the account,
 * its provider `aws-<account>` (`createAwsProvider`), project `eks-platform` (Pulumi.yaml).
 */
import {
  controlPlaneLogGroupName, isEksctlGroup, isExistingControlPlane, resolveEksAddons, type AccountConfig, type ClusterConfig,
} from '../../config';
import { planDeployerAccess } from '../access/deployer';
import { planAccessEntries } from '../access/entries';
import { plannedEksctlNodeEntries } from './entries';

/** The Pulumi project of `Pulumi.yaml`. */
export const PULUMI_PROJECT = 'eks-platform';

/** One resource of a `pulumi import --file` document. */
export interface ImportResource {
  /** Pulumi type token. */
  readonly type: string;
  /** The resource's name in the program (also how other entries refer to it as `parent`). */
  readonly name: string;
  /** The provider's import ID; absent for components. */
  readonly id?: string;
  /** `name` of the parent entry. */
  readonly parent?: string;
  /** Key of the provider in `nameTable`. */
  readonly provider?: string;
  /** True for a component: created empty, as the parent of the imported resources. */
  readonly component?: boolean;
}

/** An import with the command that tells whether its resource exists. */
export interface PlannedImport extends ImportResource {
  /** The AWS CLI command that lists the resource; import only what it shows. */
  readonly check?: string;
  /** Imported by `pulumi up` itself (an `import` resource option): checked, left out of the file. */
  readonly importedByUp?: boolean;
}

/** A `pulumi import --file` document. */
export interface ImportFile {
  /** Provider names to URNs. */
  readonly nameTable: Readonly<Record<string, string>>;
  /** Components first (parents before children), then the resources. */
  readonly resources: readonly ImportResource[];
}

/** Name of the account's AWS provider resource (see `createAwsProvider`). */
export function providerName(account: AccountConfig): string {
  return `aws-${account.name}`;
}

/** URN of the account's AWS provider in its stack (the stack is named after the account). */
export function providerUrn(account: AccountConfig): string {
  return `urn:pulumi:${account.name}::${PULUMI_PROJECT}::pulumi:providers:aws::${providerName(account)}`;
}

function clusterImports(account: AccountConfig, cluster: ClusterConfig): PlannedImport[] {
  const platform = account.name;
  const id = `${platform}-${cluster.name}`;
  const provider = providerName(account);
  const cli = `--region ${account.region} --profile ${account.profile}`;
  const out: PlannedImport[] = [];
  // The log group EKS made when eksctl turned control-plane logging on (creating it would fail).
  const control = id;
  const logGroup = controlPlaneLogGroupName(cluster.name);
  out.push(
    { type: 'eks-platform:aws:ExistingEksCluster', name: control, parent: platform, component: true },
    {
      type: 'aws:cloudwatch/logGroup:LogGroup', name: `${control}-control-plane-logs`, id: logGroup, parent: control, provider,
      check: `aws logs describe-log-groups --log-group-name-prefix ${logGroup} ${cli}`,
    },
  );
  const nodeEntries = plannedEksctlNodeEntries(cluster);
  if (nodeEntries.length > 0) {
    const parent = `${id}-eksctl-nodes`;
    out.push({ type: 'eks-platform:aws:EksctlNodeAccess', name: parent, parent: platform, component: true });
    for (const e of nodeEntries) {
      out.push({
        type: 'aws:eks/accessEntry:AccessEntry', name: `${parent}-${e.id}`, id: `${cluster.name}:${e.principalArn}`, parent, provider,
        check: `aws eks describe-access-entry --cluster-name ${cluster.name} --principal-arn ${e.principalArn} ${cli}`,
      });
    }
  }
  const entries = planAccessEntries(cluster);
  if (entries.length > 0) {
    const parent = `${id}-access`;
    out.push({ type: 'eks-platform:aws:ClusterAccess', name: parent, parent: platform, component: true });
    for (const e of entries) {
      out.push({
        type: 'aws:eks/accessEntry:AccessEntry', name: `${parent}-${e.id}`, id: `${cluster.name}:${e.principalArn}`, parent, provider,
        check: `aws eks describe-access-entry --cluster-name ${cluster.name} --principal-arn ${e.principalArn} ${cli}`,
      });
      for (const a of e.associations) {
        out.push({
          type: 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation', name: `${parent}-${e.id}-${a.policyArn.split('/').pop()}`,
          id: `${cluster.name}#${e.principalArn}#${a.policyArn}`, parent, provider,
          check: `aws eks list-associated-access-policies --cluster-name ${cluster.name} --principal-arn ${e.principalArn} ${cli}`,
        });
      }
    }
  }
  // The deployer's own entry (deployerEntry 'import', the default): pulumi up imports it itself
  // (resource option), so it is only checked here; absent, set deployerEntry: 'create'.
  const deployer = planDeployerAccess(cluster, account.deployerRoleArn);
  if (deployer?.mode === 'import') {
    out.push({
      type: 'aws:eks/accessEntry:AccessEntry', name: `${id}-access-deployer`, id: deployer.entryImportId, parent: `${id}-access`, provider, importedByUp: true,
      check: `aws eks describe-access-entry --cluster-name ${cluster.name} --principal-arn ${deployer.principalArn} ${cli}   # deployer: pulumi up imports it; if absent set deployerEntry: 'create'`,
    });
  }
  const services = `${id}-services`;
  const addons = `${services}-eks-addons`;
  out.push(
    { type: 'eks-platform:aws:ClusterServices', name: services, parent: platform, component: true },
    { type: 'eks-platform:aws:EksAddons', name: addons, parent: services, component: true },
  );
  for (const a of resolveEksAddons(cluster)) {
    out.push({
      type: 'aws:eks/addon:Addon', name: `${addons}-${a.addonName}`, id: `${cluster.name}:${a.addonName}`, parent: addons, provider,
      check: `aws eks describe-addon --cluster-name ${cluster.name} --addon-name ${a.addonName} ${cli}`,
    });
  }
  return out;
}

/**
 * Everything of `account`'s adopted clusters (controlPlane `existing`) that may exist already
 * and would make `pulumi up` fail with "already exists": EC2_LINUX access entries of eksctl node
 * roles, access entries and policy associations of identities (eksctl's cluster creator has
 * one), EKS add-ons (eksctl installs vpc-cni, coredns, kube-proxy). Empty for an account
 * without an adopted cluster.
 */
export function adoptionImports(account: AccountConfig): readonly PlannedImport[] {
  const adopted = account.clusters.filter(isExistingControlPlane);
  if (adopted.length === 0) return [];
  return [
    { type: 'eks-platform:platform:Platform', name: account.name, component: true },
    ...adopted.flatMap((c) => clusterImports(account, c)),
  ];
}

/** The `pulumi import --file` document of `imports`: components first, checks left out. */
export function importFile(account: AccountConfig, imports: readonly PlannedImport[]): ImportFile {
  const strip = ({ check: _check, importedByUp: _up, ...r }: PlannedImport): ImportResource => r;
  const filed = imports.filter((r) => !r.importedByUp);
  return {
    nameTable: { [providerName(account)]: providerUrn(account) },
    resources: [...filed.filter((r) => r.component), ...filed.filter((r) => !r.component)].map(strip),
  };
}

/** The adoption runbook of `npm run plan -- <account> --adopt`, import file included. */
export function renderAdoption(account: AccountConfig): string {
  const imports = adoptionImports(account);
  const stack = `--stack ${account.name}`;
  if (imports.length === 0) {
    return `Account '${account.name}' adopts no cluster (no controlPlane { mode: 'existing' }): nothing to import.`;
  }
  const file = `adopt-${account.name}.json`;
  const out = [`Adopting the existing clusters of account '${account.name}' (${account.accountId}, ${account.region})`, ''];
  for (const c of account.clusters.filter(isExistingControlPlane)) {
    const eksctl = c.nodeGroups.filter(isEksctlGroup).map((g) => g.name);
    out.push(`Cluster '${c.name}': looked up (aws.eks.getCluster), never imported nor changed.`);
    if (eksctl.length > 0) out.push(`  eksctl node groups, never managed: ${eksctl.join(', ')}.`);
    out.push(c.controlPlane?.mode === 'existing' && c.controlPlane.oidcProvider === 'existing'
      ? '  OIDC provider: referenced by the ARN of its issuer, not imported.'
      : '  OIDC provider: created by pulumi up (oidcProvider: create).');
  }
  out.push(
    '',
    '1. Check what exists; delete from the file every resource its check does not find (pulumi import imports all or nothing):',
    ...imports.filter((r) => r.check).map((r) => `   ${r.check}`),
    '',
    `2. Register the account's AWS provider (no cloud resource is created; 'pulumi stack init ${account.name}' first if the stack is new):`,
    `   npm run build && pulumi up ${stack} --target '${providerUrn(account)}'`,
    '',
    `3. Write the import file (without the resources step 1 did not find):`,
    `cat > ${file} <<'EOF'`,
    JSON.stringify(importFile(account, imports), null, 2),
    'EOF',
    '',
    `4. Import: pulumi import ${stack} --file ${file} --generate-code=false`,
    '',
    `5. pulumi preview ${stack} --diff   # expect creates and in-place updates only: no replace, no delete`,
  );
  return out.join('\n');
}
