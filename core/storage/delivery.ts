import type { SqlDriver } from './sql';

/** A provider's report on an outbound message it was given (Twilio's status callback, WhatsApp's statuses). */
export interface DeliveryReport {
  channel: string;
  /** The provider's id of the message. */
  channelMessageId: string;
  /** The provider's word for it: sent, delivered, read, failed… */
  status: string;
  error?: string;
  /** When the provider says it happened (default: now). */
  at?: number;
}

/**
 * Records a provider's delivery report (sent, delivered, read, failed…) on the outbound message
 * it names, in the message's `metadata.delivery`. Returns false when no message has that id yet.
 */
export async function recordDeliveryStatus(sql: SqlDriver, report: DeliveryReport): Promise<boolean> {
  return sql.transaction(async (tx) => {
    const row = await tx.get<{ id: string; metadata: string | null }>(
      `SELECT id, metadata FROM messages WHERE channel = ? AND channel_message_id = ? AND direction = 'outbound'`,
      [report.channel, report.channelMessageId],
    );
    if (!row) return false;
    const metadata = (row.metadata ? JSON.parse(row.metadata) : {}) as Record<string, unknown>;
    const history = Array.isArray((metadata.delivery as { history?: unknown[] })?.history)
      ? ((metadata.delivery as { history: unknown[] }).history)
      : [];
    const entry = { status: report.status, at: report.at ?? Date.now(), ...(report.error ? { error: report.error } : {}) };
    metadata.delivery = { ...entry, history: [...history, entry].slice(-10) };
    await tx.run(`UPDATE messages SET metadata = ? WHERE id = ?`, [JSON.stringify(metadata), row.id]);
    return true;
  });
}
