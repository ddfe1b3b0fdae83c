/**
 * `npm run test:system`: suites that need Debian packages on the machine (Dovecot for IMAP);
 * `.ci/run` installs them. `npm test` covers the same code with in-process servers.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ['<rootDir>/tests/**/*.system.test.ts'], testPathIgnorePatterns: ['/node_modules/', '/dist/'] };
