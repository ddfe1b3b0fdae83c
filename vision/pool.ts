import { SwitchboardError } from '../core/errors';

/** One worker of a pool: runs one job at a time off the event loop, and can be killed mid-job. */
export interface PoolSlot<Job, Result> {
  run(job: Job): Promise<Result>;
  terminate(): Promise<void>;
}

/** How a pool is sized and how long a job may take. */
export interface PoolOptions<Job, Result> {
  /** What the pool's errors call it (`OCR`, `barcode reading`). */
  name: string;
  size: number;
  /** Starts a worker (a thread with its model loaded); called again to replace a killed one. */
  create: () => Promise<PoolSlot<Job, Result>>;
  /** From submission to result, queueing included; a job past it is dropped or its worker killed. */
  timeoutMs: number;
  /** Jobs that may wait; more are refused at once (the caller hands the photo to a person). */
  maxQueue: number;
}

/** A job did not finish in time, or the queue was full: the photo was not read. */
export class PhotoReadTimeout extends SwitchboardError {}

/** The pool was closed (the app is stopping) before or while the photo was read. */
export class PoolClosedError extends SwitchboardError {}

interface Pending<Job, Result> {
  job: Job;
  deadline: number;
  resolve: (result: Result) => void;
  reject: (err: Error) => void;
}

/**
 * A fixed number of worker threads and one FIFO queue in front of them. Photos from every
 * conversation share it: a conversation waits for a free worker, never for another conversation's
 * turn, and the event loop only passes messages. A job past its deadline is refused before it
 * starts, or, while running, its worker is terminated and replaced — a pathological image cannot
 * hold a worker forever. Workers start lazily on the first job.
 */
export class WorkerPool<Job, Result> {
  private readonly idle: PoolSlot<Job, Result>[] = [];
  /** Workers running a job, with that job and how to stop waiting for it: `close()` stops them too, not only the idle ones. */
  private readonly busy = new Map<PoolSlot<Job, Result>, { pending: Pending<Job, Result>; abandon: () => void }>();
  private readonly queue: Pending<Job, Result>[] = [];
  private starting = 0;
  private live = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions<Job, Result>) {
    if (options.size < 1) throw new RangeError(`${options.name} pool size must be at least 1, got ${options.size}`);
  }

  /** How many jobs wait for a worker. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Runs `job` on the next free worker; rejects with `PhotoReadTimeout` when it cannot finish in time. */
  run(job: Job): Promise<Result> {
    if (this.closed) return Promise.reject(new PoolClosedError(`The ${this.options.name} pool is closed (the app is stopping): the photo was not read`));
    if (this.queue.length >= this.options.maxQueue) {
      return Promise.reject(new PhotoReadTimeout(`${this.options.name}: ${this.queue.length} photos are already waiting; try again in a moment`));
    }
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ job, deadline: Date.now() + this.options.timeoutMs, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Terminates every worker, idle or busy, and refuses queued and running jobs and any submitted
   * later. A busy worker is killed rather than waited for: its job may take up to the timeout
   * (a pathological image), and a stopping app should not hang on it nor leave its thread running.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(this.closedError());
    const running = [...this.busy];
    this.busy.clear();
    for (const [, { pending, abandon }] of running) {
      abandon();
      pending.reject(this.closedError());
    }
    const stopping = [...this.idle.splice(0), ...running.map(([slot]) => slot)];
    this.live -= stopping.length;
    await Promise.all(stopping.map((slot) => slot.terminate().catch(() => undefined)));
  }

  private dispatch(): void {
    while (this.queue.length) {
      const slot = this.idle.pop();
      if (!slot) {
        if (this.live + this.starting < this.options.size) this.grow();
        return;
      }
      const pending = this.queue.shift()!;
      if (Date.now() >= pending.deadline) {
        this.idle.push(slot);
        pending.reject(this.timeout());
        continue;
      }
      void this.execute(slot, pending);
    }
  }

  private grow(): void {
    this.starting++;
    this.options.create().then(
      (slot) => {
        this.starting--;
        if (this.closed) return void slot.terminate();
        this.live++;
        this.idle.push(slot);
        this.dispatch();
      },
      (err: Error) => {
        this.starting--;
        // A worker that cannot start (missing model files) fails the job that asked for it, clearly.
        this.queue.shift()?.reject(new Error(`${this.options.name}: could not start a worker: ${err.message}`, { cause: err }));
        this.dispatch();
      },
    );
  }

  private async execute(slot: PoolSlot<Job, Result>, pending: Pending<Job, Result>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), pending.deadline - Date.now())));
    let abandon!: () => void;
    const abandoned = new Promise<'abandoned'>((resolve) => (abandon = () => resolve('abandoned')));
    this.busy.set(slot, { pending, abandon });
    try {
      const outcome = await Promise.race([slot.run(pending.job).then((result) => ({ result })), expired, abandoned]);
      // close() took this worker while it ran: it terminates it and has refused the job already.
      if (outcome === 'abandoned' || !this.busy.delete(slot)) return;
      if (outcome === 'expired') {
        pending.reject(this.timeout());
        await this.replace(slot);
        return;
      }
      pending.resolve(outcome.result);
      this.idle.push(slot);
    } catch (err) {
      if (!this.busy.delete(slot)) return;
      pending.reject(err instanceof Error ? err : new Error(String(err)));
      // A worker that threw may be in any state: start a fresh one.
      await this.replace(slot);
    } finally {
      clearTimeout(timer);
      this.dispatch();
    }
  }

  private async replace(slot: PoolSlot<Job, Result>): Promise<void> {
    this.live--;
    await slot.terminate().catch(() => undefined);
  }

  private closedError(): PoolClosedError {
    return new PoolClosedError(`The ${this.options.name} pool closed before the photo was read (the app is stopping)`);
  }

  private timeout(): PhotoReadTimeout {
    return new PhotoReadTimeout(`${this.options.name} took longer than ${this.options.timeoutMs} ms; the photo was not read`);
  }
}
