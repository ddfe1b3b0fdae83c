import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Row, SqlDriver } from './sql';

/**
 * SQLite through better-sqlite3: WAL journal, `synchronous=NORMAL` (a committed turn survives a
 * process crash; an OS crash may lose the last moments), prepared statements cached.
 * better-sqlite3 is synchronous, so an async transaction holds a queue: other callers wait.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private txQueue: Promise<unknown> = Promise.resolve();
  private txDepth = 0;

  /** `path` is a file path or `:memory:`. */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
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
    // Outside a transaction, wait for any open one to finish so our statement is not swept into it.
    while (this.txDepth > 0) await this.txQueue.catch(() => undefined);
  }

  async all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    await this.idle();
    return this.allNow<T>(sql, params);
  }
  async get<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    await this.idle();
    return this.getNow<T>(sql, params);
  }
  async run(sql: string, params: unknown[] = []): Promise<{ changes: number }> {
    await this.idle();
    return this.runNow(sql, params);
  }
  async exec(sql: string): Promise<void> {
    await this.idle();
    this.db.exec(sql);
  }

  allNow<T>(sql: string, params: unknown[]): T[] {
    return this.prepare(sql).all(...params.map(bind)) as T[];
  }
  getNow<T>(sql: string, params: unknown[]): T | undefined {
    return this.prepare(sql).get(...params.map(bind)) as T | undefined;
  }
  runNow(sql: string, params: unknown[]): { changes: number } {
    return { changes: this.prepare(sql).run(...params.map(bind)).changes };
  }

  async transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    const previous = this.txQueue;
    let release!: () => void;
    this.txQueue = new Promise<void>((r) => (release = r));
    this.txDepth++;
    await previous.catch(() => undefined);
    const tx = new SqliteTx(this);
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const result = await fn(tx);
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.txDepth--;
      release();
    }
  }

  /** Runs `fn` synchronously in one transaction: the fast path for hot writes. */
  transactionSync<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  async close(): Promise<void> {
    await this.idle();
    this.db.close();
  }
}

/** The driver handed to a transaction's callback: runs at once, without waiting on the queue. */
class SqliteTx implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  constructor(private readonly driver: SqliteDriver) {}
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
    (this.driver as unknown as { db: Database.Database }).db.exec(sql);
  }
  async transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    return fn(this); // already inside one
  }
  async close(): Promise<void> {}
}

function bind(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
