import type { Conversation, Customer, CustomerProfile } from '../customer';
import type { Message } from '../message';
import { placeholders, type Row, type SqlDriver } from './sql';

/*
 * Row mappers and message columns, shared by both dialects of the store (`sqlite-store.ts`,
 * `postgres-store.ts`) and by `SqlStore` itself: one place says how a row becomes a value and back.
 */

/** The columns a message is stored in (all but `seq`, which the database draws). */
export const MESSAGE_COLUMNS = [
  'id', 'conversation_id', 'customer_id', 'channel', 'address', 'direction', 'author', 'text', 'body', 'metadata',
  'locale', 'channel_message_id', 'in_reply_to', 'status', 'attempts', 'error', 'next_attempt_at', 'lease_until', 'created_at', 'sent_at',
] as const;

/** One of `MESSAGE_COLUMNS`. */
export type MessageColumn = (typeof MESSAGE_COLUMNS)[number];

const INSERT_MESSAGE = `INSERT INTO messages (${MESSAGE_COLUMNS.join(', ')}) VALUES (${placeholders(MESSAGE_COLUMNS)})`;

/** Stores one message (leased to the caller when `leaseUntil` is given, see `messageValues`). */
export async function insertMessage(tx: SqlDriver, m: Message, leaseUntil?: number): Promise<void> {
  await tx.run(INSERT_MESSAGE, messageValues(m, leaseUntil));
}

/**
 * A message's column values, in `MESSAGE_COLUMNS` order. An outbound message stored with a
 * `leaseUntil` is stored already leased to the caller (`sending`, first attempt), so the outbox
 * need not claim it before delivering it.
 */
export function messageValues(m: Message, leaseUntil?: number): unknown[] {
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
export function messageRow(m: Message, leaseUntil?: number): Record<string, unknown> {
  const values = messageValues(m, leaseUntil);
  return Object.fromEntries(MESSAGE_COLUMNS.map((column, i) => [column, values[i]]));
}

/** The message's structured parts, kept as one JSON column. */
function bodyOf(m: Message): string | undefined {
  const body: Record<string, unknown> = {};
  if (m.attachments?.length) body.attachments = m.attachments;
  if (m.buttons?.length) body.buttons = m.buttons;
  if (m.cards?.length) body.cards = m.cards;
  if (m.payload !== undefined) body.payload = m.payload;
  if (m.thread !== undefined) body.thread = m.thread;
  if (m.raw !== undefined) body.raw = m.raw;
  return Object.keys(body).length ? JSON.stringify(body) : undefined;
}

/** A value as a JSON column; `undefined` (SQL NULL) for nothing. */
export function json(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}

function parse<T>(value: unknown): T | undefined {
  return typeof value === 'string' && value ? (JSON.parse(value) as T) : undefined;
}

/** Maps a `customers` row to a `Customer`. */
export function toCustomer(row: Row): Customer {
  return {
    id: String(row.id),
    profile: parse<CustomerProfile>(row.profile) ?? {},
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Maps a `conversations` row to a `Conversation`. */
export function toConversation(row: Row): Conversation {
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
