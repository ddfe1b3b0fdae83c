import type { Conversation, ConversationState, Customer, Address, CustomerProfile } from '../customer';
import type { Direction, InboundDraft, Message } from '../message';
import type { ActivityRange, ConversationActivity } from './activity';
import type { DeliveryReport } from './delivery';

/**
 * Where everything durable lives. One interface, one contract suite (`tests/core/store.contract.ts`),
 * implemented over SQL for SQLite (embedded default) and PostgreSQL (scale-out).
 * All methods are atomic on their own.
 */
export interface Store {
  /**
   * Accepts one inbound message, atomically: drops it if (channel, address, channelMessageId) was
   * accepted before; otherwise finds or creates the customer behind the address, finds their
   * open conversation or opens one, and stores the message as `pending`.
   */
  intake(draft: InboundDraft, now?: number): Promise<IntakeResult>;

  getCustomer(id: string): Promise<Customer | undefined>;
  /** The customer behind a channel address, if it has written before. */
  findCustomerByAddress(channel: string, address: string): Promise<Customer | undefined>;
  /** Every address of a customer. */
  addresses(customerId: string): Promise<Address[]>;
  /** Merges `patch` into the customer's profile (shallow; `attributes` merged one level deeper). */
  updateProfile(customerId: string, patch: Partial<CustomerProfile>): Promise<Customer>;

  getConversation(id: string): Promise<Conversation | undefined>;
  /**
   * Optional fast path: a conversation and its customer in one read (the engine does this every
   * turn). Stores without it are read with `getConversation` then `getCustomer`.
   */
  conversationWithCustomer?(id: string): Promise<{ conversation: Conversation; customer: Customer } | undefined>;
  /** The customer's open conversation, if any. */
  openConversation(customerId: string): Promise<Conversation | undefined>;
  /** The customer's most recently updated conversation, open or closed (where a message to them belongs). */
  latestConversation(customerId: string): Promise<Conversation | undefined>;

  getMessage(id: string): Promise<Message | undefined>;
  /** Messages in stored order, optionally only those after a message id. */
  listMessages(query: MessageQuery): Promise<Message[]>;
  /** The customer's latest message to us, on any channel, by when it was written (the channel they use now). */
  lastInbound(customerId: string): Promise<Message | undefined>;
  /**
   * Records a provider's delivery report on the outbound message it names (`metadata.delivery`,
   * with the last ten in its history). False when no message has that provider id yet.
   */
  recordDeliveryStatus(report: DeliveryReport): Promise<boolean>;
  /** The newest `limit` messages of a conversation, or of a customer on every channel, oldest first; of one direction when given. */
  recentMessages(query: RecentMessagesQuery): Promise<Message[]>;
  /** Whether an inbound message stored before `before` still waits for its turn (a conversation left stuck). */
  hasStuckInbound(before: number): Promise<boolean>;
  /** The customer's latest outbound message (any conversation), as stored. */
  lastOutbound(customerId: string): Promise<Message | undefined>;
  /** Conversations started in a range (on a channel, when given), oldest first, each with its messages in stored order: what reports read. */
  conversationsStarted(range: ActivityRange): Promise<ConversationActivity[]>;
  /** The current channel of each of these conversations that exists. */
  conversationChannels(ids: string[]): Promise<Map<string, string>>;
  /** Inbound messages of a conversation still waiting for their turn, oldest first. */
  pendingInbound(conversationId: string): Promise<Message[]>;
  /**
   * Optional fast path for the engine's drain: the conversation's pending inbound messages (as
   * `pendingInbound`) together with the conversation and its customer (as
   * `conversationWithCustomer`), in one read. `undefined` when the conversation does not exist.
   */
  pendingWithConversation?(conversationId: string): Promise<PendingWithConversation | undefined>;
  /** Conversations that have inbound messages waiting (for recovery after a crash). */
  conversationsWithPending(): Promise<string[]>;
  /** Outbound messages a turn produced in reply to an inbound message. */
  repliesTo(messageId: string): Promise<Message[]>;

