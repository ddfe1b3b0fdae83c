import type { SqlDriver } from '../../core/storage/sql';
import { dayOf, type ConversationFacts, type QuestionFacts, type Range } from '../../analytics/facts';

/*
 * The reference for "the dashboards show the same figures as before": how analytics read its
 * facts before it kept a read model (analytics/facts.ts at a5cd602, verbatim but for the
 * imports), straight from the handoff and knowledge modules' tables.
 */

/** True when the migration that creates a module's tables has run (the store may lack a module). */
async function hasMigration(sql: SqlDriver, id: string): Promise<boolean> {
  return !!(await sql.get(`SELECT 1 AS ok FROM schema_migrations WHERE id = ?`, [id]));
}

/**
 * Reads the conversations that started in the range (on the channel, when given) with their
 * messages and handoffs: three queries, then one pass in memory.
 */
export async function legacyLoadFacts(sql: SqlDriver, range: Range): Promise<ConversationFacts[]> {
  const where = `c.created_at >= ? AND c.created_at < ?${range.channel ? ' AND c.channel = ?' : ''}`;
  const params: unknown[] = range.channel ? [range.from, range.to, range.channel] : [range.from, range.to];
  const conversations = await sql.all<{ id: string; channel: string; created_at: number }>(
    `SELECT c.id, c.channel, c.created_at FROM conversations c WHERE ${where} ORDER BY c.created_at, c.id`,
    params,
  );
  const byId = new Map<string, ConversationFacts>();
  for (const c of conversations) {
    const createdAt = Number(c.created_at);
    byId.set(c.id, { id: c.id, channel: c.channel, day: dayOf(createdAt), createdAt, inbound: 0, sentiments: [], fallbacks: 0, intents: [], handoffs: [], csatAnswers: 0 });
  }
  if (!byId.size) return [];
  const messages = await sql.all<{ conversation_id: string; direction: string; author: string; created_at: number; metadata: string | null }>(
    `SELECT m.conversation_id, m.direction, m.author, m.created_at, m.metadata FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE ${where} ORDER BY m.seq`,
    params,
  );
  const agentReplies = new Map<string, number[]>();
  for (const m of messages) addMessage(byId.get(m.conversation_id), m, agentReplies);
  if (await hasMigration(sql, 'handoff/001-initial')) {
    const handoffs = await sql.all<Record<string, unknown>>(
      `SELECT h.conversation_id, h.reason, h.status, h.outcome, h.requested_at, h.assigned_at, h.resolved_at, h.csat
       FROM handoffs h JOIN conversations c ON c.id = h.conversation_id WHERE ${where} ORDER BY h.requested_at`,
      params,
    );
    for (const h of handoffs) {
      const facts = byId.get(String(h.conversation_id));
      if (!facts) continue;
      const requestedAt = Number(h.requested_at);
      const firstAgentReplyAt = (agentReplies.get(facts.id) ?? []).find((t) => t >= requestedAt);
      facts.handoffs.push({
        reason: String(h.reason),
        status: String(h.status),
        outcome: h.outcome == null ? undefined : String(h.outcome),
        requestedAt,
        assignedAt: num(h.assigned_at),
        resolvedAt: num(h.resolved_at),
        csat: num(h.csat),
        firstAgentReplyAt,
      });
    }
  }
  if (await hasMigration(sql, 'analytics/001-csat')) {
    const ratings = await sql.all<{ conversation_id: string; score: number }>(
      `SELECT a.conversation_id, a.score FROM analytics_csat a JOIN conversations c ON c.id = a.conversation_id WHERE ${where}`,
      params,
    );
    for (const r of ratings) {
      const facts = byId.get(r.conversation_id);
      if (facts) facts.csat = Number(r.score);
    }
  }
  // A conversation that was only a CSAT answer to an earlier one is not a conversation of its own.
  return [...byId.values()].filter((f) => !(f.csatAnswers > 0 && f.inbound === f.csatAnswers));
}

function addMessage(
  facts: ConversationFacts | undefined,
  m: { direction: string; author: string; created_at: number; metadata: string | null },
  agentReplies: Map<string, number[]>,
): void {
  if (!facts) return;
  const at = Number(m.created_at);
  const meta = parseMeta(m.metadata);
  if (m.direction === 'inbound') {
    facts.inbound++;
    if (meta.csatAnswer === true) return void facts.csatAnswers++;
    facts.firstInboundAt ??= at;
    if (typeof meta.sentiment === 'number' && Number.isFinite(meta.sentiment)) facts.sentiments.push(meta.sentiment);
    if (typeof meta.intent === 'string' && meta.intent) facts.intents.push(meta.intent);
    return;
  }
  if (m.author === 'bot') {
    // A reply is what follows the customer's first message (a proactive greeting is not one).
    if (facts.firstInboundAt !== undefined && facts.firstBotReplyAt === undefined) facts.firstBotReplyAt = at;
    facts.lastBotAt = at;
    if (meta.fallback === true) facts.fallbacks++;
  } else if (m.author === 'agent') {
    agentReplies.set(facts.id, [...(agentReplies.get(facts.id) ?? []), at]);
  }
}

/**
 * Knowledge-base questions asked in the range; the channel is the conversation's (questions
 * without a conversation only count when no channel is asked for).
 */
export async function legacyLoadQuestions(sql: SqlDriver, range: Range): Promise<QuestionFacts[]> {
  if (!(await hasMigration(sql, 'knowledge/001-articles'))) return [];
  const rows = await sql.all<{ text: string; locale: string; status: string; from_default: number; channel: string | null; created_at: number }>(
    `SELECT q.text, q.locale, q.status, q.from_default, c.channel, q.created_at FROM kb_questions q LEFT JOIN conversations c ON c.id = q.conversation_id
     WHERE q.created_at >= ? AND q.created_at < ?${range.channel ? ' AND c.channel = ?' : ''} ORDER BY q.created_at`,
    range.channel ? [range.from, range.to, range.channel] : [range.from, range.to],
  );
  return rows.map((r) => ({ text: r.text, locale: r.locale, status: r.status, fromDefault: Number(r.from_default) === 1, channel: r.channel ?? undefined, at: Number(r.created_at) }));
}

function num(v: unknown): number | undefined {
  return v == null ? undefined : Number(v);
}

function parseMeta(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
