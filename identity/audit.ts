import { newId } from '../core/ids';
import type { SqlDriver } from '../core/storage/sql';

/** One entry of the identity audit log: who or what merged, unmerged, linked or erased what. */
export interface AuditEntry {
  id: string;
  at: number;
  /** Who or what did it: `auto:phone`, `otp`, `api:<key name>`, `cli`, `agent:<id>`. */
  actor: string;
  action: 'merge' | 'unmerge' | 'link' | 'erase';
  customerId?: string;
  details: Record<string, unknown>;
}

/** Appends an entry to the audit log (inside the caller's transaction). */
export async function audit(sql: SqlDriver, entry: Omit<AuditEntry, 'id' | 'at'>): Promise<AuditEntry> {
  const full: AuditEntry = { id: newId('aud_'), at: Date.now(), ...entry };
  await sql.run(`INSERT INTO identity_audit (id, at, actor, action, customer_id, details) VALUES (?, ?, ?, ?, ?, ?)`, [
    full.id,
    full.at,
    full.actor,
    full.action,
    full.customerId,
    JSON.stringify(full.details),
  ]);
  return full;
}

/** The audit entries about a customer, oldest first. */
export async function auditTrail(sql: SqlDriver, customerId: string): Promise<AuditEntry[]> {
  const rows = await sql.all<{ id: string; at: number; actor: string; action: AuditEntry['action']; customer_id: string; details: string }>(
    `SELECT * FROM identity_audit WHERE customer_id = ? ORDER BY at, id`,
    [customerId],
  );
  return rows.map((r) => ({ id: r.id, at: Number(r.at), actor: r.actor, action: r.action, customerId: r.customer_id, details: JSON.parse(r.details) }));
}
