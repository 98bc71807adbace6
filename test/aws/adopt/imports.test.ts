/**
 * `npm run plan -- production --adopt`: every import names a resource the program registers
 * (same type token, name and parent), and its ID follows the format the provider documents in
 * its import section ("Using `pulumi import`, ..."). The documentation read is the installed provider's own
 * (node_modules/@pulumi/aws/<module>/<resource>.d.ts, @pulumi/aws 7.48.0), e.g.
 * eks/accessEntry.d.ts: "import Access Entries using `clusterName` and `principalArn` separated
 * by a colon (`:`)"; eks/accessPolicyAssociation.d.ts: "`clusterName`, `principalArn`, and
 * `policyArn` separated by an octothorp (`#`)"; eks/addon.d.ts: "`clusterName` and `addonName`
 * separated by a colon (`:`)".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adoptionImports, importFile, providerUrn, renderAdoption, type PlannedImport } from '../../../lib/aws/adopt/imports';
import { production } from '../../../stacks/accounts/production';
import { sandbox } from '../../../stacks/accounts/sandbox';
import { installMocks, type Recorded } from '../../support/pulumi-mocks';

const mocks = installMocks({ project: 'eks-platform', stack: 'production' });
let recorded: Recorded[];
beforeAll(async () => {
  const { Platform } = await import('../../../lib/platform/aws-platform');
  new Platform(production.name, { account: production });
  await mocks.settle();
  recorded = [...mocks.resources];
});
afterAll(() => mocks.settle());

const imports = adoptionImports(production);
const resources = imports.filter((r) => !r.component);

/** The import section of a type's documentation in the installed provider. */
interface ImportDoc {
  /** Backticked field names before "separated by". */
  readonly fields: readonly string[];
  /** The separator in "(`:`)". */
  readonly separator: string;
  /** The type token of the documented `pulumi import` example. */
  readonly exampleType: string;
}

function importDoc(type: string): ImportDoc {
  const [pkg, module, name] = /^(\w+):(\w+)\/(\w+):\w+$/.exec(type)!.slice(1);
  const text = readFileSync(join(__dirname, '../../../node_modules/@pulumi', pkg, module, `${name}.d.ts`), 'utf8');
  const section = text.slice(text.indexOf('Using `pulumi import`'));
  // One field ("using the `name`", logGroup.d.ts) or several "separated by a colon (`:`)".
  const sentence = /using (?:the )?((?:`\w+`(?:, and |, | and )?)+)(?: separated by an? \w+ \(`(.)`\))?/.exec(section);
  const example = /\$ pulumi import (\S+) /.exec(section);
  if (!sentence || !example) throw new Error(`no import format documented for ${type}`);
  return { fields: [...sentence[1].matchAll(/`(\w+)`/g)].map((m) => m[1]), separator: sentence[2] ?? '', exampleType: example[1] };
}

describe('the import plan of adopted production', () => {
  it('imports the control-plane log group, access entries, policy associations and add-ons only (never the cluster, the OIDC provider or a node group)', () => {
    expect([...new Set(resources.map((r) => r.type))]).toEqual([
      'aws:cloudwatch/logGroup:LogGroup', 'aws:eks/accessEntry:AccessEntry', 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation', 'aws:eks/addon:Addon',
    ]);
  });

  it('imports the EC2_LINUX entries of both eksctl node roles', () => {
    expect(resources.filter((r) => r.parent === 'production-platform-production-eksctl-nodes').map((r) => r.id)).toEqual(
      production.clusters[0].nodeGroups.map((g) => `platform-production:${g.nodeRoleArn}`),
    );
  });

  it.each(resources.map((r) => [r.name, r] as const))('%s is a resource the program registers, with the documented ID format', (_name, r: PlannedImport) => {
    const registered = recorded.find((x) => x.type === r.type && x.name === r.name);
    expect(registered).toMatchObject({ type: r.type, name: r.name });
    const doc = importDoc(r.type);
    expect(doc.exampleType).toBe(r.type);
    expect(r.id).toBe(doc.fields.map((f) => registered!.inputs[f]).join(doc.separator));
  });

  it('creates every parent component before its children, under the names the program gives them', () => {
    const order = importFile(production, imports).resources.map((r) => r.name);
    for (const r of imports.filter((x) => x.parent !== undefined && !x.importedByUp)) expect(order.indexOf(r.parent!)).toBeLessThan(order.indexOf(r.name));
    expect(imports.filter((r) => r.component).map((r) => recorded.some((x) => x.type === r.type && x.name === r.name))).toEqual(imports.filter((r) => r.component).map(() => true));
  });

  it('leaves the deployer\'s entry to pulumi up (its import option), checking only that it exists', () => {
    const deployer = imports.find((r) => r.name === 'production-platform-production-access-deployer');
    expect([deployer?.importedByUp, deployer?.check?.startsWith('aws eks describe-access-entry --cluster-name platform-production --principal-arn arn:aws:iam::444455556666:role/platform-deployer'),
      importFile(production, imports).resources.some((r) => r.name === deployer?.name)]).toEqual([true, true, false]);
  });

  it('names the account provider the program creates', () => {
    expect([importFile(production, imports).nameTable, resources.every((r) => r.provider === 'aws-production')]).toEqual([
      { 'aws-production': 'urn:pulumi:production::eks-platform::pulumi:providers:aws::aws-production' }, true,
    ]);
  });

  it('uses the project name of Pulumi.yaml in the provider URN', () => {
    const project = /^name: (\S+)$/m.exec(readFileSync(join(__dirname, '../../../Pulumi.yaml'), 'utf8'))![1];
    expect(providerUrn(production)).toBe(`urn:pulumi:production::${project}::pulumi:providers:aws::aws-production`);
  });
});

describe('renderAdoption', () => {
  it('prints the provider target, the import and the preview to expect, in that order', () => {
    const text = renderAdoption(production);
    const at = (s: string) => text.indexOf(s);
    expect([
      at("pulumi up --stack production --target 'urn:pulumi:production::eks-platform::pulumi:providers:aws::aws-production'"),
      at("cat > adopt-production.json <<'EOF'"),
      at('pulumi import --stack production --file adopt-production.json --generate-code=false'),
      at('pulumi preview --stack production --diff   # expect creates and in-place updates only: no replace, no delete'),
    ].every((i, k, all) => i >= 0 && (k === 0 || i > all[k - 1]))).toBe(true);
  });

  it('says there is nothing to import for the library-created sandbox', () => {
    expect(renderAdoption(sandbox)).toBe("Account 'sandbox' adopts no cluster (no controlPlane { mode: 'existing' }): nothing to import.");
  });
});
