/**
 * The little SQL surface the stores need, so one `SqlStore` serves SQLite and PostgreSQL.
 * Statements use `?` placeholders; drivers translate them for their database.
 */
export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  /** Optional (SQLite): the database file, beside which a module may keep files of its own (the media store's photos). */
  readonly file?: string;
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: unknown[]): Promise<T | undefined>;
  run(sql: string, params?: unknown[]): Promise<{ changes: number }>;
  /** Runs several `;`-separated statements (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. Inside,
   * use the driver passed to `fn`; other callers wait until the transaction ends.
   */
  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T>;
  /**
   * Optional (SQLite): watches the given rows for writes this process did not announce. See
   * `WriteWatch`. Drivers that cannot tell (PostgreSQL, written by other instances) leave it out.
   */
  watch?(tables: WatchedTable[]): WriteWatch;
  /**
   * Optional (PostgreSQL): the database server's clock, in ms since the epoch. Instances sharing a
   * database follow it (see `DatabaseClock`); an embedded database shares the process's clock.
   */
  serverTime?(): Promise<number>;
  /**
   * Optional (SQLite): makes the bytes of deleted rows unrecoverable from the database's files
   * (checkpoints the WAL into the database, whose freed space is already zeroed, and truncates
   * it). Called after an erasure; PostgreSQL has no file of ours to scrub.
   */
  purge?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Rows a `WriteWatch` watches: writes of `events` to `table`, where `where` holds. In `where`,
 * `row.` names the row's columns (the new row of an insert, the old row otherwise); a condition
 * on updates alone may compare `old.` and `new.`.
 */
export interface WatchedTable {
  table: string;
  events: Array<'INSERT' | 'UPDATE' | 'DELETE'>;
  where?: string;
}

/**
 * Tells a store whether anyone else wrote: `version()` moves whenever another connection commits
 * or a statement on this connection writes a watched row outside `quiet`. A store can then keep
 * in memory what it wrote itself (inside `quiet`) and trust it while the version holds still.
 */
export interface WriteWatch {
  version(): string;
  /** Runs `fn`; the watched writes of statements it runs synchronously do not move `version`. */
  quiet<T>(fn: () => T): T;
}

/**
 * The placeholders for `values` (or for that many values) in an `IN (…)` list or a `VALUES (…)`
 * row: `?, ?, ?`. The same for both databases, since drivers translate `?` (PostgreSQL's `$n`).
 * An empty list gives `NULL`, so `x IN (NULL)` matches nothing where `IN ()` would be a syntax
 * error in PostgreSQL.
 */
export function placeholders(values: readonly unknown[] | number): string {
  const count = typeof values === 'number' ? values : values.length;
  return Array.from({ length: count }, () => '?').join(', ') || 'NULL';
}

/** A result row. */
export type Row = Record<string, unknown>;

/**
 * A schema change. `sql` is run once, in order of `id`, and recorded; give a per-dialect variant
 * where the databases differ. Modules (knowledge, handoff…) register their own migrations.
 */
export interface Migration {
  id: string;
  sql: string | { sqlite: string; postgres: string };
  /**
   * Migrations (of other modules) this one must follow: it runs after all of them, wherever it
   * is listed, and not at all while one of them is not part of the app (its module is not loaded:
   * there is nothing of it to follow). A read model's backfill from its source's rows uses it.
   */
  after?: string[];
  /**
   * Ids this migration took over (a table that moved to another module keeps its schema history):
   * a database that recorded one of them already has what this one makes, so it is recorded as
   * applied without running. New databases run it.
   */
  replaces?: string[];
}

/** Applies the migrations not yet applied, each in its own transaction, in the given order (see `Migration.after`). */
export async function migrate(db: SqlDriver, migrations: Migration[]): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`);
  const done = new Set((await db.all<{ id: string }>(`SELECT id FROM schema_migrations`)).map((r) => r.id));
  const applied: string[] = [];
  for (const m of inOrder(migrations)) {
    if (done.has(m.id)) continue;
    const replaced = m.replaces?.some((id) => done.has(id)) ?? false;
    const sql = typeof m.sql === 'string' ? m.sql : m.sql[db.dialect];
    await db.transaction(async (tx) => {
      // Another instance may be migrating at the same moment: the primary key settles who wins.
      const claimed = await tx.run(`INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, [
        m.id,
        Date.now(),
      ]);
      if (claimed.changes === 1 && !replaced) await tx.exec(sql);
    });
    applied.push(m.id);
  }
  return applied;
}

/** The migrations in their given order, each with an `after` moved behind what it follows; those following an absent one left out. */
function inOrder(migrations: Migration[]): Migration[] {
  const known = new Set(migrations.map((m) => m.id));
  const ordered = migrations.filter((m) => !m.after?.length);
  const waiting = migrations.filter((m) => m.after?.length && m.after.every((id) => known.has(id)));
  for (let placed = true; waiting.length && placed; ) {
    placed = false;
    for (const m of [...waiting]) {
      if (!m.after!.every((id) => ordered.some((o) => o.id === id))) continue;
      ordered.push(m);
      waiting.splice(waiting.indexOf(m), 1);
      placed = true;
    }
  }
  return ordered;
}
