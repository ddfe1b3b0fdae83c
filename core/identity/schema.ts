import type { Migration } from '../storage/sql';

// Identity's later tables and columns, apart from the code that uses them so the core schema can
// list them without importing that code.

/** The table holding the instance's privacy key, generated once and shared by every instance. */
export const privacyKeyMigrations: Migration[] = [
  {
    id: 'core/identity-privacy-key',
    sql: `CREATE TABLE privacy_keys (name TEXT PRIMARY KEY, secret TEXT NOT NULL, created_at BIGINT NOT NULL)`,
  },
];

/** Counts per number and per client address (stored as a keyed hash, never in clear). */
export const linkLimitMigrations: Migration[] = [
  {
    id: 'core/identity-link-limits',
    sql: `
ALTER TABLE link_codes ADD COLUMN client_hash TEXT;
ALTER TABLE link_failures ADD COLUMN client_hash TEXT;
CREATE INDEX link_codes_address ON link_codes (address, created_at);
CREATE INDEX link_codes_client ON link_codes (client_hash, created_at);
CREATE INDEX link_codes_created ON link_codes (created_at);
CREATE INDEX link_failures_client ON link_failures (client_hash, at);
CREATE INDEX link_failures_at ON link_failures (at);`,
  },
];
