import { Bot } from '../../core/bot';
import { UnavailableError } from '../../core/errors';
import { TestBot } from '../../core/testing/harness';

test('storage unreachable during a turn aborts it: no apology, the message stays pending and runs later', async () => {
  let down = true;
  const bot = new Bot({ name: 'flaky' });
  bot.use(async (ctx) => {
    if (down) throw new UnavailableError('PostgreSQL is unreachable');
    await ctx.reply(`ok: ${ctx.text}`);
  });
  const t = await TestBot.create(bot);
  try {
    const { message } = await t.engine.receive({ channel: 'test', address: 'ann', text: 'hello' });
    await t.engine.idle();
    expect(await t.store.getMessage(message.id)).toMatchObject({ status: 'pending' });
    expect(await t.store.repliesTo(message.id)).toEqual([]);
    down = false;
    await t.engine.recover();
    expect((await t.engine.repliesTo(message.id))?.map((m) => m.text)).toEqual(['ok: hello']);
  } finally {
    await t.close();
  }
});
