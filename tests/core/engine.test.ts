import { Bot } from '../../core/bot';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { TestBot, TestChannel } from '../../core/testing/harness';
import { Engine } from '../../core/engine';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function echoBot(): Bot {
  const bot = new Bot({ name: 'echo' });
  bot.use((ctx) => ctx.reply(`echo: ${ctx.text}`));
  return bot;
}

describe('engine', () => {
  let t: TestBot;
  afterEach(async () => t && (await t.close()));

  test('a turn replies and the transcript holds both messages', async () => {
    t = await TestBot.create(echoBot());
    await t.conversation('ann').send('hello').expect('echo: hello').expectNoMore();
    const customer = await t.store.findCustomerByAddress('test', 'ann');
    const transcript = await t.store.listMessages({ customerId: customer!.id });
    expect(transcript.map((m) => [m.direction, m.text])).toEqual([
      ['inbound', 'hello'],
      ['outbound', 'echo: hello'],
    ]);
    await t.engine.outbox.idle();
    expect(t.channel.to('ann').map((m) => m.text)).toEqual(['echo: hello']);
    expect((await t.store.getMessage(transcript[1].id))?.status).toBe('sent');
  });

  test('a duplicate delivery is acknowledged and not processed again', async () => {
    let turns = 0;
    const bot = new Bot({ name: 'count' });
    bot.use(async (ctx) => {
      turns++;
      await ctx.reply('ok');
    });
    t = await TestBot.create(bot);
    const first = await t.engine.receive({ channel: 'test', address: 'ann', text: 'hi', channelMessageId: 'm-1' });
    await t.engine.repliesTo(first.message.id);
    const again = await t.engine.receive({ channel: 'test', address: 'ann', text: 'hi', channelMessageId: 'm-1' });
    expect(again.duplicate).toBe(true);
    expect(again.message.id).toBe(first.message.id);
    expect((await t.engine.repliesTo(again.message.id))?.map((m) => m.text)).toEqual(['ok']);
    await t.engine.idle();
    expect(turns).toBe(1);
  });

  test('turns of one conversation run one at a time in arrival order, under concurrent posts', async () => {
    let active = 0;
    let maxActive = 0;
    const bot = new Bot({ name: 'slow' });
    bot.use(async (ctx) => {
      active++;
      maxActive = Math.max(maxActive, active);
      const seen = ((ctx.state.seen as string[]) ?? []).concat(ctx.text);
      ctx.state.seen = seen;
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      await ctx.reply(`${seen.length}`);
      active--;
    });
    t = await TestBot.create(bot);
    const texts = Array.from({ length: 30 }, (_, i) => `m${i}`);
    // Accept in order (as a channel would, one request after another), but let turns race.
    const accepted = [];
    for (const text of texts) accepted.push(await t.engine.receive({ channel: 'test', address: 'ann', text }));
    const replies = await Promise.all(accepted.map((a) => t.engine.repliesTo(a.message.id)));
    expect(replies.map((r) => r?.[0].text)).toEqual(texts.map((_, i) => `${i + 1}`));
    expect(maxActive).toBe(1);
    const conv = await t.store.getConversation(accepted[0].message.conversationId);
    expect(conv?.state.seen).toEqual(texts);
  });

  test('different conversations run concurrently', async () => {
    let active = 0;
    let maxActive = 0;
    const bot = new Bot({ name: 'par' });
    bot.use(async (ctx) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 20));
      active--;
      await ctx.reply('done');
    });
    t = await TestBot.create(bot);
    await Promise.all(['a', 'b', 'c', 'd'].map((who) => t.say(who, 'go')));
    expect(maxActive).toBeGreaterThan(1);
  });

  test('a failing send is retried with backoff until it goes through', async () => {
    t = await TestBot.create(echoBot(), { outbox: { baseDelayMs: 10, maxDelayMs: 20, pollMs: 10 } });
    t.channel.failNext(2);
    const next = t.channel.next('ann');
    await t.say('ann', 'hello');
    const delivered = await next;
    expect(delivered.text).toBe('echo: hello');
    await t.engine.outbox.idle();
    const stored = await t.store.getMessage(delivered.id);
    expect(stored).toMatchObject({ status: 'sent', attempts: 3 });
  });

  test('a permanent send failure is recorded and not retried', async () => {
    t = await TestBot.create(echoBot(), { outbox: { baseDelayMs: 10, pollMs: 10 } });
    t.channel.failNext(1, { permanent: true, status: 400 });
    const [reply] = await t.say('ann', 'hello');
    await t.engine.outbox.idle();
    // A failed message is never due again: a poll now delivers whatever is due, and not this one.
    await t.engine.outbox.poll();
    await t.engine.outbox.idle();
    expect(await t.store.getMessage(reply.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(t.channel.sent).toHaveLength(0);
  });

  test('an error in a handler is caught, the customer gets an apology, and the message is marked failed', async () => {
    const bot = new Bot({ name: 'broken' });
    bot.use(() => {
      throw new Error('kaput');
    });
    t = await TestBot.create(bot);
    const { message } = await t.engine.receive({ channel: 'test', address: 'ann', text: 'hi' });
    const replies = await t.engine.repliesTo(message.id);
    expect(replies?.[0].text).toMatch(/something went wrong/);
    expect(await t.store.getMessage(message.id)).toMatchObject({ status: 'failed', error: 'kaput' });
  });

  test('bot.catch receives the error with its context', async () => {
    const bot = new Bot({ name: 'broken' });
    const errors: string[] = [];
    bot.catch(async (err) => {
      errors.push(`${err.ctx.text}: ${(err.error as Error).message}`);
      await err.ctx.reply('custom apology');
    });
    bot.use(() => {
      throw new Error('kaput');
    });
    t = await TestBot.create(bot);
    await t.conversation('ann').send('hi').expect('custom apology');
    expect(errors).toEqual(['hi: kaput']);
  });

  test('a numbered answer chooses the button offered last', async () => {
    const bot = new Bot({ name: 'menu' });
    bot.use(async (ctx, next) => {
      if (ctx.message.payload) return ctx.reply(`chose ${ctx.message.payload}`);
      await next();
    });
    bot.use((ctx) => ctx.reply('Pick one', { buttons: [{ title: 'Orders', payload: 'orders' }, { title: 'Returns', payload: 'returns' }] }));
    t = await TestBot.create(bot);
    await t
      .conversation('ann')
      .send('menu')
      .expect({ text: 'Pick one', buttons: ['Orders', 'Returns'] })
      .send('2')
      .expect('chose returns')
      .send('menu')
      .expect('Pick one')
      .send('orders')
      .expect('chose orders');
  });

  test('the outbound chain sees every message and can skip one with a reason', async () => {
    const bot = echoBot();
    bot.onSend((ctx, next) => {
      for (const m of ctx.messages) if (m.text?.includes('secret')) ctx.skip(m, 'contains a secret');
      return next();
    });
    t = await TestBot.create(bot);
    const [reply] = await t.say('ann', 'secret');
    expect(reply).toMatchObject({ status: 'skipped', error: 'contains a secret' });
    await t.engine.outbox.idle();
    expect(t.channel.sent).toHaveLength(0);
    expect((await t.store.getMessage(reply.id))?.status).toBe('skipped');
  });

  test('engine.send delivers outside a turn (agent replies) through the same chain', async () => {
    const bot = echoBot();
    const seen: string[] = [];
    bot.onSend((ctx, next) => {
      seen.push(`${ctx.messages[0].author}:${ctx.messages[0].text}`);
      return next();
    });
    t = await TestBot.create(bot);
    const [reply] = await t.say('ann', 'hi');
    await t.engine.send(reply.conversationId, 'Hello, this is Sam', { author: 'agent' });
    await t.engine.outbox.idle();
    expect(seen).toEqual(['bot:echo: hi', 'agent:Hello, this is Sam']);
    expect(t.channel.to('ann').map((m) => [m.author, m.text])).toEqual([
      ['bot', 'echo: hi'],
      ['agent', 'Hello, this is Sam'],
    ]);
  });

  test('ending a conversation opens a new one on the next message, for the same customer', async () => {
    const bot = new Bot({ name: 'ender' });
    bot.use(async (ctx) => {
      await ctx.reply('bye');
      ctx.end();
    });
    t = await TestBot.create(bot);
    const [a] = await t.say('ann', 'one');
    const [b] = await t.say('ann', 'two');
    expect(b.conversationId).not.toBe(a.conversationId);
    expect(b.customerId).toBe(a.customerId);
  });
});

