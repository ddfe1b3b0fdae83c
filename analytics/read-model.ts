import type { EventBus } from '../core/bus';
import type { Logger } from '../core/logger';
import { placeholders, type Migration, type SqlDriver } from '../core/storage/sql';
import { HandoffChanged, type HandoffChangedPayload } from '../handoff/topics';
import { QuestionAsked, type AskedQuestion } from '../knowledge/topics';

/**
 * Analytics' own copy of what other modules tell it: handoffs (from `HandoffChanged`) and
 * knowledge-base questions (from `QuestionAsked`). It never reads their tables: the owners publish
 * every change with the whole record, and the read model keeps the latest. What the owners stored
 * before it followed them is copied once, through their typed histories (`backfill.ts`).
 */
export const readModelMigrations: Migration[] = [
  {
    id: 'analytics/002-read-model',
    sql: `
CREATE TABLE analytics_handoffs (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  outcome TEXT,
  requested_at BIGINT NOT NULL,
  assigned_at BIGINT,
  resolved_at BIGINT,
  csat INTEGER
);
CREATE INDEX analytics_handoffs_conversation ON analytics_handoffs (conversation_id, requested_at);
CREATE TABLE analytics_questions (
  id TEXT PRIMARY KEY,
  conversation_id TEXT,
  text TEXT NOT NULL,
  locale TEXT NOT NULL,
  status TEXT NOT NULL,
  from_default INTEGER NOT NULL,
  asked_at BIGINT NOT NULL
);
CREATE INDEX analytics_questions_asked ON analytics_questions (asked_at);
CREATE INDEX analytics_questions_conversation ON analytics_questions (conversation_id);
`,
  },
];

/** A handoff as analytics keeps it. */
export interface HandoffRow {
  id: string;
  conversationId: string;
  reason: string;
  status: string;
  outcome?: string;
  requestedAt: number;
  assignedAt?: number;
  resolvedAt?: number;
  csat?: number;
}

/** A question as analytics keeps it. */
export interface QuestionRow {
  id: string;
  conversationId?: string;
  text: string;
  locale: string;
  status: string;
  fromDefault: boolean;
  askedAt: number;
}

/** Ids per `IN (…)` list: well under every driver's limit on parameters. */
const BATCH = 500;

/** Analytics' read model: writes from the events, reads for the reports. */
export class AnalyticsReadModel {
  /** Writes in the order their events arrived (a pool could otherwise reorder two changes of one handoff). */
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly sql: SqlDriver) {}

  /**
   * Keeps the read model up to date from the bus. Events from other instances arrive too and
   * write the same rows again (idempotent). Returns a function that unsubscribes.
   */
  follow(bus: EventBus, logger: Logger): () => void {
    const write = (what: string, fn: () => Promise<void>) => {
      this.writes = this.writes.then(fn).catch((err) => logger.warn({ err }, `analytics could not record a ${what}`));
    };
    const offs = [
      bus.subscribe(HandoffChanged, (payload) => write('handoff', () => this.recordHandoff(payload))),
      bus.subscribe(QuestionAsked, ({ question }) => write('question', () => this.recordQuestion(question))),
    ];
    return () => offs.forEach((off) => off());
  }

  /** Resolves once every event received so far is written (tests, shutdown). */
  async settled(): Promise<void> {
    await this.writes;
  }

  /** The handoff as it is now (the event carries the whole record). */
  async recordHandoff({ handoff }: HandoffChangedPayload): Promise<void> {
    await writeHandoff(this.sql, handoff, 'replace');
  }

  /** A question asked (once: a repeated event changes nothing). */
  async recordQuestion(q: AskedQuestion): Promise<void> {
    await writeQuestion(this.sql, q);
  }

  /** The handoffs of these conversations, each conversation's in the order they were requested. */
  async handoffsOf(conversationIds: string[]): Promise<HandoffRow[]> {
    const rows = await this.inBatches(conversationIds, (marks) => `SELECT * FROM analytics_handoffs WHERE conversation_id IN (${marks})`);
    return rows
      .map((r) => ({
        id: String(r.id),
        conversationId: String(r.conversation_id),
        reason: String(r.reason),
        status: String(r.status),
        outcome: r.outcome == null ? undefined : String(r.outcome),
        requestedAt: Number(r.requested_at),
        assignedAt: num(r.assigned_at),
        resolvedAt: num(r.resolved_at),
        csat: num(r.csat),
      }))
      .sort((a, b) => a.requestedAt - b.requestedAt);
  }

  /** The CSAT answers to the bot's question after these conversations (`analytics_csat`). */
  async csatOf(conversationIds: string[]): Promise<Map<string, number>> {
    const rows = await this.inBatches(conversationIds, (marks) => `SELECT conversation_id, score FROM analytics_csat WHERE conversation_id IN (${marks})`);
    return new Map(rows.map((r) => [String(r.conversation_id), Number(r.score)]));
  }

  /** Questions asked in `[from, to)`, oldest first. */
  async questions(from: number, to: number): Promise<QuestionRow[]> {
    const rows = await this.sql.all<Record<string, unknown>>(`SELECT * FROM analytics_questions WHERE asked_at >= ? AND asked_at < ? ORDER BY asked_at`, [from, to]);
    return rows.map((r) => ({
      id: String(r.id),
      conversationId: r.conversation_id == null ? undefined : String(r.conversation_id),
      text: String(r.text),
      locale: String(r.locale),
      status: String(r.status),
      fromDefault: Number(r.from_default) === 1,
      askedAt: Number(r.asked_at),
    }));
  }

  /** CSAT answers after bot-resolved conversations, by score (store-wide). */
  async csatCounts(): Promise<Record<number, number>> {
    const rows = await this.sql.all<{ score: number; n: number }>(`SELECT score, COUNT(*) AS n FROM analytics_csat GROUP BY score`);
    return Object.fromEntries(rows.map((r) => [Number(r.score), Number(r.n)]));
  }

  private async inBatches(ids: string[], query: (marks: string) => string): Promise<Array<Record<string, unknown>>> {
    const rows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      rows.push(...(await this.sql.all<Record<string, unknown>>(query(placeholders(batch)), batch)));
    }
    return rows;
  }
}

/**
 * Writes a handoff into the read model: `replace` its copy (an event: the handoff as it is now), or
 * `keep` a copy already there (the backfill, whose page may be older than an event written since).
 */
export async function writeHandoff(sql: SqlDriver, h: HandoffChangedPayload['handoff'], existing: 'replace' | 'keep'): Promise<void> {
  const conflict =
    existing === 'replace'
      ? `DO UPDATE SET status = excluded.status, outcome = excluded.outcome, assigned_at = excluded.assigned_at, resolved_at = excluded.resolved_at, csat = excluded.csat`
      : `DO NOTHING`;
  await sql.run(
    `INSERT INTO analytics_handoffs (id, conversation_id, reason, status, outcome, requested_at, assigned_at, resolved_at, csat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) ${conflict}`,
    [h.id, h.conversationId, h.reason, h.status, h.outcome ?? null, h.requestedAt, h.assignedAt ?? null, h.resolvedAt ?? null, h.csat ?? null],
  );
}

/** Writes a question into the read model, once (a question never changes). */
export async function writeQuestion(sql: SqlDriver, q: AskedQuestion): Promise<void> {
  await sql.run(
    `INSERT INTO analytics_questions (id, conversation_id, text, locale, status, from_default, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    [q.id, q.conversationId ?? null, q.text, q.locale, q.status, q.fromDefault ? 1 : 0, q.at],
  );
}

function num(v: unknown): number | undefined {
  return v == null ? undefined : Number(v);
}
