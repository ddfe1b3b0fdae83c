import type { Bot } from './bot';
import type { Scheduler } from './scheduler';
import { MemoryBus, Topics, type EventBus } from './bus';
import type { Accepted, ChannelAdapter, ChannelHost } from './channel';
import { MiddlewareError, run } from './composer';
import { SendContext, TurnContext, outboundMessage, type ChannelInfo } from './context';
import { UnavailableError, VersionConflictError } from './errors';
import { LocalLock, type ConversationLock } from './lock';
import { silentLogger, type Logger } from './logger';
import type { Conversation, Customer } from './customer';
import type { Author, InboundDraft, Message, Reply } from './message';
import { toDraft } from './message';
import type { Metrics } from './metrics';
import { Outbox, type OutboxOptions } from './outbox';
import { offeredChoices } from './cards';
import { chooseButton } from './render';
import type { Store } from './storage/store';
import { RICH_CAPABILITIES } from './channel';
import { attachTrace } from './trace';

/** What an engine is made of. Only `bot` and `store` are required. */
export interface EngineOptions {
  bot: Bot;
  store: Store;
  channels?: ChannelAdapter[];
  lock?: ConversationLock;
  bus?: EventBus;
  /** Durable jobs, offered to the channels (a delivery report retried later). */
  scheduler?: Scheduler;
  logger?: Logger;
  metrics?: Metrics;
  outbox?: Partial<OutboxOptions>;
}

interface DrainState {
  again: boolean;
}

/** A conversation and its customer, as a turn starts from them. */
interface Loaded {
  conversation: Conversation;
  customer: Customer;
}

type Waiter = (replies: Message[] | undefined) => void;

/**
 * Runs the bot. Intake stores each inbound message (dropping repeats) before anyone acknowledges
 * it; turns of one conversation then run one at a time in the order messages were stored, each
 * committing its state, replies and the message's status atomically; replies leave through the
 * outbox. A crash at any point loses nothing: pending messages are picked up again on `start`.
 */
export class Engine {
  readonly bot: Bot;
  readonly store: Store;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly outbox: Outbox;
  private readonly adapters = new Map<string, ChannelAdapter>();
  private readonly lock: ConversationLock;
  private readonly metrics?: Metrics;
  private readonly scheduler?: Scheduler;
  private readonly drains = new Map<string, DrainState>();
  private readonly running = new Set<Promise<void>>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** Messages accepted here whose turn has not finished yet: `repliesTo` need not look them up. */
  private readonly unfinished = new Set<string>();
  private readonly leaseMs: number;
  private unsubscribe?: () => void;

  constructor(options: EngineOptions) {
    this.bot = options.bot;
    this.store = options.store;
    this.bus = options.bus ?? new MemoryBus();
    this.log = options.logger ?? silentLogger();
    this.lock = options.lock ?? new LocalLock();
    this.metrics = options.metrics;
    this.scheduler = options.scheduler;
    for (const adapter of options.channels ?? []) this.adapters.set(adapter.name, adapter);
    this.outbox = new Outbox(this.store, this.adapters, this.bus, this.log, this.metrics, { texts: this.bot.config, ...options.outbox });
    this.leaseMs = options.outbox?.leaseMs ?? 30_000;
  }

  /** The channel adapters, by name. */
  get channels(): ReadonlyMap<string, ChannelAdapter> {
    return this.adapters;
  }

  /** Starts the adapters and the outbox, then resumes every turn a previous run left pending. */
  async start(): Promise<void> {
    // Another instance may finish a turn we wait for: listen for its announcement.
    this.unsubscribe = this.bus.subscribe(Topics.turnDone, (payload) => {
      const { messageId } = payload;
      this.unfinished.delete(messageId);
      if (this.waiters.has(messageId)) {
        // The store may be briefly unreachable: the waiter then times out or re-reads later.
        this.resolveWaiters(messageId).catch((err) => this.log.warn({ err, messageId }, 'could not load replies for a waiter'));
      }
    });
    const host = this.host();
    for (const adapter of this.adapters.values()) await adapter.start(host);
    this.outbox.start();
    await this.recover();
  }

  /** Schedules every conversation with messages still waiting for their turn. */
  async recover(): Promise<number> {
    const pending = await this.store.conversationsWithPending();
    for (const id of pending) this.schedule(id);
    return pending.length;
  }

