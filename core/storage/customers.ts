import type { Customer, CustomerProfile } from '../customer';
import { ofCustomers, rowsAbout, type CustomerData } from '../customer-data';
import { toCustomer } from './rows';
import { messagesOfCustomer } from './schema';
import { placeholders, type Row, type SqlDriver } from './sql';

/** A customer as merging and privacy see it: the customer, and whom they were merged into (a stub's target). */
export interface CustomerRecord extends Customer {
  mergedInto?: string;
}

/** One channel address, as a merge moves it. */
export interface AddressKey {
  channel: string;
  address: string;
}

/** What `CustomerRecords.merge` moved from the source to the target: what `unmerge` moves back. */
export interface CustomerMove {
  /** The source's addresses. */
  addresses: AddressKey[];
  /** The source's conversations (with their messages). */
  conversations: string[];
  /** The conversation closed because both customers had one open (its state stays in history). */
  closedConversation?: string;
}

/** How to undo a merge: who was merged into whom, what moved, and both profiles as they were. */
export interface CustomerUnmerge {
  source: string;
  target: string;
  addresses: AddressKey[];
  conversations: string[];
  sourceProfile: CustomerProfile;
  targetProfile: CustomerProfile;
}

/** Whom a privacy request is about, in core's rows: the customer, everyone merged into them, their conversations and addresses. */
export interface CustomerRows {
  /** The customer first, then every customer merged into them (stubs, transitively). */
  customerIds: string[];
  conversationIds: string[];
  addresses: AddressKey[];
}

/**
 * Core's customer rows (customers, addresses, conversations and their messages) as the identity
 * module needs them to link, merge, unmerge, export and erase: it never names these tables.
 * Bound to a driver or to a transaction the caller holds (`customerRecords(tx)`), so a merge or an
 * erasure commits with the caller's own rows, all or nothing. The statements are the same on
 * SQLite and PostgreSQL; rows become values through the store's mappers (`rows.ts`).
 */
export interface CustomerRecords {
  /** The customer, stub or not. */
  get(id: string): Promise<CustomerRecord | undefined>;
  /** The customer's row as stored, for an export. */
  row(id: string): Promise<Row | undefined>;
  /** Who holds a channel address, if anyone. */
  addressOwner(channel: string, address: string): Promise<string | undefined>;
  /** Gives the customer a verified address, unless someone holds it already; true when it was added. */
  addVerifiedAddress(customerId: string, address: AddressKey, now: number): Promise<boolean>;
  /**
   * Moves the source's addresses, conversations and their messages to the target, gives the
   * target `profile`, and leaves the source as an empty stub pointing at the target. When both
   * have an open conversation, the more recently active one stays open and the other is closed,
   * its waiting messages moved to the open one.
   */
  merge(source: string, target: string, profile: CustomerProfile, now: number): Promise<CustomerMove>;
  /** Undoes `merge`: the conversations (with messages written since) and addresses go back, and both profiles are restored. */
  unmerge(undo: CustomerUnmerge, now: number): Promise<void>;
  /** The customer, everyone merged into them, their conversations and addresses. */
  subject(customerId: string): Promise<CustomerRows>;
  /** Deletes the customer rows; their conversations, messages and addresses must be gone already (`coreCustomerData`). */
  erase(customerIds: string[]): Promise<void>;
}

