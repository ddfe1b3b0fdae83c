import type { CustomerProfile } from '../core/customer';
import type { SqlDriver } from '../core/storage/sql';
import { audit, type AuditEntry } from './audit';
import { customerTables, dependencyOrder, rowsOfCustomer } from './tables';

/**
 * How profiles combine when two customers turn out to be one: the surviving customer's values win,
 * the other's fill the gaps; custom attributes merge the same way, key by key.
 */
export const PROFILE_MERGE_RULE = 'target-wins-source-fills-gaps';

/** What a merge moved, recorded in the audit log so it can be undone. */
export interface MergeRecord {
  source: string;
  target: string;
  addresses: Array<{ channel: string; address: string }>;
  identities: Array<{ kind: string; value: string }>;
  conversations: string[];
  /** The conversation closed because both customers had one open (its state stays in history). */
  closedConversation?: string;
  sourceProfile: CustomerProfile;
  targetProfile: CustomerProfile;
  profileRule: string;
}

/**
 * Merges customer `source` into `target` in one transaction: addresses, identities,
 * conversations and their transcripts, every module table with a `customer_id`, and the profile.
 * When both have an open conversation, the more recently active one stays open (its dialog goes
 * on) and the other is closed, kept in history; its waiting messages move to the open one.
 * Nothing is deleted: the source stays as a stub pointing at the target, so it can be unmerged.
 */
export async function mergeCustomers(sql: SqlDriver, source: string, target: string, actor: string): Promise<AuditEntry> {
  return sql.transaction((tx) => mergeIn(tx, source, target, actor));
}

/** `mergeCustomers` inside a transaction the caller holds (intake uses it). */
export async function mergeIn(tx: SqlDriver, source: string, target: string, actor: string): Promise<AuditEntry> {
  if (source === target) throw new Error('Cannot merge a customer into itself');
  const [src, tgt] = await Promise.all([customerRow(tx, source), customerRow(tx, target)]);
  if (!src || !tgt) throw new Error(`No customer ${!src ? source : target}`);
  if (src.merged_into || tgt.merged_into) throw new Error('One of the customers was already merged into another');

  const record: MergeRecord = {
    source,
    target,
    addresses: await tx.all(`SELECT channel, address FROM addresses WHERE customer_id = ?`, [source]),
    identities: await tx.all(`SELECT kind, value FROM identities WHERE customer_id = ?`, [source]),
    conversations: (await tx.all<{ id: string }>(`SELECT id FROM conversations WHERE customer_id = ?`, [source])).map((r) => r.id),
    sourceProfile: JSON.parse(src.profile),
    targetProfile: JSON.parse(tgt.profile),
    profileRule: PROFILE_MERGE_RULE,
  };

  const open = await tx.all<{ id: string; customer_id: string; updated_at: number }>(
    `SELECT id, customer_id, updated_at FROM conversations WHERE customer_id IN (?, ?) AND status = 'open' ORDER BY updated_at DESC, id DESC`,
    [source, target],
  );
  if (open.length === 2) {
    const [keep, close] = open;
    await tx.run(`UPDATE conversations SET status = 'closed' WHERE id = ?`, [close.id]);
    await tx.run(
      `UPDATE messages SET conversation_id = ?, customer_id = ? WHERE conversation_id = ? AND direction = 'inbound' AND status = 'pending'`,
      [keep.id, keep.customer_id, close.id],
    );
    record.closedConversation = close.id;
  }

  for (const table of dependencyOrder(await customerTables(tx))) {
    await tx.run(`UPDATE ${table} SET customer_id = ? WHERE ${rowsOfCustomer(table)}`, [target, source]);
  }
  const profile = mergeProfiles(record.targetProfile, record.sourceProfile);
  await tx.run(`UPDATE customers SET profile = ?, updated_at = ? WHERE id = ?`, [JSON.stringify(profile), Date.now(), target]);
  await tx.run(`UPDATE customers SET merged_into = ?, profile = '{}', updated_at = ? WHERE id = ?`, [target, Date.now(), source]);
  return audit(tx, { actor, action: 'merge', customerId: target, details: record as unknown as Record<string, unknown> });
}

/**
 * Undoes a merge recorded in the audit log: the source gets back its profile, addresses,
 * identities and conversations (with everything in them, including messages written since).
 */
export async function unmergeCustomers(sql: SqlDriver, auditId: string, actor: string): Promise<AuditEntry> {
  return sql.transaction(async (tx) => {
    const row = await tx.get<{ details: string; action: string }>(`SELECT details, action FROM identity_audit WHERE id = ?`, [auditId]);
    if (!row || row.action !== 'merge') throw new Error(`No merge ${auditId} in the audit log`);
    const record = JSON.parse(row.details) as MergeRecord;
    const stub = await customerRow(tx, record.source);
    if (stub?.merged_into !== record.target) throw new Error(`Merge ${auditId} was already undone`);

    // The moved conversations go back with everything in them. At most one of them is open, and
    // then the target has no other open one (one open conversation per customer), so none clash.
    for (const id of record.conversations) {
      await tx.run(`UPDATE messages SET customer_id = ? WHERE conversation_id = ?`, [record.source, id]);
      await tx.run(`UPDATE conversations SET customer_id = ? WHERE id = ?`, [record.source, id]);
    }
    for (const a of record.addresses) {
      await tx.run(`UPDATE addresses SET customer_id = ? WHERE channel = ? AND address = ?`, [record.source, a.channel, a.address]);
    }
    for (const i of record.identities) {
      await tx.run(`UPDATE identities SET customer_id = ? WHERE kind = ? AND value = ?`, [record.source, i.kind, i.value]);
    }
    const now = Date.now();
    await tx.run(`UPDATE customers SET merged_into = NULL, profile = ?, updated_at = ? WHERE id = ?`, [JSON.stringify(record.sourceProfile), now, record.source]);
    await tx.run(`UPDATE customers SET profile = ?, updated_at = ? WHERE id = ?`, [JSON.stringify(record.targetProfile), now, record.target]);
    return audit(tx, { actor, action: 'unmerge', customerId: record.target, details: { mergeId: auditId, source: record.source, target: record.target } });
  });
}

/** `target`'s values win; `source` fills what the target lacks; attributes merge key by key. */
export function mergeProfiles(target: CustomerProfile, source: CustomerProfile): CustomerProfile {
  const merged: CustomerProfile = { ...source, ...dropEmpty(target) };
  if (source.attributes || target.attributes) merged.attributes = { ...source.attributes, ...target.attributes };
  return merged;
}

function dropEmpty(profile: CustomerProfile): CustomerProfile {
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

async function customerRow(tx: SqlDriver, id: string) {
  return tx.get<{ id: string; profile: string; merged_into: string | null; created_at: number }>(`SELECT * FROM customers WHERE id = ?`, [id]);
}
