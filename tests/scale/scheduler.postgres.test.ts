import { SqlScheduler } from '../../core/storage/scheduler';
import type { SqlStore } from '../../core/storage/sql-store';
import { openStore } from '../../server/store';
import { schedulerContract, sqlSchedulerSpecifics } from '../core/scheduler.contract';
import { dropSchemas, requireServices, schemaUrl, uniqueName } from './services';

// PostgreSQL without Redis: the SQL scheduler, each "instance" with a connection pool of its own.
const schemas: string[] = [];
const stores: SqlStore[] = [];
beforeAll(requireServices);
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});
afterAll(() => dropSchemas(schemas));

/** Two stores on one fresh schema, as two instances would open it. */
async function twoInstances(): Promise<[SqlStore, SqlStore]> {
  const schema = uniqueName('sbt');
  schemas.push(schema);
  const a = await openStore({ url: schemaUrl(schema), botName: 'test' });
  const b = await openStore({ url: schemaUrl(schema), botName: 'test' });
  stores.push(a, b);
  return [a, b];
}

schedulerContract('SQL on PostgreSQL, two instances', async () => {
  const [a, b] = await twoInstances();
  return [new SqlScheduler(a.sql, { pollMs: 50 }), new SqlScheduler(b.sql, { pollMs: 50 })];
});

sqlSchedulerSpecifics('PostgreSQL', async () => {
  const [a, b] = await twoInstances();
  return { sql: a.sql, others: [b.sql] };
});
