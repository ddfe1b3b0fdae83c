import type { CustomerData, CustomerSubject } from '../core/customer-data';
import { coreCustomerData, customerRecords } from '../core/storage/customers';
import type { Row, SqlDriver } from '../core/storage/sql';
import { audit } from './audit';
import { withIdentity } from './customer-data';
import { keyedHash, privacyKey } from '../core/identity/privacy-key';

/** Everything held about a customer: their row, and every declared table's rows about them. */
export interface CustomerExport {
  customerId: string;
  exportedAt: string;
  customer: Record<string, unknown>;
  /** Customers merged into this one (stubs). */
  merged: string[];
  /** Every declared table, by name; empty when nothing in it is about the customer. */
  tables: Record<string, Array<Record<string, unknown>>>;
}

/** The customer and everyone merged into them, with their conversations and addresses (core's rows, read by core). */
async function subjectOf(sql: SqlDriver, customerId: string, key: Buffer): Promise<CustomerSubject> {
  const rows = await customerRecords(sql).subject(customerId);
  return { sql, ...rows, keyedHash: (value) => keyedHash(key, value) };
}

/**
 * The declarations to run, in erasure order: the app's modules', identity's, core's last. The
 * caller passes the declarations of the modules whose migrations its store ran (the server's
 * `ModuleContext.customerData`, the CLI's same composition), identity's among them, so every table
 * they name exists: nothing here asks the schema.
 */
function inErasureOrder(declarations: CustomerData[]): CustomerData[] {
  return [...withIdentity(declarations), coreCustomerData];
}

/**
 * Exports everything every declaration holds about a customer (and customers merged into them) as
 * JSON-ready data. `declarations` are the app's (see `inErasureOrder`); identity's and core's are added.
 */
export async function exportCustomer(sql: SqlDriver, customerId: string, declarations: CustomerData[] = []): Promise<CustomerExport | undefined> {
  const customer = await customerRecords(sql).row(customerId);
  if (!customer) return undefined;
  const subject = await subjectOf(sql, customerId, await privacyKey(sql));
  const tables: CustomerExport['tables'] = {};
  for (const declaration of inErasureOrder(declarations)) {
    for (const [table, rows] of Object.entries(await declaration.export(subject))) tables[table] = rows.map(decodeJsonColumns);
  }
  return { customerId, exportedAt: new Date().toISOString(), customer: decodeJsonColumns(customer), merged: subject.customerIds.slice(1), tables };
}

/**
 * Erases a customer: every declaration's rows about them (transcripts, addresses, identities,
 * state, outbox, module data), their merged stubs, and their audit entries — in one transaction;
 * then the driver purges the freed bytes from its files (SQLite). What remains is an anonymous
 * count of erasures per day, an audit entry without the id, and keyed hashes where a declaration
 * needs them (a number that opted out stays opted out). Returns false when there was no such customer.
 * `declarations` are the app's, as for `exportCustomer`.
 */
export async function eraseCustomer(sql: SqlDriver, customerId: string, actor: string, declarations: CustomerData[] = []): Promise<boolean> {
  const key = await privacyKey(sql);
  const active = inErasureOrder(declarations);
  const erased = await sql.transaction(async (tx) => {
    const customers = customerRecords(tx);
    if (!(await customers.get(customerId))) return false;
    const subject = await subjectOf(tx, customerId, key);
    for (const declaration of active) await declaration.erase(subject);
    await customers.erase(subject.customerIds);
    const day = new Date().toISOString().slice(0, 10);
    await tx.run(`INSERT INTO erasures (day, count) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET count = erasures.count + 1`, [day]);
    await audit(tx, { actor, action: 'erase', details: { customers: subject.customerIds.length } });
    return true;
  });
  if (erased) await sql.purge?.();
  return erased;
}

/** Parses the JSON text columns the stores use, so an export reads as data, not escaped strings. */
function decodeJsonColumns(row: Row): Row {
  const out: Row = {};
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
