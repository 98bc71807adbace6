/**
 * lib/config/account-schema.json is generated from the AccountConfig types (`npm run schema`)
 * and is what validateAccount() checks keys against: it must match the types as they are.
 */
import { readFileSync } from 'node:fs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateAccountSchema, SCHEMA_FILE } = require('../../tools/schema.js') as { generateAccountSchema(): string; SCHEMA_FILE: string };

describe('account schema', () => {
  it('is the schema the config types generate today (run `npm run schema` when this fails)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generateAccountSchema());
  }, 60_000);
});
