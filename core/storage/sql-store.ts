import type { Address, Conversation, Customer, CustomerProfile } from '../customer';
import { StaleTurnError, VersionConflictError } from '../errors';
import { newId } from '../ids';
import type { InboundDraft, Message } from '../message';
import { coreMigrations, messagesOfCustomer } from './schema';
import { mergeIn } from '../identity/merge';
import { migrate, type Migration, type Row, type SqlDriver } from './sql';
import { DRAIN_WATCH, DrainCache } from './drain-cache';
import { DatabaseClock } from './clock';
import { silentLogger, type Logger } from '../logger';
import type { DeliveryFailure, IntakeResult, MessageQuery, PendingWithConversation, Store, TurnCommit } from './store';

/**
 * The `Store` over SQL: the same statements on SQLite and PostgreSQL. Modules with tables of their
 * own reach the driver through `sql` and add migrations through `open(..., { migrations })`.
 */
export class SqlStore implements Store {
  /** Runs `fn` with its writes announced to the drain cache by the caller, not by the watch. */
  private readonly quiet: Quiet;

  private constructor(
    readonly sql: SqlDriver,
    /** Where the driver can watch for writes of others (SQLite): the drain reads remembered between turns. */
    private readonly drains?: DrainCache,
    /** Where instances share the database (PostgreSQL): its clock, which they all follow. */
    private readonly clock?: DatabaseClock,
  ) {
    this.quiet = drains ? (fn) => drains.watch.quiet(fn) : (fn) => fn();
  }

  /**
   * Opens a store on a driver and applies pending migrations (core first, then the given ones).
   * Where the driver can watch writes (SQLite), drains are remembered between turns unless
   * `drainCache: false` (a second connection that must always read, say). Where the database
   * has a clock of its own (PostgreSQL), `now()` follows it; `logger` hears when the clocks disagree.
   */
  static async open(driver: SqlDriver, options: { migrations?: Migration[]; drainCache?: boolean; logger?: Logger } = {}): Promise<SqlStore> {
    await migrate(driver, [...coreMigrations, ...(options.migrations ?? [])]);
    const watch = options.drainCache === false ? undefined : driver.watch?.(DRAIN_WATCH);
    const clock = driver.serverTime && (await DatabaseClock.start(() => driver.serverTime!(), options.logger ?? silentLogger()));
    return new SqlStore(driver, watch && new DrainCache(watch), clock);
  }

  now(): number {
    return this.clock ? this.clock.now() : Date.now();
  }

  /** How far the database's clock is ahead of this process's, in ms (0 on SQLite: one machine, one clock). */
  get clockOffsetMs(): number {
    return this.clock?.offsetMs ?? 0;
  }

  /** The watch's version, when there is a drain cache. */
  private version(): string {
    return this.drains?.watch.version() ?? '';
  }

