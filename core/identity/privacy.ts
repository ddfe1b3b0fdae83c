import type { SqlDriver } from '../storage/sql';
import { audit } from './audit';
import { customerTables, dependencyOrder, rowsOfCustomer } from './tables';

/** Everything held about a customer: their row, and every row of every table with their `customer_id`. */
export interface CustomerExport {
  customerId: string;
  exportedAt: string;
  customer: Record<string, unknown>;
  /** Customers merged into this one (stubs). */
  merged: string[];
  tables: Record<string, Array<Record<string, unknown>>>;
}

/** Exports everything about a customer (and any customers merged into them) as JSON-ready data. */
export async function exportCustomer(sql: SqlDriver, customerId: string): Promise<CustomerExport | undefined> {
  const customer = await sql.get(`SELECT * FROM customers WHERE id = ?`, [customerId]);
  if (!customer) return undefined;
  const merged = (await sql.all<{ id: string }>(`SELECT id FROM customers WHERE merged_into = ?`, [customerId])).map((r) => r.id);
  const tables: CustomerExport['tables'] = {};
  for (const table of await customerTables(sql)) {
    const rows = await sql.all(`SELECT * FROM ${table} WHERE ${rowsOfCustomer(table)}`, [customerId]);
    if (rows.length) tables[table] = rows.map(decodeJsonColumns);
  }
  return { customerId, exportedAt: new Date().toISOString(), customer: decodeJsonColumns(customer), merged, tables };
}

/**
 * Erases a customer: every row about them in every table (transcripts, addresses, identities,
 * state, outbox, module data), their merged stubs, and their audit entries — in one transaction.
 * What remains is an anonymous count of erasures per day, and an audit entry without the id.
 * Returns false when there was no such customer.
 */
export async function eraseCustomer(sql: SqlDriver, customerId: string, actor: string): Promise<boolean> {
  return sql.transaction(async (tx) => {
    const exists = await tx.get(`SELECT id FROM customers WHERE id = ?`, [customerId]);
    if (!exists) return false;
    const ids = [customerId, ...(await tx.all<{ id: string }>(`SELECT id FROM customers WHERE merged_into = ?`, [customerId])).map((r) => r.id)];
    const marks = ids.map(() => '?').join(', ');
    for (const table of dependencyOrder(await customerTables(tx))) {
      await tx.run(`DELETE FROM ${table} WHERE ${rowsOfCustomer(table, marks)}`, ids);
    }
    await tx.run(`DELETE FROM customers WHERE id IN (${marks})`, ids);
    const day = new Date().toISOString().slice(0, 10);
    await tx.run(`INSERT INTO erasures (day, count) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET count = erasures.count + 1`, [day]);
    await audit(tx, { actor, action: 'erase', details: { customers: ids.length } });
    return true;
  });
}

/** Parses the JSON text columns the stores use, so an export reads as data, not escaped strings. */
function decodeJsonColumns(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all
      }
    }
    out[key] = value;
  }
  return out;
}
