import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type Redis from 'ioredis';
import { UnavailableError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { SCHEDULER_RETRY, type Scheduler } from '../../core/scheduler';
import { commandClient, redisError } from './connection';

/** Options of the BullMQ scheduler. */
export interface BullSchedulerOptions {
  url: string;
  /** Key prefix shared by the instances of one deployment. */
  prefix: string;
  logger?: Logger;
  /** Jobs one instance runs at the same time (default 10). */
  concurrency?: number;
}

const QUEUE = 'jobs';

/**
 * A `Scheduler` on a BullMQ queue in Redis: jobs survive restarts, each runs once on whichever
 * instance picks it up, failed handlers retry with exponential backoff. One queue carries every
 * job name; each instance's worker dispatches to the handler registered with `on`.
 */
export class BullScheduler implements Scheduler {
  private readonly queue: Queue;
  private readonly queueClient: Redis;
  private readonly handlers = new Map<string, (payload: unknown) => Promise<void>>();
  private worker?: Worker;
  private workerClient?: Redis;
  private started = false;
  private closing?: Promise<void>;

  constructor(private readonly options: BullSchedulerOptions) {
    // Producer side fails fast while Redis is away (BullMQ's advice for queues).
    this.queueClient = commandClient(options.url, {}, { enableOfflineQueue: false, lazyConnect: false });
    this.queue = new Queue(QUEUE, { connection: this.queueClient as unknown as ConnectionOptions, prefix: `${options.prefix}bull` });
    this.queue.on('error', () => undefined);
  }

  /** Resolves once the queue's connection is up (so the first `schedule` does not fail fast). */
  async ready(): Promise<void> {
    try {
      await this.queue.waitUntilReady();
    } catch (err) {
      throw redisError(err);
    }
  }

  async schedule(name: string, payload: unknown, runAt: number, options: { id?: string } = {}): Promise<void> {
    try {
      await this.queue.add(name, payload, {
        delay: Math.max(0, runAt - Date.now()),
        jobId: options.id === undefined ? undefined : jobId(name, options.id),
        attempts: SCHEDULER_RETRY.attempts,
        backoff: { type: 'exponential', delay: SCHEDULER_RETRY.baseDelayMs },
        removeOnComplete: true,
        removeOnFail: 1_000,
      });
    } catch (err) {
      throw redisError(err instanceof Error && /enableOfflineQueue|Connection is closed/.test(err.message) ? new UnavailableError(err.message) : err);
    }
  }

  async cancel(name: string, id: string): Promise<void> {
    try {
      await (await this.queue.getJob(jobId(name, id)))?.remove();
    } catch (err) {
      throw redisError(err);
    }
  }

  on(name: string, handler: (payload: unknown) => Promise<void>): void {
    this.handlers.set(name, handler);
    if (this.started) this.startWorker();
  }

  start(): void {
    this.started = true;
    if (this.handlers.size) this.startWorker();
  }

  /** One worker per instance runs every job name it has a handler for. */
  private startWorker(): void {
    if (this.worker) return;
    // Workers block on Redis, so they need their own connection without a retry cap (BullMQ requires it).
    this.workerClient = commandClient(this.options.url, { commandTimeoutMs: 0 }, { maxRetriesPerRequest: null, commandTimeout: undefined, lazyConnect: false });
    this.worker = new Worker(
      QUEUE,
      async (job) => {
        const run = this.handlers.get(job.name);
        if (!run) throw new Error(`No handler for scheduled job "${job.name}" on this instance`);
        await run(job.data);
      },
      { connection: this.workerClient as unknown as ConnectionOptions, prefix: `${this.options.prefix}bull`, concurrency: this.options.concurrency ?? 10 },
    );
    this.worker.on('error', (err) => this.options.logger?.warn({ err }, 'scheduler worker error'));
    this.worker.on('failed', (job, err) => this.options.logger?.warn({ err, job: job?.name }, 'scheduled job failed'));
  }

  /**
   * Closes once, however often it is called: an app closes its jobs first and then the Redis
   * services that own this scheduler, which close it again. ioredis's `disconnect()` of a client
   * already closed waits for a 'close' event that has been and gone, so its 2 s fallback timer
   * kept the process (a test worker, an instance shutting down) alive that much longer.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    this.workerClient?.disconnect();
    this.queueClient.disconnect();
  }
}

/** BullMQ job ids may not contain ':' nor be integers. */
function jobId(name: string, id: string): string {
  return `${name}|${id}`.replace(/:/g, '_');
}
