import { migrate, type Migration } from '../../core/storage/sql';
import { SqliteDriver } from '../../core/storage/sqlite';

/** `Migration.after`: a read model's backfill runs after its source's tables, and not without them. */
describe('migrations', () => {
  const tables = (db: SqliteDriver) => db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't_%' ORDER BY name`);
  const model: Migration[] = [
    { id: 'model/001', sql: 'CREATE TABLE t_copy (id TEXT)' },
    { id: 'model/002-backfill', after: ['model/001', 'source/001'], sql: 'INSERT INTO t_copy SELECT id FROM t_source' },
  ];
  const source: Migration[] = [{ id: 'source/001', sql: `CREATE TABLE t_source (id TEXT); INSERT INTO t_source VALUES ('a'), ('b')` }];

  test('one that follows another module’s runs after it, wherever it is listed', async () => {
    const db = new SqliteDriver(':memory:');
    expect(await migrate(db, [...model, ...source])).toEqual(['model/001', 'source/001', 'model/002-backfill']);
    expect(await db.all(`SELECT id FROM t_copy ORDER BY id`)).toEqual([{ id: 'a' }, { id: 'b' }]);
    await db.close();
  });

  test('one that follows a module the app does not load waits for it, and runs once it is there', async () => {
    const db = new SqliteDriver(':memory:');
    expect(await migrate(db, model)).toEqual(['model/001']);
    expect(await tables(db)).toEqual([{ name: 't_copy' }]);
    expect(await migrate(db, [...model, ...source])).toEqual(['source/001', 'model/002-backfill']);
    expect(await migrate(db, [...model, ...source])).toEqual([]);
    await db.close();
  });

  test('one that replaces an id a database recorded is recorded without running; a new database runs it', async () => {
    const moved: Migration = { id: 'owner/001', replaces: ['core/001'], sql: `CREATE TABLE t_moved (id TEXT)` };
    const old = new SqliteDriver(':memory:');
    await migrate(old, [{ id: 'core/001', sql: `CREATE TABLE t_moved (id TEXT); INSERT INTO t_moved VALUES ('kept')` }]);
    expect(await migrate(old, [moved])).toEqual(['owner/001']);
    expect(await old.all(`SELECT id FROM t_moved`)).toEqual([{ id: 'kept' }]);
    expect(await migrate(old, [moved])).toEqual([]);
    const fresh = new SqliteDriver(':memory:');
    expect(await migrate(fresh, [moved])).toEqual(['owner/001']);
    expect(await tables(fresh)).toEqual([{ name: 't_moved' }]);
    await old.close();
    await fresh.close();
  });
});
