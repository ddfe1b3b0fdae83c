import type { VerifiedIdentity } from './identity/identities';
import type { PhotoTrace } from './photos';

/**
 * The one normalized message shape. Every channel adapter turns its provider's payloads into
 * `Message`s and back; nothing outside `channels/<name>/` sees a provider type.
 */

/** Which way a message travels, seen from the bot. */
export type Direction = 'inbound' | 'outbound';

/** Who wrote a message. The transcript marks each one, so agents and analytics can tell them apart. */
export type Author = 'customer' | 'bot' | 'agent' | 'system';

/**
 * Where a message is in its life:
 * inbound  `pending` (accepted, turn not yet run) → `processed` | `failed`;
 * outbound `pending` (decided, stored) → `sending` (claimed by a dispatcher) → `sent` | `failed`,
 * or `skipped` when the outbound chain decided not to deliver it (e.g. the number opted out).
 */
export type MessageStatus = 'pending' | 'processed' | 'sending' | 'sent' | 'failed' | 'skipped';

/** A choice offered to the customer. Channels without buttons render these as a numbered list. */
export interface Button {
  /** What the customer sees. */
  title: string;
  /** What the bot receives when it is chosen (defaults to the title). */
  payload?: string;
  /** An URL to open instead of sending a payload, where the channel supports link buttons. */
  url?: string;
}

/** An amount of money in a currency: what a card's price is. */
export interface Price {
  /** In the currency's major unit (pounds, euros): `89.5` is £89.50. */
  amount: number;
  /** ISO 4217 code, e.g. `GBP`, `EUR`. */
  currency: string;
}

/**
 * A rich card: a product, an offer, an order line. Several make a carousel. Channels render them
 * as well as they can (widget carousel, Slack blocks, Teams hero cards, WhatsApp images with reply
 * buttons); channels without cards get numbered text with prices and links (`core/cards.ts`).
 */
export interface Card {
  title: string;
  subtitle?: string;
  /** A public https URL of the picture. */
  imageUrl?: string;
  /** Shown formatted for the customer's locale (`Intl.NumberFormat`). */
  price?: Price;
  /** Where the card leads (the product page). */
  url?: string;
  /** Choices on the card: a payload sent back as if the customer chose it, or a link. */
  buttons?: Button[];
}

/** A file, image or location attached to a message. */
export interface Attachment {
  type: 'image' | 'audio' | 'video' | 'file' | 'location' | 'card';
  url?: string;
  mimeType?: string;
  name?: string;
  size?: number;
  caption?: string;
  /** For `location`. */
  latitude?: number;
  longitude?: number;
  /** For `card`: a title/subtitle pair rendered as rich card where supported, as text elsewhere. */
  title?: string;
  subtitle?: string;
}

/** A message as stored and passed around. */
export interface Message {
  /** Our id (sortable). */
  id: string;
  /** The channel's name, e.g. `web`, `sms`, `slack`, `whatsapp`, `teams`. */
  channel: string;
  direction: Direction;
  author: Author;
  customerId: string;
  conversationId: string;
  /** The customer's address on that channel: a phone number, a Slack user, a web visitor id. */
  address: string;
  text?: string;
  attachments?: Attachment[];
  /** Buttons or quick replies offered (outbound). */
  buttons?: Button[];
  /** Cards shown as a carousel (outbound), after the text. */
  cards?: Card[];
  /** The payload of the button the customer chose (inbound), when they chose one. */
  payload?: string;
  /** BCP 47 language tag, e.g. `en`, `es-MX`. */
  locale?: string;
  /** The channel's own id for this message (Twilio MessageSid, Slack event id, wamid, web clientMessageId). */
  channelMessageId?: string;
  /** For outbound messages: the inbound message whose turn produced it. */
  inReplyTo?: string;
  /** Thread or reply context on the channel (e.g. Slack `thread_ts`). */
  thread?: string;
  status: MessageStatus;
  /** Delivery attempts made (outbound). */
  attempts?: number;
  /**
   * Outbound, as claimed for delivery: when an earlier delivery attempt started whose outcome is
   * unknown (its sender died or lost its lease mid-call). Not stored in the message body.
   */
  attemptStartedAt?: number;
  /** Outbound, as claimed for delivery: until when the claim is reserved for its dispatcher. */
  leaseUntil?: number;
  /** Why delivery or processing failed, or why a send was skipped. */
  error?: string;
  /** Free-form facts recorded with the message: intent, confidence, citations, segment counts… */
  metadata?: Record<string, unknown>;
  /** The provider's original payload (inbound), for the rare case a bot needs it. */
  raw?: unknown;
  /** Milliseconds since the epoch. */
  createdAt: number;
  sentAt?: number;
}

