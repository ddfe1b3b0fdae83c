import type { ChannelAdapter, SendResult } from './channel';
import { ChannelSendError } from './errors';
import type { Logger } from './logger';
import type { Message } from './message';
import type { Metrics } from './metrics';
import { ConversationHolds } from './delivery-order';
import { render } from './render';
import type { Store } from './storage/store';
import type { TextSource } from './texts';
import { Topics, type EventBus } from './bus';

/** How the outbox retries. */
export interface OutboxOptions {
  /** The bot's own texts, for the words rendering adds ("Reply 1 for Details" under a card on SMS). */
  texts?: TextSource;
  /** How long a claimed message is reserved for its dispatcher before another may take it over. */
  leaseMs: number;
  /** Attempts before a message is marked failed for good. */
  maxAttempts: number;
  /** First retry delay; doubles each attempt, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How often to look for messages due for (re)delivery. */
  pollMs: number;
  /**
   * Called when a delivery is scheduled for retry at `at` (ms): lets a shared scheduler wake an
   * instance then, so polling can be slow. Polling stays the safety net for leases and crashes.
   */
  wake?: (at: number) => void;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = {
  leaseMs: 30_000,
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  pollMs: 1_000,
};

/**
 * Delivers stored outbound messages through their channel adapters: at once after a turn commits,
 * and again with backoff after a failure, including after a crash (leases expire, the poll picks
 * them up). Messages of one conversation go out in order.
 */
export class Outbox {
  private readonly options: OutboxOptions;
  private readonly chains = new Map<string, Promise<void>>();
  /** Messages waiting in (or going through) a chain, by id: a second claim of one is not queued twice. */
  private readonly queued = new Map<string, Message>();
  private readonly holds: ConversationHolds;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly adapters: Map<string, ChannelAdapter>,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
    options: Partial<OutboxOptions> = {},
  ) {
    this.options = { ...DEFAULT_OUTBOX_OPTIONS, ...options };
    this.holds = new ConversationHolds(this.options.leaseMs);
  }

  /** Starts polling for due and orphaned messages. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.polling = this.poll()
        .then(() => undefined, (err) => this.log.error({ err }, 'outbox poll failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs).unref();
        });
    };
    tick();
  }

  /** Stops polling and waits for deliveries under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
    await this.idle();
  }

  /** Resolves when every delivery queued so far has finished. */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  /** Looks for messages due now (retries, and those a crashed instance had leased) and delivers them. */
  async poll(): Promise<number> {
    const now = this.store.now();
    const due = await this.store.claimOutbound({ now, leaseUntil: now + this.options.leaseMs, limit: 100 });
    this.deliver(due);
    return due.length;
  }

  /** Queues already-claimed messages for delivery, one conversation at a time, in order. */
  deliver(messages: Message[]): void {
    for (const message of messages) {
      if (message.status === 'skipped') continue;
      const waiting = this.queued.get(message.id);
      if (waiting) {
        // Claimed again while it waited here (the lease ran out behind a long queue): the queued
        // copy carries the new claim, so it alone goes out.
        waiting.leaseUntil = message.leaseUntil;
        continue;
      }
      this.queued.set(message.id, message);
      const key = message.conversationId;
      const previous = this.chains.get(key) ?? Promise.resolve();
      // If even recording the outcome fails (store unreachable), the lease expires and a later
      // poll delivers the message again: log, never leave a rejected promise behind.
      const next = previous.then(() => this.deliverOne(message)).catch((err) => this.log.error({ err, messageId: message.id }, 'delivery outcome not recorded; will retry after the lease'));
      this.chains.set(key, next);
      void next.finally(() => {
        this.queued.delete(message.id);
        if (this.chains.get(key) === next) this.chains.delete(key);
      });
    }
  }

  /**
   * One attempt: recorded (its own commit) before the provider is called, so that after a crash
   * the next claim knows a send may have happened and does not resend blindly.
   */
  private async deliverOne(message: Message): Promise<void> {
    const adapter = this.adapters.get(message.channel);
    const attempt: Attempt = { at: Math.round(this.store.now()), partsSent: 0 };
    try {
      if (!adapter) {
        throw new ChannelSendError({
          channel: message.channel,
          method: 'send',
          message: `no adapter for channel "${message.channel}" is configured`,
          permanent: true,
        });
      }
      const lease = { held: message.leaseUntil, until: attempt.at + this.options.leaseMs };
      if (!(await this.store.markAttempt(message.id, attempt.at, lease))) {
        this.log.info({ messageId: message.id }, 'another dispatcher took this message over; not sending it here');
        return;
      }
      const behind = this.holds.waitFor(message, attempt.at);
      if (behind !== undefined) {
        // An earlier message of this conversation was put back: wait for it, uncounted, in line.
        throw new ChannelSendError({ channel: message.channel, method: 'send', message: 'waiting for an earlier message of the conversation', retryAfterMs: behind - attempt.at, deferred: true });
      }
      const declined = await adapter.declines?.(message);
      if (declined) return await this.declined(message, declined);
      const { channelMessageId, metadata } = await this.sendParts(message, adapter, attempt);
      const at = this.store.now();
      await this.store.markSent(message.id, { at, channelMessageId, metadata: metadata === message.metadata ? undefined : metadata });
      this.holds.release(message);
      this.metrics?.deliveries.inc({ channel: message.channel, outcome: 'sent' });
      await this.bus.publish(Topics.delivery, { message: { ...message, status: 'sent', sentAt: at, channelMessageId, metadata } });
    } catch (err) {
      await this.failed(message, err, attempt);
    }
  }

