import type { Migration } from '../../core/storage/sql';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { openStore } from '../../server/store';
import { dropSchemas, requireServices, schemaUrl, uniqueName } from '../../testkit/scale/services';

/**
 * Runs a module's repository contract on both databases the product supports: SQLite in memory,
 * and PostgreSQL (127.0.0.1:5432, a fresh schema per store, dropped afterwards; the suite fails,
 * never skips, when PostgreSQL is not there). `open` gives a fresh store with core's migrations
 * and the module's, as the app opens it.
 */
export function onBothDatabases(name: string, migrations: Migration[], suite: (open: () => Promise<SqlStore>) => void): void {
  describe(`${name}: SQLite`, () => {
    suite(() => SqlStore.open(new SqliteDriver(':memory:'), { migrations }));
  });
  describe(`${name}: PostgreSQL`, () => {
    const schemas: string[] = [];
    beforeAll(requireServices);
    afterAll(() => dropSchemas(schemas));
    suite(() => {
      const schema = uniqueName('sbc');
      schemas.push(schema);
      return openStore({ url: schemaUrl(schema), botName: 'test', migrations });
    });
  });
}
