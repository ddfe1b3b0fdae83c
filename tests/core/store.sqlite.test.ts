import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { storeContract } from './store.contract';

storeContract('SQLite in memory', () => SqlStore.open(new SqliteDriver(':memory:')));

const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
storeContract('SQLite on disk (WAL)', () => SqlStore.open(new SqliteDriver(join(dir, `s${n++}.db`))));

test('migrations run once and data survives reopening the file', async () => {
  const path = join(dir, 'reopen.db');
  const a = await SqlStore.open(new SqliteDriver(path));
  const { message } = await a.intake({ channel: 'web', address: 'ann', text: 'kept' });
  await a.close();
  const b = await SqlStore.open(new SqliteDriver(path));
  expect((await b.getMessage(message.id))?.text).toBe('kept');
  await b.close();
});

test('the outbox poll reads only undelivered messages through the outbox index, never the whole table', async () => {
  const store = await SqlStore.open(new SqliteDriver(':memory:'));
  const claims: Array<{ sql: string; params: unknown[] }> = [];
  const all = store.sql.all.bind(store.sql);
  jest.spyOn(store.sql, 'all').mockImplementation((sql: string, params: unknown[] = []) => {
    if (sql.includes("SET status = 'sending'")) claims.push({ sql, params });
    return all(sql, params);
  });
  const now = Date.now();
  await store.claimOutbound({ now, leaseUntil: now + 1000, limit: 10 });
  expect(claims).toHaveLength(1);
  const plan = await all<{ detail: string }>(`EXPLAIN QUERY PLAN ${claims[0].sql}`, claims[0].params);
  const details = plan.map((r) => r.detail);
  expect(details).toContainEqual(expect.stringContaining('USING INDEX messages_outbox'));
  expect(details).not.toContain('SCAN messages');
  await store.close();
});
