import { newId } from '../core/ids';
import type { Logger } from '../core/logger';
import type { Migration, SqlDriver } from '../core/storage/sql';
import type { HandoffHistory } from '../handoff/topics';
import type { QuestionHistory } from '../knowledge/topics';
import { writeHandoff, writeQuestion } from './read-model';

/**
 * Which owners' histories the read model still has to copy: one row per source, pending
 * (`done_at` NULL) until `backfill` has copied it, with the last id copied so a restart resumes
 * there. A database whose read model the former backfill migrations (`analytics/003`, `004`, SQL
 * over the owners' tables) already filled records the new ones as applied without running them,
 * so it has nothing pending. `owner` and `lease_until` are the claim of the instance copying a
 * source (see `backfill`).
 */
export const backfillMigrations: Migration[] = [
  {
    id: 'analytics/005-backfills',
    sql: `CREATE TABLE analytics_backfills (source TEXT PRIMARY KEY, after_id TEXT, copied BIGINT NOT NULL DEFAULT 0, done_at BIGINT);`,
  },
  {
    id: 'analytics/006-backfill-handoffs',
    replaces: ['analytics/003-backfill-handoffs'],
    sql: `INSERT INTO analytics_backfills (source) VALUES ('handoffs');`,
  },
  {
    id: 'analytics/007-backfill-questions',
    replaces: ['analytics/004-backfill-questions'],
    sql: `INSERT INTO analytics_backfills (source) VALUES ('questions');`,
  },
  {
    id: 'analytics/008-backfill-claims',
    sql: `ALTER TABLE analytics_backfills ADD COLUMN owner TEXT; ALTER TABLE analytics_backfills ADD COLUMN lease_until BIGINT;`,
  },
];

/** The owners' histories, where their modules are loaded. */
export interface Histories {
  handoffs?: HandoffHistory;
  questions?: QuestionHistory;
}

/** How `backfill` pages, reports and claims. */
export interface BackfillOptions {
  /** Rows asked of an owner at once, and written in one transaction with the cursor (default 500). */
  pageSize?: number;
  /** Progress is logged each time this many more rows are copied (default 10,000). */
  logEvery?: number;
  /** Stops between pages (the app is stopping); the cursor is kept and the next start resumes. */
  signal?: AbortSignal;
  /** Who copies, as the claim names it (default: a fresh id per call). */
  owner?: string;
  /**
   * How long a claim holds after its last page was written, in ms (default 60,000): an instance
   * that died while copying is taken over by the next one to start after that.
   */
  leaseMs?: number;
  /** The clock leases are read by (default `Date.now`; the app passes the store's, which instances share). */
  now?: () => number;
}

/**
 * Copies what the owners stored before the read model followed their events (handoffs,
 * knowledge questions) through their typed histories, never their tables: the backfills the
 * migrations left pending, each page written in one transaction with its cursor, then marked
 * done, so each runs once per database. A source whose owner is not loaded stays pending until it
 * is. Rows an event wrote meanwhile are kept (an event is at least as new as the page). Returns
 * the rows copied now, by source.
 *
 * Instances starting together do not both copy: each source is claimed first (its row's `owner`,
 * with a lease every page renews), a source another instance holds is left to it, and a copier
 * that finds its claim taken over (its lease ran out) stops without writing that page.
 */
export async function backfill(sql: SqlDriver, histories: Histories, logger: Logger, options: BackfillOptions = {}): Promise<Record<string, number>> {
  const pending = await sql.all<{ source: string }>(`SELECT source FROM analytics_backfills WHERE done_at IS NULL ORDER BY source`);
  const { handoffs, questions } = histories;
  const claim: Claim = { owner: options.owner ?? newId('backfill_'), leaseMs: options.leaseMs ?? 60_000, now: options.now ?? Date.now };
  const run = { sql, claim, logger, options };
  const copiers: Record<string, ((from: Cursor) => Promise<number>) | undefined> = {
    handoffs: handoffs && ((from) => copy(run, from, (after, limit) => handoffs.page(after, limit), (tx, handoff) => writeHandoff(tx, handoff, 'keep'))),
    questions: questions && ((from) => copy(run, from, (after, limit) => questions.page(after, limit), writeQuestion)),
  };
  const copiedNow: Record<string, number> = {};
  for (const { source } of pending) {
    const copier = Object.hasOwn(copiers, source) ? copiers[source] : undefined;
    if (!copier) {
      logger.info({ source }, 'analytics: history not copied yet, its module is not loaded');
      continue;
    }
    const from = await claimSource(sql, source, claim);
    if (from) copiedNow[source] = await copier(from);
    else logger.info({ source }, 'analytics: another instance is copying this history');
  }
  return copiedNow;
}

