import { Bot } from '../../core/bot';
import { Engine } from '../../core/engine';
import type { Message } from '../../core/message';
import type { SqlStore } from '../../core/storage/sql-store';
import { TestChannel } from '../../core/testing/harness';
import { openStore } from '../../server/store';
import { dropSchemas, requireServices, schemaUrl, uniqueName } from './services';

const schema = uniqueName('sbt');
beforeAll(requireServices);
afterAll(() => dropSchemas([schema]));
afterEach(() => jest.restoreAllMocks());

/** A channel whose sends wait until `release()`: a reply still being sent. */
class SlowChannel extends TestChannel {
  private readonly gate = deferred();
  private readonly started = deferred();
  /** Resolves once a send has begun. */
  readonly sending = this.started.promise;
  readonly release = this.gate.resolve;

  override async send(message: Message) {
    this.started.resolve();
    await this.gate.promise;
    return super.send(message);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const open = (): Promise<SqlStore> => openStore({ url: schemaUrl(schema), botName: 'test' });

test('an instance whose clock runs 60 s ahead does not take over a reply another instance is still sending', async () => {
  const bot = new Bot({ name: 'echo' });
  bot.use(async (ctx) => void (await ctx.reply(`echo: ${ctx.text}`)));

  // Instance A, on time, leases its reply for 30 s and is still sending it. Its own poll waits an
  // hour: only B's poll is under test.
  const storeA = await open();
  const slow = new SlowChannel('web');
  const a = new Engine({ bot, store: storeA, channels: [slow], outbox: { leaseMs: 30_000, pollMs: 3_600_000 } });
  await a.start();
  await a.receive({ channel: 'web', address: 'ann', text: 'hello' });
  await slow.sending;

  // Instance B's process clock runs 60 s ahead: past A's lease by its own reckoning.
  const realNow = Date.now.bind(Date);
  const ahead = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_000);
  const storeB = await open();
  expect(Math.abs(storeB.clockOffsetMs + 60_000)).toBeLessThan(1_000);
  const fast = new TestChannel('web');
  const b = new Engine({ bot, store: storeB, channels: [fast] });
  expect(await b.outbox.poll()).toBe(0); // before: it claimed the reply and sent it a second time
  await b.outbox.idle();
  ahead.mockRestore();

  slow.release();
  await a.outbox.idle();
  expect(fast.sent).toEqual([]);
  expect(slow.sent.map((m) => m.text)).toEqual(['echo: hello']);
  await a.stop();
  await storeA.close();
  await storeB.close();
});