  async intake(draft: InboundDraft, now = this.now()): Promise<IntakeResult> {
    // Two instances may race to create the same customer or conversation; the unique indexes
    // settle it and the loser runs again, finding what the winner made.
    for (let attempt = 0; ; attempt++) {
      try {
        // PostgreSQL is a round trip away: its common cases (a known address writing to its open
        // conversation, a new address) are one statement each; anything else takes the full path.
        const quick = this.sql.dialect === 'postgres' && attempt === 0 ? await intakeInOneStatement(this.sql, draft, now) : undefined;
        if (quick) return quick;
        const { result, before, after } = await this.sql.transaction(async (tx) => {
          const before = this.version();
          const result = await intakeIn(tx, draft, now, this.quiet, this.drains);
          return { result, before, after: this.version() };
        });
        if (!result.duplicate) this.drains?.accepted(result.message, before, after);
        return result;
      } catch (err) {
        if (attempt < 3 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  async getCustomer(id: string): Promise<Customer | undefined> {
    const row = await this.sql.get(`SELECT * FROM customers WHERE id = ?`, [id]);
    return row && toCustomer(row);
  }

  async findCustomerByAddress(channel: string, address: string): Promise<Customer | undefined> {
    const row = await this.sql.get(
      `SELECT c.* FROM customers c JOIN addresses a ON a.customer_id = c.id WHERE a.channel = ? AND a.address = ?`,
      [channel, address],
    );
    return row && toCustomer(row);
  }

  /**
   * The customer behind an address, resolved as intake resolves it (a new address becomes a new,
   * anonymous and unverified customer) but without a message or conversation: behaviour events
   * from a web visitor who has not written yet attach to the customer their first message will.
   */
  async customerIdForAddress(channel: string, address: string, now = this.now()): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sql.transaction(async (tx) => (await resolveCustomer(tx, { channel, address }, now)).customerId);
      } catch (err) {
        if (attempt < 3 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  async addresses(customerId: string): Promise<Address[]> {
    const rows = await this.sql.all(`SELECT * FROM addresses WHERE customer_id = ? ORDER BY created_at`, [customerId]);
    return rows.map((r) => ({
      channel: String(r.channel),
      address: String(r.address),
      customerId: String(r.customer_id),
      verified: Number(r.verified) === 1,
      createdAt: Number(r.created_at),
    }));
  }

  async updateProfile(customerId: string, patch: Partial<CustomerProfile>): Promise<Customer> {
    return this.sql.transaction(async (tx) => {
      const row = await tx.get(`SELECT * FROM customers WHERE id = ?`, [customerId]);
      if (!row) throw new Error(`No customer ${customerId}`);
      const customer = toCustomer(row);
      const profile: CustomerProfile = { ...customer.profile, ...patch };
      if (patch.attributes) profile.attributes = { ...customer.profile.attributes, ...patch.attributes };
      const now = this.now();
      await tx.run(`UPDATE customers SET profile = ?, updated_at = ? WHERE id = ?`, [JSON.stringify(profile), now, customerId]);
      return { ...customer, profile, updatedAt: now };
    });
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    const row = await this.sql.get(`SELECT * FROM conversations WHERE id = ?`, [id]);
    return row && toConversation(row);
  }

  async conversationWithCustomer(id: string): Promise<{ conversation: Conversation; customer: Customer } | undefined> {
    const row = await this.sql.get(
      `SELECT v.*, c.profile AS customer_profile, c.created_at AS customer_created_at, c.updated_at AS customer_updated_at
       FROM conversations v JOIN customers c ON c.id = v.customer_id WHERE v.id = ?`,
      [id],
    );
    if (!row) return undefined;
    const customer = toCustomer({ id: row.customer_id, profile: row.customer_profile, created_at: row.customer_created_at, updated_at: row.customer_updated_at });
    return { conversation: toConversation(row), customer };
  }

  async openConversation(customerId: string): Promise<Conversation | undefined> {
    const row = await this.sql.get(`SELECT * FROM conversations WHERE customer_id = ? AND status = 'open'`, [customerId]);
    return row && toConversation(row);
  }

  async latestConversation(customerId: string): Promise<Conversation | undefined> {
    const row = await this.sql.get(`SELECT * FROM conversations WHERE customer_id = ? ORDER BY updated_at DESC LIMIT 1`, [customerId]);
    return row && toConversation(row);
  }

  async getMessage(id: string): Promise<Message | undefined> {
    const row = await this.sql.get(`SELECT * FROM messages WHERE id = ?`, [id]);
    return row && toMessage(row);
  }

  async listMessages(query: MessageQuery): Promise<Message[]> {
    const [where, value] = query.conversationId
      ? ['conversation_id = ?', query.conversationId]
      : query.customerId
        ? [messagesOfCustomer(), query.customerId]
        : [undefined, undefined];
    if (!where) throw new Error('listMessages needs a conversationId or a customerId');
    const params: unknown[] = [value];
    let sql = `SELECT * FROM messages WHERE ${where}`;
    if (query.after) {
      sql += ` AND seq > COALESCE((SELECT seq FROM messages WHERE id = ?), 0)`;
      params.push(query.after);
    }
    sql += ` ORDER BY seq LIMIT ?`;
    params.push(query.limit ?? 1000);
    return (await this.sql.all(sql, params)).map(toMessage);
  }

  async lastInbound(customerId: string): Promise<Message | undefined> {
    const row = await this.sql.get(`SELECT * FROM messages WHERE ${messagesOfCustomer()} AND direction = 'inbound' ORDER BY created_at DESC, seq DESC LIMIT 1`, [customerId]);
    return row && toMessage(row);
  }

  async pendingInbound(conversationId: string): Promise<Message[]> {
    const rows = await this.sql.all(
      `SELECT * FROM messages WHERE conversation_id = ? AND direction = 'inbound' AND status = 'pending' ORDER BY seq`,
      [conversationId],
    );
    return rows.map(toMessage);
  }

  async pendingWithConversation(conversationId: string): Promise<PendingWithConversation | undefined> {
    const remembered = this.drains?.get(conversationId);
    if (remembered) return remembered;
    const version = this.version();
    const found = await this.readPendingWithConversation(conversationId);
    if (found) this.drains?.remember(version, found);
    return found;
  }

  private async readPendingWithConversation(conversationId: string): Promise<PendingWithConversation | undefined> {
    // One statement instead of two on every drain: the conversation's columns ride along with
    // each pending message (or alone, with NULL message columns, when none is pending).
    const rows = await this.sql.all(
      `SELECT v.customer_id AS v_customer_id, v.status AS v_status, v.channel AS v_channel, v.address AS v_address,
         v.state AS v_state, v.version AS v_version, v.created_at AS v_created_at, v.updated_at AS v_updated_at,
         c.profile AS c_profile, c.created_at AS c_created_at, c.updated_at AS c_updated_at, m.*
       FROM conversations v JOIN customers c ON c.id = v.customer_id
       LEFT JOIN messages m ON m.conversation_id = v.id AND m.direction = 'inbound' AND m.status = 'pending'
       WHERE v.id = ? ORDER BY m.seq`,
      [conversationId],
    );
    if (!rows.length) return undefined;
    const first = rows[0];
    const conversation = toConversation({
      id: conversationId,
      customer_id: first.v_customer_id,
      status: first.v_status,
      channel: first.v_channel,
      address: first.v_address,
      state: first.v_state,
      version: first.v_version,
      created_at: first.v_created_at,
      updated_at: first.v_updated_at,
    });
    const customer = toCustomer({ id: first.v_customer_id, profile: first.c_profile, created_at: first.c_created_at, updated_at: first.c_updated_at });
    const pending = first.id === null || first.id === undefined ? [] : rows.map(toMessage);
    return { conversation, customer, pending };
  }

  async conversationsWithPending(): Promise<string[]> {
    const rows = await this.sql.all<{ conversation_id: string }>(
      `SELECT conversation_id FROM messages WHERE direction = 'inbound' AND status = 'pending' GROUP BY conversation_id ORDER BY MIN(seq)`,
    );
    return rows.map((r) => r.conversation_id);
  }

  async repliesTo(messageId: string): Promise<Message[]> {
    return (await this.sql.all(`SELECT * FROM messages WHERE in_reply_to = ? ORDER BY seq`, [messageId])).map(toMessage);
  }

  async commitTurn(commit: TurnCommit): Promise<void> {
    const state = JSON.stringify(commit.state);
    const at = this.now();
    // PostgreSQL is a round trip away: one statement, no transaction around it (and no drain cache).
    if (this.sql.dialect === 'postgres') return void (await commitInOneStatement(this.sql, commit, state, at));
    let written: { owner: string; before: string; after: string };
    try {
      written = await this.sql.transaction((tx) => this.commitIn(tx, commit, state, at));
    } catch (err) {
      this.drains?.forget(commit.conversationId);
      throw err;
    }
    this.drains?.committed({ ...commit, state, at, owner: written.owner }, written.before, written.after);
  }

  private async commitIn(tx: SqlDriver, commit: TurnCommit, state: string, now: number): Promise<{ owner: string; before: string; after: string }> {
    const before = this.version();
    if (commit.status && commit.status !== 'open') this.drains?.forgetLookups();
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
    return { owner, before, after: this.version() };
  }

  async appendOutbound(messages: Message[]): Promise<void> {
    await this.sql.transaction(async (tx) => {
      for (const m of messages) await insertMessage(tx, m);
    });
  }

  async claimOutbound(query: { now: number; leaseUntil: number; limit: number; ids?: string[] }): Promise<Message[]> {
    // The `status IN` term lets both databases use the partial outbox index (only undelivered messages).
    const due = `direction = 'outbound' AND status IN ('pending', 'sending') AND ((status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?))`;
    const params: unknown[] = [query.now, query.now];
    let filter = '';
    if (query.ids) {
      if (!query.ids.length) return [];
      filter = ` AND id IN (${query.ids.map(() => '?').join(', ')})`;
      params.push(...query.ids);
    }
    const lock = this.sql.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    // SQLite would rather walk the whole table in `seq` order than sort the few due messages: the
    // poll then reads every message ever stored, once a second. Name the index (ids use their own).
    const index = this.sql.dialect === 'sqlite' && !query.ids ? ' INDEXED BY messages_outbox' : '';
    const rows = await this.sql.all(
      `UPDATE messages SET status = 'sending', lease_until = ?, attempts = attempts + 1
       WHERE seq IN (SELECT seq FROM messages${index} WHERE ${due}${filter} ORDER BY seq LIMIT ?${lock})
       RETURNING *`,
      [query.leaseUntil, ...params, query.limit],
    );
    return rows.map(toMessage).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Sent marks waiting for `writeSent`. */
  private sent: SentMark[] = [];

  /**
   * Deliveries confirmed in one go (the replies of a group commit go out together) are marked
   * sent in one statement: `markSent` collects the calls made until the current burst of
   * promise callbacks ends (`process.nextTick`), then writes them at once: per message, about
   * two thirds of what one statement each cost (1.9 against 2.9 µs in the engine bench).
   */
  markSent(id: string, result: { at: number; channelMessageId?: string; metadata?: Record<string, unknown> }): Promise<void> {
    return new Promise((resolve, reject) => {
      const meta = json(result.metadata); // may throw: this call fails alone
      if (!this.sent.length) process.nextTick(this.writeSent);
      this.sent.push({ id, at: result.at, cmid: result.channelMessageId, meta, resolve, reject });
    });
  }

  private readonly writeSent = (): void => {
    const batch = this.sent;
    this.sent = [];
    const written =
      batch.length === 1
        ? this.sql.run(
            `UPDATE messages SET status = 'sent', sent_at = ?, channel_message_id = COALESCE(?, channel_message_id),
             metadata = COALESCE(?, metadata), lease_until = NULL, attempt_at = NULL, error = NULL WHERE id = ?`,
            [batch[0].at, batch[0].cmid, batch[0].meta, batch[0].id],
          )
        : this.sql.run(markSentBatch[this.sql.dialect], [JSON.stringify(batch.map(({ id, at, cmid, meta }) => ({ id, at, cmid, meta })))]);
    written.then(
      () => batch.forEach((mark) => mark.resolve()),
      (err) => batch.forEach((mark) => mark.reject(err)),
    );
  };

  /** Attempt marks waiting for `writeAttempts`. */
  private attempts: AttemptMark[] = [];

  /**
   * Collected like `markSent` (the replies of one group commit start their attempts together) and
   * written in one statement, its own commit, before any of their providers is called.
   */
  markAttempt(id: string, at: number, lease?: { held?: number; until: number }): Promise<boolean> {
    return new Promise((resolve, reject) => {
      if (!this.attempts.length) process.nextTick(this.writeAttempts);
      this.attempts.push({ id, at, held: lease?.held, until: lease?.until, resolve, reject });
    });
  }

  private readonly writeAttempts = (): void => {
    const batch = this.attempts;
    this.attempts = [];
    // With a lease, only while the claim is still ours: a dispatcher whose lease ran out while the
    // message waited in its queue must not send what another one has claimed since.
    const written: Promise<Set<string>> =
      batch.length === 1
        ? this.sql
            .run(
              `UPDATE messages SET attempt_at = COALESCE(attempt_at, ?), lease_until = COALESCE(?, lease_until)
               WHERE id = ? AND (CAST(? AS BIGINT) IS NULL OR (status = 'sending' AND (CAST(? AS BIGINT) IS NULL OR lease_until = ?)))`,
              [batch[0].at, batch[0].until, batch[0].id, batch[0].until, batch[0].held, batch[0].held],
            )
            .then(({ changes }) => new Set(changes === 1 ? [batch[0].id] : []))
        : this.sql
            .all<{ id: string }>(markAttemptBatch[this.sql.dialect], [JSON.stringify(batch.map(({ id, at, held, until }) => ({ id, at, held, until })))])
            .then((rows) => new Set(rows.map((row) => String(row.id))));
    written.then(
      (marked) => batch.forEach((mark) => mark.resolve(marked.has(mark.id))),
      (err) => batch.forEach((mark) => mark.reject(err)),
    );
  };

  async markFailed(id: string, failure: DeliveryFailure): Promise<void> {
    const attemptAt = failure.unresolvedSince ?? null;
    if (failure.deferred) {
      // Not an attempt: give back what the claim counted, keep the last real error.
      await this.sql.run(
        `UPDATE messages SET status = 'pending', next_attempt_at = ?, lease_until = NULL, attempt_at = ?,
         attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END WHERE id = ?`,
        [failure.retryAt ?? this.now(), attemptAt, id],
      );
    } else if (failure.retryAt !== undefined) {
      await this.sql.run(
        `UPDATE messages SET status = 'pending', next_attempt_at = ?, lease_until = NULL, attempt_at = ?, error = ? WHERE id = ?`,
        [failure.retryAt, attemptAt, failure.error, id],
      );
    } else {
      await this.sql.run(`UPDATE messages SET status = ?, lease_until = NULL, attempt_at = ?, error = ? WHERE id = ?`, [
        failure.skipped ? 'skipped' : 'failed',
        attemptAt,
        failure.error,
        id,
      ]);
    }
  }

  async close(): Promise<void> {
    this.clock?.stop();
    await this.sql.close();
  }
}

/** A delivery attempt waiting to be recorded (see `SqlStore.markAttempt`). */
interface AttemptMark {
  id: string;
  at: number;
  held?: number;
  until?: number;
  resolve: (marked: boolean) => void;
  reject: (err: unknown) => void;
}

/** Records the attempts of a JSON array `[{ id, at, held?, until? }]` in one statement; returns the ids recorded. */
const markAttemptBatch = {
  sqlite: `UPDATE messages SET attempt_at = COALESCE(messages.attempt_at, j.at), lease_until = COALESCE(j.until, messages.lease_until)
     FROM (SELECT value ->> 'id' AS id, value ->> 'at' AS at, value ->> 'held' AS held, value ->> 'until' AS until FROM json_each(?)) AS j
     WHERE messages.id = j.id AND (j.until IS NULL OR (messages.status = 'sending' AND (j.held IS NULL OR messages.lease_until = j.held)))
     RETURNING messages.id`,
  postgres: `UPDATE messages SET attempt_at = COALESCE(messages.attempt_at, j.at), lease_until = COALESCE(j.until, messages.lease_until)
     FROM jsonb_to_recordset(?::jsonb) AS j(id text, at bigint, held bigint, until bigint)
     WHERE messages.id = j.id AND (j.until IS NULL OR (messages.status = 'sending' AND (j.held IS NULL OR messages.lease_until = j.held)))
     RETURNING messages.id`,
};

/** A delivery waiting to be marked sent (see `SqlStore.markSent`). */
interface SentMark {
  id: string;
  at: number;
  cmid?: string;
  meta?: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Marks every message of a JSON array `[{ id, at, cmid?, meta? }]` sent, in one statement. */
const markSentBatch = {
  sqlite: `UPDATE messages SET status = 'sent', sent_at = j.at, channel_message_id = COALESCE(j.cmid, messages.channel_message_id),
     metadata = COALESCE(j.meta, messages.metadata), lease_until = NULL, attempt_at = NULL, error = NULL
     FROM (SELECT value ->> 'id' AS id, value ->> 'at' AS at, value ->> 'cmid' AS cmid, value ->> 'meta' AS meta FROM json_each(?)) AS j
     WHERE messages.id = j.id`,
  postgres: `UPDATE messages SET status = 'sent', sent_at = j.at, channel_message_id = COALESCE(j.cmid, messages.channel_message_id),
     metadata = COALESCE(j.meta, messages.metadata), lease_until = NULL, attempt_at = NULL, error = NULL
     FROM jsonb_to_recordset(?::jsonb) AS j(id text, at bigint, cmid text, meta text)
     WHERE messages.id = j.id`,
};

/*
 * PostgreSQL's single statements. Each round trip to a shared database costs more than the
 * statement itself, and a transaction costs two more (BEGIN, COMMIT): where a multi-statement
 * transaction's steps can be one statement, PostgreSQL runs them atomically without one. SQLite,
 * embedded, pays nothing per statement and keeps its transactions (and its drain cache).
 */

/** The columns a message is stored in (all but `seq`, which the database draws). */
const MESSAGE_COLUMNS = [
  'id', 'conversation_id', 'customer_id', 'channel', 'address', 'direction', 'author', 'text', 'body', 'metadata',
  'locale', 'channel_message_id', 'in_reply_to', 'status', 'attempts', 'error', 'next_attempt_at', 'lease_until', 'created_at', 'sent_at',
] as const;

type MessageColumn = (typeof MESSAGE_COLUMNS)[number];

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
 * (all or nothing, as the transaction of `commitIn`). Returns the conversation's owner.
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

/** Runs `fn`, whose writes the caller applies to the drain cache itself (see `DrainCache`). */
type Quiet = <T>(fn: () => T) => T;

async function intakeIn(tx: SqlDriver, draft: InboundDraft, now: number, quiet: Quiet, remembered?: DrainCache): Promise<IntakeResult> {
  if (draft.channelMessageId) {
    const seen = await tx.get(
      `SELECT * FROM messages WHERE channel = ? AND address = ? AND channel_message_id = ? AND direction = 'inbound'`,
      [draft.channel, draft.address, draft.channelMessageId],
    );
    if (seen) return { message: toMessage(seen), duplicate: true };
  }

  // A draft that proves an identity may link or merge customers: always the full resolution.
  const known = draft.identities?.length ? undefined : remembered?.lookup(draft.channel, draft.address);
  const { customerId, open } = known ?? (await resolveCustomer(tx, draft, now));
  if (open && tx.dialect === 'postgres') {
    // Lock the conversation so its intakes commit in the order their `seq` is drawn: a drain never
    // sees message n+1 before message n.
    await tx.get(`SELECT id FROM conversations WHERE id = ? FOR UPDATE`, [open.id]);
  }
  let conversationId: string;
  if (open) {
    conversationId = open.id;
    if (open.channel !== draft.channel || open.address !== draft.address) {
      // The customer is now on this channel: replies follow them here.
      await tx.run(`UPDATE conversations SET channel = ?, address = ?, updated_at = ? WHERE id = ?`, [
        draft.channel,
        draft.address,
        now,
        conversationId,
      ]);
    }
  } else {
    conversationId = newId('con_');
    await tx.run(
      `INSERT INTO conversations (id, customer_id, status, channel, address, state, version, created_at, updated_at)
       VALUES (?, ?, 'open', ?, ?, '{}', 0, ?, ?)`,
      [conversationId, customerId, draft.channel, draft.address, now, now],
    );
  }

  const message = inboundMessage(draft, now, customerId, conversationId);
  await quiet(() => insertMessage(tx, message));
  return { message, duplicate: false };
}

/** The message a draft becomes, still pending its turn. */
function inboundMessage(draft: InboundDraft, now: number, customerId: string, conversationId: string): Message {
  return {
    id: newId('msg_'),
    channel: draft.channel,
    direction: 'inbound',
    author: 'customer',
    customerId,
    conversationId,
    address: draft.address,
    text: draft.text,
    attachments: draft.attachments,
    payload: draft.payload,
    locale: draft.locale,
    channelMessageId: draft.channelMessageId,
    thread: draft.thread,
    metadata: draft.metadata,
    raw: draft.raw,
    status: 'pending',
    createdAt: draft.createdAt ?? now,
  };
}

/**
 * The customer behind a draft's address. A new address joins the customer who already holds one
 * of the draft's verified identities (same phone on SMS and WhatsApp, same signed user id on two
 * devices), else a new customer. A known but unverified address (an anonymous web visitor) whose
 * draft now proves an identity held by another customer is merged into that customer.
 */
async function resolveCustomer(tx: SqlDriver, draft: InboundDraft, now: number): Promise<{ customerId: string; open?: OpenConversation }> {
  const identities = draft.identities ?? [];
  // One lookup finds the customer behind the address and their open conversation, if any.
  const known = await tx.get<{ customer_id: string; verified: number; id: string | null; channel: string | null; address: string | null }>(
    `SELECT a.customer_id, a.verified, c.id, c.channel, c.address FROM addresses a
     LEFT JOIN conversations c ON c.customer_id = a.customer_id AND c.status = 'open'
     WHERE a.channel = ? AND a.address = ?`,
    [draft.channel, draft.address],
  );
  if (known && (Number(known.verified) === 1 || !identities.length)) {
    return { customerId: known.customer_id, open: known.id ? (known as OpenConversation) : undefined };
  }

  let owner: string | undefined;
  for (const identity of identities) {
    owner = (await tx.get<{ customer_id: string }>(`SELECT customer_id FROM identities WHERE kind = ? AND value = ?`, [identity.kind, identity.value]))
      ?.customer_id;
    if (owner) break;
  }

  let customerId: string;
  if (known) {
    customerId = known.customer_id;
    if (owner && owner !== customerId) {
      // The anonymous visitor proved to be a known customer: one person, one history.
      await mergeIn(tx, customerId, owner, `auto:${identities[0].kind}`);
      customerId = owner;
    }
    await tx.run(`UPDATE addresses SET verified = 1 WHERE channel = ? AND address = ?`, [draft.channel, draft.address]);
  } else {
    customerId = owner ?? (await createCustomer(tx, draft, now));
    await tx.run(`INSERT INTO addresses (channel, address, customer_id, verified, created_at) VALUES (?, ?, ?, ?, ?)`, [
      draft.channel,
      draft.address,
      customerId,
      identities.length || draft.profile?.verified ? 1 : 0,
      now,
    ]);
  }
  for (const identity of identities) {
    await tx.run(`INSERT INTO identities (kind, value, customer_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, value) DO NOTHING`, [
      identity.kind,
      identity.value,
      customerId,
      now,
    ]);
  }
  const open = await tx.get<OpenConversation>(`SELECT id, channel, address FROM conversations WHERE customer_id = ? AND status = 'open'`, [customerId]);
  return { customerId, open };
}

/** The customer's open conversation, as intake needs it. */
interface OpenConversation {
  id: string;
  channel: string;
  address: string;
}

async function createCustomer(tx: SqlDriver, draft: InboundDraft, now: number): Promise<string> {
  const id = newId('cus_');
  await tx.run(`INSERT INTO customers (id, profile, created_at, updated_at) VALUES (?, ?, ?, ?)`, [id, JSON.stringify(newProfile(draft)), now, now]);
  return id;
}

/** What a new customer's profile starts with: what their first message says about them. */
function newProfile(draft: InboundDraft): CustomerProfile {
  const profile: CustomerProfile = {};
  if (draft.profile?.name) profile.name = draft.profile.name;
  if (draft.profile?.email) profile.email = draft.profile.email;
  if (draft.profile?.phone) profile.phone = draft.profile.phone;
  if (draft.locale) profile.locale = draft.locale;
  return profile;
}

const INSERT_MESSAGE = `INSERT INTO messages (${MESSAGE_COLUMNS.join(', ')}) VALUES (${MESSAGE_COLUMNS.map(() => '?').join(', ')})`;

async function insertMessage(tx: SqlDriver, m: Message, leaseUntil?: number): Promise<void> {
  await tx.run(INSERT_MESSAGE, messageValues(m, leaseUntil));
}

/**
 * A message's column values, in `MESSAGE_COLUMNS` order. An outbound message stored with a
 * `leaseUntil` is stored already leased to the caller (`sending`, first attempt), so the outbox
 * need not claim it before delivering it.
 */
function messageValues(m: Message, leaseUntil?: number): unknown[] {
  const leased = m.direction === 'outbound' && m.status === 'pending' && leaseUntil !== undefined;
  return [
    m.id,
    m.conversationId,
    m.customerId,
    m.channel,
    m.address,
    m.direction,
    m.author,
    m.text,
    bodyOf(m),
    json(m.metadata),
    m.locale,
    m.channelMessageId,
    m.inReplyTo,
    leased ? 'sending' : m.status,
    leased ? 1 : (m.attempts ?? 0),
    m.error,
    m.direction === 'outbound' ? m.createdAt : null,
    leased ? leaseUntil : null,
    m.createdAt,
    m.sentAt,
  ];
}

/** A message as a row object, column name to value (PostgreSQL's `jsonb_populate_record` reads it). */
function messageRow(m: Message, leaseUntil?: number): Record<string, unknown> {
  const values = messageValues(m, leaseUntil);
  return Object.fromEntries(MESSAGE_COLUMNS.map((column, i) => [column, values[i]]));
}

/** The message's structured parts, kept as one JSON column. */
function bodyOf(m: Message): string | undefined {
  const body: Record<string, unknown> = {};
  if (m.attachments?.length) body.attachments = m.attachments;
  if (m.buttons?.length) body.buttons = m.buttons;
  if (m.payload !== undefined) body.payload = m.payload;
  if (m.thread !== undefined) body.thread = m.thread;
  if (m.raw !== undefined) body.raw = m.raw;
  return Object.keys(body).length ? JSON.stringify(body) : undefined;
}

function json(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}

function parse<T>(value: unknown): T | undefined {
  return typeof value === 'string' && value ? (JSON.parse(value) as T) : undefined;
}

function toCustomer(row: Row): Customer {
  return {
    id: String(row.id),
    profile: parse<CustomerProfile>(row.profile) ?? {},
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toConversation(row: Row): Conversation {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    status: row.status as Conversation['status'],
    channel: String(row.channel),
    address: String(row.address),
    state: parse(row.state) ?? {},
    version: Number(row.version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Maps a `messages` row to a `Message`, leaving out empty fields. */
export function toMessage(row: Row): Message {
  const body = parse<Partial<Message>>(row.body) ?? {};
  const m: Message = {
    id: String(row.id),
    channel: String(row.channel),
    direction: row.direction as Message['direction'],
    author: row.author as Message['author'],
    customerId: String(row.customer_id),
    conversationId: String(row.conversation_id),
    address: String(row.address),
    status: row.status as Message['status'],
    createdAt: Number(row.created_at),
    ...body,
  };
  if (row.text !== null && row.text !== undefined) m.text = String(row.text);
  if (row.locale) m.locale = String(row.locale);
  if (row.channel_message_id) m.channelMessageId = String(row.channel_message_id);
  if (row.in_reply_to) m.inReplyTo = String(row.in_reply_to);
  if (row.metadata) m.metadata = parse(row.metadata);
  if (Number(row.attempts)) m.attempts = Number(row.attempts);
  if (row.error) m.error = String(row.error);
  if (row.sent_at !== null && row.sent_at !== undefined) m.sentAt = Number(row.sent_at);
  if (row.attempt_at !== null && row.attempt_at !== undefined) m.attemptStartedAt = Number(row.attempt_at);
  if (row.lease_until !== null && row.lease_until !== undefined && m.status === 'sending') m.leaseUntil = Number(row.lease_until);
  return m;
}

/** Whether a database error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505';
}
