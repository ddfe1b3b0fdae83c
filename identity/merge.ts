import type { CustomerProfile } from '../core/customer';
import type { CustomerData, CustomerMerge, MergeHooks, MovedRows } from '../core/customer-data';
import { customerRecords, type CustomerUnmerge } from '../core/storage/customers';
import type { SqlDriver } from '../core/storage/sql';
import { audit, type AuditEntry } from './audit';
import { withIdentity } from './customer-data';

/**
 * How profiles combine when two customers turn out to be one: the surviving customer's values win,
 * the other's fill the gaps; custom attributes merge the same way, key by key.
 */
export const PROFILE_MERGE_RULE = 'target-wins-source-fills-gaps';

/** What a merge moved, recorded in the audit log so it can be undone. */
export interface MergeRecord extends CustomerUnmerge {
  identities: Array<{ kind: string; value: string }>;
  /** The conversation closed because both customers had one open (its state stays in history). */
  closedConversation?: string;
  profileRule: string;
  /**
   * What each declaration's merge hook moved (by declaration name), for the unmerge. Absent from
   * merges recorded before modules declared their hooks: their rows stay with the target.
   */
  moved?: Record<string, MovedRows>;
}

/**
 * Merges customer `source` into `target` in one transaction: addresses, conversations and their
 * transcripts, and the profile (core's rows), then identity's rows and every module's through its
 * declared merge hook (`customerData`: the app's declarations, `ModuleContext.customerData`).
 * When both have an open conversation, the more recently active one stays open (its dialog goes
 * on) and the other is closed, kept in history; its waiting messages move to the open one.
 * Nothing is deleted: the source stays as a stub pointing at the target, so it can be unmerged.
 */
export async function mergeCustomers(sql: SqlDriver, source: string, target: string, actor: string, customerData: CustomerData[]): Promise<AuditEntry> {
  return sql.transaction((tx) => mergeIn(tx, source, target, actor, customerData));
}

/** `mergeCustomers` inside a transaction the caller holds (intake uses it). */
export async function mergeIn(tx: SqlDriver, source: string, target: string, actor: string, customerData: CustomerData[]): Promise<AuditEntry> {
  if (source === target) throw new Error('Cannot merge a customer into itself');
  const customers = customerRecords(tx);
  const [src, tgt] = await Promise.all([customers.get(source), customers.get(target)]);
  if (!src || !tgt) throw new Error(`No customer ${!src ? source : target}`);
  if (src.mergedInto || tgt.mergedInto) throw new Error('One of the customers was already merged into another');

  const identities = await tx.all<{ kind: string; value: string }>(`SELECT kind, value FROM identities WHERE customer_id = ?`, [source]);
  // Core's rows first (addresses, conversations, messages, profiles), then every module's and
  // identity's through their hooks: all in the caller's transaction.
  const moved = await customers.merge(source, target, mergeProfiles(tgt.profile, src.profile), Date.now());
  const change: CustomerMerge = { sql: tx, source, target };
  const movedByHooks: Record<string, MovedRows> = {};
  for (const { name, merge } of mergeHooks(customerData)) movedByHooks[name] = await merge.move(change);
  const record: MergeRecord = {
    source,
    target,
    addresses: moved.addresses,
    identities: identities.map(({ kind, value }) => ({ kind, value })),
    conversations: moved.conversations,
    ...(moved.closedConversation ? { closedConversation: moved.closedConversation } : {}),
    sourceProfile: src.profile,
    targetProfile: tgt.profile,
    profileRule: PROFILE_MERGE_RULE,
    moved: movedByHooks,
  };
  return audit(tx, { actor, action: 'merge', customerId: target, details: { ...record } });
}

/**
 * Undoes a merge recorded in the audit log: the source gets back its profile, addresses,
 * identities and conversations (with everything in them, including messages written since), and
 * every module's rows the merge moved (through the same declarations' hooks).
 */
export async function unmergeCustomers(sql: SqlDriver, auditId: string, actor: string, customerData: CustomerData[]): Promise<AuditEntry> {
  return sql.transaction(async (tx) => {
    const row = await tx.get<{ details: string; action: string }>(`SELECT details, action FROM identity_audit WHERE id = ?`, [auditId]);
    if (!row || row.action !== 'merge') throw new Error(`No merge ${auditId} in the audit log`);
    const record = JSON.parse(row.details) as MergeRecord;
    const customers = customerRecords(tx);
    const stub = await customers.get(record.source);
    if (stub?.mergedInto !== record.target) throw new Error(`Merge ${auditId} was already undone`);

    await customers.unmerge(record, Date.now());
    const change: CustomerMerge = { sql: tx, source: record.source, target: record.target };
    for (const { name, merge } of mergeHooks(customerData)) await merge.moveBack(change, record.moved?.[name] ?? {});
    if (!record.moved) {
      // Recorded before identity declared its hook: its identities are listed in the record.
      for (const i of record.identities) {
        await tx.run(`UPDATE identities SET customer_id = ? WHERE kind = ? AND value = ?`, [record.source, i.kind, i.value]);
      }
    }
    return audit(tx, { actor, action: 'unmerge', customerId: record.target, details: { mergeId: auditId, source: record.source, target: record.target } });
  });
}

/**
 * The declarations that move rows in a merge: the app's modules', then identity's. The app's
 * modules' tables exist (their migrations ran when the store opened), so none is skipped.
 */
function mergeHooks(customerData: CustomerData[]): Array<{ name: string; merge: MergeHooks }> {
  return withIdentity(customerData).flatMap(({ name, merge }) => (merge ? [{ name, merge }] : []));
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
