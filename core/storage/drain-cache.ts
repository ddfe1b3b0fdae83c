import type { Conversation, Customer } from '../customer';
import type { Message } from '../message';
import type { WatchedTable, WriteWatch } from './sql';
import type { PendingWithConversation } from './store';

/**
 * The writes that could make a remembered read wrong: any change to an existing customer or
 * address, a conversation changed or deleted other than by a turn's commit, a pending inbound
 * message inserted, deleted or changed while it stays pending. New customers, addresses and
 * conversations cannot change one already remembered. `SqlStore` applies its own intakes and
 * commits to the cache itself (intake's insert runs quietly).
 *
 * A turn's commit is the one write that bumps a conversation's version and takes a pending
 * message out of pending, and both are fenced: it names the version it read and only a
 * still-pending message. So those writes need no watching: should anything else on this
 * connection ever make them, the next commit from a remembered read fails, the entry is
 * dropped, and the turn runs again on what the database holds. Leaving them out spares two
 * calls from SQLite into JavaScript per turn.
 */
export const DRAIN_WATCH: WatchedTable[] = [
  { table: 'customers', events: ['UPDATE', 'DELETE'] },
  { table: 'addresses', events: ['UPDATE', 'DELETE'] },
  { table: 'conversations', events: ['UPDATE'], where: 'new.version = old.version' },
  { table: 'conversations', events: ['DELETE'] },
  { table: 'messages', events: ['INSERT', 'DELETE'], where: "row.direction = 'inbound' AND row.status = 'pending'" },
  { table: 'messages', events: ['UPDATE'], where: "old.direction = 'inbound' AND old.status = 'pending' AND new.status = 'pending'" },
];

/** An address's customer and open conversation, as intake finds them. */
export interface AddressLookup {
  customerId: string;
  open: { id: string; channel: string; address: string };
}

/** One conversation as its drain reads it; state and profile kept as JSON so every reader gets its own copy. */
interface Entry {
  /** The watch's version when this entry was last known to match the database. */
  version: string;
  conversation: Omit<Conversation, 'state'>;
  state: string;
  customer: Omit<Customer, 'profile'>;
  profile: string;
  pending: Message[];
}

/**
 * What the engine's drain reads before every turn (the conversation, its customer and its pending
 * inbound messages), remembered between turns so the read is skipped while nothing but this
 * store's own intake and commits wrote. The `WriteWatch` says when something else did: another
 * process on the same file, a merge, a profile update, an erasure. Then the entry is dropped and
 * the next drain reads the database. Least recently used entries go first past `limit`.
 */
export class DrainCache {
  private readonly entries = new Map<string, Entry>();
  /** Intake's lookups: channel and address → customer and open conversation (see `lookup`). */
  private readonly addresses = new Map<string, { version: string; found: AddressLookup }>();

  constructor(
    readonly watch: WriteWatch,
    private readonly limit = 5000,
  ) {}

  /** The remembered drain of a conversation, if nothing else wrote since. */
  get(conversationId: string): PendingWithConversation | undefined {
    const entry = this.entries.get(conversationId);
    if (!entry) return undefined;
    if (entry.version !== this.watch.version()) {
      this.entries.delete(conversationId);
      return undefined;
    }
    this.entries.delete(conversationId); // most recently used last
    this.entries.set(conversationId, entry);
    return {
      conversation: { ...entry.conversation, state: JSON.parse(entry.state) },
      customer: { ...entry.customer, profile: JSON.parse(entry.profile) },
      pending: entry.pending.map((m) => ({ ...m, metadata: m.metadata && { ...m.metadata } })),
    };
  }

  /** Remembers a drain just read from the database; `version` was taken before the read. */
  remember(version: string, found: PendingWithConversation): void {
    const { conversation, customer, pending } = found;
    const { state, ...conversationRest } = conversation;
    const { profile, ...customerRest } = customer;
    this.entries.delete(conversation.id);
    this.entries.set(conversation.id, {
      version,
      conversation: conversationRest,
      state: JSON.stringify(state),
      customer: customerRest,
      profile: JSON.stringify(profile),
      pending: pending.map((m) => ({ ...m })),
    });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
  }

  /**
   * A message accepted by this store (between `before` and `after` versions of its transaction):
   * it waits in its conversation's drain, and its address leads to that conversation.
   */
  accepted(message: Message, before: string, after: string): void {
    this.rememberLookup(message, before, after);
    this.apply(message.conversationId, before, after, (entry) => {
      // A read that raced the intake may already hold it.
      if (!entry.pending.some((m) => m.id === message.id)) entry.pending.push({ ...message });
      return true;
    });
  }

  /** A turn committed by this store: the message is done, the conversation has its new state and version. */
  committed(commit: { conversationId: string; inboundId: string; expectedVersion: number; state: string; status?: Conversation['status']; owner: string; at: number }, before: string, after: string): void {
    this.apply(commit.conversationId, before, after, (entry) => {
      const { conversation } = entry;
      if (entry.pending[0]?.id !== commit.inboundId || conversation.version !== commit.expectedVersion || entry.customer.id !== commit.owner) return false;
      entry.pending.shift();
      conversation.version++;
      conversation.status = commit.status ?? conversation.status;
      conversation.updatedAt = commit.at;
      entry.state = commit.state;
      return true;
    });
  }

  /**
   * Who is behind an address and their open conversation, as this store's last intake from it
   * left them, if nothing else wrote since. Only addresses with an open conversation are
   * remembered: it can then only stop being open by an update (watched, or a commit of this
   * store, which calls `forgetLookups`), while a new one would be an insert, which the watch ignores.
   */
  lookup(channel: string, address: string): AddressLookup | undefined {
    const key = `${channel}\n${address}`;
    const remembered = this.addresses.get(key);
    if (!remembered) return undefined;
    if (remembered.version !== this.watch.version()) {
      this.addresses.delete(key);
      return undefined;
    }
    return remembered.found;
  }

  /** Remembers where an intake that committed put its message, unless something else wrote meanwhile. */
  private rememberLookup(message: Message, before: string, after: string): void {
    const { channel, address, customerId, conversationId } = message;
    const key = `${channel}\n${address}`;
    this.addresses.delete(key); // most recently used last
    if (before !== after) return;
    this.addresses.set(key, { version: after, found: { customerId, open: { id: conversationId, channel, address } } });
    if (this.addresses.size > this.limit) this.addresses.delete(this.addresses.keys().next().value as string);
  }

  /**
   * Forgets every intake lookup: a turn of this store is closing a conversation, quietly (rare).
   * Called inside the commit's transaction, before an intake later in the same group could look.
   */
  forgetLookups(): void {
    this.addresses.clear();
  }

  /** Drops what is remembered of a conversation (a failed commit, say). */
  forget(conversationId: string): void {
    this.entries.delete(conversationId);
  }

  /**
   * Applies one of this store's own writes to the entry, which stays valid only if the entry
   * matched the database when the write began and nothing else wrote during it.
   */
  private apply(conversationId: string, before: string, after: string, change: (entry: Entry) => boolean): void {
    const entry = this.entries.get(conversationId);
    if (!entry) return;
    if (entry.version !== before || before !== after || !change(entry)) this.entries.delete(conversationId);
  }
}
