import { Client, Pool, types as pgTypes, type ClientConfig, type PoolClient, type PoolConfig } from 'pg';
import { UnavailableError } from '../errors';
import type { Row, SqlDriver } from './sql';

/** Options of the PostgreSQL driver beyond the connection string. */
export interface PostgresOptions {
  /** Schema for every table (created if missing; sets `search_path`). Also read from `?schema=` in the URL. */
  schema?: string;
  /** Pool size per instance (default 10). */
  max?: number;
  /** How long to wait for a connection before failing with `UnavailableError` (default 5 s). */
  connectTimeoutMs?: number;
  /** Upper bound of one statement, client side and server side (default 15 s). */
  statementTimeoutMs?: number;
  /**
   * Prepare each statement once per connection (default true). Turn off behind a pooler in
   * transaction mode that does not track prepared statements (PgBouncer before 1.21).
   */
  prepare?: boolean;
}

// BIGINT (oid 20) holds ms timestamps and sequence numbers, all far below 2^53: numbers, not strings.
// A per-pool type map rather than pg.types.setTypeParser, so other pg users in the process are untouched.
const BIGINT = 20;
const typeMap = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === BIGINT && format !== 'binary' ? (v: string) => Number(v) : pgTypes.getTypeParser(oid, format as 'text')) as typeof pgTypes.getTypeParser,
};

/**
 * A client that always has an 'error' listener. When a backend dies (restart,
 * pg_terminate_backend), pg may emit 'error' on a client at a moment no pool or query listener is
 * attached, and an unheard 'error' event crashes the process. The failure still reaches callers
 * through their failing statements, and the pool discards the broken client.
 */
class GuardedClient extends Client {
  constructor(config?: ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/**
 * PostgreSQL through a `pg` Pool. Statements written with `?` placeholders are translated to
 * `$1…$n`; transactions run on one pooled client; a lost or refused connection surfaces as
 * `UnavailableError` (HTTP 503) and the pool reconnects on the next call, so a database restart
 * needs no operator action.
 */
export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  readonly schema?: string;
  private readonly pool: Pool;
  private readonly translated = new Map<string, string>();
  /** Statement names by translated text, for the ones prepared per connection. */
  private readonly names = new Map<string, string>();
  private readonly prepare: boolean;
  private closed = false;

  constructor(url: string, options: PostgresOptions = {}) {
    const parsed = new URL(url);
    const schema = options.schema ?? parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/i.test(schema)) {
      throw new Error(`PostgreSQL schema "${schema}" is not a plain identifier: use letters, digits and _`);
    }
    this.schema = schema;
    this.prepare = options.prepare ?? true;
    const statementTimeout = options.statementTimeoutMs ?? 15_000;
    const config: PoolConfig = {
      connectionString: parsed.toString(),
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      query_timeout: statementTimeout + 1_000,
      statement_timeout: statementTimeout,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      application_name: parsed.searchParams.get('application_name') ?? 'switchboard',
      types: typeMap,
      Client: GuardedClient,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    };
    this.pool = new Pool(config);
    // An idle client whose backend died (restart, pg_terminate_backend) emits here; without a
    // listener that would crash the process. The pool drops it and opens a new one on demand.
    this.pool.on('error', () => undefined);
  }

  /** Creates the schema named in the options, if any. Call once before migrating. */
  async ensureSchema(): Promise<void> {
    if (this.schema) await this.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
  }

