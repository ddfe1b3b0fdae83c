import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BACKSTOP_PAGES, Checkpointer } from './sqlite-checkpointer';
import type { Row, SqlDriver, WatchedTable, WriteWatch } from './sql';

/** One transaction waiting for the next group commit. */
interface Unit {
  fn: (tx: SqlDriver) => Promise<unknown>;
  /** One statement: atomic by itself in SQLite (a failing statement undoes only its own changes), so no savepoint. */
  single: boolean;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export interface SqliteOptions {
  /**
   * Where WAL checkpoints run: `background` (the default for files) on a worker thread with its
   * own connection, so commits never wait for the copy and its fsync (`sqlite-checkpointer.ts`);
   * `inline`, SQLite's own automatic checkpoint inside the commit that crosses 1,000 pages.
   */
  checkpoint?: 'background' | 'inline';
}

/** Watches made so far (their trigger and function names must not collide). */
let watches = 0;

/** Most transactions one group commit takes; the rest wait for the next. */
const MAX_GROUP = 1000;

/**
 * SQLite through better-sqlite3: WAL journal, `synchronous=NORMAL` (a committed turn survives a
 * process crash; an OS crash may lose the last moments), prepared statements cached.
 *
 * Group commit: a COMMIT costs far more than the statements of a turn, so transactions (and
 * single writes through `run`) that arrive within one tick of the event loop are committed
 * together: one `BEGIN IMMEDIATE … COMMIT`, each transaction inside its own SAVEPOINT. A
 * transaction that throws rolls back to its savepoint (its own writes only, the others still
 * commit); every caller's promise settles only after the COMMIT, so nothing is acknowledged
 * before it is durable. Transactions still run one at a time, in the order they were called.
 * Reads outside a transaction wait while a group is open, so they never see uncommitted data.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly tx = new SqliteTx(this);
  private queue: Unit[] = [];
  private scheduled = false;
  /** Settles when the group being committed is done; undefined while none is. */
  private flushing?: Promise<void>;
  private readonly checkpointer?: Checkpointer;
  /** `PRAGMA data_version` as read in the open group, if it was (see `dataVersion`). */
  private groupDataVersion?: number;
  private inGroup = false;
  /** `PRAGMA data_version` as read outside a group in the current macrotask, if it was. */
  private tickDataVersion?: number;
  private readonly forgetTickDataVersion = () => {
    this.tickDataVersion = undefined;
  };
  private dataVersionStatement?: Database.Statement;

  /** The database file; undefined for `:memory:`. */
  readonly file?: string;

  /** `path` is a file path or `:memory:`. */
  constructor(path: string, options: SqliteOptions = {}) {
    if (path !== ':memory:') this.file = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Statement and savepoint journals in memory: every transaction of a group commit runs in a
    // SAVEPOINT, and with temporary files those journals cost about half of each INSERT.
    this.db.pragma('temp_store = MEMORY');
    // Deleted rows are overwritten with zeros, so an erased customer's text does not linger in
    // free space of the file (it costs writes only on deletes, which are rare here).
    this.db.pragma('secure_delete = ON');
    if (path !== ':memory:' && (options.checkpoint ?? 'background') === 'background') {
      this.checkpointer = new Checkpointer(path, () => this.db.open && this.db.pragma('wal_autocheckpoint = 1000'));
      this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    }
  }

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private async idle(): Promise<void> {
    // Outside a transaction, wait for an open group to commit so we never read its uncommitted writes.
    while (this.flushing) await this.flushing;
  }

