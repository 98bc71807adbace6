import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AccountConfig } from '../../lib/config';
import { sandbox } from '../../stacks/accounts/sandbox';
import { synthAccounts } from '../../stacks/synth';

describe('synth traps', () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(path.join(tmpdir(), 'eksp-traps-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('fails naming a lower-case add-on key kept in a variable two accounts share, and writes nothing', () => {
    // Compiles: tsc checks excess properties of object literals only, not of a variable.
    const sharedAddons = { ...sandbox.clusters[0].addons, fluentbit: { shards: 1 } };
    const account: AccountConfig = { ...sandbox, clusters: [{ ...sandbox.clusters[0], addons: sharedAddons }] };
    expect(() => synthAccounts([account], out)).toThrow("  - clusters[0].addons.fluentbit: unknown key; did you mean 'fluentBit'?");
    expect(readdirSync(out)).toEqual([]);
  });
});
