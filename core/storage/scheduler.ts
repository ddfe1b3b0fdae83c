import { randomBytes } from 'node:crypto';
import { newId } from '../ids';
import { retryDelayMs, SCHEDULER_RETRY, type Scheduler } from '../scheduler';
import { placeholders, type Migration, type SqlDriver } from './sql';

/** The table the SQL scheduler keeps its jobs in (core's schema). */
export const schedulerMigrations: Migration[] = [
  {
    // One row per job waiting, running or failed for good. `owner` and `lease_until` say which
    // instance runs it and until when: a lease that runs out (its instance died) frees the job.
    id: 'core/005-scheduled-jobs',
    sql: `
CREATE TABLE scheduled_jobs (
  name TEXT NOT NULL,
  id TEXT NOT NULL,
  payload TEXT NOT NULL,
  run_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  owner TEXT,
  lease_until BIGINT,
  failed_at BIGINT,
  error TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (name, id)
);
CREATE INDEX scheduled_jobs_due ON scheduled_jobs (run_at) WHERE failed_at IS NULL;
`,
  },
];

/** Settings of the SQL scheduler. */
export interface SqlSchedulerOptions {
  /** The clock jobs are due by (the store's: instances sharing a database agree on it). */
  now?: () => number;
  /** How often to look for jobs other instances scheduled (default 1 s); jobs scheduled here wake it at their time. */
  pollMs?: number;
  /** How long a running job stays claimed without a renewal (default 30 s): an instance that died frees its jobs after it. */
  leaseMs?: number;
  /** Jobs claimed per look (default 20); they run at the same time. */
  batch?: number;
  /** Told when a handler throws (it is retried) and when a look at the table fails. */
  onError?: (err: unknown, name: string) => void;
}

/** A claimed job, as the table has it. */
interface JobRow {
  name: string;
  id: string;
  payload: string;
  attempts: number;
}

/**
 * A `Scheduler` on the store (`scheduled_jobs`): the embedded default, and PostgreSQL without
 * Redis. A job is a row until it has run, so it survives a crash or restart of the instance that
 * scheduled it; instances claim due rows with a lease (renewed while the handler runs), so each
 * job runs on one of them, and a job whose instance died runs again once its lease is out. A
 * handler that throws is retried with exponential backoff; after the last attempt the row stays,
 * marked failed with the error, and scheduling the same id again revives it.
 */
export class SqlScheduler implements Scheduler {
  private readonly handlers = new Map<string, (payload: unknown) => Promise<void>>();
  private readonly running = new Set<Promise<void>>();
  private readonly owner = `sch_${randomBytes(6).toString('hex')}`;
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batch: number;
  private timer?: NodeJS.Timeout;
  private wakeAt = Infinity;
  private started = false;
  private closed = false;
  private looking?: Promise<void>;
  private again = false;

  constructor(
    private readonly sql: SqlDriver,
    private readonly options: SqlSchedulerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.pollMs = options.pollMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.batch = options.batch ?? 20;
  }

  async schedule(name: string, payload: unknown, runAt: number, options: { id?: string } = {}): Promise<void> {
    // A job waiting or running under this id stays as it is; one that failed for good is revived.
    await this.sql.run(
      `INSERT INTO scheduled_jobs (name, id, payload, run_at, attempts, created_at) VALUES (?, ?, ?, ?, 0, ?)
       ON CONFLICT (name, id) DO UPDATE SET payload = excluded.payload, run_at = excluded.run_at, attempts = 0, failed_at = NULL, error = NULL
       WHERE scheduled_jobs.failed_at IS NOT NULL`,
      [name, options.id ?? newId('job_'), JSON.stringify(payload ?? null), Math.round(runAt), this.now()],
    );
    this.wake(runAt);
  }

  async cancel(name: string, id: string): Promise<void> {
    await this.sql.run(`DELETE FROM scheduled_jobs WHERE name = ? AND id = ?`, [name, id]);
  }

