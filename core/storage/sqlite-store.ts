import { StaleTurnError, VersionConflictError } from '../errors';
import type { DrainCache } from './drain-cache';
import type { DialectStore, StoreDialect } from './dialect';
import { insertMessage, json } from './rows';
import type { SqlDriver } from './sql';
import type { TurnCommit } from './store';

/**
 * `SqlStore` on SQLite. Embedded, it pays nothing per statement: a turn is a transaction of a few
 * statements, and what it wrote goes into the drain cache (the watch tells it when others wrote).
 */
export const sqliteDialect: StoreDialect = {
  // One writer at a time: the transaction itself keeps intakes in `seq` order.
  lockConversation: async () => {},
  commitTurn,
  claimLock: '',
  // SQLite would rather walk the whole table in `seq` order than sort the few due messages: the
  // poll then reads every message ever stored, once a second. Name the index (ids use their own).
  claimIndex: ' INDEXED BY messages_outbox',
  markSentBatch: `UPDATE messages SET status = 'sent', sent_at = j.at, channel_message_id = COALESCE(j.cmid, messages.channel_message_id),
     metadata = COALESCE(j.meta, messages.metadata), lease_until = NULL, attempt_at = NULL, error = NULL
     FROM (SELECT value ->> 'id' AS id, value ->> 'at' AS at, value ->> 'cmid' AS cmid, value ->> 'meta' AS meta FROM json_each(?)) AS j
     WHERE messages.id = j.id`,
  markAttemptBatch: `UPDATE messages SET attempt_at = COALESCE(messages.attempt_at, j.at), lease_until = COALESCE(j.until, messages.lease_until)
     FROM (SELECT value ->> 'id' AS id, value ->> 'at' AS at, value ->> 'held' AS held, value ->> 'until' AS until FROM json_each(?)) AS j
     WHERE messages.id = j.id AND (j.until IS NULL OR (messages.status = 'sending' AND (j.held IS NULL OR messages.lease_until = j.held)))
     RETURNING messages.id`,
};

/** A turn in one transaction; the drain cache learns what it wrote, or forgets the conversation if it failed. */
async function commitTurn({ sql, drains }: DialectStore, commit: TurnCommit, state: string, at: number): Promise<void> {
  let written: { owner: string; before: string; after: string };
  try {
    written = await sql.transaction((tx) => commitIn(tx, drains, commit, state, at));
  } catch (err) {
    drains?.forget(commit.conversationId);
    throw err;
  }
  drains?.committed({ ...commit, state, at, owner: written.owner }, written.before, written.after);
}

/** The watch's version, when there is a drain cache. */
function version(drains?: DrainCache): string {
  return drains?.watch.version() ?? '';
}

async function commitIn(
  tx: SqlDriver,
  drains: DrainCache | undefined,
  commit: TurnCommit,
  state: string,
  now: number,
): Promise<{ owner: string; before: string; after: string }> {
  const before = version(drains);
  if (commit.status && commit.status !== 'open') drains?.forgetLookups();
  // `status` is set only when the turn changes it: naming the column makes SQLite rewrite the
  // entry of the one-open-conversation index, one more page written per turn.
  // Neither update below wakes the write watch (see `DRAIN_WATCH`): the cache applies them itself.
  const updated = commit.status
    ? await tx.all<{ customer_id: string }>(
        `UPDATE conversations SET state = ?, version = version + 1, status = ?, updated_at = ? WHERE id = ? AND version = ? RETURNING customer_id`,
        [state, commit.status, now, commit.conversationId, commit.expectedVersion],
      )
    : await tx.all<{ customer_id: string }>(
        `UPDATE conversations SET state = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ? RETURNING customer_id`,
        [state, now, commit.conversationId, commit.expectedVersion],
      );
  if (updated.length !== 1) {
    throw new VersionConflictError(`Conversation ${commit.conversationId} changed since version ${commit.expectedVersion}; run the turn again`);
  }
  // Only a still-pending message may be committed: a holder whose lock expired while it was
  // paused cannot commit a turn someone else already ran (no duplicate replies).
  const inbound = await tx.run(`UPDATE messages SET status = ?, error = ?, metadata = ? WHERE id = ? AND status = 'pending'`, [
    commit.inboundStatus,
    commit.inboundError,
    json(commit.inboundMetadata),
    commit.inboundId,
  ]);
  if (inbound.changes !== 1) throw new StaleTurnError(`Message ${commit.inboundId} was already processed; this turn is dropped`);
  // The conversation may have changed hands during the turn (two customers merged): replies
  // belong to whoever owns it now.
  const owner = updated[0].customer_id;
  for (const m of commit.outbound) {
    m.customerId = owner;
    await insertMessage(tx, m, commit.leaseUntil);
  }
  return { owner, before, after: version(drains) };
}
