import { ConfigError, ChannelSendError } from '../../core/errors';
import type { Message } from '../../core/message';
import { SqliteDriver } from '../../core/storage/sqlite';
import { TeamsChannel, type TeamsChannelOptions } from '../../channels/teams/adapter';
import { SqlReferenceStore } from '../../channels/teams/references';
import { FakeProvider, eventually, serveAdapter, type Served } from './support';
import { activity, fakeConnector, messageActivity } from './teams-fake';

describe('Teams / Direct Line channel (botbuilder CloudAdapter, over loopback to a fake connector)', () => {
  let connector: FakeProvider;
  let app: Served;

  async function start(options: TeamsChannelOptions = {}) {
    connector = await fakeConnector().start();
    app = await serveAdapter(new TeamsChannel(options));
  }

  afterEach(async () => {
    await app?.close();
    await connector?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/botframework/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const sent = async (count = 1) => (await connector.waitFor(messageActivity, count)).map((r) => JSON.parse(r.body));

  test('a message activity is stored and answered proactively through its conversation reference', async () => {
    await start();
    expect((await post(activity(connector.url))).status).toBe(200);
    const [reply] = await sent();
    expect(connector.calls(messageActivity)[0].path).toMatch(/^\/v3\/conversations\/a%3Aconv-1\/activities/);
    expect(reply).toMatchObject({ type: 'message', text: 'echo: hello', textFormat: 'markdown', recipient: { id: '29:u1' }, from: { id: '28:bot' }, conversation: { id: 'a:conv-1' } });
    const customer = await app.store.findCustomerByAddress('teams', '29:u1');
    expect(customer?.profile).toMatchObject({ name: 'Ann Example', locale: 'en-US' });
    await eventually(async () => expect((await app.messages()).map((m) => [m.direction, m.status])).toEqual([['inbound', 'processed'], ['outbound', 'sent']]));
  });

  test('a typing indicator goes to the customer’s conversation', async () => {
    await start();
    await post(activity(connector.url));
    await sent();
    const teams = app.engine.channels.get('teams') as TeamsChannel;
    const before = connector.calls('/activities').length;
    await teams.typing({ address: '29:u1' });
    const after = connector.calls('/activities').slice(before).map((c) => JSON.parse(c.body));
    expect(after).toEqual([expect.objectContaining({ type: 'typing', recipient: expect.objectContaining({ id: '29:u1' }), conversation: expect.objectContaining({ id: 'a:conv-1' }) })]);
  });

  test("the bot's @mention is removed from the text", async () => {
    await start();
    const mention = { type: 'mention', mentioned: { id: '28:bot', name: 'Shop Bot' }, text: '<at>Shop Bot</at>' };
    await post(activity(connector.url, { text: '<at>Shop Bot</at> where is my parcel?', entities: [mention] }));
    expect((await sent())[0].text).toBe('echo: where is my parcel?');
  });

  test('buttons become suggested actions; choosing one (imBack or a messageBack payload) is the payload', async () => {
    await start();
    await post(activity(connector.url, { text: 'menu' }));
    const [offer] = await sent();
    expect(offer.text).toBe('Pick **one**');
    expect(offer.suggestedActions).toEqual({
      to: ['29:u1'],
      actions: [
        { type: 'imBack', title: 'Track order', value: 'Track order' },
        { type: 'imBack', title: 'Returns', value: 'Returns' },
      ],
    });
    await post(activity(connector.url, { text: 'Returns' }));
    expect((await sent(2))[1].text).toBe('chose RETURNS');
    await post(activity(connector.url, { text: 'Track order', value: { payload: 'TRACK' } }));
    expect((await sent(3))[2].text).toBe('chose TRACK');
  });

  test('attachments arrive (the text/html copy Teams adds is skipped)', async () => {
    await start();
    const attachments = [
      { contentType: 'image/png', contentUrl: 'https://example.com/photo.png', name: 'photo.png' },
      { contentType: 'text/html', content: '<p>hi</p>' },
    ];
    await post(activity(connector.url, { text: '', attachments }));
    expect((await sent())[0].text).toBe('got 1 attachment(s): photo.png');
    const [inbound] = await app.messages();
    expect(inbound.attachments).toEqual([{ type: 'image', url: 'https://example.com/photo.png', mimeType: 'image/png', name: 'photo.png' }]);
  });

  test('a redelivered activity id is processed once', async () => {
    await start();
    const once = activity(connector.url, { id: 'act-same' });
    for (let i = 0; i < 3; i++) expect((await post(once)).status).toBe(200);
    await sent();
    await app.engine.idle();
    await app.engine.outbox.idle();
    expect(connector.calls(messageActivity)).toHaveLength(1);
    expect((await app.messages()).filter((m) => m.direction === 'inbound')).toHaveLength(1);
  });

  test('conversation updates and typing are acknowledged and store nothing', async () => {
    await start();
    expect((await post(activity(connector.url, { type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '28:bot' }] }))).status).toBe(200);
    expect((await post(activity(connector.url, { type: 'typing', text: undefined }))).status).toBe(200);
    expect(await app.messages()).toEqual([]);
  });

  test('malformed bodies are refused with 400 and an oversize one with 413; nothing is stored', async () => {
    await start({ maxBodyBytes: 4096 });
    const bad = ['{"type": "message",', '[1]', '{"text": "no type"}', activity(connector.url, { from: undefined }), activity(connector.url, { serviceUrl: 'not a url' })];
    for (const body of bad) expect((await post(body)).status).toBe(400);
    expect((await post(activity(connector.url, { text: 'x'.repeat(10_000) }))).status).toBe(413);
    expect(await app.messages()).toEqual([]);
  });

  test('a 429 is retried after its Retry-After and a 500 is retried; a 403 is permanent and not retried', async () => {
    await start();
    connector.queue(messageActivity, { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'Throttled' } } });
    await post(activity(connector.url, { text: 'one' }));
    const calls = await connector.waitFor(messageActivity, 2);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(990);

    connector.queue(messageActivity, { status: 500, body: {} });
    await post(activity(connector.url, { text: 'two' }));
    await connector.waitFor(messageActivity, 4);

    connector.queue(messageActivity, { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } });
    await post(activity(connector.url, { text: 'three' }));
    await eventually(async () => {
      const out = (await app.messages()).filter((m) => m.direction === 'outbound');
      expect(out.map((m) => m.status)).toEqual(['sent', 'sent', 'failed']);
      expect(out[2].error).toMatch(/teams sendActivity failed \(HTTP 403\)/);
    });
    await app.engine.outbox.poll();
    await app.engine.outbox.idle();
    expect(connector.calls(messageActivity)).toHaveLength(5);
  });

  test('with an app id configured, requests without a valid token are refused with 401 and nothing is stored', async () => {
    await start({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret', authSettings: { ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/none', ToBotFromEmulatorOpenIdMetadataUrl: 'http://127.0.0.1:9/none' } });
    expect((await post(activity(connector.url))).status).toBe(401);
    expect((await post(activity(connector.url), { authorization: 'Bearer not-a-jwt' })).status).toBe(401);
    expect((await post(activity(connector.url), { authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(401);
    expect(await app.messages()).toEqual([]);
    expect(connector.requests).toEqual([]);
  });
});

describe('Teams conversation references', () => {
  test('kept in SQL, they let another adapter instance send later (the outbox after a restart)', async () => {
    const connector = await fakeConnector().start();
    const sql = new SqliteDriver(':memory:');
    try {
      const first = new TeamsChannel({ references: new SqlReferenceStore(sql) });
      const app = await serveAdapter(first);
      await fetch(`${app.url}/api/botframework/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(connector.url, { text: 'remember me' })) });
      await connector.waitFor(messageActivity);
      await app.close();

      const later = new TeamsChannel({ references: new SqlReferenceStore(sql) });
      await (new SqlReferenceStore(sql)).init();
      const message = { id: 'm1', channel: 'teams', address: '29:u1', text: 'Your parcel has shipped', direction: 'outbound', author: 'bot', status: 'sending' } as Message;
      expect(await later.send(message)).toEqual({ channelMessageId: expect.stringMatching(/^sent-\d+$/) });
      const body = JSON.parse(connector.calls(messageActivity)[1].body);
      expect(body).toMatchObject({ text: 'Your parcel has shipped', conversation: { id: 'a:conv-1' }, recipient: { id: '29:u1' } });
    } finally {
      await connector.close();
      await sql.close();
    }
  });

  test('sending to someone who never wrote is a permanent error saying why', async () => {
    const channel = new TeamsChannel();
    const message = { id: 'm1', channel: 'teams', address: '29:nobody', text: 'hi' } as Message;
    const error = await channel.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error).toMatchObject({ permanent: true, channel: 'teams' });
    expect((error as Error).message).toMatch(/must message the bot first/);
  });
});

describe('Teams channel configuration', () => {
  test('incomplete credentials are a ConfigError naming the missing variable', () => {
    expect(() => new TeamsChannel({ appId: 'abc' })).toThrow(ConfigError);
    expect(() => new TeamsChannel({ appId: 'abc' })).toThrow(/MICROSOFT_APP_PASSWORD/);
    expect(() => new TeamsChannel({ appPassword: 'x' })).toThrow(/MICROSOFT_APP_ID/);
    expect(() => new TeamsChannel({ appId: 'abc', appPassword: 'x', appType: 'SingleTenant' })).toThrow(/MICROSOFT_APP_TENANT_ID/);
    expect(new TeamsChannel({ appId: 'abc', appPassword: 'x' }).authenticated).toBe(true);
    expect(new TeamsChannel().authenticated).toBe(false);
  });
});