  /** Stops taking work from live connections, finishes the turns under way and the sends in flight, then stops the adapters. */
  async stop(): Promise<void> {
    await Promise.all([...this.adapters.values()].map((adapter) => adapter.goingAway?.()));
    await this.idle();
    await this.outbox.stop();
    this.unsubscribe?.();
    for (const adapter of this.adapters.values()) await adapter.stop?.();
  }

  /**
   * Resolves when no turn is running or queued in this process and the deliveries they started
   * have had their attempt (sent, or put back for a retry). Each send now waits for its attempt to
   * be recorded first, so "the turn is done" no longer implies "its replies went out".
   */
  async idle(): Promise<void> {
    do {
      while (this.running.size) await Promise.all([...this.running]);
      await this.outbox.idle();
    } while (this.running.size);
  }

  /** What adapters use to talk to the engine. */
  host(): ChannelHost {
    return {
      receive: (draft) => this.receive(draft),
      repliesTo: (id, timeoutMs) => this.repliesTo(id, timeoutMs),
      transcript: (customerId, after, limit) => this.store.listMessages({ customerId, after, limit }),
      customerIdFor: async (channel, address) => (await this.store.findCustomerByAddress(channel, address))?.id,
      recordDelivery: (report) => this.store.recordDeliveryStatus(report),
      scheduler: this.scheduler,
      bus: this.bus,
      logger: this.log,
    };
  }

  /**
   * Accepts one inbound message: stored (or recognised as a repeat) when this resolves, so the
   * caller may acknowledge it to the channel. Its turn runs afterwards.
   */
  async receive(draft: InboundDraft): Promise<Accepted> {
    const result = await this.store.intake(draft);
    if (result.duplicate) {
      this.metrics?.duplicates.inc({ channel: draft.channel });
    } else {
      this.metrics?.messages.inc({ channel: draft.channel, direction: 'inbound', author: 'customer' });
      this.unfinished.add(result.message.id);
      await this.bus.publish(Topics.message, { message: result.message });
    }
    // A repeat may arrive while the original still waits (say, after a crash): make sure it runs.
    if (!result.duplicate || result.message.status === 'pending') this.schedule(result.message.conversationId);
    return result;
  }

  /**
   * The bot's replies to an accepted message, once its turn has run (in this or another instance).
   * Resolves `undefined` if the turn has not finished within `timeoutMs`.
   */
  async repliesTo(messageId: string, timeoutMs = 30_000): Promise<Message[] | undefined> {
    // Register first, then look: a turn finishing in between cannot be missed.
    const result = new Promise<Message[] | undefined>((resolve) => {
      let set = this.waiters.get(messageId);
      if (!set) this.waiters.set(messageId, (set = new Set()));
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const done: Waiter = (replies) => {
        clearTimeout(timer);
        set.delete(done);
        if (!set.size && this.waiters.get(messageId) === set) this.waiters.delete(messageId);
        resolve(replies);
      };
      set.add(done);
    });
    // A turn running here wakes its waiters itself: only look up messages of other instances or runs.
    if (this.unfinished.has(messageId)) return result;
    const message = await this.store.getMessage(messageId);
    if (!message) {
      this.wake(messageId, []);
    } else if (message.status !== 'pending') {
      await this.resolveWaiters(messageId);
    }
    return result;
  }

  private async resolveWaiters(messageId: string): Promise<void> {
    this.wake(messageId, await this.store.repliesTo(messageId));
  }

  private wake(messageId: string, replies: Message[]): void {
    for (const waiter of [...(this.waiters.get(messageId) ?? [])]) waiter(replies);
  }

