import { columnIn, movesCustomerRows, ofCustomers, rowsAbout, type CustomerData } from '../core/customer-data';
import type { SqlDriver } from '../core/storage/sql';

/**
 * What identity stores about a customer: facts, codes (also those sent to one of their numbers),
 * failed attempts and the audit log. Exported, erased, and moved by a merge like any module's
 * rows; its erasure runs after every other module's declaration and before core's.
 */
export const identityCustomerData: CustomerData = {
  ...rowsAbout('identity', [
    ['link_failures', ofCustomers()],
    // A code someone else had sent to one of the customer's numbers names that number too.
    ['link_codes', (s) => {
      const mine = ofCustomers()(s);
      const sentTo = columnIn('address', (x) => x.addresses.map((a) => a.address))(s);
      return { where: `(${mine.where}) OR (${sentTo.where})`, params: [...mine.params, ...sentTo.params] };
    }],
    ['identity_audit', ofCustomers()],
    ['identities', ofCustomers()],
  ]),
  merge: movesCustomerRows([
    ['link_failures', ['at', 'client_hash']],
    ['link_codes', ['id']],
    ['identity_audit', ['id']],
    ['identities', ['kind', 'value']],
  ]),
};

/**
 * The declarations that apply here, the app's modules' first and identity's own after them
 * (whether or not the app listed it); a declaration whose tables do not exist is dropped: its
 * module never ran on this database (a channel never configured), so it stored nothing.
 */
export async function declarationsHere(sql: SqlDriver, declarations: CustomerData[]): Promise<CustomerData[]> {
  const tables = new Set(await tableNames(sql));
  return [...declarations.filter((d) => d !== identityCustomerData), identityCustomerData].filter((d) => d.tables.every((t) => tables.has(t)));
}

async function tableNames(sql: SqlDriver): Promise<string[]> {
  const rows =
    sql.dialect === 'sqlite'
      ? await sql.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await sql.all<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`);
  return rows.map((r) => r.name);
}
