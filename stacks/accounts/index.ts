/**
 * Every account of the platform, by name. The Pulumi program picks one by stack name; the
 * synth entry renders all of them.
 */
import type { AccountConfig } from '../../lib/config';
import { production } from './production';
import { sandbox } from './sandbox';

/** The accounts, keyed by `AccountConfig.name`. */
export const ACCOUNTS: Readonly<Record<string, AccountConfig>> = { sandbox, production };

/** The account called `name`; throws listing the known accounts when there is none. */
export function getAccount(name: string): AccountConfig {
  const account = ACCOUNTS[name];
  if (!account) {
    throw new Error(`Unknown account ${JSON.stringify(name)}: known accounts are ${Object.keys(ACCOUNTS).join(', ')}. Add stacks/accounts/${name}.ts and list it in stacks/accounts/index.ts.`);
  }
  return account;
}