/** `CustomerRecords` on a driver or a transaction (`SqlStore.customers` is the store's). */
export function customerRecords(sql: SqlDriver): CustomerRecords {
  return {
    async get(id) {
      const row = await sql.get(`SELECT * FROM customers WHERE id = ?`, [id]);
      if (!row) return undefined;
      const customer: CustomerRecord = toCustomer(row);
      if (row.merged_into) customer.mergedInto = String(row.merged_into);
      return customer;
    },

    row: (id) => sql.get(`SELECT * FROM customers WHERE id = ?`, [id]),

    async addressOwner(channel, address) {
      const row = await sql.get<{ customer_id: string }>(`SELECT customer_id FROM addresses WHERE channel = ? AND address = ?`, [channel, address]);
      return row?.customer_id;
    },

    async addVerifiedAddress(customerId, { channel, address }, now) {
      const added = await sql.run(
        `INSERT INTO addresses (channel, address, customer_id, verified, created_at) VALUES (?, ?, ?, 1, ?) ON CONFLICT (channel, address) DO NOTHING`,
        [channel, address, customerId, now],
      );
      return added.changes > 0;
    },

    async merge(source, target, profile, now) {
      const move: CustomerMove = {
        addresses: await addressesOf(sql, [source]),
        conversations: (await sql.all<{ id: string }>(`SELECT id FROM conversations WHERE customer_id = ?`, [source])).map((r) => r.id),
      };
      const open = await sql.all<{ id: string; customer_id: string }>(
        `SELECT id, customer_id FROM conversations WHERE customer_id IN (?, ?) AND status = 'open' ORDER BY updated_at DESC, id DESC`,
        [source, target],
      );
      if (open.length === 2) {
        const [keep, close] = open;
        await sql.run(`UPDATE conversations SET status = 'closed' WHERE id = ?`, [close.id]);
        await sql.run(
          `UPDATE messages SET conversation_id = ?, customer_id = ? WHERE conversation_id = ? AND direction = 'inbound' AND status = 'pending'`,
          [keep.id, keep.customer_id, close.id],
        );
        move.closedConversation = close.id;
      }
      // Messages are found through their conversations, so they move first.
      await sql.run(`UPDATE messages SET customer_id = ? WHERE ${messagesOfCustomer()}`, [target, source]);
      await sql.run(`UPDATE conversations SET customer_id = ? WHERE customer_id = ?`, [target, source]);
      await sql.run(`UPDATE addresses SET customer_id = ? WHERE customer_id = ?`, [target, source]);
      await sql.run(`UPDATE customers SET profile = ?, updated_at = ? WHERE id = ?`, [JSON.stringify(profile), now, target]);
      await sql.run(`UPDATE customers SET merged_into = ?, profile = '{}', updated_at = ? WHERE id = ?`, [target, now, source]);
      return move;
    },

    async unmerge(undo, now) {
      // At most one moved conversation is open, and then the target has no other open one (one
      // open conversation per customer), so none clash.
      for (const id of undo.conversations) {
        await sql.run(`UPDATE messages SET customer_id = ? WHERE conversation_id = ?`, [undo.source, id]);
        await sql.run(`UPDATE conversations SET customer_id = ? WHERE id = ?`, [undo.source, id]);
      }
      for (const a of undo.addresses) {
        await sql.run(`UPDATE addresses SET customer_id = ? WHERE channel = ? AND address = ?`, [undo.source, a.channel, a.address]);
      }
      await sql.run(`UPDATE customers SET merged_into = NULL, profile = ?, updated_at = ? WHERE id = ?`, [JSON.stringify(undo.sourceProfile), now, undo.source]);
      await sql.run(`UPDATE customers SET profile = ?, updated_at = ? WHERE id = ?`, [JSON.stringify(undo.targetProfile), now, undo.target]);
    },

    async subject(customerId) {
      const customerIds = [customerId];
      for (let i = 0; i < customerIds.length; i++) {
        const merged = await sql.all<{ id: string }>(`SELECT id FROM customers WHERE merged_into = ?`, [customerIds[i]]);
        for (const { id } of merged) if (!customerIds.includes(id)) customerIds.push(id);
      }
      const conversations = await sql.all<{ id: string }>(`SELECT id FROM conversations WHERE customer_id IN (${placeholders(customerIds)})`, customerIds);
      return { customerIds, conversationIds: conversations.map((c) => c.id), addresses: await addressesOf(sql, customerIds) };
    },

    async erase(customerIds) {
      if (customerIds.length) await sql.run(`DELETE FROM customers WHERE id IN (${placeholders(customerIds)})`, customerIds);
    },
  };
}

/**
 * What core stores about a customer besides their row, for export and erasure: the transcript
 * and outbox, conversations, addresses (children before parents). Erased after every module's
 * declaration (modules' rows may refer to conversations); the customer rows go last
 * (`CustomerRecords.erase`).
 */
export const coreCustomerData: CustomerData = rowsAbout('core.conversations', [
  ['messages', (s) => ({ where: messagesOfCustomer(placeholders(s.customerIds)), params: s.customerIds })],
  ['conversations', ofCustomers()],
  ['addresses', ofCustomers()],
]);

async function addressesOf(sql: SqlDriver, customerIds: string[]): Promise<AddressKey[]> {
  const rows = await sql.all<AddressKey>(`SELECT channel, address FROM addresses WHERE customer_id IN (${placeholders(customerIds)})`, customerIds);
  return rows.map(({ channel, address }) => ({ channel, address }));
}

