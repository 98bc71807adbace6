import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ACCOUNTS } from '../../stacks/accounts';
import { accountsDir, pulumiStackMismatches, unlistedAccountFiles } from '../../stacks/account-files';
import { loadAccountFile } from '../../stacks/account-modules';
import { synthAll } from '../../stacks/synth';

const ROOT = path.join(__dirname, '..', '..');
const SANDBOX = path.join(ROOT, 'stacks', 'accounts', 'sandbox');

describe('account discovery', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'eksp-accounts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Loads a file of the temp folder as the real entry loads one of stacks/accounts. */
  const load = (file: string) => require(path.join(dir, file)) as Record<string, unknown>;

  it('finds every shipped account file listed', () => {
    expect(unlistedAccountFiles(accountsDir(), ACCOUNTS, loadAccountFile)).toEqual([]);
  });

  it('names an account file that index.ts does not list, with the fix', () => {
    writeFileSync(path.join(dir, 'staging.ts'), `import { sandbox } from ${JSON.stringify(SANDBOX)};\nexport const staging = { ...sandbox, name: 'staging' };\n`);
    expect(unlistedAccountFiles(dir, ACCOUNTS, load)).toEqual([
      `${path.relative(process.cwd(), dir)}/staging.ts exports account 'staging' (export 'staging') that stacks/accounts/index.ts does not list: add it to ACCOUNTS there (or stop exporting it).`,
    ]);
  });

  it('accepts a file of shared pieces that exports no account', () => {
    writeFileSync(path.join(dir, 'shared.ts'), "export const addons = { loki: {} };\nexport const region = 'us-east-1';\n");
    expect(unlistedAccountFiles(dir, ACCOUNTS, load)).toEqual([]);
  });

  it('fails the synth naming the unlisted file, and writes nothing', () => {
    writeFileSync(path.join(dir, 'staging.ts'), `import { sandbox } from ${JSON.stringify(SANDBOX)};\nexport const staging = { ...sandbox, name: 'staging' };\n`);
    const out = path.join(dir, 'dist');
    expect(() => synthAll(out, dir, load)).toThrow("synth: " + `${path.relative(process.cwd(), dir)}/staging.ts exports account 'staging'`);
    expect(readdirSync(dir)).toEqual(['staging.ts']);
  });
});

describe('Pulumi stacks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'eksp-stacks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has a Pulumi.<name>.yaml for every account and an account for every stack file', () => {
    expect(pulumiStackMismatches(ROOT, Object.keys(ACCOUNTS))).toEqual([]);
  });

  it('reports an account without its stack file', () => {
    writeFileSync(path.join(dir, 'Pulumi.yaml'), 'name: x\n');
    expect(pulumiStackMismatches(dir, ['staging'])).toEqual([
      "account 'staging' has no Pulumi.staging.yaml: create it (pulumi stack init staging) with aws:region, aws:profile and aws:allowedAccountIds of the account, as Pulumi.sandbox.yaml does.",
    ]);
  });

  it('reports a stack file without its account', () => {
    writeFileSync(path.join(dir, 'Pulumi.old.yaml'), 'config: {}\n');
    expect(pulumiStackMismatches(dir, [])).toEqual([
      'Pulumi.old.yaml is a stack without an account: add stacks/accounts/old.ts and list it in stacks/accounts/index.ts, or remove the stack (pulumi stack rm old) and its file.',
    ]);
  });
});
