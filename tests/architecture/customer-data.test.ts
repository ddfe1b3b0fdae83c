import { movesCustomerRows, ofCustomers, rowsAbout } from '../../core/customer-data';
import type { AppModule } from '../../core/module';
import { coreCustomerData } from '../../core/storage/customers';
import { coreMigrations } from '../../core/storage/schema';
import type { Migration } from '../../core/storage/sql';
import { defaultModules } from '../../server/modules';

/**
 * A merge moves a module's rows only through the merge hook the module declares
 * (`CustomerData.merge`); nothing looks for `customer_id` columns in the schema. So a module whose
 * migrations make a table naming a customer must declare a hook that moves it, or that table's
 * rows would stay behind with the merged-away customer. These tests read the migrations (the
 * product never does) and hold every module of the default app to that.
 */

/** The DDL a migration runs, on each database it is written for. */
function statementsOf(migration: Migration): string[] {
  return typeof migration.sql === 'string' ? [migration.sql] : [migration.sql.sqlite, migration.sql.postgres];
}

/** Each table a piece of DDL creates, with its column definitions (what is between its parentheses). */
function tablesCreatedIn(ddl: string): Array<{ table: string; body: string }> {
  const created: Array<{ table: string; body: string }> = [];
  for (const match of ddl.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\(/gi)) {
    const open = match.index + match[0].length;
    let depth = 1;
    let close = open;
    while (depth > 0 && close < ddl.length) {
      if (ddl[close] === '(') depth++;
      if (ddl[close] === ')') depth--;
      close++;
    }
    created.push({ table: match[1], body: ddl.slice(open, close - 1) });
  }
  return created;
}

/** The tables `migrations` create, and those among them (or altered later) that get a `customer_id` column. */
function tablesOf(migrations: Migration[]): { created: Set<string>; naming: Set<string> } {
  const created = new Set<string>();
  const naming = new Set<string>();
  for (const ddl of migrations.flatMap(statementsOf)) {
    for (const { table, body } of tablesCreatedIn(ddl)) {
      created.add(table);
      if (/(?:^|[(,])\s*customer_id\s/i.test(body)) naming.add(table);
    }
    for (const match of ddl.matchAll(/ALTER TABLE (\w+) ADD COLUMN customer_id\s/gi)) naming.add(match[1]);
  }
  return { created, naming };
}

/** The module's tables with a `customer_id` column that none of its merge hooks moves. */
function tablesNoMergeHookMoves(module: AppModule): string[] {
  const moved = new Set((module.customerData ?? []).flatMap((d) => d.merge?.tables ?? []));
  return [...tablesOf(module.migrations ?? []).naming].filter((table) => !moved.has(table)).sort();
}

const modules = defaultModules();

test('the migrations reader finds the tables that name a customer, however they are written', () => {
  const { created, naming } = tablesOf([
    { id: 'a', sql: 'CREATE TABLE IF NOT EXISTS a (\n  id TEXT PRIMARY KEY,\n  customer_id TEXT NOT NULL REFERENCES customers(id)\n);' },
    { id: 'b', sql: { sqlite: 'CREATE TABLE b (id TEXT, customer_id TEXT, at INTEGER)', postgres: 'CREATE TABLE b (id TEXT, customer_id TEXT, at BIGINT)' } },
    { id: 'c', sql: 'CREATE TABLE c (id TEXT, customer_ids TEXT, note TEXT CHECK (note <> \'customer_id \'));\nALTER TABLE d ADD COLUMN customer_id TEXT;' },
  ]);
  expect([...created].sort()).toEqual(['a', 'b', 'c']);
  expect([...naming].sort()).toEqual(['a', 'b', 'd']);
});

test('a module whose migrations make a customer table without a merge hook is named, with the table', () => {
  const declaration = rowsAbout('notes', [['notes', ofCustomers()], ['tags', ofCustomers()]]);
  const migrations: Migration[] = [{ id: 'notes/001', sql: 'CREATE TABLE notes (id TEXT PRIMARY KEY, customer_id TEXT);\nCREATE TABLE tags (id TEXT PRIMARY KEY, customer_id TEXT);' }];
  expect(tablesNoMergeHookMoves({ name: 'notes', migrations })).toEqual(['notes', 'tags']);
  expect(tablesNoMergeHookMoves({ name: 'notes', migrations, customerData: [declaration] })).toEqual(['notes', 'tags']);
  expect(tablesNoMergeHookMoves({ name: 'notes', migrations, customerData: [{ ...declaration, merge: movesCustomerRows([['notes', ['id']]]) }] })).toEqual(['tags']);
});

test('the default app has modules with customer tables to check', () => {
  const owners = modules.filter((m) => tablesOf(m.migrations ?? []).naming.size > 0).map((m) => m.name);
  expect(owners).toEqual(expect.arrayContaining(['identity', 'handoff', 'journeys', 'knowledge', 'media', 'surveys', 'catalog', 'analytics']));
});

test.each(modules.map((m) => [m.name, m] as const))('%s: a merge hook it declares moves every table of its migrations with a customer_id', (_name, module) => {
  expect(tablesNoMergeHookMoves(module)).toEqual([]);
});

test.each(modules.map((m) => [m.name, m] as const))('%s: its merge hooks move only tables its own migrations make', (_name, module) => {
  const { created } = tablesOf(module.migrations ?? []);
  const hooked = (module.customerData ?? []).flatMap((d) => d.merge?.tables ?? []);
  expect(hooked.filter((table) => !created.has(table))).toEqual([]);
});

test("core's tables that name a customer are the ones core's store moves in a merge (CustomerRecords.merge)", () => {
  expect([...tablesOf(coreMigrations).naming].sort()).toEqual([...coreCustomerData.tables].sort());
});

test('declarations with merge hooks have distinct names (the audit record keeps what each moved under its name)', () => {
  const names = modules.flatMap((m) => m.customerData ?? []).filter((d) => d.merge).map((d) => d.name);
  expect(names.length).toBeGreaterThan(0);
  expect(new Set(names).size).toBe(names.length);
});
