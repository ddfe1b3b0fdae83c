/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // ESM-only packages Node requires natively but Jest cannot (see the transform's comment).
    '/node_modules/email-reply-parser/.+\\.js$': '<rootDir>/testkit/jest/esm-package.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!email-reply-parser/)'],
  // Shared test settings (dictionaries read on first use).
  setupFiles: ['<rootDir>/testkit/jest/env.js'],
  moduleNameMapper: { '^switchboard$': '<rootDir>/index.ts' },
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/{core,channels,dialogs,knowledge,handoff,journeys,server,cli}/**/*.test.ts'],
  // `*.system.test.ts` need Debian packages (Dovecot…): `npm run test:system` runs them.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.system\\.test\\.ts$'],
  testTimeout: 30_000,
  // PostgreSQL, Redis and browser suites share machine-wide services: keep parallelism modest.
  maxWorkers: 2,
};
