import { SocketModeReceiver } from '@slack/bolt';
import { Bot } from '../../core/bot';
import { ConfigError } from '../../core/errors';
import { SlackChannel } from '../../channels/slack/adapter';
import { FakeProvider, eventually, serveAdapter, type Served } from './support';
import { SIGNING_SECRET, click, dm, envelope, fakeSlack, fields, signed } from './slack-fake';

describe('Slack channel (Bolt, over loopback to a fake Slack API)', () => {
  let slack: FakeProvider;
  let app: Served;

  async function start(options: { paceMs?: number; bot?: Bot; maxBodyBytes?: number } = {}) {
    slack = await fakeSlack().start();
    const channel = new SlackChannel({
      signingSecret: SIGNING_SECRET,
      botToken: 'xoxb-test',
      apiUrl: `${slack.url}/api/`,
      paceMs: options.paceMs ?? 0,
      maxBodyBytes: options.maxBodyBytes,
    });
    app = await serveAdapter(channel, options.bot);
  }

  afterEach(async () => {
    await app?.close();
    await slack?.close();
  });

  const post = (path: string, body: string, headers = signed(body)) => fetch(`${app.url}${path}`, { method: 'POST', headers, body });
  const event = (body: string, headers?: Record<string, string>) => post('/api/slack/events', body, headers);

  test('url_verification is answered with the challenge', async () => {
    await start();
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    const res = await event(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'abc123' });
  });

  test('a direct message is stored, acknowledged, and answered with chat.postMessage; the profile comes from users.info', async () => {
    await start();
    const res = await event(envelope(dm('hello there')));
    expect(res.status).toBe(200);
    const [call] = await slack.waitFor('chat.postMessage');
    expect(call.headers.authorization).toBe('Bearer xoxb-test');
    expect(fields(call)).toMatchObject({ channel: 'D1', text: 'echo: hello there' });
    expect(fields(call).thread_ts).toBeUndefined(); // a top-level DM is answered at top level
    const customer = await app.store.findCustomerByAddress('slack', 'U1');
    expect(customer?.profile).toMatchObject({ name: 'Ann Example', email: 'ann@example.com', locale: 'en-GB' });
    expect((await app.store.addresses(customer!.id))[0].verified).toBe(true);
    // The workspace-verified e-mail links this person to the same customer on other channels.
    expect(await app.store.sql.all(`SELECT kind, value FROM identities WHERE customer_id = ?`, [customer!.id])).toEqual([{ kind: 'email', value: 'ann@example.com' }]);
    await eventually(async () => expect((await app.messages()).map((m) => [m.direction, m.status])).toEqual([['inbound', 'processed'], ['outbound', 'sent']]));
  });

  test('the request is acknowledged once stored; the turn runs after the acknowledgement', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const bot = new Bot({ name: 'slow' });
    bot.use(async (ctx) => {
      await gate;
      await ctx.reply('done');
    });
    await start({ bot });
    const res = await event(envelope(dm('take your time')));
    expect(res.status).toBe(200);
    const [stored] = await app.messages();
    expect(stored).toMatchObject({ direction: 'inbound', status: 'pending', text: 'take your time' });
    expect(slack.calls('chat.postMessage')).toHaveLength(0);
    release();
    expect(fields((await slack.waitFor('chat.postMessage'))[0]).text).toBe('done');
  });

  test('an app mention is answered in a thread under it, with the mention stripped; a thread reply stays in its thread', async () => {
    await start();
    await event(envelope({ type: 'app_mention', channel: 'C9', user: 'U1', text: '<@UBOT> where is my order?', ts: '1700000100.000100' }));
    const [first] = await slack.waitFor('chat.postMessage');
    expect(fields(first)).toMatchObject({ channel: 'C9', thread_ts: '1700000100.000100', text: 'echo: where is my order?' });

    await event(envelope({ type: 'app_mention', channel: 'C9', user: 'U1', text: '<@UBOT> thanks', ts: '1700000200.000100', thread_ts: '1700000150.000100' }));
    const calls = await slack.waitFor('chat.postMessage', 2);
    expect(fields(calls[1])).toMatchObject({ channel: 'C9', thread_ts: '1700000150.000100', text: 'echo: thanks' });
    const inbound = (await app.messages()).filter((m) => m.direction === 'inbound');
    expect(inbound.map((m) => m.thread)).toEqual(['C9:1700000100.000100', 'C9:1700000150.000100']);
  });

  test('buttons are offered as Block Kit and a click through interactivity is the chosen payload', async () => {
    await start();
    await event(envelope(dm('menu')));
    const [offer] = await slack.waitFor('chat.postMessage');
    const blocks = fields(offer).blocks as Array<Record<string, any>>;
    expect(blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Pick *one*' } });
    expect(blocks[1].type).toBe('actions');
    expect(blocks[1].elements.map((e: any) => [e.text.text, e.value])).toEqual([
      ['Track order', 'TRACK'],
      ['Returns', 'RETURNS'],
    ]);

    const body = click('RETURNS', 'Returns', 1);
    const res = await post('/api/slack/interactivity', body, signed(body, undefined, undefined, 'application/x-www-form-urlencoded'));
    expect(res.status).toBe(200);
    const calls = await slack.waitFor('chat.postMessage', 2);
    expect(fields(calls[1])).toMatchObject({ channel: 'D1', text: 'chose RETURNS' });
    const chosen = (await app.messages()).filter((m) => m.direction === 'inbound')[1];
    expect(chosen).toMatchObject({ text: 'Returns', payload: 'RETURNS' });
  });

  test('a shared file arrives as an attachment', async () => {
    await start();
    const files = [{ id: 'F1', name: 'receipt.pdf', mimetype: 'application/pdf', url_private: 'https://files.slack.com/F1/receipt.pdf', size: 2048 }];
    await event(envelope(dm('', { subtype: 'file_share', files })));
    const [call] = await slack.waitFor('chat.postMessage');
    expect(fields(call).text).toBe('got 1 attachment(s): receipt.pdf');
    const [inbound] = await app.messages();
    expect(inbound.attachments).toEqual([{ type: 'file', name: 'receipt.pdf', mimeType: 'application/pdf', url: files[0].url_private, size: 2048 }]);
  });

  test('a redelivered event (X-Slack-Retry-Num) and a repeated event_id are processed once', async () => {
    await start();
    const body = envelope(dm('once please'), 'EvSAME');
    expect((await event(body)).status).toBe(200);
    const retry = { ...signed(body), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
    expect((await event(body, retry)).status).toBe(200);
    expect((await event(body)).status).toBe(200);
    await slack.waitFor('chat.postMessage');
    await app.engine.idle();
    await app.engine.outbox.idle();
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
    expect((await app.messages()).filter((m) => m.direction === 'inbound')).toHaveLength(1);
  });

  test("the bot's own messages, other bots and edits are ignored", async () => {
    await start();
    for (const ignored of [
      dm('my own reply', { user: 'UBOT', bot_id: 'BBOT' }),
      dm('another bot', { bot_id: 'BOTHER', subtype: 'bot_message' }),
      { type: 'message', subtype: 'message_changed', channel: 'D1', channel_type: 'im', ts: '1.2', message: { text: 'edited', user: 'U1' } },
      { type: 'message', channel: 'C1', channel_type: 'channel', user: 'U1', text: 'chatter in a channel', ts: '1.3' },
    ]) {
      expect((await event(envelope(ignored))).status).toBe(200);
    }
    expect(await app.messages()).toEqual([]);
    expect(slack.calls('chat.postMessage')).toEqual([]);
  });

  test('forged, expired, future-dated and unsigned requests are refused with 401 and nothing is stored', async () => {
    await start();
    const body = envelope(dm('sneaky'));
    const good = signed(body);
    const forged = { ...good, 'x-slack-signature': good['x-slack-signature'].replace('v0=', 'v0=00') };
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      forged,
      signed(body, now - 600), // ten minutes old
      signed(body, now + 600),
      signed(body, now, 'the-wrong-secret'),
      { 'content-type': 'application/json' },
    ];
    for (const headers of cases) {
      const res = await event(body, headers);
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatch(/signature|timestamp|signed/i);
    }
    const form = click('TRACK', 'Track order');
    expect((await post('/api/slack/interactivity', form, { ...signed(form, now - 600), 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(401);
    expect(await app.messages()).toEqual([]);
  });

  test('malformed bodies are refused with 400 and nothing is stored', async () => {
    await start();
    const bad = [
      '{"type": "event_callback", "event":',
      JSON.stringify({ type: 'event_callback', event: { type: 'message' } }), // no event_id
      envelope({ type: 'message', channel: 'D1', channel_type: 'im', text: 'who am I?', ts: '1.1' }), // no user
      '[1,2,3]',
    ];
    for (const body of bad) expect((await event(body)).status).toBe(400);
    const noPayload = 'foo=bar';
    const form = { ...signed(noPayload), 'content-type': 'application/x-www-form-urlencoded' };
    expect((await post('/api/slack/interactivity', noPayload, form)).status).toBe(400);
    const badPayload = new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', actions: [] }) }).toString();
    expect((await post('/api/slack/interactivity', badPayload, { ...signed(badPayload), 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
    expect(await app.messages()).toEqual([]);
  });

  test('an oversize body is refused with 413 and nothing is stored', async () => {
    await start({ maxBodyBytes: 4096 });
    const body = envelope(dm('x'.repeat(10_000)));
    expect((await event(body)).status).toBe(413);
    expect(await app.messages()).toEqual([]);
  });

  test('a 429 is retried after its Retry-After; a 500 is retried', async () => {
    await start();
    slack.queue('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    await event(envelope(dm('slow down')));
    const calls = await slack.waitFor('chat.postMessage', 2);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(990);
    expect(fields(calls[1]).text).toBe('echo: slow down');

    slack.queue('chat.postMessage', { status: 500, body: { ok: false } });
    await event(envelope(dm('again')));
    await slack.waitFor('chat.postMessage', 4);
    await eventually(async () => expect((await app.messages()).filter((m) => m.direction === 'outbound').map((m) => m.status)).toEqual(['sent', 'sent']));
  });

  test('a permanent error (channel_not_found) is recorded on the message and not retried', async () => {
    await start();
    slack.queue('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await event(envelope(dm('where did you go')));
    await eventually(async () => {
      const out = (await app.messages()).find((m) => m.direction === 'outbound');
      expect(out?.status).toBe('failed');
      expect(out?.error).toMatch(/slack chat\.postMessage failed.*channel_not_found.*invite the app/);
    });
    await app.engine.outbox.poll();
    await app.engine.outbox.idle();
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
  });

  test('messages to one conversation are paced', async () => {
    const bot = new Bot({ name: 'chatty' });
    bot.use(async (ctx) => {
      for (const n of [1, 2, 3]) await ctx.reply(`part ${n}`);
    });
    await start({ paceMs: 250, bot });
    await event(envelope(dm('tell me everything')));
    const calls = await slack.waitFor('chat.postMessage', 3);
    expect(calls.map((c) => fields(c).text)).toEqual(['part 1', 'part 2', 'part 3']);
    // Sends start 250 ms apart; arrival times add request latency, hence the margin. The exact
    // spacing is tested with fake timers in slack-pacer.test.ts.
    for (let i = 1; i < calls.length; i++) expect(calls[i].at - calls[i - 1].at).toBeGreaterThanOrEqual(150);
  });
});

describe('Slack channel configuration', () => {
  test('a missing bot token or signing secret is a ConfigError naming the variable', () => {
    expect(() => new SlackChannel({ botToken: '', signingSecret: 's' })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => new SlackChannel({ botToken: 'xoxb-1' })).toThrow(ConfigError);
    expect(() => new SlackChannel({ botToken: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => new SlackChannel({ botToken: 'xoxb-1', appToken: 'xoxb-not-an-app-token' })).toThrow(/SLACK_APP_TOKEN/);
  });

  test('an app token selects Socket Mode: Bolt’s SocketModeReceiver, no HTTP routes', () => {
    const channel = new SlackChannel({ botToken: 'xoxb-1', appToken: 'xapp-1-test' });
    expect(channel.socketMode).toBe(true);
    expect((channel as unknown as { receiver: unknown }).receiver).toBeInstanceOf(SocketModeReceiver);
    expect(channel.routes().routes).toEqual([]);
    const http = new SlackChannel({ botToken: 'xoxb-1', signingSecret: 's' });
    expect(http.routes().routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/slack/events', 'POST /api/slack/interactivity']);
  });
});
