import { z } from 'zod';
import { newId } from '../core/ids';
import type { Migration, SqlDriver } from '../core/storage/sql';

/** The journeys tables. Each has `customer_id`; their merge hook (`journeysCustomerData`) moves their rows with the customer. */
export const journeyMigrations: Migration[] = [
  {
    id: 'journeys-001-events',
    sql: `CREATE TABLE journey_events (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  type TEXT NOT NULL,
  properties TEXT NOT NULL,
  source TEXT NOT NULL,
  at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX journey_events_customer ON journey_events (customer_id, type, at);
CREATE INDEX journey_events_type ON journey_events (type, at);
CREATE TABLE journey_jobs (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  event_id TEXT NOT NULL,
  trigger_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX journey_jobs_due ON journey_jobs (status, due_at);
CREATE INDEX journey_jobs_customer ON journey_jobs (customer_id, rule, status);
CREATE TABLE journey_decisions (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  job_id TEXT NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL,
  channel TEXT,
  message_id TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX journey_decisions_customer ON journey_decisions (customer_id, decision, at);`,
  },
];

/** Limits that keep one batch small enough to validate and store in one transaction. */
export const EVENT_LIMITS = { batch: 500, propertiesBytes: 4_096, bodyBytes: 512 * 1024, futureMs: 5 * 60_000 };

const EventType = z.string().regex(/^[a-z][a-z0-9_.:-]{0,63}$/, 'a lower-case name like cart_add (letters, digits, _ . : -; up to 64)');
const Properties = z
  .record(z.string(), z.unknown())
  .refine((p) => JSON.stringify(p).length <= EVENT_LIMITS.propertiesBytes, `properties over ${EVENT_LIMITS.propertiesBytes} bytes of JSON`);
const At = z.union([z.number().int().positive(), z.iso.datetime({ offset: true })]).transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

/** One event as servers send it to `POST /api/events`. */
export const ApiEvent = z
  .object({
    /** Makes retries idempotent: an event whose id is already stored is ignored. */
    id: z.string().min(1).max(100).optional(),
    /** The web widget's visitor id (the customer behind the web address). */
    userId: z.string().min(1).max(200).optional(),
    customerId: z.string().min(1).max(100).optional(),
    type: EventType,
    properties: Properties.optional(),
    at: At.optional(),
  })
  .strict()
  .refine((e) => Boolean(e.userId) !== Boolean(e.customerId), 'give exactly one of "userId" or "customerId"');

/** The body of `POST /api/events`. */
export const ApiBatch = z.object({ events: z.array(ApiEvent).min(1).max(EVENT_LIMITS.batch) }).strict();

/** The body of `POST /api/web/events` (the browser snippet): a visitor's own events, server-timed. */
export const WebBatch = z
  .object({
    userId: z.string().min(1).max(200),
    events: z.array(z.object({ type: EventType, properties: Properties.optional() }).strict()).min(1).max(20),
  })
  .strict();

/** A stored behaviour event. */
export interface JourneyEvent {
  id: string;
  customerId: string;
  type: string;
  properties: Record<string, unknown>;
  /** `api`, `web` or `internal` (handoff…). */
  source: string;
  at: number;
}

/** Reads and writes behaviour events. */
export class EventStore {
  constructor(private readonly sql: SqlDriver) {}

  /** Stores events in one transaction (all or nothing); those whose id exists are skipped. Returns the new ones. */
  async add(events: Array<Omit<JourneyEvent, 'id'> & { id?: string }>, now: number): Promise<JourneyEvent[]> {
    return this.sql.transaction(async (tx) => {
      const added: JourneyEvent[] = [];
      for (const e of events) {
        const event = { ...e, id: e.id ?? newId('evt_') };
        const { changes } = await tx.run(
          `INSERT INTO journey_events (id, customer_id, type, properties, source, at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO NOTHING`,
          [event.id, event.customerId, event.type, JSON.stringify(event.properties), event.source, event.at, now],
        );
        if (changes) added.push(event);
      }
      return added;
    });
  }

  /** A customer's events since `since`, oldest first. */
  async forCustomer(customerId: string, since = 0): Promise<JourneyEvent[]> {
    const rows = await this.sql.all(`SELECT * FROM journey_events WHERE customer_id = ? AND at >= ? ORDER BY at, id`, [customerId, since]);
    return rows.map(toEvent);
  }

  /** Events of one type across customers since `since` (newest first, at most `limit`). */
  async ofType(type: string, since: number, limit = 5_000): Promise<JourneyEvent[]> {
    const rows = await this.sql.all(`SELECT * FROM journey_events WHERE type = ? AND at >= ? ORDER BY at DESC LIMIT ?`, [type, since, limit]);
    return rows.map(toEvent);
  }

  async get(id: string): Promise<JourneyEvent | undefined> {
    const row = await this.sql.get(`SELECT * FROM journey_events WHERE id = ?`, [id]);
    return row && toEvent(row);
  }

  /** Whether the customer had an event of `type` after `after` (exclusive). */
  async happenedAfter(customerId: string, type: string, after: number): Promise<boolean> {
    return Boolean(await this.sql.get(`SELECT id FROM journey_events WHERE customer_id = ? AND type = ? AND at > ? LIMIT 1`, [customerId, type, after]));
  }

  /** Customers with any event since `since` (for the nightly recompute). */
  async activeCustomers(since: number): Promise<string[]> {
    const rows = await this.sql.all<{ customer_id: string }>(`SELECT DISTINCT customer_id FROM journey_events WHERE at >= ?`, [since]);
    return rows.map((r) => r.customer_id);
  }

  /** Customers with events older than `before` (those retention is about to touch). */
  async customersBefore(before: number): Promise<string[]> {
    const rows = await this.sql.all<{ customer_id: string }>(`SELECT DISTINCT customer_id FROM journey_events WHERE at < ?`, [before]);
    return rows.map((r) => r.customer_id);
  }

  /** Deletes events older than `before`; returns how many. */
  async deleteBefore(before: number): Promise<number> {
    return (await this.sql.run(`DELETE FROM journey_events WHERE at < ?`, [before])).changes;
  }
}

function toEvent(r: Record<string, unknown>): JourneyEvent {
  return {
    id: String(r.id),
    customerId: String(r.customer_id),
    type: String(r.type),
    properties: JSON.parse(String(r.properties)) as Record<string, unknown>,
    source: String(r.source),
    at: Number(r.at),
  };
}
