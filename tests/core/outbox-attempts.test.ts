import { MemoryBus } from '../../core/bus';
import { RICH_CAPABILITIES, type ChannelAdapter, type SendResult } from '../../core/channel';
import { ChannelSendError } from '../../core/errors';
import { newId } from '../../core/ids';
import { silentLogger } from '../../core/logger';
import type { Message } from '../../core/message';
import { Outbox } from '../../core/outbox';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { toConsoleMessage } from '../../handoff/socket';

/**
 * Delivery attempts are recorded before the provider is called, so a crash mid-send is never
 * followed by a blind resend: the provider is asked where it can be, a channel that shows a repeat
 * once is sent again, and any other resend carries a visible `possibleDuplicate` mark.
 */

/** A channel recording its sends; `lookup` and `idempotent` choose its recovery hooks. */
class RecordingChannel implements ChannelAdapter {
  readonly name = 'rec';
  readonly capabilities = RICH_CAPABILITIES;
  readonly sent: Message[] = [];
  /** What the store said about the attempt while `send` ran. */
  readonly attemptSeenAtSend: Array<number | undefined> = [];
  lookupSent?: (message: Message, since: number) => Promise<SendResult | undefined>;
  idempotentSends?: boolean;
  fail?: (message: Message) => ChannelSendError | undefined;

  constructor(private readonly store: SqlStore) {}

  start(): void {}

  async send(message: Message): Promise<SendResult> {
    this.attemptSeenAtSend.push((await this.store.getMessage(message.id))?.attemptStartedAt);
    const error = this.fail?.(message);
    if (error) throw error;
    this.sent.push(message);
    return { channelMessageId: `P${this.sent.length}` };
  }
}

let store: SqlStore;
let channel: RecordingChannel;
const outboxes: Outbox[] = [];

beforeEach(async () => {
  store = await SqlStore.open(new SqliteDriver(':memory:'));
  channel = new RecordingChannel(store);
});
afterEach(async () => {
  for (const outbox of outboxes.splice(0)) await outbox.stop();
  await store.close();
});

function outbox(options: ConstructorParameters<typeof Outbox>[5] = {}): Outbox {
  const o = new Outbox(store, new Map([['rec', channel as ChannelAdapter]]), new MemoryBus(), silentLogger(), undefined, { leaseMs: 1000, baseDelayMs: 5, pollMs: 10_000, ...options });
  outboxes.push(o);
  return o;
}

/** Stores one outbound message due now and returns its id. */
async function queued(text = 'Your order has shipped'): Promise<string> {
  const { message: inbound } = await store.intake({ channel: 'rec', address: 'ann', text: 'where is my order' });
  const id = newId('m');
  const now = store.now();
  await store.appendOutbound([
    { id, channel: 'rec', direction: 'outbound', author: 'bot', customerId: inbound.customerId, conversationId: inbound.conversationId, address: 'ann', text, status: 'pending', createdAt: now },
  ]);
  return id;
}

/**
 * What a dispatcher that died mid-send leaves behind: the message claimed, its attempt recorded,
 * no outcome. Returns when that attempt started.
 */
async function crashedMidSend(id: string): Promise<number> {
  const now = store.now();
  const [claimed] = await store.claimOutbound({ now, leaseUntil: now - 1, limit: 10, ids: [id] });
  expect(claimed.id).toBe(id);
  await store.markAttempt(id, now);
  return now;
}

async function deliverDue(o: Outbox): Promise<void> {
  await o.poll();
  await o.idle();
}

test('the attempt is on record before the provider is called, and cleared once it is sent', async () => {
  const id = await queued();
  await deliverDue(outbox());
  expect(channel.attemptSeenAtSend).toHaveLength(1);
  expect(channel.attemptSeenAtSend[0]).toEqual(expect.any(Number));
  const stored = await store.getMessage(id);
  expect(stored).toMatchObject({ status: 'sent', channelMessageId: 'P1' });
  expect(stored?.attemptStartedAt).toBeUndefined();
  expect(stored?.metadata?.possibleDuplicate).toBeUndefined();
});

test('a provider that answered with an error settles the attempt: the retry is not marked', async () => {
  const id = await queued();
  let calls = 0;
  channel.fail = () => (++calls === 1 ? new ChannelSendError({ channel: 'rec', method: 'send', status: 500, message: 'busy' }) : undefined);
  const o = outbox();
  await deliverDue(o);
  expect((await store.getMessage(id))?.attemptStartedAt).toBeUndefined();
  await new Promise((r) => setTimeout(r, 20));
  await deliverDue(o);
  expect(await store.getMessage(id)).toMatchObject({ status: 'sent', attempts: 2 });
  expect((await store.getMessage(id))?.metadata?.possibleDuplicate).toBeUndefined();
});