/** Who holds a source's copy, and for how long a claim holds without a page written. */
interface Claim {
  owner: string;
  leaseMs: number;
  now: () => number;
}

/** Where a source's backfill stands. */
interface Cursor {
  source: string;
  after?: string;
  copied: number;
}

/** One `backfill` call: where it writes, who it is, how it logs and pages. */
interface Run {
  sql: SqlDriver;
  claim: Claim;
  logger: Logger;
  options: BackfillOptions;
}

/**
 * Claims a pending source for `claim.owner` unless another owner's lease still holds; returns its
 * cursor as it stands once claimed (another instance may have moved it), or undefined.
 */
async function claimSource(sql: SqlDriver, source: string, claim: Claim): Promise<Cursor | undefined> {
  const now = claim.now();
  const claimed = await sql.run(
    `UPDATE analytics_backfills SET owner = ?, lease_until = ?
     WHERE source = ? AND done_at IS NULL AND (owner IS NULL OR owner = ? OR lease_until < ?)`,
    [claim.owner, now + claim.leaseMs, source, claim.owner, now],
  );
  if (claimed.changes !== 1) return undefined;
  const row = await sql.get<{ after_id: string | null; copied: number }>(`SELECT after_id, copied FROM analytics_backfills WHERE source = ?`, [source]);
  return row && { source, after: row.after_id ?? undefined, copied: Number(row.copied) };
}

/** Thrown inside a page's transaction when the claim went to another instance: the page is not written. */
class ClaimLost extends Error {}

/** Copies one claimed source page by page from its cursor; returns the rows copied by this call. */
async function copy<T extends { id: string }>(
  { sql, claim, logger, options }: Run,
  from: Cursor,
  page: (after: string | undefined, limit: number) => Promise<T[]>,
  write: (tx: SqlDriver, item: T) => Promise<void>,
): Promise<number> {
  const size = options.pageSize ?? 500;
  const logEvery = options.logEvery ?? 10_000;
  const mine = [from.source, claim.owner];
  let { after, copied } = from;
  const start = copied;
  logger.info({ source: from.source, resumingAfter: copied || undefined }, 'analytics: copying history into the read model');
  for (;;) {
    if (options.signal?.aborted) {
      // Released, so the next start resumes at once rather than after the lease.
      await sql.run(`UPDATE analytics_backfills SET owner = NULL, lease_until = NULL WHERE source = ? AND owner = ?`, mine);
      logger.info({ source: from.source, copied }, 'analytics: history copy paused (stopping); the next start resumes it');
      return copied - start;
    }
    const items = await page(after, size);
    if (!items.length) break;
    const last = items[items.length - 1].id;
    try {
      await sql.transaction(async (tx) => {
        for (const item of items) await write(tx, item);
        const moved = await tx.run(`UPDATE analytics_backfills SET after_id = ?, copied = ?, lease_until = ? WHERE source = ? AND owner = ?`, [
          last,
          copied + items.length,
          claim.now() + claim.leaseMs,
          ...mine,
        ]);
        if (moved.changes !== 1) throw new ClaimLost();
      });
    } catch (err) {
      if (!(err instanceof ClaimLost)) throw err;
      logger.warn({ source: from.source, copied }, 'analytics: another instance took over this history copy (this one was too slow); stopped here');
      return copied - start;
    }
    const before = copied;
    after = last;
    copied += items.length;
    if (Math.floor(copied / logEvery) > Math.floor(before / logEvery)) logger.info({ source: from.source, copied }, 'analytics: copying history');
    if (items.length < size) break;
  }
  await sql.run(`UPDATE analytics_backfills SET done_at = ?, owner = NULL, lease_until = NULL WHERE source = ? AND owner = ?`, [Date.now(), ...mine]);
  logger.info({ source: from.source, copied }, 'analytics: history copied');
  return copied - start;
}
