import { Bot } from '../../core/bot';
import { Engine } from '../../core/engine';
import { StaleTurnError } from '../../core/errors';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import type { Store } from '../../core/storage/store';
import { TestChannel } from '../../core/testing/harness';
import { openStore } from '../../server/store';
import { commandClient, connectClient } from '../../server/redis/connection';
import { RedisLock } from '../../server/redis/lock';
import { RedisBus } from '../../server/redis/bus';
import { pendingReply } from '../support/messages';
import { REDIS_URL, dropRedisPrefix, dropSchemas, requireServices, schemaUrl, uniqueName } from './services';

const schemas: string[] = [];
const prefix = `${uniqueName('sbt')}:`;
beforeAll(requireServices);
afterAll(async () => {
  await dropSchemas(schemas);
  await dropRedisPrefix(prefix);
});

function postgres(): Promise<SqlStore> {
  const schema = uniqueName('sbt');
  schemas.push(schema);
  return openStore({ url: schemaUrl(schema), botName: 'test' });
}

describe.each([
  ['SQLite', () => SqlStore.open(new SqliteDriver(':memory:'))],
  ['PostgreSQL', postgres],
])('%s: a turn for a message already processed is refused', (_name, open: () => Promise<Store>) => {
  test('the second commit of the same inbound message writes nothing', async () => {
    const store = await open();
    const { message } = await store.intake({ channel: 'web', address: 'ann', text: 'hi' });
    const commit = { conversationId: message.conversationId, state: {}, inboundId: message.id, inboundStatus: 'processed' as const };
    await store.commitTurn({ ...commit, expectedVersion: 0, outbound: [pendingReply(message, 'first')] });
    // A stale holder that re-read the conversation (so its version matches) still cannot commit.
    await expect(store.commitTurn({ ...commit, expectedVersion: 1, state: { late: true }, outbound: [pendingReply(message, 'late')] })).rejects.toBeInstanceOf(StaleTurnError);
    expect((await store.repliesTo(message.id)).map((m) => m.text)).toEqual(['first']);
    expect(await store.getConversation(message.conversationId)).toMatchObject({ version: 1, state: {} });
    await store.close();
  });
});

test('a holder paused past its lease cannot commit after another instance ran the turn: one reply', async () => {
  const store = await postgres();
  const clients = await Promise.all(Array.from({ length: 5 }, () => connectClient(commandClient(REDIS_URL), REDIS_URL)));
  let release!: () => void;
  const paused = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const inTurn = new Promise<void>((r) => (entered = r));

  // Instance A's bot stalls on its first turn (a GC pause, a frozen VM); B's answers at once.
  const botA = new Bot({ name: 'A' });
  let first = true;
  botA.use(async (ctx) => {
    if (first) {
      first = false;
      entered();
      await paused;
    }
    await ctx.reply(`A: ${ctx.text}`);
  });
  const botB = new Bot({ name: 'B' });
  botB.use(async (ctx) => void (await ctx.reply(`B: ${ctx.text}`)));

  const make = (bot: Bot, c: number) =>
    new Engine({
      bot,
      store,
      channels: [new TestChannel('web')],
      lock: new RedisLock(clients[c], { prefix, leaseMs: 300 }),
      bus: new RedisBus(clients[c], clients[c + 2], { prefix }),
    });
  const a = make(botA, 0);
  const b = make(botB, 1);
  await a.start();
  await b.start();

  const { message } = await a.receive({ channel: 'web', address: 'ann', text: 'hello' });
  await inTurn;
  // A stops renewing (paused): its lease runs out and B, recovering, takes the conversation.
  await clients[4].del(`${prefix}lock:${message.conversationId}`);
  await b.recover();
  await b.idle();
  expect((await store.repliesTo(message.id)).map((m) => m.text)).toEqual(['B: hello']);

  release(); // A wakes up and tries to commit its stale turn
  await a.idle();
  expect((await store.repliesTo(message.id)).map((m) => m.text)).toEqual(['B: hello']);
  expect((await store.getMessage(message.id))?.status).toBe('processed');

  await a.stop();
  await b.stop();
  await store.close();
  for (const c of clients) c.disconnect();
});
