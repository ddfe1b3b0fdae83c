import type { EventBus } from '../../core/bus';
import type { SqlDriver } from '../../core/storage/sql';
import { HandoffRepository } from '../../handoff/repository';
import { HandoffChanged } from '../../handoff/topics';
import { QuestionAsked } from '../../knowledge/topics';
import { eventually } from '../scale/helpers';

/** What the seeds write to: the store, and the bus on which the owners announce what they wrote. */
export interface SeedTarget {
  store: { sql: SqlDriver; now(): number };
  engine: { bus: EventBus };
}

/** Monday 2 March 2026, 10:00 UTC: the seeded dataset's first conversation. */
export const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
const DAY = 86_400_000;
const S = 1000;

type Msg = [direction: 'inbound' | 'outbound', author: 'customer' | 'bot' | 'agent', offsetMs: number, metadata?: Record<string, unknown>];
interface Seeded {
  id: string;
  channel: 'web' | 'sms';
  at: number;
  messages: Msg[];
  handoff?: { reason: string; requested: number; assigned: number; resolved: number; csat?: number };
}

/**
 * Five conversations over two days (and one outside the range), with known timestamps:
 * - c1 web, day 1: contained; bot answers in 2 s, last bot message at 60 s;
 * - c2 web, day 1: a fallback at 4 s, handoff (fallbacks) at 10 s, agent replies at 100 s, resolved at 610 s, CSAT 2;
 * - c3 sms, day 1: contained; bot answers in 6 s;
 * - c4 sms, day 2: bot at 2 s, handoff (customer-request) at 5 s, agent at 65 s, resolved at 305 s, CSAT 4;
 * - c5 web, day 2: contained; bot answers in 8 s;
 * - c6 web, 5 March: outside 2–3 March.
 */
export const CONVERSATIONS: Seeded[] = [
  { id: 'c1', channel: 'web', at: T0, messages: [['inbound', 'customer', 0, { sentiment: 0.5, intent: 'order-status' }], ['outbound', 'bot', 2 * S], ['outbound', 'bot', 60 * S]] },
  {
    id: 'c2', channel: 'web', at: T0 + 3600 * S,
    messages: [['inbound', 'customer', 0, { sentiment: -0.5, intent: 'refund' }], ['outbound', 'bot', 4 * S, { fallback: true }], ['outbound', 'agent', 100 * S]],
    handoff: { reason: 'fallbacks', requested: 10 * S, assigned: 70 * S, resolved: 610 * S, csat: 2 },
  },
  { id: 'c3', channel: 'sms', at: T0 + 7200 * S, messages: [['inbound', 'customer', 0, { sentiment: 0, intent: 'order-status' }], ['outbound', 'bot', 6 * S]] },
  {
    id: 'c4', channel: 'sms', at: T0 + DAY,
    messages: [['inbound', 'customer', 0, { sentiment: -1, intent: 'refund' }], ['outbound', 'bot', 2 * S], ['outbound', 'agent', 65 * S]],
    handoff: { reason: 'customer-request', requested: 5 * S, assigned: 35 * S, resolved: 305 * S, csat: 4 },
  },
  { id: 'c5', channel: 'web', at: T0 + DAY + 3600 * S, messages: [['inbound', 'customer', 0, { sentiment: 0.25 }], ['outbound', 'bot', 8 * S]] },
  {
    id: 'c6', channel: 'web', at: T0 + 3 * DAY,
    messages: [['inbound', 'customer', 0, { sentiment: -1, intent: 'complaint' }], ['outbound', 'bot', 1 * S]],
    handoff: { reason: 'sentiment', requested: 2 * S, assigned: 3 * S, resolved: 4 * S, csat: 1 },
  },
];

/** Knowledge questions: two answered (one from the default locale), two unanswered about one topic. */
const QUESTIONS = [
  { id: 'q1', conversation: 'c1', text: 'Where is my order?', status: 'answered', fromDefault: 0, at: T0 + 1 * S },
  { id: 'q2', conversation: 'c3', text: '¿Dónde está mi pedido?', status: 'answered', fromDefault: 1, at: T0 + 7201 * S },
  { id: 'q3', conversation: 'c2', text: 'Where is my parcel tracking number', status: 'abstain', fromDefault: 0, at: T0 + 3601 * S },
  { id: 'q4', conversation: 'c4', text: 'parcel tracking not working', status: 'abstain', fromDefault: 0, at: T0 + DAY + 1 * S },
];

/**
 * Writes the dataset as its owners would: plain SQL into a migrated store (core's, handoff's and
 * knowledge's tables), and for handoffs and questions the events their modules publish, which
 * analytics' read model records (`publish: false` leaves the events out: an install from before
 * the read model, whose history the backfill migrations copy). Resolves once the read model has it.
 */
