/**
 * Work to run later: outbox wake-ups, handoff SLAs, follow-up messages. The embedded default keeps
 * jobs in timers (lost when the process stops — callers that must survive a restart also keep the
 * fact in the store); the Redis implementation (BullMQ) keeps them in Redis, runs each once on one
 * of the instances, and survives restarts.
 */
export interface Scheduler {
  /**
   * Runs the handler registered for `name` with `payload` at `runAt` (ms since the epoch; now or
   * in the past means as soon as possible). Scheduling again with the same `id` while the first
   * is still waiting does nothing, so callers can schedule idempotently.
   */
  schedule(name: string, payload: unknown, runAt: number, options?: { id?: string }): Promise<void>;
  /** Cancels a job scheduled with an `id`, if it has not run yet. */
  cancel(name: string, id: string): Promise<void>;
  /** Registers the handler for jobs called `name` (one handler per name). A handler that throws is retried. */
  on(name: string, handler: (payload: unknown) => Promise<void>): void;
  close(): Promise<void>;
}

/** The handler's retry policy, shared by the implementations. */
export const SCHEDULER_RETRY = { attempts: 5, baseDelayMs: 1_000 };

/** A `Scheduler` on timers, within one process: the embedded default. */
export class LocalScheduler implements Scheduler {
  private readonly handlers = new Map<string, (payload: unknown) => Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly waiting: Array<{ name: string; payload: unknown; attempt: number }> = [];
  private closed = false;
  private seq = 0;

  constructor(private readonly onError: (err: unknown, name: string) => void = () => undefined) {}

  async schedule(name: string, payload: unknown, runAt: number, options: { id?: string } = {}): Promise<void> {
    const key = `${name}:${options.id ?? `#${++this.seq}`}`;
    if (this.closed || this.timers.has(key)) return;
    this.arm(key, { name, payload, attempt: 1 }, runAt - Date.now());
  }

  async cancel(name: string, id: string): Promise<void> {
    const key = `${name}:${id}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  on(name: string, handler: (payload: unknown) => Promise<void>): void {
    this.handlers.set(name, handler);
    // Jobs that came due before their handler was registered run now.
    for (const job of this.waiting.splice(0).filter((j) => j.name === name)) void this.fire(`${name}:#${++this.seq}`, job);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(key: string, job: { name: string; payload: unknown; attempt: number }, delayMs: number): void {
    // setTimeout caps at ~24.8 days; longer delays re-arm on the way.
    const MAX = 2 ** 31 - 1;
    const timer = setTimeout(() => {
      if (delayMs > MAX) return this.arm(key, job, delayMs - MAX);
      void this.fire(key, job);
    }, Math.max(0, Math.min(delayMs, MAX)));
    timer.unref();
    this.timers.set(key, timer);
  }

  private async fire(key: string, job: { name: string; payload: unknown; attempt: number }): Promise<void> {
    this.timers.delete(key);
    if (this.closed) return;
    const handler = this.handlers.get(job.name);
    if (!handler) {
      this.waiting.push(job);
      return;
    }
    try {
      await handler(job.payload);
    } catch (err) {
      this.onError(err, job.name);
      if (job.attempt < SCHEDULER_RETRY.attempts) {
        this.arm(key, { ...job, attempt: job.attempt + 1 }, SCHEDULER_RETRY.baseDelayMs * 2 ** (job.attempt - 1));
      }
    }
  }
}
