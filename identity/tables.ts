import { CORE_CUSTOMER_TABLES } from '../core/storage/customers';
import type { SqlDriver } from '../core/storage/sql';

/**
 * Every table that holds a `customer_id` column, in the current database. A merge moves the rows
 * of all of them, so a module's table about customers follows a merge just by having that column.
 */
async function customerTables(sql: SqlDriver): Promise<string[]> {
  if (sql.dialect === 'sqlite') {
    const tables = await sql.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
    const result: string[] = [];
    for (const { name } of tables) {
      const columns = await sql.all<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, [name]);
      if (columns.some((c) => c.name === 'customer_id')) result.push(name);
    }
    return result;
  }
  const rows = await sql.all<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE column_name = 'customer_id' AND table_schema = current_schema() ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

/**
 * Every module's table with a `customer_id` column (identity's own among them), without core's,
 * whose rows only core's store moves (`CustomerRecords.merge`).
 */
export async function moduleCustomerTables(sql: SqlDriver): Promise<string[]> {
  return (await customerTables(sql)).filter((table) => !CORE_CUSTOMER_TABLES.includes(table));
}