export async function seed(target: SeedTarget, options: { publish?: boolean } = {}): Promise<void> {
  const sql = target.store.sql;
  const publish = options.publish ?? true;
  await sql.run(`INSERT INTO queues (id, name, skills, priority, sla_seconds) VALUES ('seed-q', 'Seed', '[]', 0, 300) ON CONFLICT (id) DO NOTHING`);
  for (const c of CONVERSATIONS) {
    const customer = `cus_${c.id}`;
    await sql.run(`INSERT INTO customers (id, profile, created_at, updated_at) VALUES (?, '{}', ?, ?)`, [customer, c.at, c.at]);
    await sql.run(`INSERT INTO conversations (id, customer_id, status, channel, address, state, version, created_at, updated_at) VALUES (?, ?, 'closed', ?, ?, '{}', 1, ?, ?)`, [
      c.id, customer, c.channel, `addr-${c.id}`, c.at, c.at,
    ]);
    let n = 0;
    for (const [direction, author, offset, metadata] of c.messages) {
      await sql.run(
        `INSERT INTO messages (id, conversation_id, customer_id, channel, address, direction, author, text, metadata, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [`${c.id}-m${n++}`, c.id, customer, c.channel, `addr-${c.id}`, direction, author, 'text', metadata ? JSON.stringify(metadata) : null, direction === 'inbound' ? 'done' : 'sent', c.at + offset],
      );
    }
    const h = c.handoff;
    if (h) {
      await sql.run(
        `INSERT INTO handoffs (id, conversation_id, customer_id, queue_id, status, reason, priority, requested_at, assigned_at, resolved_at, sla_at, outcome, csat)
         VALUES (?, ?, ?, 'seed-q', 'resolved', ?, 0, ?, ?, ?, ?, 'resolved', ?)`,
        [`h-${c.id}`, c.id, customer, h.reason, c.at + h.requested, c.at + h.assigned, c.at + h.resolved, c.at + h.requested + 300 * S, h.csat ?? null],
      );
      if (publish) await announceHandoff(target, `h-${c.id}`);
    }
  }
  for (const q of QUESTIONS) {
    await sql.run(
      `INSERT INTO kb_questions (id, conversation_id, text, normalized, locale, status, article_id, answer_locale, confidence, from_default, created_at) VALUES (?, ?, ?, ?, 'en', ?, ?, 'en', 0.5, ?, ?)`,
      [q.id, q.conversation, q.text, q.text.toLowerCase(), q.status, q.status === 'answered' ? 'shipping' : null, q.fromDefault, q.at],
    );
    if (publish) {
      const question = { id: q.id, conversationId: q.conversation, text: q.text, locale: 'en', status: q.status as 'answered' | 'abstain', fromDefault: q.fromDefault === 1, at: q.at };
      await target.engine.bus.publish(QuestionAsked, { question });
    }
  }
  if (publish) await readModelHas(target, CONVERSATIONS.filter((c) => c.handoff).length, QUESTIONS.length);
}

/** Publishes a stored handoff as the handoff module does after every change. */
async function announceHandoff(target: SeedTarget, id: string): Promise<void> {
  const handoff = await new HandoffRepository(target.store.sql, () => target.store.now()).get(id);
  await target.engine.bus.publish(HandoffChanged, { handoff: handoff! });
}

/** Waits until analytics' read model holds at least this many handoffs and questions. */
async function readModelHas(target: SeedTarget, handoffs: number, questions: number): Promise<void> {
  const count = async (table: string) => Number((await target.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n);
  const done = await eventually(async () => (await count('analytics_handoffs')) >= handoffs && (await count('analytics_questions')) >= questions, 10_000, 20);
  if (!done) throw new Error('analytics did not record the seeded handoffs and questions');
}

/**
 * Escalations for the staffing plan: `perWeek` each Monday 10:00–11:00 UTC in each of the last
 * `weeks` full weeks (never within the last 24 hours, so live tiles stay untouched).
 */
export async function seedRecentEscalations(target: SeedTarget, now: number, weeks: number, perWeek: number): Promise<void> {
  const sql = target.store.sql;
  const before = Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM analytics_handoffs`))!.n);
  const d = new Date(now);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  for (let w = 1; w <= weeks; w++) {
    for (let i = 0; i < perWeek; i++) {
      const at = monday - w * 7 * DAY + 10 * 3600 * S + i * 60 * S;
      const id = `staff-${w}-${i}`;
      await sql.run(`INSERT INTO customers (id, profile, created_at, updated_at) VALUES (?, '{}', ?, ?)`, [`cus_${id}`, at, at]);
      await sql.run(`INSERT INTO conversations (id, customer_id, status, channel, address, state, version, created_at, updated_at) VALUES (?, ?, 'closed', 'web', ?, '{}', 1, ?, ?)`, [id, `cus_${id}`, id, at, at]);
      await sql.run(
        `INSERT INTO handoffs (id, conversation_id, customer_id, queue_id, status, reason, priority, requested_at, sla_at, outcome) VALUES (?, ?, ?, 'seed-q', 'resolved', 'customer-request', 0, ?, ?, 'resolved')`,
        [`h-${id}`, id, `cus_${id}`, at, at + 300 * S],
      );
      await announceHandoff(target, `h-${id}`);
    }
  }
  await readModelHas(target, before + weeks * perWeek, 0);
}