  /**
   * Sends a message outside a customer's turn: an agent's reply, a proactive follow-up. It passes
   * the same outbound chain as the bot's replies (opt-out, windows, redaction) and the outbox.
   */
  async send(conversationId: string, reply: Reply, options: { author?: Author } = {}): Promise<Message[]> {
    const conversation = await this.store.getConversation(conversationId);
    if (!conversation) throw new Error(`No conversation ${conversationId}`);
    const customer = await this.store.getCustomer(conversation.customerId);
    if (!customer) throw new Error(`No customer ${conversation.customerId}`);
    const draft = toDraft(reply);
    const preferred = customer.profile.preferredChannel;
    if (!draft.channel && this.bot.config.replyChannel === 'preferred' && typeof preferred === 'string' && this.adapters.has(preferred)) {
      draft.channel = preferred; // routeAddresses finds the address there, or skips with the reason
    }
    const message = outboundMessage(conversation, draft, options.author ?? 'bot', this.store.now());
    const ctx = new SendContext([message], conversation, customer, this.lookupChannel);
    await run(this.bot.sendChain(), ctx);
    await this.routeAddresses(conversation.customerId, conversation, ctx.messages);
    await this.store.appendOutbound(ctx.messages);
    await this.afterStore(ctx.messages);
    const now = this.store.now();
    const claimed = await this.store.claimOutbound({
      now,
      leaseUntil: now + this.leaseMs,
      limit: ctx.messages.length,
      ids: ctx.messages.filter((m) => m.status !== 'skipped').map((m) => m.id),
    });
    this.outbox.deliver(claimed);
    return ctx.messages;
  }

  private channelInfo(name: string): ChannelInfo | undefined {
    const adapter = this.adapters.get(name);
    return adapter && { name, capabilities: adapter.capabilities };
  }

  private readonly lookupChannel = (name: string) => this.channelInfo(name);

  /**
   * The choices of the last reply that offered any, numbered as its channel shows them (buttons,
   * then cards' payload buttons where cards are text): what a numbered answer next turn refers to.
   */
  private lastChoices(outbound: Message[]): Message['buttons'] {
    for (let i = outbound.length - 1; i >= 0; i--) {
      const choices = offeredChoices(outbound[i], this.channelInfo(outbound[i].channel)?.capabilities ?? RICH_CAPABILITIES);
      if (choices.length) return choices;
    }
    return undefined;
  }

  /** The store's clock, which every instance sharing it follows: replies are stamped with it. */
  private readonly clock = () => this.store.now();

  /** Queues a drain of the conversation's pending messages, unless one is already queued. */
  private schedule(conversationId: string): void {
    const existing = this.drains.get(conversationId);
    if (existing) {
      existing.again = true;
      return;
    }
    const state: DrainState = { again: false };
    this.drains.set(conversationId, state);
    const work = this.lock
      .run(conversationId, async () => {
        do {
          state.again = false;
          const { pending, loaded } = await this.loadPending(conversationId);
          // The first turn uses the conversation read along with the pending messages; later
          // turns of the same drain read it again (the previous turn changed it).
          let preloaded = loaded;
          for (const message of pending) {
            await this.runTurn(message, preloaded);
            preloaded = undefined;
          }
        } while (state.again);
      })
      .catch((err) => this.log.error({ err, conversationId }, 'conversation drain failed; will retry on next message or restart'))
      .finally(() => {
        this.drains.delete(conversationId);
        this.running.delete(work);
        if (state.again) this.schedule(conversationId);
      });
    this.running.add(work);
  }

