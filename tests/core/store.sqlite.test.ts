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
