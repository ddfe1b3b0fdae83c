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
 * so it has nothing pending.
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
];

/** The owners' histories, where their modules are loaded. */
export interface Histories {
  handoffs?: HandoffHistory;
  questions?: QuestionHistory;
}

/** How `backfill` pages and reports. */
export interface BackfillOptions {
  /** Rows asked of an owner at once, and written in one transaction with the cursor (default 500). */
  pageSize?: number;
  /** Progress is logged each time this many more rows are copied (default 10,000). */
  logEvery?: number;
  /** Stops between pages (the app is stopping); the cursor is kept and the next start resumes. */
  signal?: AbortSignal;
}

/**
 * Copies what the owners stored before the read model followed their events (handoffs,
 * knowledge questions) through their typed histories, never their tables: the backfills the
 * migrations left pending, each page written in one transaction with its cursor, then marked
 * done, so each runs once per database. A source whose owner is not loaded stays pending until it
 * is. Rows an event wrote meanwhile are kept (an event is at least as new as the page). Returns
 * the rows copied now, by source.
 */
export async function backfill(sql: SqlDriver, histories: Histories, logger: Logger, options: BackfillOptions = {}): Promise<Record<string, number>> {
  const pending = await sql.all<{ source: string; after_id: string | null; copied: number }>(
    `SELECT source, after_id, copied FROM analytics_backfills WHERE done_at IS NULL ORDER BY source`,
  );
  const { handoffs, questions } = histories;
  const copiedNow: Record<string, number> = {};
  for (const row of pending) {
    const from: Cursor = { source: row.source, after: row.after_id ?? undefined, copied: Number(row.copied) };
    const copied =
      row.source === 'handoffs' && handoffs
        ? await copy(sql, from, (after, limit) => handoffs.page(after, limit), (tx, handoff) => writeHandoff(tx, handoff, 'keep'), logger, options)
        : row.source === 'questions' && questions
          ? await copy(sql, from, (after, limit) => questions.page(after, limit), writeQuestion, logger, options)
          : undefined;
    if (copied === undefined) logger.info({ source: row.source }, 'analytics: history not copied yet, its module is not loaded');
    else copiedNow[row.source] = copied;
  }
  return copiedNow;
}

/** Where a source's backfill stands. */
interface Cursor {
  source: string;
  after?: string;
  copied: number;
}

/** Copies one source page by page from its cursor; returns the rows copied by this call. */
async function copy<T extends { id: string }>(
  sql: SqlDriver,
  from: Cursor,
  page: (after: string | undefined, limit: number) => Promise<T[]>,
  write: (tx: SqlDriver, item: T) => Promise<void>,
  logger: Logger,
  options: BackfillOptions,
): Promise<number> {
  const size = options.pageSize ?? 500;
  const logEvery = options.logEvery ?? 10_000;
  let { after, copied } = from;
  const start = copied;
  logger.info({ source: from.source, resumingAfter: copied || undefined }, 'analytics: copying history into the read model');
  for (;;) {
    if (options.signal?.aborted) {
      logger.info({ source: from.source, copied }, 'analytics: history copy paused (stopping); the next start resumes it');
      return copied - start;
    }
    const items = await page(after, size);
    if (!items.length) break;
    after = items[items.length - 1].id;
    const before = copied;
    copied += items.length;
    await sql.transaction(async (tx) => {
      for (const item of items) await write(tx, item);
      await tx.run(`UPDATE analytics_backfills SET after_id = ?, copied = ? WHERE source = ?`, [after, copied, from.source]);
    });
    if (Math.floor(copied / logEvery) > Math.floor(before / logEvery)) logger.info({ source: from.source, copied }, 'analytics: copying history');
    if (items.length < size) break;
  }
  await sql.run(`UPDATE analytics_backfills SET done_at = ? WHERE source = ?`, [Date.now(), from.source]);
  logger.info({ source: from.source, copied }, 'analytics: history copied');
  return copied - start;
}
