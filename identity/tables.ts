import { messagesOfCustomer } from '../core/storage/schema';
import type { SqlDriver } from '../core/storage/sql';

/**
 * Every table that holds a `customer_id` column, in the current database. Merging and erasure
 * work across all of them, so a module's table about customers is covered just by having that
 * column — the convention every module follows.
 */
export async function customerTables(sql: SqlDriver): Promise<string[]> {
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
 * The order to delete from or move between customers without breaking foreign keys: module tables
 * first, then the core tables from the leaves to the root.
 */
export function dependencyOrder(tables: string[]): string[] {
  const core = ['messages', 'conversations', 'identities', 'addresses'];
  return [...tables.filter((t) => !core.includes(t)), ...core.filter((t) => tables.includes(t))];
}

/**
 * The condition selecting a table's rows about the customers bound to `placeholders`. Messages
 * have no customer index (it cost a page per turn): they are found through their conversations,
 * so `messages` must be handled before `conversations` move or go (as `dependencyOrder` has it).
 */
export function rowsOfCustomer(table: string, placeholders = '?'): string {
  return table === 'messages' ? messagesOfCustomer(placeholders) : `customer_id IN (${placeholders})`;
}
