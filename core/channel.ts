import type { Attachment, Message, InboundDraft } from './message';
import type { DeliveryReport } from './storage/delivery';
import type { Scheduler } from './scheduler';
import type { EventBus } from './bus';
import type { Logger } from './logger';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hono } from 'hono';

/**
 * What a channel can show. Replies are rendered against these, so a bot never branches on the
 * channel: buttons become a numbered list on SMS, long text is split where the channel is short.
 */
export interface Capabilities {
  /** Most buttons one message can carry natively (0: none; rendered as a numbered list). */
  maxButtons: number;
  /**
   * The channel shows its buttons as a numbered list in the text (e-mail): a scale of numbers is
   * then better asked as "reply with a number" than as a list numbering the numbers.
   */
  buttonsAsList?: boolean;
  /** Longest button title the channel accepts; longer titles are shortened. */
  maxButtonTitle: number;
  /** Longest text one message can carry; longer replies are split on sentence boundaries. */
  maxTextLength: number;
  /**
   * How the channel shows the CommonMark a bot writes (bold, links, lists…): a function from that
   * Markdown to the channel's text, usually `formatMarkdown` with the channel's `MarkdownDialect`
   * (`core/markdown/format.ts`), or `plainText`. Absent: the channel shows CommonMark as written
   * (the web widget and Teams render it).
   */
  format?: (markdown: string) => string;
  /** Whether images and files can be sent. */
  media: boolean;
  /** Whether a typing indicator exists. */
  typing: boolean;
  /**
   * Whether the channel reaches phone numbers (SMS, WhatsApp): a customer on another channel can
   * link their number by a one-time code sent here. The first such channel in the app's list is used.
   */
  phoneNumbers?: boolean;
  /**
   * Whether the adapter shows `Message.cards` itself (carousel, blocks, hero cards). Without it
   * the renderer turns cards into numbered text with prices and links.
   */
  cards?: boolean;
  /**
   * With `cards`: the adapter gets the cards but shows them as numbered text itself (e-mail, with
   * pictures in its HTML part), so their payload buttons are picked by replying a number, as on
   * channels without cards (`offeredChoices` in `core/cards.ts`).
   */
  cardsAsText?: boolean;
  /**
   * Whether free-form messages may go only within a customer-service window after the customer
   * last wrote (WhatsApp: 24 hours), and only approved templates outside it. Whether the window
   * is open is the `CustomerServiceWindow` service's answer (closed when no module provides it).
   */
  serviceWindow?: boolean;
}

/** Sensible capabilities for a rich chat channel. */
export const RICH_CAPABILITIES: Capabilities = {
  maxButtons: 10,
  maxButtonTitle: 80,
  maxTextLength: 4096,
  media: true,
  typing: true,
  cards: true,
};

/** What an adapter gets from the engine when it starts. */
export interface ChannelHost {
  /** Accept inbound messages: deduplicated, stored, then processed in order. Resolves once stored. */
  receive(draft: InboundDraft): Promise<Accepted>;
  /** Resolves with the bot's replies once the turn of an accepted message has run. */
  repliesTo(messageId: string, timeoutMs?: number): Promise<Message[] | undefined>;
  /** The customer's transcript (all channels), optionally after a message id. */
  transcript(customerId: string, after?: string, limit?: number): Promise<Message[]>;
  /** The customer behind an address, if any has written yet. */
  customerIdFor(channel: string, address: string): Promise<string | undefined>;
  /** Records a provider's delivery report on the message it names; false when none has that provider id yet. */
  recordDelivery(report: DeliveryReport): Promise<boolean>;
  /** The app's durable scheduler (absent when the engine runs without one: tests, embedders). */
  scheduler?: Scheduler;
  bus: EventBus;
  logger: Logger;
}

/** The result of accepting one inbound message. */
export interface Accepted {
  message: Message;
  /** True when the channel had delivered this message before: it is not processed again. */
  duplicate: boolean;
}

/** The outcome of delivering one message. */
export interface SendResult {
  /** The provider's id for the sent message. */
  channelMessageId?: string;
  /** Facts to record with the message (segment counts, costs…). */
  metadata?: Record<string, unknown>;
}

