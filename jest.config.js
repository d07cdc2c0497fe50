// Jest runs the TypeScript sources as ES modules (ts-jest, useESM). Every test file
// gets its own PostgreSQL database cloned from a migrated template (test/setup).

/** @type {import('jest').Config} */
const config = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  testTimeout: 120_000,
  // Two cores: two workers keep PostgreSQL and the tests from starving each other.
  maxWorkers: 2,
};

export default config;
