import { Bot } from '../bot';
import type { Capabilities, ChannelAdapter, ChannelHost, SendResult } from '../channel';
import { RICH_CAPABILITIES } from '../channel';
import { Engine, type EngineOptions } from '../engine';
import type { Message, Button } from '../message';
import type { ConversationState } from '../customer';
import { SqlStore } from '../storage/sql-store';
import { SqliteDriver } from '../storage/sqlite';
import type { Store } from '../storage/store';
import { ChannelSendError } from '../errors';

/** How long the harness waits for a turn or a sent message before failing (the engine's own default). */
const TURN_DEADLINE_MS = 30_000;

/**
 * A channel for tests and the terminal: what the bot sends is recorded per address, in order.
 * `failNext` makes the next sends fail, to exercise the outbox.
 */
export class TestChannel implements ChannelAdapter {
  readonly sent: Message[] = [];
  private failures: Array<{ permanent: boolean; status?: number }> = [];
  private listeners: Array<(m: Message) => void> = [];
  host?: ChannelHost;

  constructor(
    readonly name = 'test',
    readonly capabilities: Capabilities = RICH_CAPABILITIES,
  ) {}

  start(host: ChannelHost): void {
    this.host = host;
  }

  /** Makes the next `count` sends fail (transiently unless `permanent`). */
  failNext(count = 1, options: { permanent?: boolean; status?: number } = {}): void {
    for (let i = 0; i < count; i++) this.failures.push({ permanent: options.permanent ?? false, status: options.status ?? 500 });
  }

  async send(message: Message): Promise<SendResult> {
    const failure = this.failures.shift();
    if (failure) {
      throw new ChannelSendError({ channel: this.name, method: 'send', message: 'simulated failure', ...failure });
    }
    this.sent.push(message);
    for (const l of this.listeners) l(message);
    return { channelMessageId: `${this.name}-${this.sent.length}` };
  }

  /** Messages sent to one address. */
  to(address: string): Message[] {
    return this.sent.filter((m) => m.address === address);
  }