/** What the caller of `fetchMedia` allows. */
export interface MediaFetchOptions {
  /** Largest file accepted, in bytes: a provider that declares more is refused before its body is read. */
  maxBytes: number;
  /** Aborts the provider requests (the console user went away). */
  signal?: AbortSignal;
  /** The address of the customer who sent the file: an adapter may hold its URL to that customer's conversation (Teams' `serviceUrl`). */
  address?: string;
}

/**
 * A channel adapter: verifies and parses what its provider sends, and sends what the bot says.
 * An interface, not a base class: each adapter is a few small functions around the official SDK.
 */
export interface ChannelAdapter {
  /** The channel's name as it appears on messages (`web`, `sms`, `slack`…). */
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Called once before the server listens. Adapters keep the host to deliver inbound messages. */
  start(host: ChannelHost): Promise<void> | void;
  /**
   * The HTTP routes (webhooks, APIs) this channel serves, as a Hono sub-app at their full paths
   * (`/api/twilio/sms`), mounted at the root before the modules' sub-apps. Query strings and JSON
   * bodies are checked with `validQuery` / `readValidJson` (`core/http.ts`); a webhook verifies its
   * signature before it parses or stores anything (`handleWebhook`, `core/webhook.ts`). Errors are
   * thrown (`RequestError`) and answered by the app's error handler, so the sub-app sets none;
   * `adapterApp` (`testkit/channels/support.ts`) serves it the same way in a test without a port.
   */
  routes?(): Hono;
  /**
   * Deliver one outbound message, already rendered for this channel's capabilities.
   * Throw a `ChannelSendError` to say whether a failure is worth retrying.
   */
  send(message: Message): Promise<SendResult>;
  /**
   * Optional: a reason not to deliver this message at all (`opted-out`: the number replied STOP),
   * asked once per message just before its first part is sent — after every other rule, so a STOP
   * that arrived while the message waited in the outbox still counts. The outbox records the
   * message `skipped` with that reason, final and not a failure; `undefined` sends it.
   */
  declines?(message: Message): Promise<string | undefined>;
  /**
   * Optional: after a crash, finds out whether an earlier attempt to send this part reached the
   * provider (an attempt started at `since` whose outcome was never recorded). Resolves with what
   * `send` would have returned when the provider has it, `undefined` when it does not; throws when
   * it cannot tell (the outbox retries later). Where this exists the outbox never resends blindly.
   */
  lookupSent?(message: Message, since: number): Promise<SendResult | undefined>;
  /**
   * True when sending the same message twice shows it once (the client or the provider keeps one
   * per message id): after a crash such a channel is simply sent to again. Channels with neither
   * this nor `lookupSent` are resent with a visible `possibleDuplicate` mark on the message.
   */
  readonly idempotentSends?: boolean;
  /**
   * Takes over an HTTP upgrade (WebSocket) request, if it is for this channel: returns true when
   * handled. The server offers every upgrade to each adapter in turn.
   */
  upgrade?(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /**
   * Fetches the file behind an inbound attachment this channel stored (a WhatsApp media id, a Slack
   * `url_private`, a Twilio `MediaUrl`) with the channel's own credentials, so agents can open what
   * customers sent. Resolves with the provider's successful response: the caller reads its body
   * (within `maxBytes`, and exactly the `content-length` it declares when not compressed) and its
   * `content-type`. Throws a `RequestError` — 404 when the attachment
   * names no file, 413 when the provider declares more than `maxBytes`, 502 when the provider
   * refuses or the URL is not the provider's (credentials are only ever sent to the provider).
   * The caller must pass only attachments of stored messages: this is not a general URL fetcher.
   */
  fetchMedia?(attachment: Attachment, options: MediaFetchOptions): Promise<Response>;
  /** Show a typing indicator, where the channel has one. Best effort. */
  typing?(conversation: { address: string; channel: string }): Promise<void>;
  /**
   * The server is shutting down: stop taking new work from live connections (close WebSockets
   * with 1001 "going away"). Called before the turns under way finish; sending still works.
   */
  goingAway?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}