  /**
   * Commits a turn atomically: the conversation state (only if its version is still
   * `expectedVersion`, else `VersionConflictError` and nothing is written), the outbound messages,
   * and the inbound message's final status.
   */
  commitTurn(commit: TurnCommit): Promise<void>;
  /** Stores outbound messages produced outside a turn (agent replies, proactive messages). */
  appendOutbound(messages: Message[]): Promise<void>;

  /**
   * Claims outbound messages ready for delivery (pending and due, or `sending` whose lease
   * expired) and leases them to the caller until `leaseUntil`, so two dispatchers never send the
   * same message.
   */
  claimOutbound(query: { now: number; leaseUntil: number; limit: number; ids?: string[] }): Promise<Message[]>;
  /** Records a successful delivery. */
  markSent(id: string, result: { at: number; channelMessageId?: string; metadata?: Record<string, unknown> }): Promise<void>;
  /**
   * Records, durably and before the provider is called, that a delivery attempt starts at `at`.
   * Keeps an earlier unresolved attempt's time (the first one is where a provider lookup starts).
   * If the sender dies before `markSent`/`markFailed`, the next claim returns the message with
   * `attemptStartedAt`, so it is not resent blindly. With `lease`, only while the caller still holds
   * the claim it got (`held`, the message's `leaseUntil`), which is then extended to `until`:
   * resolves false when another dispatcher has taken the message over (the caller must not send).
   */
  markAttempt(id: string, at: number, lease?: { held?: number; until: number }): Promise<boolean>;
  /** Records a failed delivery: retried at `retryAt`, or final when `retryAt` is undefined. */
  markFailed(id: string, failure: DeliveryFailure): Promise<void>;

  /**
   * The time to stamp and compare stored times with, in ms since the epoch: one clock for every
   * instance sharing the store (the database's), so leases and cutoffs mean the same to all.
   */
  now(): number;

  close(): Promise<void>;
}

/** What `Store.markFailed` records. */
export interface DeliveryFailure {
  error: string;
  /** When to try again; undefined: the failure is final. */
  retryAt?: number;
  /** Final and on purpose (the outbound chain decided not to deliver), not an error. */
  skipped?: boolean;
  /**
   * The provider was not called (a local pacing wait): the claim's attempt is given back, so waits
   * never use up `maxAttempts`, and the previous error stays.
   */
  deferred?: boolean;
  /**
   * When an attempt whose outcome is still unknown started (kept for the next claim); omitted when
   * the provider's answer settled it (the attempt record is cleared).
   */
  unresolvedSince?: number;
}

/** The result of `Store.intake`. */
export interface IntakeResult {
  message: Message;
  /** True when this delivery repeats one accepted before; `message` is the original. */
  duplicate: boolean;
}

/** The result of `Store.pendingWithConversation`. */
export interface PendingWithConversation {
  conversation: Conversation;
  customer: Customer;
  pending: Message[];
}

/** Filters for `Store.listMessages`. One of `conversationId` or `customerId` is required. */
export interface MessageQuery {
  conversationId?: string;
  customerId?: string;
  /** Only messages stored after this one. */
  after?: string;
  limit?: number;
}

/** Everything one turn writes. */
export interface TurnCommit {
  conversationId: string;
  expectedVersion: number;
  state: ConversationState;
  /** Set when the turn changed the conversation's status. */
  status?: 'open' | 'closed';
  inboundId: string;
  inboundStatus: 'processed' | 'failed';
  inboundError?: string;
  /** Facts learned about the inbound message (locale, intent…). */
  inboundMetadata?: Record<string, unknown>;
  outbound: Message[];
  /** Lease outbound messages to the committing instance, which sends them straight away. */
  leaseUntil?: number;
}

/** What `Store.recentMessages` reads: a conversation's messages, or a customer's. */
export interface RecentMessagesQuery {
  conversationId?: string;
  customerId?: string;
  limit: number;
  direction?: Direction;
}
