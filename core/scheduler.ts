/**
 * Work to run later, whichever instance runs it: handoff SLAs and grace periods, callbacks,
 * journeys' polls and nightly passes, outbox wake-ups. Jobs are durable: the embedded default
 * keeps them in the store (`core/storage/scheduler.ts`, `SqlScheduler`), scale-out mode in Redis
 * (BullMQ); either way a job survives a crash of the instance that scheduled it and runs once,
 * on one instance. Handlers must be idempotent: a crash mid-run runs the job again.
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
  /**
   * Starts running the registered handlers (and those registered later). The composition root
   * calls it once every module has started, so no job runs before the engine it may need.
   */
  start(): void;
  /** Stops taking jobs and waits for those running here to finish. */
  close(): Promise<void>;
}

/** The handler's retry policy, shared by the implementations. */
export const SCHEDULER_RETRY = { attempts: 5, baseDelayMs: 1_000 };

/** How long to wait before attempt `attempt + 1` of a job whose attempt `attempt` failed. */
export function retryDelayMs(attempt: number): number {
  return SCHEDULER_RETRY.baseDelayMs * 2 ** (attempt - 1);
}
