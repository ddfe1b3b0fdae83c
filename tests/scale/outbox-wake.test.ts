import { createApp, type App } from '../../server/app';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import { SCALE_BOT, eventually } from './helpers';
import { REDIS_URL, dropRedisPrefix, dropSchemas, requireServices, schemaUrl, uniqueName } from './services';

const schema = uniqueName('sbt');
const prefix = `${schema}:`;
let app: App | undefined;
beforeAll(requireServices);
afterAll(async () => {
  await app?.close();
  await dropSchemas([schema]);
  await dropRedisPrefix(prefix);
});

test('a failed delivery is retried when its BullMQ wake-up job fires, not by waiting for the poll', async () => {
  const channel = new TestChannel('web');
  app = await createApp({
    botDir: SCALE_BOT,
    env: { DATABASE_URL: schemaUrl(schema), REDIS_URL, REDIS_PREFIX: prefix },
    logger: silentLogger(),
    channels: [channel],
    // The poll would only come back in a minute: a delivery within seconds proves the job did it.
    engine: { outbox: { pollMs: 60_000, baseDelayMs: 300 } },
  });
  await new Promise((r) => setTimeout(r, 200)); // the start-up poll has run
  channel.failNext(1);
  const { message } = await app.engine.receive({ channel: 'web', address: 'ann', text: 'hello' });
  const store = app.store;
  expect(await eventually(async () => (await store.repliesTo(message.id))[0]?.status === 'sent', 8_000)).toBe(true);
  expect(channel.sent.map((m) => m.text)).toEqual(['#1 hello']);
  expect((await store.repliesTo(message.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
});
