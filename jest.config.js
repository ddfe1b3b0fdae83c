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
  // Time a worker gets to exit after the last suite before Jest kills it and warns "A worker process
  // has failed to exit gracefully". Its event loop is empty by then (Node's 'exit' fires 0-4 ms after
  // Jest's request), but the operating system's teardown of a worker that loaded every native library
  // takes 160-390 ms at load 3-7 and more than Jest's default 500 ms on a loaded 2-core machine. A
  // leaked handle still shows: the worker then never exits and is killed after these 2 s.
  workerGracefulExitTimeout: 2000,
};