  /** Runs the bot on one message and commits the result; retried if the state moved underneath. */
  private async runTurn(message: Message, preloaded?: Loaded): Promise<void> {
    // Timed only for the metrics that report it.
    const started = this.metrics ? process.hrtime.bigint() : 0n;
    for (let attempt = 1; ; attempt++) {
      const { conversation, customer } = (attempt === 1 && preloaded) || (await this.loadConversation(message.conversationId)) || {};
      if (!conversation || !customer) throw new Error(`Message ${message.id} points at a missing conversation`);

      const inbound: Message = { ...message };
      const offered = conversation.state.offered as Message['buttons'];
      if (inbound.payload === undefined) {
        // A numbered or typed choice from the buttons offered last counts as pressing that button.
        const chosen = chooseButton(inbound.text, offered);
        if (chosen) inbound.payload = chosen.payload ?? chosen.title;
      }

      const channel = this.channelInfo(inbound.channel) ?? { name: inbound.channel, capabilities: RICH_CAPABILITIES };
      const ctx = new TurnContext(inbound, customer, conversation, this.bot, channel, this.log, this.lookupChannel, this.clock);

      // Show "typing…" where the channel can, while the bot works. Best effort: never fails a turn.
      this.adapters.get(inbound.channel)?.typing?.({ channel: inbound.channel, address: inbound.address })?.catch(() => undefined);

      let status: 'processed' | 'failed' = 'processed';
      let error: string | undefined;
      try {
        await run(this.bot.middleware(), ctx);
      } catch (err) {
        // Storage unreachable mid-turn is not the bot's fault: abort, leaving the message pending
        // for the next drain (recovery retries it), instead of apologising and marking it failed.
        if (isUnavailable(err)) throw err;
        status = 'failed';
        error = err instanceof Error ? err.message : String(err);
        try {
          await this.bot.handleError(new MiddlewareError(err, ctx));
        } catch (handlerError) {
          ctx.log.error({ err: handlerError }, 'error handler failed');
        }
      }

      if (ctx.outbound.length) ctx.state.offered = this.lastChoices(ctx.outbound);
      attachTrace(ctx.trace, inbound, ctx.outbound);
      await this.routeAddresses(customer.id, conversation, ctx.outbound);
      const leaseUntil = this.store.now() + this.leaseMs;
      try {
        await this.store.commitTurn({
          conversationId: conversation.id,
          expectedVersion: conversation.version,
          state: ctx.state,
          status: ctx.closeConversation ? 'closed' : undefined,
          inboundId: inbound.id,
          inboundStatus: status,
          inboundError: error,
          inboundMetadata: inbound.metadata,
          outbound: ctx.outbound,
          leaseUntil,
        });
      } catch (err) {
        if (err instanceof VersionConflictError && attempt < 5) continue;
        throw err;
      }

      this.metrics?.turns.observe({ outcome: status }, Number(process.hrtime.bigint() - started) / 1e9);
      const toSend = ctx.outbound.filter((m) => m.status !== 'skipped');
      for (const m of toSend) {
        m.status = 'sending';
        m.attempts = 1;
        m.leaseUntil = leaseUntil;
      }
      await this.afterStore(ctx.outbound);
      this.outbox.deliver(toSend);
      this.unfinished.delete(inbound.id);
      this.wake(inbound.id, ctx.outbound);
      await this.bus.publish(Topics.turnDone, { messageId: inbound.id, conversationId: conversation.id });
      return;
    }
  }

  /** A conversation's pending inbound messages, with the conversation and customer when the store reads them together. */
  private async loadPending(conversationId: string): Promise<{ pending: Message[]; loaded?: Loaded }> {
    if (!this.store.pendingWithConversation) return { pending: await this.store.pendingInbound(conversationId) };
    const found = await this.store.pendingWithConversation(conversationId);
    return found ? { pending: found.pending, loaded: found } : { pending: [] };
  }

  /** A conversation and its customer, in one read when the store offers it. */
  private async loadConversation(id: string): Promise<{ conversation?: Conversation; customer?: Customer } | undefined> {
    if (this.store.conversationWithCustomer) return this.store.conversationWithCustomer(id);
    const conversation = await this.store.getConversation(id);
    return conversation && { conversation, customer: await this.store.getCustomer(conversation.customerId) };
  }

  /**
   * Messages for another channel than the conversation's go to the customer's address there
   * (unless the draft named an address of its own); without one, they are skipped with the reason.
   */
  private async routeAddresses(customerId: string, conversation: { channel: string; address: string }, messages: Message[]): Promise<void> {
    const elsewhere = messages.filter((m) => m.channel !== conversation.channel && m.address === conversation.address);
    if (!elsewhere.length) return;
    const addresses = await this.store.addresses(customerId);
    for (const m of elsewhere) {
      const address = addresses.find((a) => a.channel === m.channel);
      if (address) m.address = address.address;
      else if (m.status !== 'skipped') {
        m.status = 'skipped';
        m.error = `the customer has no address on channel "${m.channel}"`;
      }
    }
  }

  private async afterStore(messages: Message[]): Promise<void> {
    for (const m of messages) {
      this.metrics?.messages.inc({ channel: m.channel, direction: 'outbound', author: m.author });
      await this.bus.publish(Topics.message, { message: m });
    }
  }
}


/** Whether an error (possibly wrapped by middleware) says the store or another service is down. */
function isUnavailable(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { error?: unknown; cause?: unknown }).error ?? (e as { cause?: unknown }).cause) {
    if (e instanceof UnavailableError) return true;
  }
  return false;
}
