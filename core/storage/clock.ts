import { performance } from 'node:perf_hooks';
import type { Logger } from '../logger';

/** How the database clock is followed. */
export interface DatabaseClockOptions {
  /** How often to measure the offset again (default 60 s): clocks drift, NTP steps them. */
  intervalMs?: number;
  /** Round trips per measurement; the fastest one counts (default 5). */
  samples?: number;
}

/** An offset beyond this is worth telling the operator about: their clocks disagree. */
const WARN_OFFSET_MS = 1_000;

/**
 * The database server's clock, read locally: `Date.now()` plus the offset last measured. Instances
 * sharing a database stamp and compare times (outbox leases, retries, the recovery cutoff) with
 * this clock, so they agree with each other however far their own clocks are apart. Measuring
 * costs one tiny query per sample, once a minute; `now()` costs nothing.
 */
export class DatabaseClock {
  private offset = 0;
  /** The offset last warned about, so a steady disagreement is logged once, not every minute. */
  private warned?: number;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly intervalMs: number;
  private readonly samples: number;

  private constructor(
    private readonly serverTime: () => Promise<number>,
    private readonly log: Logger,
    options: DatabaseClockOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 60_000;
    this.samples = options.samples ?? 5;
  }

  /** Measures the offset once, then keeps it up to date in the background until `stop()`. */
  static async start(serverTime: () => Promise<number>, log: Logger, options: DatabaseClockOptions = {}): Promise<DatabaseClock> {
    const clock = new DatabaseClock(serverTime, log, options);
    await clock.measure();
    clock.schedule();
    return clock;
  }

  /** The database's time now, in ms since the epoch. */
  now(): number {
    return Date.now() + this.offset;
  }

  /** How far the database's clock is ahead of this process's (negative: behind), in ms. */
  get offsetMs(): number {
    return this.offset;
  }

  /**
   * Measures the offset again. Each sample assumes the server read its clock halfway through the
   * round trip; the fastest round trip bounds that error best. A failed measurement (database
   * away) keeps the last offset: it was right a minute ago and drifts slowly.
   */
  async measure(): Promise<void> {
    try {
      let best: { roundTrip: number; offset: number } | undefined;
      for (let i = 0; i < this.samples; i++) {
        const sample = await this.sample();
        if (!best || sample.roundTrip < best.roundTrip) best = sample;
      }
      this.offset = Math.round(best!.offset);
    } catch (err) {
      this.log.warn({ err, offsetMs: this.offset }, 'could not read the database clock; keeping the last offset');
      return;
    }
    this.warnIfFarOff();
  }

  /** Stops measuring (the store closes); `now()` keeps the last offset. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async sample(): Promise<{ roundTrip: number; offset: number }> {
    const sentAt = Date.now();
    const started = performance.now();
    const server = await this.serverTime();
    const roundTrip = performance.now() - started;
    return { roundTrip, offset: server - (sentAt + roundTrip / 2) };
  }

  private schedule(): void {
    this.timer = setTimeout(async () => {
      await this.measure();
      if (!this.stopped) this.schedule();
    }, this.intervalMs).unref();
  }

  private warnIfFarOff(): void {
    if (Math.abs(this.offset) <= WARN_OFFSET_MS) {
      this.warned = undefined;
      return;
    }
    if (this.warned !== undefined && Math.abs(this.offset - this.warned) <= WARN_OFFSET_MS) return;
    this.warned = this.offset;
    this.log.warn(
      { offsetMs: this.offset },
      `this instance's clock is ${Math.abs(this.offset)} ms ${this.offset > 0 ? 'behind' : 'ahead of'} the database's: stored times follow the database clock, but synchronise the clocks (NTP)`,
    );
  }
}