  /**
   * Sends each rendered part. After an attempt of unknown outcome (`attemptStartedAt`), each part
   * is first looked up at the provider where the adapter can; else it is sent again, and marked
   * `possibleDuplicate` unless the channel shows a repeated message once.
   */
  private async sendParts(message: Message, adapter: ChannelAdapter, attempt: Attempt): Promise<SendResult> {
    const since = message.attemptStartedAt;
    let channelMessageId: string | undefined;
    let metadata = message.metadata;
    let resent = false;
    for (const part of render(message, adapter.capabilities, this.options.texts)) {
      const found = since !== undefined && adapter.lookupSent ? await adapter.lookupSent(part, since) : undefined;
      if (since !== undefined && !found) resent = true;
      const result = found ?? (await adapter.send(part));
      attempt.partsSent++;
      channelMessageId = result.channelMessageId ?? channelMessageId;
      if (result.metadata) metadata = { ...metadata, ...result.metadata };
      if (found) metadata = { ...metadata, recoveredSend: true };
    }
    if (resent && !adapter.lookupSent && !adapter.idempotentSends) {
      this.log.warn({ messageId: message.id, channel: message.channel, since }, 'resent a message whose earlier attempt may have reached the customer');
      metadata = { ...metadata, possibleDuplicate: true };
    }
    return { channelMessageId, metadata };
  }

  /** The channel refused the message on purpose (`declines`): stored `skipped` with the reason, never retried. */
  private async declined(message: Message, reason: string): Promise<void> {
    this.log.info({ messageId: message.id, channel: message.channel, reason }, 'the channel declined the message; not sent');
    this.metrics?.deliveries.inc({ channel: message.channel, outcome: 'skipped' });
    await this.store.markFailed(message.id, { error: reason, skipped: true });
    this.holds.release(message);
    await this.bus.publish(Topics.delivery, { message: { ...message, status: 'skipped', error: reason } });
  }

  private async failed(message: Message, err: unknown, attempt: Attempt): Promise<void> {
    const sendError = err instanceof ChannelSendError ? err : undefined;
    const attempts = message.attempts ?? 1;
    const permanent = sendError?.permanent ?? false;
    const error = err instanceof Error ? err.message : String(err);
    // Still unknown: an earlier attempt nobody settled, or parts of this one that went out.
    const unresolvedSince = message.attemptStartedAt ?? (attempt.partsSent > 0 ? attempt.at : undefined);
    if (sendError?.deferred) {
      // A local wait (pacing), not an attempt: back in line at the moment it names, uncounted.
      const retryAt = Math.round(this.store.now() + (sendError.retryAfterMs ?? this.options.baseDelayMs));
      this.log.debug({ messageId: message.id, channel: message.channel, retryAt }, 'delivery deferred by local pacing');
      this.metrics?.deliveries.inc({ channel: message.channel, outcome: 'deferred' });
      await this.store.markFailed(message.id, { error, retryAt, deferred: true, unresolvedSince });
      this.holds.hold(message, retryAt);
      this.options.wake?.(retryAt);
      return;
    }
    if (permanent || attempts >= this.options.maxAttempts) {
      this.log.warn({ messageId: message.id, channel: message.channel, err }, 'delivery failed for good');
      this.metrics?.deliveries.inc({ channel: message.channel, outcome: 'failed' });
      await this.store.markFailed(message.id, { error: permanent ? error : `${error} (gave up after ${attempts} attempts)`, unresolvedSince });
      this.holds.release(message);
      await this.bus.publish(Topics.delivery, { message: { ...message, status: 'failed', error } });
      return;
    }
    const backoff = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempts - 1));
    const delay = Math.max(sendError?.retryAfterMs ?? 0, backoff * (0.5 + Math.random() / 2));
    this.log.info({ messageId: message.id, channel: message.channel, attempts, delay, error }, 'delivery failed, will retry');
    this.metrics?.deliveries.inc({ channel: message.channel, outcome: 'retry' });
    // Whole milliseconds: PostgreSQL's BIGINT refuses fractions (SQLite silently kept them).
    const retryAt = Math.round(this.store.now() + delay);
    await this.store.markFailed(message.id, { error, retryAt, unresolvedSince });
    this.holds.hold(message, retryAt);
    this.options.wake?.(retryAt);
  }
}

/** One delivery attempt under way: when it started, and how many of its parts went out. */
interface Attempt {
  at: number;
  partsSent: number;
}
