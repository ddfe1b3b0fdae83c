import type { CustomerProfile } from '../customer';
import { newId } from '../ids';
import type { InboundDraft, Message } from '../message';
import type { IdentityLinks } from '../identity/links';
import type { DrainCache } from './drain-cache';
import type { StoreDialect } from './dialect';
import { insertMessage, toMessage } from './rows';
import type { SqlDriver } from './sql';
import type { IntakeResult } from './store';

/*
 * Intake's full path, the same statements on both dialects: PostgreSQL takes it when its
 * one-statement cases do not apply (see `postgres-store.ts`), SQLite always.
 */

/** Runs `fn`, whose writes the caller applies to the drain cache itself (see `DrainCache`). */
export type Quiet = <T>(fn: () => T) => T;

/**
 * Intake's full path, inside the caller's transaction: the repeat check, the customer behind the
 * address (see `resolveCustomer`), their open conversation or a new one, and the pending message.
 * `lock` is the dialect's lock on the open conversation (see `StoreDialect.lockConversation`).
 */
export async function intakeIn(
  tx: SqlDriver,
  draft: InboundDraft,
  now: number,
  quiet: Quiet,
  lock: StoreDialect['lockConversation'],
  remembered?: DrainCache,
  links?: IdentityLinks,
): Promise<IntakeResult> {
  if (draft.channelMessageId) {
    const seen = await tx.get(
      `SELECT * FROM messages WHERE channel = ? AND address = ? AND channel_message_id = ? AND direction = 'inbound'`,
      [draft.channel, draft.address, draft.channelMessageId],
    );
    if (seen) return { message: toMessage(seen), duplicate: true };
  }

  // A draft that proves an identity may link or merge customers: always the full resolution.
  const known = draft.identities?.length ? undefined : remembered?.lookup(draft.channel, draft.address);
  const { customerId, open } = known ?? (await resolveCustomer(tx, draft, now, links));
  if (open) await lock(tx, open.id);
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
export function inboundMessage(draft: InboundDraft, now: number, customerId: string, conversationId: string): Message {
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
 * draft now proves an identity held by another customer is merged into that customer. Who holds
 * an identity, and the merge, are the identity module's (`links`); without it, identities only
 * mark the address verified.
 */
export async function resolveCustomer(
  tx: SqlDriver,
  draft: InboundDraft,
  now: number,
  links?: IdentityLinks,
): Promise<{ customerId: string; open?: OpenConversation }> {
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

  const owner = identities.length ? await links?.ownerOf(tx, identities) : undefined;

  let customerId: string;
  if (known) {
    customerId = known.customer_id;
    if (links && owner && owner !== customerId) {
      // The anonymous visitor proved to be a known customer: one person, one history.
      await links.merge(tx, customerId, owner, `auto:${identities[0].kind}`);
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
  if (identities.length) await links?.remember(tx, customerId, identities, now);
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
export function newProfile(draft: InboundDraft): CustomerProfile {
  const profile: CustomerProfile = {};
  if (draft.profile?.name) profile.name = draft.profile.name;
  if (draft.profile?.email) profile.email = draft.profile.email;
  if (draft.profile?.phone) profile.phone = draft.profile.phone;
  if (draft.locale) profile.locale = draft.locale;
  return profile;
}
