import { coreMigrations } from '../../core/storage/schema';
import { SqlStore } from '../../core/storage/sql-store';
import { PostgresDriver, toDollarParams } from '../../core/storage/postgres';
import { UnavailableError } from '../../core/errors';
import { openStore } from '../../server/store';
import { silentLogger } from '../../core/logger';
import { identityLinks } from '../../identity/links';
import { identityMigrations } from '../../identity/schema';
import { storeContract } from '../core/store.contract';
import { dropSchemas, requireServices, schemaUrl, uniqueName } from './services';

// One schema per store the contract opens, so runs (and parallel workers) never collide.
const schemas: string[] = [];
beforeAll(requireServices);
afterAll(() => dropSchemas(schemas));

async function freshStore(): Promise<SqlStore> {
  const schema = uniqueName('sbt');
  schemas.push(schema);
  // As the app opens it: with the identity module's tables and intake links.
  const store = await openStore({ url: schemaUrl(schema), botName: 'test', migrations: identityMigrations });
  store.linkIdentities(identityLinks([]));
  return store;
}

storeContract('PostgreSQL', freshStore);

describe('PostgreSQL driver', () => {
  test('translates ? outside literals, identifiers and comments', () => {
    expect(toDollarParams(`SELECT '?', "a?" FROM t WHERE x = ? AND y = ? -- why?\nAND z = ? /* ? */`)).toBe(
      `SELECT '?', "a?" FROM t WHERE x = $1 AND y = $2 -- why?\nAND z = $3 /* ? */`,
    );
    expect(toDollarParams(`SELECT 'it''s ?' , ?`)).toBe(`SELECT 'it''s ?' , $1`);
  });

  test('BIGINT comes back as a number and migrations run once per schema', async () => {
    const store = await freshStore();
    const again = await freshStoreOn(schemas[schemas.length - 1]);
    const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'hi', createdAt: 1_700_000_000_123 });
    const row = await store.sql.get<{ created_at: unknown; seq: unknown }>(`SELECT created_at, seq FROM messages WHERE id = ?`, [message.id]);
    expect(row).toEqual({ created_at: 1_700_000_000_123, seq: 1 });
    expect(await store.sql.all(`SELECT id FROM schema_migrations`)).toHaveLength(coreMigrations.length + identityMigrations.length);
    await again.close();
    await store.close();
  });

  test('concurrent intakes of a new customer make one customer and one conversation', async () => {
    const store = await freshStore();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => store.intake({ channel: 'web', address: 'race', text: `m${i}`, channelMessageId: `c${i % 6}` })),
    );
    expect(new Set(results.map((r) => r.message.customerId)).size).toBe(1);
    expect(new Set(results.map((r) => r.message.conversationId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(6);
    expect(await store.pendingInbound(results[0].message.conversationId)).toHaveLength(6);
    await store.close();
  });

  test('an unreachable server is an UnavailableError, quickly', async () => {
    const driver = new PostgresDriver('postgres://postgres@127.0.0.1:1/test', { connectTimeoutMs: 1_000 });
    await expect(driver.get('SELECT 1')).rejects.toBeInstanceOf(UnavailableError);
    await expect(driver.transaction(async (tx) => tx.get('SELECT 1'))).rejects.toThrow(/PostgreSQL is unreachable/);
    await driver.close();
  });

  test('a prepared SELECT * still runs after another instance added a column (rolling upgrade)', async () => {
    const schema = uniqueName('sbt');
    schemas.push(schema);
    const running = new PostgresDriver(schemaUrl(schema), { max: 1 });
    const upgrading = new PostgresDriver(schemaUrl(schema));
    await running.ensureSchema();
    await running.exec(`CREATE TABLE t (id TEXT PRIMARY KEY); INSERT INTO t VALUES ('a')`);
    expect(await running.get(`SELECT * FROM t WHERE id = ?`, ['a'])).toEqual({ id: 'a' });
    await upgrading.exec(`ALTER TABLE t ADD COLUMN n INTEGER NOT NULL DEFAULT 7`);
    expect(await running.get(`SELECT * FROM t WHERE id = ?`, ['a'])).toEqual({ id: 'a', n: 7 });
    expect(await running.get(`SELECT * FROM t WHERE id = ?`, ['a'])).toEqual({ id: 'a', n: 7 });
    await upgrading.close();
    await running.close();
  });

  test('a bad schema name is refused at construction', () => {
    expect(() => new PostgresDriver(schemaUrl('x; DROP TABLE y'))).toThrow(/not a plain identifier/);
  });
});

describe('PostgreSQL clock', () => {
  afterEach(() => jest.restoreAllMocks());

  test('on one machine the database clock and the process clock agree', async () => {
    const store = await freshStore();
    expect(Math.abs(store.clockOffsetMs)).toBeLessThan(1_000);
    await store.close();
  });

  test('a process clock 10 minutes ahead is corrected to the database clock, and the operator is warned', async () => {
    const realNow = Date.now.bind(Date);
    const logger = silentLogger();
    const warn = jest.spyOn(logger, 'warn');
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 10 * 60_000);
    const schema = uniqueName('sbt');
    schemas.push(schema);
    const store = await openStore({ url: schemaUrl(schema), botName: 'test', logger });
    expect(Math.abs(store.clockOffsetMs + 10 * 60_000)).toBeLessThan(1_000);
    expect(Math.abs(store.now() - realNow())).toBeLessThan(1_000);
    expect(warn).toHaveBeenCalledWith({ offsetMs: store.clockOffsetMs }, expect.stringMatching(/ahead of the database's/));
    // Intake stamps the database's time, not the process's.
    const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'hi' });
    expect(Math.abs(message.createdAt - realNow())).toBeLessThan(1_000);
    await store.close();
  });
});

function freshStoreOn(schema: string): Promise<SqlStore> {
  return openStore({ url: schemaUrl(schema), botName: 'test', migrations: identityMigrations });
}
