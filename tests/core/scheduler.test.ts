import { SqlScheduler } from '../../core/storage/scheduler';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { schedulerContract, sqlSchedulerSpecifics } from './scheduler.contract';

const stores: SqlStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

/** A fresh in-memory database with core's tables; the "instances" share its one connection. */
async function database(): Promise<SqlStore> {
  const store = await SqlStore.open(new SqliteDriver(':memory:'));
  stores.push(store);
  return store;
}

schedulerContract('SQL on SQLite, two instances', async () => {
  const { sql } = await database();
  return [new SqlScheduler(sql, { pollMs: 50 }), new SqlScheduler(sql, { pollMs: 50 })];
});

sqlSchedulerSpecifics('SQLite', async () => {
  const { sql } = await database();
  return { sql, others: [sql] };
});