  /**
   * Resolves with the next message sent to `address`, or rejects after `timeoutMs` (30 s, like
   * `Engine.repliesTo`: the wait usually spans a whole turn and the outbox, which a loaded CI
   * machine stretches far beyond their idle milliseconds).
   */
  next(address: string, timeoutMs = TURN_DEADLINE_MS): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No message to ${address} within ${timeoutMs} ms`)), timeoutMs);
      const listener = (m: Message) => {
        if (m.address !== address) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(m);
      };
      this.listeners.push(listener);
    });
  }
}

/** What a reply is expected to look like: its text (exact or a pattern) and, optionally, buttons. */
export type Expectation = string | RegExp | { text?: string | RegExp; buttons?: string[] };

/**
 * A bot wired to a `TestChannel` on an in-memory SQLite store, with conversations that read like
 * transcripts:
 *
 *     const t = await TestBot.create(bot);
 *     await t.conversation('ann').send('hi').expect(/hello/i).send('2').expect('Your order…').done();
 */
export class TestBot {
  private constructor(
    readonly engine: Engine,
    readonly channel: TestChannel,
    readonly store: Store,
  ) {}

  /** Wraps an engine that is already running (one built by the composition root, say). */
  static wrap(engine: Engine, channel: TestChannel, store: Store): TestBot {
    return new TestBot(engine, channel, store);
  }

  /** The state of the customer's open conversation (for assertions on slots, locale…). */
  async state(address: string, channel = this.channel.name): Promise<ConversationState | undefined> {
    const customer = await this.store.findCustomerByAddress(channel, address);
    const conversation = customer && (await this.store.openConversation(customer.id));
    return conversation?.state;
  }

  static async create(bot: Bot, options: Partial<EngineOptions> & { channel?: TestChannel } = {}): Promise<TestBot> {
    const store = options.store ?? (await SqlStore.open(new SqliteDriver(':memory:')));
    const channel = options.channel ?? new TestChannel();
    const engine = new Engine({ ...options, bot, store, channels: [channel, ...(options.channels ?? [])] });
    await engine.start();
    return new TestBot(engine, channel, store);
  }

  /** A scripted conversation with one customer address. */
  conversation(address: string, channel = this.channel.name): TestConversation {
    return new TestConversation(this, address, channel);
  }

  /** Sends one message and returns the bot's replies to it. */
  async say(
    address: string,
    text: string,
    extra: { payload?: string; locale?: string; channel?: string; metadata?: Record<string, unknown> } = {},
  ): Promise<Message[]> {
    const { message } = await this.engine.receive({ channel: extra.channel ?? this.channel.name, address, text, ...extra });
    const replies = await this.engine.repliesTo(message.id, TURN_DEADLINE_MS);
    if (!replies) throw new Error(`The bot did not finish its turn on "${text}" within ${TURN_DEADLINE_MS / 1000} s`);
    return replies;
  }

  async close(): Promise<void> {
    await this.engine.stop();
    await this.store.close();
  }
}

/** A chain of sends and expectations, run in order when awaited. */
export class TestConversation implements PromiseLike<void> {
  private readonly steps: Array<() => Promise<void>> = [];
  private pending: Message[] = [];
  /** Every reply received so far. */
  readonly replies: Message[] = [];

  constructor(
    private readonly bot: TestBot,
    private address: string,
    private channel: string,
  ) {}

  /** The customer sends `text` (or presses a button, with `payload`). */
  send(text: string, extra: { payload?: string; locale?: string; metadata?: Record<string, unknown> } = {}): this {
    this.steps.push(async () => {
      const replies = await this.bot.say(this.address, text, { ...extra, channel: this.channel });
      this.pending.push(...replies);
      this.replies.push(...replies);
    });
    return this;
  }

  /** The customer goes on writing from another channel and address. */
  switchChannel(channel: string, address?: string): this {
    this.steps.push(async () => {
      this.channel = channel;
      if (address) this.address = address;
    });
    return this;
  }

  /** The next reply not yet checked matches `expected`. */
  expect(expected: Expectation): this {
    this.steps.push(async () => {
      const reply = this.pending.shift();
      if (!reply) throw new Error(`Expected a reply matching ${describe(expected)}, but the bot said nothing more`);
      assertMatches(reply, expected);
    });
    return this;
  }

  /** Checks the conversation's state as it is now (slots, locale…); `check` throws to fail. */
  expectState(check: (state: ConversationState) => void): this {
    this.steps.push(async () => {
      const state = await this.bot.state(this.address, this.channel);
      if (!state) throw new Error(`No open conversation for ${this.channel}:${this.address}`);
      check(state);
    });
    return this;
  }

  /** No replies remain unchecked. */
  expectNoMore(): this {
    this.steps.push(async () => {
      if (this.pending.length) {
        throw new Error(`Expected no more replies, got: ${this.pending.map((m) => JSON.stringify(m.text)).join(', ')}`);
      }
    });
    return this;
  }

  /** Runs the steps. */
  async done(): Promise<void> {
    for (const step of this.steps.splice(0)) await step();
  }

  then<T1 = void, T2 = never>(
    onfulfilled?: ((value: void) => T1 | PromiseLike<T1>) | null,
    onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): PromiseLike<T1 | T2> {
    return this.done().then(onfulfilled, onrejected);
  }
}

function describe(e: Expectation): string {
  return typeof e === 'string' || e instanceof RegExp ? String(e) : JSON.stringify({ ...e, text: String(e.text) });
}

function assertMatches(reply: Message, expected: Expectation): void {
  const spec = typeof expected === 'string' || expected instanceof RegExp ? { text: expected } : expected;
  const text = reply.text ?? '';
  if (spec.text !== undefined) {
    const ok = typeof spec.text === 'string' ? text === spec.text : spec.text.test(text);
    if (!ok) throw new Error(`Expected a reply matching ${String(spec.text)}, got ${JSON.stringify(text)}`);
  }
  if (spec.buttons) {
    const titles = (reply.buttons ?? []).map((b: Button) => b.title);
    if (JSON.stringify(titles) !== JSON.stringify(spec.buttons)) {
      throw new Error(`Expected buttons ${JSON.stringify(spec.buttons)}, got ${JSON.stringify(titles)}`);
    }
  }
}
