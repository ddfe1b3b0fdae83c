import type { Migration } from '../core/storage/sql';

/*
 * Identity's tables: verified facts that link addresses to one customer, the audit log of merges,
 * links and erasures, one-time link codes and wrong attempts, and the anonymous count of erasures.
 * Until this module owned them they were core's (`core/002-identity`, `core/identity-link-limits`);
 * a database made then already has them, so the first migration creates only what is missing and
 * the second stands for the core one it replaces (see `Migration.replaces`).
 */

/** Identity's migrations, applied after core's. */
export const identityMigrations: Migration[] = [
  {
    id: 'identity/001-tables',
    sql: `
CREATE TABLE IF NOT EXISTS identities (
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (kind, value)
);
CREATE INDEX IF NOT EXISTS identities_customer ON identities (customer_id);
CREATE TABLE IF NOT EXISTS identity_audit (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  customer_id TEXT,
  details TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_audit_customer ON identity_audit (customer_id, at);
CREATE TABLE IF NOT EXISTS link_codes (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  channel TEXT,
  address TEXT,
  code_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS link_codes_customer ON link_codes (customer_id, created_at);
CREATE INDEX IF NOT EXISTS link_codes_hash ON link_codes (code_hash);
CREATE TABLE IF NOT EXISTS link_failures (
  customer_id TEXT NOT NULL REFERENCES customers(id),
  at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS link_failures_customer ON link_failures (customer_id, at);
CREATE TABLE IF NOT EXISTS erasures (
  day TEXT PRIMARY KEY,
  count INTEGER NOT NULL
);
`,
  },
  {
    // Counts per number and per client address (stored as a keyed hash, never in clear).
    id: 'identity/002-link-limits',
    replaces: ['core/identity-link-limits'],
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
