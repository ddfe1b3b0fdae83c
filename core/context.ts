import type { Bot } from './bot';
import { isLocaleTag } from './locale';
import type { Capabilities } from './channel';
import type { Conversation, ConversationState, Customer } from './customer';
import { newId } from './ids';
import type { Logger } from './logger';
import { toDraft, type Author, type Message, type OutboundDraft, type Reply } from './message';
import { run } from './composer';
import type { TurnTrace } from './trace';

/** Facts about the channel a turn arrived on, for rendering decisions the engine leaves to bots. */
export interface ChannelInfo {
  name: string;
  capabilities: Capabilities;
}

/** What the engine gives a context to look up a channel by name. */
export type ChannelLookup = (name: string) => ChannelInfo | undefined;

/**
 * One turn: the customer's message, who they are, the conversation's state, and `reply`. The same
 * context on every channel; replies render per channel later, so handlers never branch on it.
 */
export class TurnContext {
  /** Replies that passed the outbound chain, in order (including ones it marked `skipped`). */
  readonly outbound: Message[] = [];
  /** Set by `end()`: the conversation closes when the turn commits. */
  closeConversation = false;
  /**
   * Set by `resolve()`: the bot answered what the customer came for this turn (a YAML dialog's
   * `end: true` at the bottom of its stack) without closing the conversation. Surveys and the
   * CSAT after bot-resolved conversations treat it like `end()`.
   */
  resolved = false;
  /** Why the bot did what it did this turn; modules fill their part (see `core/trace.ts`). */
  readonly trace: TurnTrace = {};
  private turnLog?: Logger;

  constructor(
    /** The inbound message. */
    readonly message: Message,
    readonly customer: Customer,
    readonly conversation: Conversation,
    readonly bot: Bot,
    readonly channel: ChannelInfo,
    private readonly engineLog: Logger,
    private readonly channels: ChannelLookup,
    /** The store's clock (see `Store.now`): a reply's creation time is also when it is first due. */
    private readonly now: () => number,
  ) {}

  /** The engine's logger, bound to this conversation and message (made on first use: most turns log nothing). */
  get log(): Logger {
    return (this.turnLog ??= this.engineLog.child({ conversationId: this.conversation.id, messageId: this.message.id }));
  }

  /** The conversation's state: plain JSON, saved with the turn. Modules keep their part under their own key. */
  get state(): ConversationState {
    return this.conversation.state;
  }

  /** The text the customer sent ('' when they sent none). */
  get text(): string {
    return this.message.text ?? '';
  }

  /**
   * The language to answer in: set by language detection or the customer's choice for this
   * conversation, else the message's, else the profile's, else the bot's default.
   */
  get locale(): string {
    // Only language tags: a locale names text tables, and outside input must not name `constructor`.
    return [this.state.locale, this.message.locale, this.customer.profile.locale].find(isLocaleTag) ?? this.bot.config.defaultLocale;
  }

  /** Makes `locale` the conversation's language from now on. */
  set locale(locale: string) {
    this.state.locale = locale;
  }

  /** Sends a reply on the customer's current channel (or `draft.channel`). */
  async reply(reply: Reply, extra?: OutboundDraft): Promise<void> {
    const draft = toDraft(reply, extra);
    // Replies stay in the customer's thread (a Slack thread, say) when they go out where it came in.
    if (draft.thread === undefined && (draft.channel ?? this.conversation.channel) === this.message.channel) {
      draft.thread = this.message.thread;
    }
    const message = outboundMessage(this.conversation, draft, 'bot', this.now(), this.message.id, this.locale);
    const send = new SendContext([message], this.conversation, this.customer, this.channels, this);
    await run(this.bot.sendChain(), send);
    this.outbound.push(...send.messages);
  }

  /** Ends the conversation after this turn; the customer's next message opens a new one. */
  end(): void {
    this.closeConversation = true;
  }

  /** Marks what the customer came for as resolved by the bot, keeping the conversation open. */
  resolve(): void {
    this.resolved = true;
  }
}

/**
 * What the outbound chain sees: the messages about to be stored and delivered. Middleware may
 * change them, or `skip` one with a reason (it is stored as `skipped`, never delivered).
 */
export class SendContext {
  constructor(
    readonly messages: Message[],
    readonly conversation: Conversation,
    readonly customer: Customer,
    private readonly channels: ChannelLookup,
    /** The turn, when the messages are replies in one (absent for agent and proactive sends). */
    readonly turn?: TurnContext,
  ) {}

  /** The channel a message will go out on. */
  channelOf(message: Message): ChannelInfo | undefined {
    return this.channels(message.channel);
  }

  /** Marks a message as not to be delivered, recording why. */
  skip(message: Message, reason: string): void {
    message.status = 'skipped';
    message.error = reason;
  }
}

/** Builds an outbound message on the conversation's current channel, made at `createdAt` (the store's clock). */
export function outboundMessage(
  conversation: Conversation,
  draft: OutboundDraft,
  author: Author,
  createdAt: number,
  inReplyTo?: string,
  locale?: string,
): Message {
  const channel = draft.channel ?? conversation.channel;
  return {
    id: newId('msg_'),
    channel,
    direction: 'outbound',
    author,
    customerId: conversation.customerId,
    conversationId: conversation.id,
    // When a draft names another channel without an address, the engine resolves the customer's
    // address there before sending.
    address: draft.address ?? conversation.address,
    text: draft.text,
    buttons: draft.buttons,
    cards: draft.cards,
    attachments: draft.attachments,
    locale: draft.locale ?? locale,
    thread: draft.thread,
    metadata: draft.metadata,
    inReplyTo,
    status: 'pending',
    createdAt,
  };
}
