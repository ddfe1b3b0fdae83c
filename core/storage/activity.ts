import { placeholders, type Row, type SqlDriver } from './sql';

/*
 * Reads of core's tables for reports (analytics): typed, so no other module runs SQL on
 * `conversations` or `messages`. `SqlStore` exposes them as methods.
 */

/** A time range (ms, `from` inclusive, `to` exclusive), optionally on one channel. */
export interface ActivityRange {
  from: number;
  to: number;
  channel?: string;
}

/** What a report needs of one stored message. */
export interface MessageActivity {
  direction: 'inbound' | 'outbound';
  author: string;
  createdAt: number;
  /** The message's metadata (`{}` when it has none or it is unreadable). */
  metadata: Record<string, unknown>;
}

/** A conversation that started in a range, with its messages in stored order. */
export interface ConversationActivity {
  id: string;
  /** The conversation's channel now (it follows the customer to the channel they last wrote on). */
  channel: string;
  createdAt: number;
  messages: MessageActivity[];
}

/** Conversations started in the range (on its channel, when given), oldest first, with their messages: two queries. */
export async function conversationsStarted(sql: SqlDriver, range: ActivityRange): Promise<ConversationActivity[]> {
  const where = `c.created_at >= ? AND c.created_at < ?${range.channel ? ' AND c.channel = ?' : ''}`;
  const params: unknown[] = range.channel ? [range.from, range.to, range.channel] : [range.from, range.to];
  const conversations = await sql.all<{ id: string; channel: string; created_at: number }>(
    `SELECT c.id, c.channel, c.created_at FROM conversations c WHERE ${where} ORDER BY c.created_at, c.id`,
    params,
  );
  if (!conversations.length) return [];
  const byId = new Map(conversations.map((c) => [c.id, { id: c.id, channel: c.channel, createdAt: Number(c.created_at), messages: [] as MessageActivity[] }]));
  const messages = await sql.all<{ conversation_id: string; direction: 'inbound' | 'outbound'; author: string; created_at: number; metadata: string | null }>(
    `SELECT m.conversation_id, m.direction, m.author, m.created_at, m.metadata FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE ${where} ORDER BY m.seq`,
    params,
  );
  for (const m of messages) {
    byId.get(m.conversation_id)?.messages.push({ direction: m.direction, author: m.author, createdAt: Number(m.created_at), metadata: metadataOf(m.metadata) });
  }
  return [...byId.values()];
}

/** The channel of each of these conversations that exists, looked up in batches. */
export async function conversationChannels(sql: SqlDriver, ids: string[]): Promise<Map<string, string>> {
  const channels = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += BATCH) {
    const batch = unique.slice(i, i + BATCH);
    const rows = await sql.all<Row>(`SELECT id, channel FROM conversations WHERE id IN (${placeholders(batch)})`, batch);
    for (const row of rows) channels.set(String(row.id), String(row.channel));
  }
  return channels;
}

/** Ids per `IN (…)` list: well under every driver's limit on parameters. */
const BATCH = 500;

function metadataOf(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