/** What a channel adapter hands to the engine: a message before it has customer and conversation ids. */
export interface InboundDraft {
  channel: string;
  address: string;
  text?: string;
  attachments?: Attachment[];
  payload?: string;
  locale?: string;
  channelMessageId?: string;
  thread?: string;
  metadata?: Record<string, unknown>;
  raw?: unknown;
  /** Profile facts the channel knows (display name, email, phone). */
  profile?: Partial<CustomerProfileHint>;
  /**
   * Facts about who the sender is that the channel vouches for (the number a carrier delivered
   * from, a workspace e-mail, a site-signed user id). Addresses sharing one are the same customer.
   */
  identities?: VerifiedIdentity[];
  createdAt?: number;
}

/** Facts about the sender that a channel can vouch for. */
export interface CustomerProfileHint {
  name: string;
  email: string;
  phone: string;
  /** True when the channel verified the address as belonging to this person (used by identity linking). */
  verified: boolean;
}

/** What a bot, an agent or a proactive rule asks to send. */
export interface OutboundDraft {
  text?: string;
  buttons?: Button[];
  cards?: Card[];
  attachments?: Attachment[];
  locale?: string;
  thread?: string;
  metadata?: Record<string, unknown>;
  /** Send on this channel instead of the conversation's current one. */
  channel?: string;
  /**
   * Send to this address on `channel` even though it is not (yet) one of the customer's — a
   * one-time code to a phone number being linked, say.
   */
  address?: string;
}

/** A reply given as plain text or as a full draft. */
export type Reply = string | OutboundDraft;

/** Turns a `Reply` into an `OutboundDraft`. */
export function toDraft(reply: Reply, extra?: OutboundDraft): OutboundDraft {
  const draft = typeof reply === 'string' ? { text: reply } : { ...reply };
  return extra ? { ...draft, ...extra } : draft;
}

/**
 * What the knowledge base did with a question, on its replies (`metadata.knowledge`) and on the
 * wire, so clients and `switchboard eval answers` see the outcome without parsing the text:
 * an answer from `article` in `locale`, a clarifying question `offered` articles, or none.
 */
export interface KnowledgeTrace {
  outcome: 'answer' | 'clarify' | 'none';
  article?: string;
  locale?: string;
  offered?: Array<{ article: string; locale: string }>;
  /** The dialog whose `answer:` step asked (absent when the knowledge base took the message itself). */
  dialog?: string;
}

/** The part of a message a client (widget, API user) is shown: no raw payloads, no internals. */
export interface WireMessage {
  id: string;
  conversationId: string;
  channel: string;
  direction: Direction;
  author: Author;
  /** The display name of the person who wrote it (an agent's reply), so the customer sees who answers. */
  authorName?: string;
  text?: string;
  buttons?: Button[];
  cards?: Card[];
  attachments?: Attachment[];
  locale?: string;
  clientMessageId?: string;
  createdAt: string;
  knowledge?: KnowledgeTrace;
  /** What the bot made of the customer's photo (see `PhotoTrace`). */
  photo?: PhotoTrace;
}

/** The public view of a message, for HTTP and WebSocket clients. */
export function toWire(message: Message): WireMessage {
  const wire: WireMessage = {
    id: message.id,
    conversationId: message.conversationId,
    channel: message.channel,
    direction: message.direction,
    author: message.author,
    createdAt: new Date(message.createdAt).toISOString(),
  };
  // Only a person's name goes out: the agent's display name from the handoff's reply metadata.
  const agentName = message.author === 'agent' ? message.metadata?.agentName : undefined;
  if (typeof agentName === 'string' && agentName) wire.authorName = agentName;
  if (message.text !== undefined) wire.text = message.text;
  if (message.buttons?.length) wire.buttons = message.buttons;
  if (message.cards?.length) wire.cards = message.cards;
  if (message.attachments?.length) wire.attachments = message.attachments;
  if (message.locale) wire.locale = message.locale;
  if (message.direction === 'inbound' && message.channelMessageId) wire.clientMessageId = message.channelMessageId;
  const knowledge = message.metadata?.knowledge as KnowledgeTrace | undefined;
  if (knowledge && typeof knowledge === 'object') wire.knowledge = knowledge;
  const photo = message.metadata?.photo as PhotoTrace | undefined;
  if (photo && typeof photo === 'object') wire.photo = photo;
  return wire;
}