  async all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.flushing) await this.idle();
    return this.allNow<T>(sql, params);
  }
  async get<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    if (this.flushing) await this.idle();
    return this.getNow<T>(sql, params);
  }
  /** A single write: committed with the next group, like a one-statement transaction. */
  run(sql: string, params: unknown[] = []): Promise<{ changes: number }> {
    return this.enqueue(async () => this.runNow(sql, params), true);
  }
  async exec(sql: string): Promise<void> {
    await this.drain();
    this.db.exec(sql);
  }
  /** Copies the WAL into the database and truncates it, so deleted rows' old page images leave the `-wal` file too. */
  async purge(): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      await this.drain();
      // Busy when a reader (the checkpoint worker) holds an old snapshot: wait and try again.
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (!result?.busy) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('The database stayed busy: could not truncate its write-ahead log after an erasure');
  }

  allNow<T>(sql: string, params: unknown[]): T[] {
    return this.prepare(sql).all(params.map(bind)) as T[];
  }
  getNow<T>(sql: string, params: unknown[]): T | undefined {
    return this.prepare(sql).get(params.map(bind)) as T | undefined;
  }
  runNow(sql: string, params: unknown[]): { changes: number } {
    return { changes: this.prepare(sql).run(params.map(bind)).changes };
  }
  /** Runs DDL or several statements at once (inside a transaction: migrations). */
  execNow(sql: string): void {
    this.db.exec(sql);
  }

  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    return this.enqueue(fn, false);
  }

  private enqueue<T>(fn: (tx: SqlDriver) => Promise<T>, single: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, single, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Commits the queued transactions on the next turn of the event loop, unless a group is already on its way. */
  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (this.queue.length) this.schedule();
      });
    });
  }

  /** Runs one group of transactions and commits them together; then settles their promises. */
  private async flush(): Promise<void> {
    const group = this.queue.splice(0, MAX_GROUP);
    try {
      this.statement('BEGIN IMMEDIATE').run();
    } catch (err) {
      for (const unit of group) unit.reject(err);
      return;
    }
    this.inGroup = true;
    this.tickDataVersion = undefined;
    try {
      await this.runGroup(group);
    } finally {
      this.endGroup();
    }
  }

  private endGroup(): void {
    this.inGroup = false;
    this.groupDataVersion = undefined;
  }

  /** The body of `flush`, inside `BEGIN IMMEDIATE`: every unit, the COMMIT, then the callers' promises. */
  private async runGroup(group: Unit[]): Promise<void> {
    const outcomes: Array<{ ok: boolean; value: unknown }> = [];
    for (const [index, unit] of group.entries()) {
      if (!unit.single) this.statement('SAVEPOINT unit').run();
      try {
        const value = await unit.fn(this.tx);
        if (!unit.single) this.statement('RELEASE unit').run();
        outcomes.push({ ok: true, value });
      } catch (err) {
        if (!this.db.inTransaction) {
          // SQLite rolled back the whole group itself (disk full, I/O error, RAISE(ROLLBACK)): those that
          // ran are lost and fail; those that have not run yet go back to the queue for the next group.
          for (const u of group.slice(0, index + 1)) u.reject(err);
          this.queue.unshift(...group.slice(index + 1));
          return;
        }
        if (!unit.single) {
          this.statement('ROLLBACK TO unit').run();
          this.statement('RELEASE unit').run();
        }
        outcomes.push({ ok: false, value: err });
      }
    }
    try {
      this.statement('COMMIT').run();
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const unit of group) unit.reject(err);
      return;
    } finally {
      this.endGroup(); // other connections may commit from here on, before the callers' code runs
    }
    group.forEach((unit, i) => (outcomes[i].ok ? unit.resolve(outcomes[i].value) : unit.reject(outcomes[i].value)));
  }

  private statement(sql: string): Database.Statement {
    return this.prepare(sql);
  }

  /** Resolves once every queued transaction has committed (or failed). */
  private async drain(): Promise<void> {
    while (this.flushing || this.queue.length || this.scheduled) {
      if (this.flushing) await this.flushing;
      else await new Promise((r) => setImmediate(r));
    }
  }

  /**
   * A `WriteWatch` over temporary triggers (this connection only) that call back into this
   * process, plus `PRAGMA data_version`, which moves when another connection commits.
   */
  watch(tables: WatchedTable[]): WriteWatch {
    const name = `switchboard_watch_${++watches}`;
    let writes = 0;
    let quiet = false;
    this.db.function(name, { deterministic: false }, () => {
      if (!quiet) writes++;
      return null;
    });
    for (const { table, events, where } of tables) {
      for (const event of events) {
        const row = event === 'INSERT' ? 'new' : 'old';
        const when = where ? ` WHEN ${where.replace(/\brow\./g, `${row}.`)}` : '';
        this.db.exec(`CREATE TEMP TRIGGER ${name}_${table}_${event.toLowerCase()} AFTER ${event} ON main.${table}${when} BEGIN SELECT ${name}(); END`);
      }
    }
    return {
      version: () => `${this.dataVersion()}:${writes}`,
      quiet: (fn) => {
        quiet = true;
        try {
          return fn();
        } finally {
          quiet = false;
        }
      },
    };
  }

  /**
   * `PRAGMA data_version`: it moves when another connection commits. Each read takes this
   * connection's read lock, a few system calls (6–16 µs), so it is read at most once per group
   * and once per macrotask outside groups:
   * - while a group is open this connection holds the write lock and no other can commit;
   * - outside a group, a value read in this macrotask is used until the macrotask ends (the
   *   `nextTick` queue drains before the event loop moves on) or a group begins. A commit that
   *   could have caused anything this macrotask does reached this process through the event loop
   *   (a request, a bus message, a timer) before the macrotask started, so before the read; a
   *   commit racing with the macrotask is seen by the next one, exactly as if it had landed just
   *   after the read. Only code that commits on another connection synchronously within the
   *   same macrotask (a test's second handle) must yield once before it is seen.
   */
  private dataVersion(): number {
    if (this.inGroup) return (this.groupDataVersion ??= this.readDataVersion());
    if (this.tickDataVersion === undefined) {
      this.tickDataVersion = this.readDataVersion();
      process.nextTick(this.forgetTickDataVersion);
    }
    return this.tickDataVersion;
  }

  private readDataVersion(): number {
    this.dataVersionStatement ??= this.db.prepare('PRAGMA data_version').pluck();
    return this.dataVersionStatement.get() as number;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.checkpointer?.stop();
    this.db.close();
  }
}

/** The driver handed to a transaction's callback: runs at once, without waiting on the queue. */
class SqliteTx implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  constructor(private readonly driver: SqliteDriver) {}
  get file(): string | undefined {
    return this.driver.file;
  }
  async all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.driver.allNow<T>(sql, params);
  }
  async get<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return this.driver.getNow<T>(sql, params);
  }
  async run(sql: string, params: unknown[] = []): Promise<{ changes: number }> {
    return this.driver.runNow(sql, params);
  }
  async exec(sql: string): Promise<void> {
    // Nested exec inside a transaction (migrations): SQLite runs DDL transactionally.
    this.driver.execNow(sql);
  }
  async transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    return fn(this); // already inside one
  }
  async close(): Promise<void> {}
}

/** A parameter as SQLite takes it: `undefined` as NULL, booleans as 0/1. (better-sqlite3 binds an array's items as the anonymous parameters.) */
function bind(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
