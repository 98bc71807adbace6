/**
 * Tests are transpiled only (swc): type-checking happens once, in `npm run typecheck`
 * (`tsc --noEmit`), which `npm test` runs first. Type-checking @pulumi/aws per test file
 * would cost minutes.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^eks-platform$': '<rootDir>/lib/index.ts',
    '^eks-platform/(config|k8s|aws)$': '<rootDir>/lib/$1/index.ts',
  },
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