describe('crash recovery', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-engine-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('messages accepted before a crash are processed after restart, and unsent replies are delivered', async () => {
    const path = join(dir, 'crash.db');
    // First life: messages are accepted, but the process "dies" before running any turn.
    const store1 = await SqlStore.open(new SqliteDriver(path));
    for (const text of ['one', 'two']) await store1.intake({ channel: 'test', address: 'ann', text });
    // A reply was committed but never delivered (leased to the dead process, lease long expired).
    const { message } = await store1.intake({ channel: 'test', address: 'bob', text: 'x' });
    await store1.commitTurn({
      conversationId: message.conversationId,
      expectedVersion: 0,
      state: {},
      inboundId: message.id,
      inboundStatus: 'processed',
      outbound: [
        {
          id: 'msg_orphan',
          channel: 'test',
          direction: 'outbound',
          author: 'bot',
          customerId: message.customerId,
          conversationId: message.conversationId,
          address: 'bob',
          text: 'orphaned reply',
          status: 'pending',
          createdAt: Date.now(),
        },
      ],
      leaseUntil: Date.now() - 1,
    });
    await store1.close();

    // Second life.
    const store2 = await SqlStore.open(new SqliteDriver(path));
    const channel = new TestChannel();
    const engine = new Engine({ bot: echoBot(), store: store2, channels: [channel], outbox: { pollMs: 10 } });
    await engine.start();
    await engine.idle();
    // The orphaned reply goes out on an outbox poll: wait for it (a loaded machine may take a while).
    for (const deadline = Date.now() + 20_000; channel.sent.length < 3 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 10));
    await engine.stop();
    expect(channel.to('ann').map((m) => m.text)).toEqual(['echo: one', 'echo: two']);
    expect(channel.to('bob').map((m) => m.text)).toEqual(['orphaned reply']);
    await store2.close();
  });
});
