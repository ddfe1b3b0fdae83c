import type { InboundDraft } from '../message';
import type { DrainCache } from './drain-cache';
import type { SqlDriver } from './sql';
import type { IntakeResult, TurnCommit } from './store';

/**
 * What differs between SQLite and PostgreSQL in `SqlStore`: the statements and paths each dialect
 * runs its own way (`sqliteDialect` in `sqlite-store.ts`, `postgresDialect` in `postgres-store.ts`).
 * Everything else, and the row mappers (`rows.ts`), the two share.
 */
export interface StoreDialect {
  /**
   * Intake's common cases in one statement, where a round trip costs more than the statement
   * (PostgreSQL). Returns `undefined`, having written nothing, when the full intake must run.
   */
  quickIntake?(sql: SqlDriver, draft: InboundDraft, now: number): Promise<IntakeResult | undefined>;
  /** Locks the open conversation inside intake's transaction, so its intakes commit in `seq` order. */
  lockConversation(tx: SqlDriver, conversationId: string): Promise<void>;
  /** Writes a turn: state, inbound status and replies, all or nothing (see `Store.commitTurn`). */
  commitTurn(store: DialectStore, commit: TurnCommit, state: string, at: number): Promise<void>;
  /** Appended to the outbox claim's inner `SELECT`: how claimers skip each other's rows. */
  readonly claimLock: string;
  /** Put after `messages` in the outbox claim without ids: the index the planner must use. */
  readonly claimIndex: string;
  /** Marks every message of a JSON array `[{ id, at, cmid?, meta? }]` sent, in one statement. */
  readonly markSentBatch: string;
  /** Records the attempts of a JSON array `[{ id, at, held?, until? }]` in one statement; returns the ids recorded. */
  readonly markAttemptBatch: string;
}

/** What a dialect's paths use of the store that runs them. */
export interface DialectStore {
  readonly sql: SqlDriver;
  /** Where the driver can watch for writes of others (SQLite): the drain reads remembered between turns. */
  readonly drains?: DrainCache;
}
