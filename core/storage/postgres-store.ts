import { StaleTurnError, VersionConflictError } from '../errors';
import { newId } from '../ids';
import type { InboundDraft } from '../message';
import type { DialectStore, StoreDialect } from './dialect';
import { inboundMessage, newProfile } from './intake';
import { json, MESSAGE_COLUMNS, messageRow, type MessageColumn } from './rows';
import type { SqlDriver } from './sql';
import type { IntakeResult, TurnCommit } from './store';

/*
 * `SqlStore` on PostgreSQL, with its single statements. Each round trip to a shared database costs
 * more than the statement itself, and a transaction costs two more (BEGIN, COMMIT): where a
 * multi-statement transaction's steps can be one statement, PostgreSQL runs them atomically
 * without one. SQLite, embedded, pays nothing per statement and keeps its transactions (and its
 * drain cache): see `sqlite-store.ts`.
 */

/** `SqlStore` on PostgreSQL: one statement per intake and per turn where it can, row locks for claimers. */
export const postgresDialect: StoreDialect = {
  quickIntake: intakeInOneStatement,
  // Lock the conversation so its intakes commit in the order their `seq` is drawn: a drain never
  // sees message n+1 before message n.
  lockConversation: async (tx, conversationId) => {
    await tx.get(`SELECT id FROM conversations WHERE id = ? FOR UPDATE`, [conversationId]);
  },
  // One statement, no transaction around it (and no drain cache).
  commitTurn: async ({ sql }: DialectStore, commit, state, at) => void (await commitInOneStatement(sql, commit, state, at)),
  claimLock: ' FOR UPDATE SKIP LOCKED',
  claimIndex: '',
  markSentBatch: `UPDATE messages SET status = 'sent', sent_at = j.at, channel_message_id = COALESCE(j.cmid, messages.channel_message_id),
     metadata = COALESCE(j.meta, messages.metadata), lease_until = NULL, attempt_at = NULL, error = NULL
     FROM jsonb_to_recordset(?::jsonb) AS j(id text, at bigint, cmid text, meta text)
     WHERE messages.id = j.id`,
  markAttemptBatch: `UPDATE messages SET attempt_at = COALESCE(messages.attempt_at, j.at), lease_until = COALESCE(j.until, messages.lease_until)
     FROM jsonb_to_recordset(?::jsonb) AS j(id text, at bigint, held bigint, until bigint)
     WHERE messages.id = j.id AND (j.until IS NULL OR (messages.status = 'sending' AND (j.held IS NULL OR messages.lease_until = j.held)))
     RETURNING messages.id`,
};

/**
 * `INSERT INTO messages (…) SELECT …` taking every column from the row `source` except those
 * `taken` from elsewhere (a locked conversation's owner, say).
 */
function insertMessagesFrom(source: string, taken: Partial<Record<MessageColumn, string>> = {}): string {
  return `INSERT INTO messages (${MESSAGE_COLUMNS.join(', ')})
     SELECT ${MESSAGE_COLUMNS.map((column) => taken[column] ?? `${source}.${column}`).join(', ')}`;
}

const INSERT_INTO_OPEN_CONVERSATION = insertMessagesFrom('m', { customer_id: 't.customer_id', conversation_id: 't.conversation_id' });
const INSERT_FIRST_MESSAGE = insertMessagesFrom('m');
const INSERT_REPLIES = insertMessagesFrom('r', { customer_id: 'c.customer_id' });

/**
 * Intake's two common cases, a draft proving no identity, in one statement each: a message to the
 * open conversation of a known address, else the first message from an unknown address. Returns
 * `undefined` (nothing written) for everything else: the full intake then runs.
 */
async function intakeInOneStatement(sql: SqlDriver, draft: InboundDraft, now: number): Promise<IntakeResult | undefined> {
  if (draft.identities?.length) return undefined;
  const toOpen = await intakeToOpenConversation(sql, draft, now);
  return toOpen === 'unknown address' ? intakeFromNewAddress(sql, draft, now) : toOpen;
}

/**
 * A message from a known address to the open conversation on that same channel and address. The
 * conversation row is locked before `seq` is drawn, so its intakes commit in `seq` order (a drain
 * never sees message n+1 before message n); a conversation closed or moved meanwhile no longer
 * matches once the lock is granted. Writes nothing otherwise, repeats included (the dedupe index
 * refuses them), and says whether the address was unknown.
 */
async function intakeToOpenConversation(sql: SqlDriver, draft: InboundDraft, now: number): Promise<IntakeResult | 'unknown address' | undefined> {
  const message = inboundMessage(draft, now, '', '');
  const row = await sql.get<{ customer_id: string | null; conversation_id: string | null; known: boolean }>(
    `WITH target AS (
       SELECT a.customer_id, c.id AS conversation_id FROM addresses a
       JOIN conversations c ON c.customer_id = a.customer_id AND c.status = 'open' AND c.channel = a.channel AND c.address = a.address
       WHERE a.channel = ? AND a.address = ?
       FOR UPDATE OF c
     ), inserted AS (
       ${INSERT_INTO_OPEN_CONVERSATION}
       FROM target t, jsonb_populate_record(NULL::messages, ?::jsonb) m
       ON CONFLICT (channel, address, channel_message_id) WHERE direction = 'inbound' AND channel_message_id IS NOT NULL DO NOTHING
       RETURNING customer_id, conversation_id
     )
     SELECT i.customer_id, i.conversation_id, EXISTS (SELECT 1 FROM addresses WHERE channel = ? AND address = ?) AS known
     FROM (SELECT 1) one LEFT JOIN inserted i ON true`,
    [draft.channel, draft.address, JSON.stringify(messageRow(message)), draft.channel, draft.address],
  );
  if (row?.customer_id && row.conversation_id) {
    return { message: { ...message, customerId: row.customer_id, conversationId: row.conversation_id }, duplicate: false };
  }
  return row?.known ? undefined : 'unknown address';
}

