#!/usr/bin/env node
/**
 * `npm run schema`: writes lib/config/account-schema.json, the JSON schema of `AccountConfig`
 * generated from the TypeScript types (ts-json-schema-generator). `validateAccount()` walks a
 * config against it to reject keys the types do not declare, so the known keys are never listed
 * by hand. test/config/account-schema.test.ts fails when the committed file is stale.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');

const ROOT = path.join(__dirname, '..');
/** Where the schema is committed. */
const SCHEMA_FILE = path.join(ROOT, 'lib', 'config', 'account-schema.json');

/** The schema of AccountConfig as the types declare it today, as the text committed. */
function generateAccountSchema() {
  const schema = createGenerator({
    path: path.join(ROOT, 'lib', 'config', 'index.ts'),
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    type: 'AccountConfig',
    expose: 'export',
    topRef: true,
    jsDoc: 'none',
    skipTypeCheck: true,
    additionalProperties: false,
    sortProps: true,
  }).createSchema('AccountConfig');
  return `${JSON.stringify(schema, null, 2)}\n`;
}

module.exports = { generateAccountSchema, SCHEMA_FILE };

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, generateAccountSchema());
  console.log(`wrote ${path.relative(ROOT, SCHEMA_FILE)}`);
}
