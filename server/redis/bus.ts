import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { MemoryBus, topic, type EventBus, type Topic } from '../../core/bus';
import type { Logger } from '../../core/logger';

/**
 * An `EventBus` across instances over Redis pub/sub: a payload is delivered to this instance's
 * subscribers at once and published to Redis for the others (each instance ignores its own echo).
 * Delivery to other instances is best effort — while Redis is away, local delivery goes on and the
 * loss is logged; web sockets resume from their last message id and reply waiters fall back to
 * the store, so nothing durable depends on the bus.
 */
export class RedisBus implements EventBus {
  private readonly local = new MemoryBus();
  private readonly origin = randomBytes(8).toString('hex');
  private readonly channels = new Set<string>();
  private lastWarning = 0;

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly options: { prefix: string; logger?: Logger },
  ) {
    sub.on('messageBuffer', (channel: Buffer, data: Buffer) => this.onMessage(channel.toString(), data.toString()));
    // Subscribing again after a reconnect is harmless and covers subscriptions that failed while Redis was away.
    sub.on('ready', () => {
      if (this.channels.size) sub.subscribe(...this.channels).catch(() => undefined);
    });
  }

  async publish<P>(topic: Topic<P>, payload: P): Promise<void> {
    await this.local.publish(topic, payload);
    try {
      // While disconnected, don't queue (each call would wait out the command timeout): drop it now.
      if (this.pub.status !== 'ready') throw new Error(`Redis connection is ${this.pub.status}`);
      await this.pub.publish(this.channel(topic), JSON.stringify({ o: this.origin, p: payload }));
    } catch (err) {
      if (Date.now() - this.lastWarning > 5_000) {
        this.lastWarning = Date.now();
        this.options.logger?.warn({ err, topic: topic.name }, 'Redis publish failed; other instances miss this event');
      }
    }
  }

  subscribe<P>(topic: Topic<P>, handler: (payload: P) => void): () => void {
    const channel = this.channel(topic);
    if (!this.channels.has(channel)) {
      this.channels.add(channel);
      // ioredis re-subscribes by itself after a reconnect.
      this.sub.subscribe(channel).catch((err) => this.options.logger?.warn({ err, topic: topic.name }, 'Redis subscribe failed; will retry on reconnect'));
    }
    return this.local.subscribe(topic, handler);
  }

  async close(): Promise<void> {
    this.sub.disconnect();
  }

  private channel(topic: Topic<unknown>): string {
    return `${this.options.prefix}bus:${topic.name}`;
  }

  private onMessage(channel: string, data: string): void {
    if (!channel.startsWith(`${this.options.prefix}bus:`)) return;
    let envelope: { o: string; p: unknown };
    try {
      envelope = JSON.parse(data);
    } catch {
      return;
    }
    if (envelope.o === this.origin) return;
    // Another instance published this through the typed topic of the same name.
    void this.local.publish(topic<unknown>(channel.slice(this.options.prefix.length + 4)), envelope.p);
  }
}
