import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresDriver } from '../../core/storage/postgres';
import { coreMigrations } from '../../core/storage/schema';
import { migrate, type Migration, type SqlDriver } from '../../core/storage/sql';
import type { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { issueLinkCode } from '../../identity/linking';
import { identityLinks } from '../../identity/links';
import { mergeCustomers } from '../../identity/merge';
import { eraseCustomer } from '../../identity/privacy';
import { identityMigrations } from '../../identity/schema';
import { openStore } from '../../server/store';
import { dropSchemas, requireServices, schemaUrl, uniqueName } from '../scale/services';

/*
 * Identity's tables were core's until they moved to the identity module (identity/schema.ts).
 * A database made by the old schema must open with the new code, keep its rows, and record the
 * moved migrations under identity's name without running them twice. The old migrations are
 * written out here as they were.
 */

/** `core/002-identity` as core shipped it: identity's tables, and the merged-stub column on customers. */
const OLD_IDENTITY: Migration = {
  id: 'core/002-identity',
  sql: `
CREATE TABLE identities (
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (kind, value)
);
CREATE INDEX identities_customer ON identities (customer_id);
ALTER TABLE customers ADD COLUMN merged_into TEXT;
CREATE TABLE identity_audit (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  customer_id TEXT,
  details TEXT NOT NULL
);
CREATE INDEX identity_audit_customer ON identity_audit (customer_id, at);
CREATE TABLE link_codes (
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
CREATE INDEX link_codes_customer ON link_codes (customer_id, created_at);
CREATE INDEX link_codes_hash ON link_codes (code_hash);
CREATE TABLE link_failures (
  customer_id TEXT NOT NULL REFERENCES customers(id),
  at BIGINT NOT NULL
);
CREATE INDEX link_failures_customer ON link_failures (customer_id, at);
CREATE TABLE erasures (
  day TEXT PRIMARY KEY,
  count INTEGER NOT NULL
);
`,
};

/** `core/identity-link-limits` as core shipped it. */
const OLD_LINK_LIMITS: Migration = {
  id: 'core/identity-link-limits',
  sql: `
ALTER TABLE link_codes ADD COLUMN client_hash TEXT;
ALTER TABLE link_failures ADD COLUMN client_hash TEXT;
CREATE INDEX link_codes_address ON link_codes (address, created_at);
CREATE INDEX link_codes_client ON link_codes (client_hash, created_at);
CREATE INDEX link_codes_created ON link_codes (created_at);
CREATE INDEX link_failures_client ON link_failures (client_hash, at);
CREATE INDEX link_failures_at ON link_failures (at);`,
};

/** The old core list: today's, with the identity migrations where they were. */
function oldSchema(withLinkLimits: boolean): Migration[] {
  const unchanged = coreMigrations.filter((m) => m.id !== 'core/002-merged-into');
  return [unchanged[0], OLD_IDENTITY, ...unchanged.slice(1), ...(withLinkLimits ? [OLD_LINK_LIMITS] : [])];
}

const NOW = 1_700_000_000_000;

/** Rows the old code wrote: a customer known by SMS with a verified phone, an audit entry, a link code. */
async function seed(sql: SqlDriver): Promise<void> {
  await sql.run(`INSERT INTO customers (id, profile, created_at, updated_at) VALUES ('cus_old', '{"name":"Olga"}', ?, ?)`, [NOW, NOW]);
  await sql.run(`INSERT INTO addresses (channel, address, customer_id, verified, created_at) VALUES ('sms', '+15550009999', 'cus_old', 1, ?)`, [NOW]);
  await sql.run(`INSERT INTO identities (kind, value, customer_id, created_at) VALUES ('phone', '+15550009999', 'cus_old', ?)`, [NOW]);
  await sql.run(`INSERT INTO identity_audit (id, at, actor, action, customer_id, details) VALUES ('aud_old', ?, 'otp', 'link', 'cus_old', '{}')`, [NOW]);
  await sql.run(`INSERT INTO link_codes (id, customer_id, code_hash, expires_at, created_at) VALUES ('lc_old', 'cus_old', 'h', ?, ?)`, [NOW, NOW]);
}

function upgrades(name: string, database: () => { driver: () => SqlDriver; open: () => Promise<SqlStore> }): void {
  describe(`a database made by the old schema opens with identity owning its tables: ${name}`, () => {
    for (const withLinkLimits of [true, false]) {
      test(withLinkLimits ? 'made with link limits' : 'made before link limits', async () => {
        const db = database();
        const old = db.driver();
        if (old instanceof PostgresDriver) await old.ensureSchema();
        await migrate(old, oldSchema(withLinkLimits));
        await seed(old);
        await old.close();

        const store = await db.open();
        try {
          const recorded = (await store.sql.all<{ id: string }>(`SELECT id FROM schema_migrations`)).map((r) => r.id);
          expect(recorded).toEqual(expect.arrayContaining(['core/002-identity', 'core/002-merged-into', 'identity/001-tables', 'identity/002-link-limits']));
          // The old rows are there, and intake links through them: the same phone on WhatsApp is Olga.
          const { message } = await store.intake({ channel: 'whatsapp', address: '15550009999', text: 'hi', identities: [{ kind: 'phone', value: '+15550009999' }] });
          expect(message.customerId).toBe('cus_old');
          expect(await store.sql.get(`SELECT id FROM link_codes WHERE id = 'lc_old'`)).toEqual({ id: 'lc_old' });
          // The link limits' column and indexes exist either way: a code issued from a client address counts against it.
          expect(await issueLinkCode(store.sql, { customerId: 'cus_old', client: '192.0.2.1', now: NOW + 1 })).toMatch(/^\d{6}$|^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
          expect(await store.sql.get(`SELECT COUNT(*) AS n FROM link_codes WHERE client_hash IS NOT NULL`)).toEqual({ n: 1 });
          // Merge (the stub column) and erasure (its count and audit) work on the old tables.
          const visitor = await store.intake({ channel: 'web', address: 'visitor-old', text: 'hello' });
          await mergeCustomers(store.sql, visitor.message.customerId, 'cus_old', 'test', []);
          expect(await eraseCustomer(store.sql, 'cus_old', 'test')).toBe(true);
          expect(await store.sql.get(`SELECT COUNT(*) AS n FROM identities`)).toEqual({ n: 0 });
          expect(await store.sql.get(`SELECT SUM(count) AS n FROM erasures`)).toEqual({ n: 1 });
          // Nothing is left to apply: opening again runs nothing.
          expect(await migrate(store.sql, [...coreMigrations, ...identityMigrations])).toEqual([]);
        } finally {
          await store.close();
        }
      });
    }

    test('a new database gets the same tables from identity’s migrations', async () => {
      const store = await database().open();
      try {
        const recorded = (await store.sql.all<{ id: string }>(`SELECT id FROM schema_migrations`)).map((r) => r.id);
        expect(recorded).toEqual(expect.arrayContaining(['core/002-merged-into', 'identity/001-tables', 'identity/002-link-limits']));
        expect(recorded).not.toContain('core/002-identity');
        const phone = [{ kind: 'phone' as const, value: '+15550008888' }];
        const sms = await store.intake({ channel: 'sms', address: '+15550008888', text: 'one', identities: phone });
        const whatsapp = await store.intake({ channel: 'whatsapp', address: '15550008888', text: 'two', identities: phone });
        expect(whatsapp.message.customerId).toBe(sms.message.customerId);
        expect(await issueLinkCode(store.sql, { customerId: sms.message.customerId, client: '192.0.2.2' })).toBeTruthy();
      } finally {
        await store.close();
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'sb-identity-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

upgrades('SQLite', () => {
  const file = join(dir, `old${files++}.db`);
  return {
    driver: () => new SqliteDriver(file),
    open: () => openWithIdentity(`sqlite:${file}`),
  };
});

describe('PostgreSQL', () => {
  const schemas: string[] = [];
  beforeAll(requireServices);
  afterAll(() => dropSchemas(schemas));
  upgrades('PostgreSQL', () => {
    const schema = uniqueName('sbi');
    schemas.push(schema);
    return { driver: () => new PostgresDriver(schemaUrl(schema)), open: () => openWithIdentity(schemaUrl(schema)) };
  });
});

/** The store as the app opens it: core's migrations, then identity's; intake linked through identity. */
async function openWithIdentity(url: string): Promise<SqlStore> {
  const store = await openStore({ url, botName: 'test', migrations: identityMigrations });
  store.linkIdentities(identityLinks([]));
  return store;
}
