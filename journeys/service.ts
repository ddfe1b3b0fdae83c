import type { Logger } from '../core/logger';
import type { SqlStore } from '../core/storage/sql-store';
import { RequestError } from '../core/errors';
import { durationMs, type JourneysConfig } from './config';
import type { EventStore, JourneyEvent } from './events';
import type { Proactive } from './proactive';
import { standingOf, type JourneyStanding } from './segments';

/** An event on its way in: for a known customer. */
export type NewEvent = Omit<JourneyEvent, 'id'> & { id?: string };

/**
 * Another module's part in events of one type (the catalog's receipts for `order_placed`):
 * checked with the batch, before anything is stored, then handed every event of the batch —
 * repeats too, so a retried request finishes what a failed one began (handlers are idempotent).
 */
export interface EventHandler {
  type: string;
  /** What is wrong with the properties of one event of this type (`field: problem`), or nothing. */
  check(properties: Record<string, unknown>): string[];
  handle(events: NewEvent[]): Promise<void>;
}

/**
 * The journeys service (`JourneysKey`): takes events in, keeps each customer's stage and
 * segments in their profile attributes, and hands events to the proactive rules.
 */
export class Journeys {
  constructor(
    private readonly store: SqlStore,
    readonly events: EventStore,
    private readonly config: JourneysConfig,
    readonly proactive: Proactive,
    private readonly logger: Logger,
    /** The clock (tests pass a fake one). */
    readonly now: () => number = Date.now,
    /** Called with each newly stored event (metrics). */
    private readonly onEvent: (event: JourneyEvent) => void = () => undefined,
  ) {}

  private readonly handlers: EventHandler[] = [];

  /** Adds another module's handling of one event type (see {@link EventHandler}). */
  addHandler(handler: EventHandler): void {
    this.handlers.push(handler);
  }

  /** What the handlers find wrong with a batch, as `events.<i>.properties.<field>: problem`. */
  problems(events: Array<{ type: string; properties?: Record<string, unknown> }>): string[] {
    return events.flatMap((e, i) =>
      this.handlers.filter((h) => h.type === e.type).flatMap((h) => h.check(e.properties ?? {}).map((p) => `events.${i}.properties.${p}`)),
    );
  }

  /**
   * Stores events (all or nothing), recomputes the standing of their customers, schedules proactive
   * rules, and hands them to the other modules' handlers. An event a handler finds wrong stops the
   * whole batch with a 400 before anything is stored.
   */
  async track(events: NewEvent[]): Promise<JourneyEvent[]> {
    const problems = this.problems(events);
    if (problems.length) throw new RequestError(400, `Invalid events (nothing stored): ${problems.join('; ')}`);
    const now = this.now();
    const added = await this.events.add(events, now);
    added.forEach(this.onEvent);
    for (const customerId of new Set(added.map((e) => e.customerId))) await this.recompute(customerId, now);
    await this.proactive.onEvents(added, now);
    for (const handler of this.handlers) {
      const mine = events.filter((e) => e.type === handler.type);
      if (mine.length) await handler.handle(mine);
    }
    return added;
  }

  /** Recomputes one customer's stage and segments into `profile.attributes` (written only when changed). */
  async recompute(customerId: string, now = this.now()): Promise<JourneyStanding | undefined> {
    const customer = await this.store.getCustomer(customerId);
    if (!customer) return undefined;
    const standing = standingOf(await this.events.forCustomer(customerId), this.config, now);
    const attributes = customer.profile.attributes ?? {};
    const changed = (['stage', 'segment', 'segments', 'rfm'] as const).some((k) => JSON.stringify(attributes[k]) !== JSON.stringify(standing[k]));
    if (changed) await this.store.updateProfile(customerId, { attributes: { ...standing } });
    return standing;
  }

  /**
   * The nightly pass: deletes events past retention, then recomputes everyone with events in the
   * segment window (recency moves on even without new events: that is how `at-risk` appears).
   */
  async nightly(now = this.now()): Promise<{ deleted: number; recomputed: number }> {
    const cutoff = now - durationMs(this.config.retention);
    // Those who lose events are recomputed too, even when none are left (no stale "at-risk" forever).
    const losing = await this.events.customersBefore(cutoff);
    const deleted = await this.events.deleteBefore(cutoff);
    const customers = [...new Set([...losing, ...(await this.events.activeCustomers(now - durationMs(this.config.segments.window)))])];
    for (const id of customers) await this.recompute(id, now);
    this.logger.info({ deleted, recomputed: customers.length }, 'journeys nightly pass done');
    return { deleted, recomputed: customers.length };
  }
}