  on(name: string, handler: (payload: unknown) => Promise<void>): void {
    this.handlers.set(name, handler);
    this.wake(this.now());
  }

  start(): void {
    this.started = true;
    this.wake(this.now());
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.looking;
    await Promise.allSettled([...this.running]);
  }

  /** Makes sure the table is looked at by `at` (and at least every `pollMs`). */
  private wake(at: number): void {
    if (!this.started || this.closed || at >= this.wakeAt) return;
    clearTimeout(this.timer);
    this.wakeAt = at;
    this.timer = setTimeout(() => void this.look(), Math.max(0, Math.min(at - this.now(), this.pollMs)));
    this.timer.unref();
  }

  /** Claims and starts the due jobs this instance has handlers for, then sets the next look. */
  private look(): Promise<void> {
    this.wakeAt = Infinity;
    if (this.looking) {
      this.again = true;
      return this.looking;
    }
    this.looking = (async () => {
      do {
        this.again = false;
        try {
          if ((await this.claimDue()) === this.batch) this.again = true;
        } catch (err) {
          this.options.onError?.(err, 'scheduler');
        }
      } while (this.again && !this.closed);
    })().finally(() => {
      this.looking = undefined;
      this.wake(this.now() + this.pollMs);
    });
    return this.looking;
  }

  private async claimDue(): Promise<number> {
    const names = [...this.handlers.keys()];
    if (this.closed || !names.length) return 0;
    const now = this.now();
    const due = await this.sql.all<JobRow>(
      `SELECT name, id, payload, attempts FROM scheduled_jobs
       WHERE run_at <= ? AND failed_at IS NULL AND (lease_until IS NULL OR lease_until < ?) AND name IN (${placeholders(names)})
       ORDER BY run_at LIMIT ?`,
      [now, now, ...names, this.batch],
    );
    for (const job of due) {
      const claimed = await this.sql.run(
        `UPDATE scheduled_jobs SET owner = ?, lease_until = ?, attempts = attempts + 1
         WHERE name = ? AND id = ? AND run_at <= ? AND failed_at IS NULL AND (lease_until IS NULL OR lease_until < ?)`,
        [this.owner, now + this.leaseMs, job.name, job.id, now, now],
      );
      if (claimed.changes !== 1) continue; // another instance took it
      const run = this.run({ ...job, attempts: Number(job.attempts) + 1 })
        .catch((err) => this.options.onError?.(err, job.name))
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }
    return due.length;
  }

  /** Runs one claimed job, renewing its lease meanwhile; done, it is deleted, else retried or failed. */
  private async run(job: JobRow): Promise<void> {
    const mine = `name = ? AND id = ? AND owner = ?`;
    const key = [job.name, job.id, this.owner];
    const renew = setInterval(() => void this.sql.run(`UPDATE scheduled_jobs SET lease_until = ? WHERE ${mine}`, [this.now() + this.leaseMs, ...key]).catch(() => undefined), this.leaseMs / 3);
    renew.unref();
    try {
      await this.handlers.get(job.name)!(JSON.parse(job.payload));
      clearInterval(renew);
      await this.sql.run(`DELETE FROM scheduled_jobs WHERE ${mine}`, key);
    } catch (err) {
      clearInterval(renew);
      this.options.onError?.(err, job.name);
      const message = err instanceof Error ? err.message : String(err);
      if (job.attempts >= SCHEDULER_RETRY.attempts) {
        await this.sql.run(`UPDATE scheduled_jobs SET owner = NULL, lease_until = NULL, failed_at = ?, error = ? WHERE ${mine}`, [this.now(), message, ...key]);
      } else {
        const retryAt = this.now() + retryDelayMs(job.attempts);
        await this.sql.run(`UPDATE scheduled_jobs SET owner = NULL, lease_until = NULL, run_at = ?, error = ? WHERE ${mine}`, [retryAt, message, ...key]);
        this.wake(retryAt);
      }
    }
  }
}