  /**
   * Runs `fn` while holding a PostgreSQL advisory lock, so instances starting together apply
   * migrations one at a time.
   */
  async withAdvisoryLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [`${this.schema ?? 'public'}:${key}`]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`${this.schema ?? 'public'}:${key}`]).catch(() => undefined);
      }
    } catch (err) {
      throw mapError(err);
    } finally {
      client.release();
    }
  }

  async all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }
  async get<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }
  async run(sql: string, params: unknown[] = []): Promise<{ changes: number }> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }
  async exec(sql: string): Promise<void> {
    // Without parameters pg uses the simple protocol, which accepts several statements.
    await this.query(sql);
  }

  async serverTime(): Promise<number> {
    // clock_timestamp(), not now(): now() is the time the transaction started.
    const row = await this.get<{ ms: number }>(`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms`);
    return row!.ms;
  }

  async transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(new PostgresTx(client, (sql) => this.translate(sql)));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw mapError(err);
    } finally {
      // A client whose rollback failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      throw mapError(err);
    }
  }

  private async query(sql: string, params?: unknown[]) {
    try {
      if (!params) return await this.pool.query(sql);
      const text = this.translate(sql);
      const name = this.prepare ? this.nameOf(text) : undefined;
      return name ? await this.prepared(name, text, params.map(bind)) : await this.pool.query(text, params.map(bind));
    } catch (err) {
      throw mapError(err);
    }
  }

  /**
   * Runs a named statement: parsed and planned once per connection, then only bound and executed,
   * which spares both sides most of the work of a short statement. Statements inside transactions
   * stay unnamed, as a failure there could not be retried.
   */
  private async prepared(name: string, text: string, values: unknown[]) {
    const client = await this.pool.connect();
    try {
      const result = await client.query({ name, text, values });
      client.release();
      return result;
    } catch (err) {
      // As pool.query does, a failed statement discards its connection (and all it prepared).
      client.release(err as Error);
      // A migration changed the columns under a prepared `SELECT *` (a rolling upgrade): run the
      // statement once more, unprepared. Each connection that prepared it fails once this way.
      if (isStalePlan(err)) return this.pool.query(text, values);
      throw err;
    }
  }

  private nameOf(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < 1_000) this.names.set(text, (name = `sb_${this.names.size}`));
    return name;
  }

  private translate(sql: string): string {
    let out = this.translated.get(sql);
    if (out === undefined) {
      out = toDollarParams(sql);
      if (this.translated.size < 5_000) this.translated.set(sql, out);
    }
    return out;
  }
}

/** The driver handed to a transaction's callback: every statement on the transaction's client. */
class PostgresTx implements SqlDriver {
  readonly dialect = 'postgres' as const;
  constructor(
    private readonly client: PoolClient,
    private readonly translate: (sql: string) => string,
  ) {}
  async all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query(this.translate(sql), params.map(bind))).rows as T[];
  }
  async get<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.client.query(this.translate(sql), params.map(bind))).rows[0] as T | undefined;
  }
  async run(sql: string, params: unknown[] = []): Promise<{ changes: number }> {
    return { changes: (await this.client.query(this.translate(sql), params.map(bind))).rowCount ?? 0 };
  }
  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }
  async transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T> {
    return fn(this); // already inside one
  }
  async close(): Promise<void> {}
}

/**
 * Rewrites `?` placeholders as `$1…$n`, leaving alone question marks inside string literals,
 * quoted identifiers and comments.
 */
export function toDollarParams(sql: string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const end = closingQuote(sql, i, ch);
      out += sql.slice(i, end + 1);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** The index of the quote closing the literal opened at `start` (a doubled quote is an escape). */
function closingQuote(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] !== quote) continue;
    if (sql[i + 1] === quote) i++;
    else return i;
  }
  return sql.length - 1;
}

function bind(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

// Connection-level failures: the database is down, restarting, unreachable or overloaded.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended|connection.*closed|not queryable/i;

/** Whether an error means the database could not be reached (as opposed to a bad statement). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (!e || typeof e !== 'object') return false;
  if (e.code && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  return UNAVAILABLE_MESSAGES.test(String(e.message ?? ''));
}

/** PostgreSQL refuses a prepared statement whose result columns a schema change altered. */
function isStalePlan(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '0A000' && /cached plan must not change result type/.test(String(e.message));
}

function mapError(err: unknown): unknown {
  if (err instanceof UnavailableError || !isConnectionError(err)) return err;
  return new UnavailableError(`PostgreSQL is unreachable (${(err as Error).message}); retry shortly, the connection is re-established automatically`, {
    cause: err,
  });
}