test('after a crash mid-send, a channel without lookup or idempotency is resent once with a visible possibleDuplicate mark', async () => {
  const id = await queued();
  await crashedMidSend(id);
  await deliverDue(outbox());
  expect(channel.sent.map((m) => m.id)).toEqual([id]);
  const stored = await store.getMessage(id);
  expect(stored).toMatchObject({ status: 'sent', metadata: { possibleDuplicate: true } });
  // The transcript (console, API) reads the same mark.
  const [listed] = (await store.listMessages({ conversationId: stored!.conversationId })).filter((m) => m.id === id);
  expect(listed.metadata?.possibleDuplicate).toBe(true);
  expect(toConsoleMessage(listed).possibleDuplicate).toBe(true); // the console shows a badge for it
  expect(toConsoleMessage({ ...listed, metadata: {} }).possibleDuplicate).toBeUndefined();
});

test('after a crash mid-send, a lookup that finds the message records it sent without sending again', async () => {
  const id = await queued();
  const since = await crashedMidSend(id);
  const lookups: Array<[string, number]> = [];
  channel.lookupSent = async (message, from) => {
    lookups.push([message.text ?? '', from]);
    return { channelMessageId: 'PROVIDER-1' };
  };
  await deliverDue(outbox());
  expect(lookups).toEqual([['Your order has shipped', since]]);
  expect(channel.sent).toEqual([]);
  const stored = await store.getMessage(id);
  expect(stored).toMatchObject({ status: 'sent', channelMessageId: 'PROVIDER-1', metadata: { recoveredSend: true } });
  expect(stored?.metadata?.possibleDuplicate).toBeUndefined();
});

test('after a crash mid-send, a lookup that does not find the message sends it, unmarked', async () => {
  const id = await queued();
  await crashedMidSend(id);
  channel.lookupSent = async () => undefined;
  await deliverDue(outbox());
  expect(channel.sent.map((m) => m.id)).toEqual([id]);
  expect((await store.getMessage(id))?.metadata?.possibleDuplicate).toBeUndefined();
});

test('a lookup that cannot tell keeps the first attempt on record and tries again later; nothing is sent meanwhile', async () => {
  const id = await queued();
  const since = await crashedMidSend(id);
  let answer: 'down' | 'found' = 'down';
  const froms: number[] = [];
  channel.lookupSent = async (_message, from) => {
    froms.push(from);
    if (answer === 'down') throw new ChannelSendError({ channel: 'rec', method: 'lookup', status: 503, message: 'unavailable' });
    return { channelMessageId: 'PROVIDER-2' };
  };
  const o = outbox();
  await deliverDue(o);
  expect(channel.sent).toEqual([]);
  expect(await store.getMessage(id)).toMatchObject({ status: 'pending', attemptStartedAt: since });
  answer = 'found';
  await new Promise((r) => setTimeout(r, 20));
  await deliverDue(o);
  expect(froms).toEqual([since, since]); // the window starts at the first attempt, not the retry
  expect(channel.sent).toEqual([]);
  expect(await store.getMessage(id)).toMatchObject({ status: 'sent', channelMessageId: 'PROVIDER-2' });
});

test('after a crash mid-send, a channel that shows a repeat once is simply sent again', async () => {
  const id = await queued();
  await crashedMidSend(id);
  channel.idempotentSends = true;
  await deliverDue(outbox());
  expect(channel.sent.map((m) => m.id)).toEqual([id]);
  expect((await store.getMessage(id))?.metadata?.possibleDuplicate).toBeUndefined();
});

test('local pacing waits (deferred) never use up attempts: 20 deferrals with maxAttempts 3 still deliver', async () => {
  const id = await queued();
  let deferrals = 0;
  channel.fail = () => (deferrals++ < 20 ? new ChannelSendError({ channel: 'rec', method: 'send', message: 'paced', retryAfterMs: 1, deferred: true }) : undefined);
  const o = outbox({ maxAttempts: 3 });
  for (let i = 0; i < 40 && channel.sent.length === 0; i++) {
    await deliverDue(o);
    await new Promise((r) => setTimeout(r, 3));
  }
  expect(channel.sent.map((m) => m.id)).toEqual([id]);
  const stored = await store.getMessage(id);
  expect(stored).toMatchObject({ status: 'sent', attempts: 1 });
  expect(stored?.attemptStartedAt).toBeUndefined();
  expect(stored?.metadata?.possibleDuplicate).toBeUndefined();
});
