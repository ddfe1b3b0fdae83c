import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import { createApp, type App } from '../../server/app';
import { readConfig } from '../../server/load-bot';
import { CHANNELS, defaultModules } from '../../server/modules';
import { echo } from '../../testkit/channels/echo';
import { FakeProvider, eventually } from '../../testkit/channels/support';

/**
 * Issue 17's "a new channel is one folder plus one registration line": the echo channel is
 * `testkit/channels/echo/` (its definition and adapter) plus `echo` in the app's channel list,
 * driven over loopback HTTP from its webhook through the engine and the outbox to its provider.
 */
const BOT_DIR = join(__dirname, 'bot');
const SECRET = 'echo-test-secret-0123456789';

let provider: FakeProvider;
let app: App;
let base: string;

beforeAll(async () => {
  provider = await new FakeProvider((path) => (path === '/messages' ? { body: { id: `E${provider.requests.length}` } } : { status: 404, body: {} })).start();
  app = await createApp({
    botDir: BOT_DIR,
    databaseUrl: ':memory:',
    env: { ECHO_PROVIDER_URL: provider.url, ECHO_SECRET: SECRET },
    modules: defaultModules([...CHANNELS, echo]), // the registration line
    logger: silentLogger(),
  });
  base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
});

afterAll(async () => {
  await app?.close();
  await provider?.close();
});

/** Posts a webhook as the provider would, signed with `secret`. */
function webhook(payload: unknown, secret = SECRET): Promise<Response> {
  const body = JSON.stringify(payload);
  const signature = createHmac('sha256', secret).update(body).digest('hex');
  return fetch(`${base}/api/echo/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-echo-signature': signature }, body });
}

const sentTo = (to: string) => provider.calls('/messages').map((call) => JSON.parse(call.body) as { to: string; text: string }).filter((m) => m.to === to);

test('a message in through the webhook is answered through the outbox, on the provider, in the channel’s format', async () => {
  expect(app.channels.map((c) => c.name)).toEqual(['web', 'echo']);
  expect((await webhook({ id: 'in-1', from: 'ann', text: 'hello' })).status).toBe(200);
  await provider.waitFor('/messages');
  expect(sentTo('ann')).toEqual([{ to: 'ann', text: 'echo: hello' }]);
  expect(provider.calls('/messages')[0].headers.authorization).toBe(`Bearer ${SECRET}`);

  // No buttons on this channel: they become a numbered list, and "2" chooses the second.
  await webhook({ id: 'in-2', from: 'ann', text: 'menu' });
  await provider.waitFor('/messages', 2);
  expect(sentTo('ann')[1].text).toBe('Pick a colour\n\n1. Red\n2. Green');
  await webhook({ id: 'in-3', from: 'ann', text: '2' });
  await provider.waitFor('/messages', 3);
  expect(sentTo('ann')[2].text).toBe('You chose color-green');

  const stored = (direction: string) =>
    app.store.sql.all<{ id: string | null }>(`SELECT channel_message_id AS id FROM messages WHERE channel = 'echo' AND direction = ? ORDER BY seq`, [direction]);
  expect((await stored('inbound')).map((m) => m.id)).toEqual(['in-1', 'in-2', 'in-3']);
  // Each reply is recorded as sent with the provider's id once the outbox has it.
  await eventually(async () => expect((await stored('outbound')).map((m) => m.id)).toEqual(['E1', 'E2', 'E3']));
});

test('a forged or malformed webhook is refused with a reason, and nothing is stored', async () => {
  const count = async () => (await app.store.sql.all(`SELECT id FROM messages WHERE channel = 'echo'`)).length;
  const before = await count();
  const forged = await webhook({ id: 'in-9', from: 'bob', text: 'hi' }, 'another-secret-0123456789');
  expect(forged.status).toBe(403);
  const malformed = await webhook({ id: 'in-10', text: 'no sender' });
  expect(malformed.status).toBe(400);
  expect(((await malformed.json()) as { error: string }).error).toMatch(/from/);
  expect(await count()).toBe(before);
});

describe('its settings and bot.yaml', () => {
  test('half a configuration names what is missing; a wrong value says why', () => {
    expect(echo.configure({})).toBeUndefined();
    expect(() => echo.configure({ ECHO_SECRET: SECRET })).toThrow(
      /echo is half-configured: set ECHO_PROVIDER_URL \(or channels\.echo\.providerUrl in bot\.yaml\), the provider API that takes POST \/messages/,
    );
    expect(() => echo.configure({ ECHO_PROVIDER_URL: 'http://127.0.0.1:9', ECHO_SECRET: 'short' })).toThrow(/ECHO_SECRET .*must be at least 16 characters/);
  });

  test('an app given its channels (tests, the terminal chat) builds none from the settings', async () => {
    const given = await createApp({
      botDir: BOT_DIR,
      databaseUrl: ':memory:',
      env: { ECHO_PROVIDER_URL: provider.url, ECHO_SECRET: SECRET },
      modules: defaultModules([...CHANNELS, echo]),
      channels: [new TestChannel('web')],
      logger: silentLogger(),
    });
    await given.close();
    expect(given.channels.map((c) => c.name)).toEqual(['web']);
  });

  test('bot.yaml channels.echo is known once the channel is in the list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-echo-'));
    try {
      writeFileSync(join(dir, 'bot.yaml'), 'name: Echo\nchannels:\n  echo: { providerUrl: "http://127.0.0.1:9" }\n');
      expect(() => readConfig(join(dir, 'bot.yaml'))).toThrow(/channels\.echo: unknown channel/);
      expect(readConfig(join(dir, 'bot.yaml'), [...CHANNELS, echo]).channels.echo).toEqual({ providerUrl: 'http://127.0.0.1:9' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