/**
 * The first message from an address: a new customer with that address, a new conversation and the
 * message, all or nothing, as `intakeIn` makes them for an address proving no identity. Should
 * another intake create the address meanwhile, the addresses' primary key refuses this one (the
 * caller runs again and finds it); should the message be a repeat (of a customer since erased,
 * say), nothing is written and the full intake finds the original.
 */
async function intakeFromNewAddress(sql: SqlDriver, draft: InboundDraft, now: number): Promise<IntakeResult | undefined> {
  const message = inboundMessage(draft, now, newId('cus_'), newId('con_'));
  const row = await sql.get(
    `WITH customer AS (
       INSERT INTO customers (id, profile, created_at, updated_at)
       SELECT ?, ?, ?::bigint, ?::bigint
       WHERE NOT EXISTS (SELECT 1 FROM messages WHERE channel = ? AND address = ? AND channel_message_id = ? AND direction = 'inbound')
       RETURNING id
     ), address AS (
       INSERT INTO addresses (channel, address, customer_id, verified, created_at) SELECT ?, ?, id, ?::int, ?::bigint FROM customer
     ), conversation AS (
       INSERT INTO conversations (id, customer_id, status, channel, address, state, version, created_at, updated_at)
       SELECT ?, id, 'open', ?, ?, '{}', 0, ?::bigint, ?::bigint FROM customer
       RETURNING id
     )
     ${INSERT_FIRST_MESSAGE}
     FROM conversation, jsonb_populate_record(NULL::messages, ?::jsonb) m
     RETURNING id`,
    [
      message.customerId, JSON.stringify(newProfile(draft)), now, now,
      draft.channel, draft.address, draft.channelMessageId,
      draft.channel, draft.address, draft.profile?.verified ? 1 : 0, now,
      message.conversationId, draft.channel, draft.address, now, now,
      JSON.stringify(messageRow(message)),
    ],
  );
  return row ? { message, duplicate: false } : undefined;
}

/**
 * `commitTurn` in one statement: it locks the conversation at the expected version and the
 * inbound message while still pending, then writes state, status and replies only if it got both
 * (all or nothing, as SQLite's transaction in `sqlite-store.ts`). Returns the conversation's owner.
 */
async function commitInOneStatement(sql: SqlDriver, commit: TurnCommit, state: string, now: number): Promise<string> {
  const replies = commit.outbound.map((m) => messageRow(m, commit.leaseUntil));
  const row = await sql.get<{ customer_id: string }>(
    `WITH turn AS (
       SELECT v.id FROM conversations v, messages m
       WHERE v.id = ? AND v.version = ? AND m.id = ? AND m.status = 'pending'
       FOR UPDATE
     ),
     conversation AS (
       UPDATE conversations SET state = ?, version = version + 1, status = COALESCE(?, status), updated_at = ?
       WHERE id = (SELECT id FROM turn) RETURNING customer_id
     ),
     inbound AS (
       UPDATE messages SET status = ?, error = ?, metadata = ? WHERE id = ? AND EXISTS (SELECT 1 FROM turn)
     ),
     replies AS (
       ${INSERT_REPLIES}
       FROM conversation c, jsonb_populate_recordset(NULL::messages, ?::jsonb) WITH ORDINALITY r
       ORDER BY r.ordinality
     )
     SELECT customer_id FROM conversation`,
    [
      commit.conversationId,
      commit.expectedVersion,
      commit.inboundId,
      state,
      commit.status,
      now,
      commit.inboundStatus,
      commit.inboundError,
      json(commit.inboundMetadata),
      commit.inboundId,
      JSON.stringify(replies),
    ],
  );
  if (!row) throw await refusedTurn(sql, commit);
  // The conversation may have changed hands during the turn (two customers merged): replies
  // belong to whoever owns it now.
  for (const m of commit.outbound) m.customerId = row.customer_id;
  return row.customer_id;
}

/** Why a turn's commit was refused, read after the fact: the version moved, or the message was already processed. */
async function refusedTurn(sql: SqlDriver, commit: TurnCommit): Promise<Error> {
  const conversation = await sql.get<{ version: number }>(`SELECT version FROM conversations WHERE id = ?`, [commit.conversationId]);
  if (Number(conversation?.version) !== commit.expectedVersion) {
    return new VersionConflictError(`Conversation ${commit.conversationId} changed since version ${commit.expectedVersion}; run the turn again`);
  }
  return new StaleTurnError(`Message ${commit.inboundId} was already processed; this turn is dropped`);
}
