import { smsKeyword } from '../../channels/sms/keywords';
import { smsSegments } from '../../channels/sms/segments';
import { sms } from '../../channels/sms';
import { SmsChannel } from '../../channels/sms/adapter';
import { ConfigError } from '../../core/errors';
import { silentLogger } from '../../core/logger';
import { nextId, startHarness, type ChannelHarness } from './conformance';
import { until } from './fake-provider';
import { TWILIO, signedForm, smsFixture, smsSender } from './sms.fixture';
import { OptOuts } from '../../core/services';

describe('SMS segments and keywords', () => {
  test('GSM-7 text costs 160 characters per segment, 153 when concatenated', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(smsSegments('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(smsSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
    // Extended characters take an escape: 80 euro signs are 160 septets.
    expect(smsSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
  });

  test('one character outside GSM-7 makes the whole message UCS-2 (70 per segment)', () => {
    expect(smsSegments('Grüße ✓')).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(smsSegments('ł' + 'a'.repeat(70))).toMatchObject({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(smsSegments('😀'.repeat(35))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 });
  });

  test('keywords match the whole message, any case, with or without accents', () => {
    expect(smsKeyword('stop')).toEqual({ keyword: 'opt-out', locale: 'en' });
    expect(smsKeyword(' Stop! ')).toMatchObject({ keyword: 'opt-out' });
    for (const w of ['STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'baja', 'PARAR', 'Stopp', 'abmelden', 'ARRET', 'Arrêt']) {
      expect(smsKeyword(w)?.keyword).toBe('opt-out');
    }
    expect(smsKeyword('Arrêt')?.locale).toBe('fr');
    expect(smsKeyword('START')?.keyword).toBe('opt-in');
    expect(smsKeyword('unstop')?.keyword).toBe('opt-in');
    expect(smsKeyword('HELP')?.keyword).toBe('help');
    expect(smsKeyword('please stop sending')).toBeUndefined();
    expect(smsKeyword('stop it')).toBeUndefined();
  });
});

describe('SMS settings', () => {
  const full = { TWILIO_ACCOUNT_SID: TWILIO.sid, TWILIO_AUTH_TOKEN: 'x', TWILIO_PHONE_NUMBER: TWILIO.from, PUBLIC_URL: 'https://bot.example.test' };

  test('no Twilio variable: the channel is off, whatever PUBLIC_URL says', () => {
    expect(sms.configure({})).toBeUndefined();
    expect(sms.configure({ PUBLIC_URL: 'https://bot.example.test' })).toBeUndefined();
  });

  test('an account SID without its token says which variable is missing', () => {
    expect(() => sms.configure({ TWILIO_ACCOUNT_SID: TWILIO.sid, TWILIO_PHONE_NUMBER: TWILIO.from })).toThrow(ConfigError);
    expect(() => sms.configure({ TWILIO_ACCOUNT_SID: TWILIO.sid, TWILIO_PHONE_NUMBER: TWILIO.from })).toThrow(
      /SMS \(Twilio\) is half-configured: set TWILIO_AUTH_TOKEN \(or channels\.sms\.authToken in bot\.yaml\)/,
    );
  });

  test('PUBLIC_URL is required: Twilio signs it', () => {
    expect(() => sms.configure({ ...full, PUBLIC_URL: '' })).toThrow(/PUBLIC_URL.*the https URL Twilio calls/);
    expect(() => sms.configure({ ...full, PUBLIC_URL: 'bot.example.test' })).toThrow(/PUBLIC_URL .*must start with https:\/\//);
  });

  test('values are checked, and switches read as the environment writes them', () => {
    expect(() => sms.configure({ ...full, TWILIO_ACCOUNT_SID: 'SK123' })).toThrow(/TWILIO_ACCOUNT_SID .*must start with "AC"/);
    expect(sms.configure(full)).toMatchObject({ accountSid: TWILIO.sid, lookupSent: true });
    expect(sms.configure({ ...full, TWILIO_LOOKUP_SENT: 'off' })).toMatchObject({ lookupSent: false });
    expect(() => sms.configure({ ...full, TWILIO_LOOKUP_SENT: 'maybe' })).toThrow(/TWILIO_LOOKUP_SENT/);
  });

  test('bot.yaml channels.sms holds the same settings; the environment wins', () => {
    const channels = { sms: { accountSid: TWILIO.sid, authToken: 'yaml', phoneNumber: TWILIO.from, publicUrl: 'https://yaml.example.test', lookupSent: false } };
    expect(sms.configure({ TWILIO_AUTH_TOKEN: 'env' }, channels)).toMatchObject({ authToken: 'env', publicUrl: 'https://yaml.example.test', lookupSent: false });
  });
});

describe('SMS channel over HTTP', () => {
  let h: ChannelHarness;
  beforeAll(async () => {
    h = await startHarness(smsFixture);
  });
  afterAll(async () => h && (await h.close()));

  const text = (from: string, body: string) => h.deliver(smsFixture.inbound({ id: nextId('SM'), from, text: body }, h.urls));
  const sentTo = (to: string) => h.sends().filter((s) => s.to === to);
  const smsAdapter = () => h.app.channels.find((c): c is SmsChannel => c instanceof SmsChannel)!;
  const settle = async () => {
    await h.app.engine.idle();
    await h.app.engine.outbox.idle();
  };

  test('the webhook is answered with empty TwiML', async () => {
    const res = await text(smsSender(), 'hi');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/xml/);
    expect(await res.text()).toMatch(/<Response\/>$/);
  });

  test('STOP opts out: only the confirmation goes out, then nothing until START', async () => {
    const from = smsSender();
    await text(from, 'hello');
    await until(() => sentTo(from).length === 1, 'the first reply');

    await text(from, 'STOP');
    await until(() => sentTo(from).length === 2, 'the opt-out confirmation');
    expect(sentTo(from)[1].text).toMatch(/unsubscribed/);

    await text(from, 'are you there?');
    await settle();
    expect(sentTo(from)).toHaveLength(2);
    const skipped = (await h.messages()).filter((m) => m.address === from && m.status === 'skipped');
    expect(skipped.map((m) => m.error)).toEqual(['opted-out']);

    // An agent's or a proactive message is declined at delivery the same way.
    const conversation = (await h.messages()).find((m) => m.address === from)!.conversationId;
    const [agentMessage] = await h.app.engine.send(conversation, 'An agent writes', { author: 'agent' });
    await settle();
    expect(await h.app.store.getMessage(agentMessage.id)).toMatchObject({ status: 'skipped', error: 'opted-out' });
    expect(sentTo(from)).toHaveLength(2);

    await text(from, 'START');
    await until(() => sentTo(from).length === 3, 'the opt-in confirmation');
    expect(sentTo(from)[2].text).toMatch(/resubscribed/);
    await text(from, 'back again');
    await until(() => sentTo(from).length === 4, 'a normal reply');
    expect(sentTo(from)[3].text).toBe('echo: back again');
  });

  test('localized opt-out is confirmed in its language; START when not opted out is just text', async () => {
    const from = smsSender();
    await text(from, 'Arrêt');
    await until(() => sentTo(from).length === 1, 'the confirmation');
    expect(sentTo(from)[0].text).toMatch(/désinscrit/);

    const other = smsSender();
    await text(other, 'START');
    await until(() => sentTo(other).length === 1, 'a reply');
    expect(sentTo(other)[0].text).toBe('echo: START');
  });

  test('other modules see the opt-out book as the OptOuts service', async () => {
    const from = smsSender();
    const optOuts = h.app.bot.services.get(OptOuts)!;
    await text(from, 'STOP');
    await until(() => sentTo(from).length === 1, 'the opt-out confirmation');
    expect(await optOuts.isOptedOut('sms', from)).toBe(true);
    expect(await optOuts.isOptedOut('whatsapp', from)).toBe(false);
    await text(from, 'START');
    await until(() => sentTo(from).length === 2, 'the opt-in confirmation');
    expect(await optOuts.isOptedOut('sms', from)).toBe(false);
  });

  test("HELP answers with the bot's help text", async () => {
    const from = smsSender();
    await text(from, 'help');
    await until(() => sentTo(from).length === 1, 'the help text');
    expect(sentTo(from)[0].text).toBe('Conformance bot. Reply STOP to unsubscribe.');
  });

  test('a reply already queued when STOP arrives is declined at delivery: skipped, not sent, not failed', async () => {
    const from = smsSender();
    await text(from, 'hello');
    await until(() => sentTo(from).length === 1, 'the first reply');
    const conversation = (await h.messages()).find((m) => m.address === from)!.conversationId;
    // Nothing reads consent when a reply is committed: a STOP recorded before delivery is what counts.
    await smsAdapter().consent.set('sms', from, true);
    const [queued] = await h.app.engine.send(conversation, 'late news');
    expect(queued.status).toBe('pending');
    await settle();
    const mine = (await h.messages()).filter((m) => m.address === from && m.direction === 'outbound');
    expect(mine.filter((m) => m.status === 'skipped').map((m) => m.error)).toEqual(['opted-out']);
    expect(mine.filter((m) => m.status === 'failed')).toEqual([]);
    expect(sentTo(from)).toHaveLength(1);
  });

  test('consent is read once per outbound message, however many parts it is sent in', async () => {
    const from = smsSender();
    const reads = jest.spyOn(smsAdapter().consent, 'isOptedOut');
    try {
      await text(from, 'long');
      await until(() => sentTo(from).length === 2, 'two parts');
      await settle();
      expect(reads.mock.calls.filter(([, address]) => address === from)).toHaveLength(1);
    } finally {
      reads.mockRestore();
    }
  });

  test('long replies are split under 1600 characters with segment counts recorded', async () => {
    const from = smsSender();
    await text(from, 'long');
    await until(() => sentTo(from).length === 2, 'two parts');
    for (const part of sentTo(from)) {
      expect(part.text!.length).toBeLessThanOrEqual(1600);
      expect(part.text).toMatch(/\.$/); // cut on a sentence boundary
    }
    const out = await until(async () => (await h.messages()).find((m) => m.address === from && m.status === 'sent'), 'sent');
    const parts = sentTo(from).map((p) => p.text!);
    const expected = parts.map((p) => smsSegments(p).segments).reduce((a, b) => a + b, 0);
    expect(out.metadata?.sms).toEqual({ encoding: 'GSM-7', segments: expected, parts: 2 });
  });

  test('status callbacks are verified and recorded on the message', async () => {
    const from = smsSender();
    await text(from, 'track me');
    const out = await until(async () => (await h.messages()).find((m) => m.address === from && m.status === 'sent'), 'sent');
    const params = { MessageSid: out.channelMessageId!, MessageStatus: 'delivered', AccountSid: TWILIO.sid, To: from };
    const forged = signedForm('/api/twilio/status', params, h.urls);
    forged.headers['x-twilio-signature'] = 'AAAA';
    expect((await h.deliver(forged)).status).toBe(403);
    expect((await h.app.store.getMessage(out.id))?.metadata?.delivery).toBeUndefined();

    expect((await h.deliver(signedForm('/api/twilio/status', params, h.urls))).status).toBe(204);
    const failed = { ...params, MessageStatus: 'undelivered', ErrorCode: '30003' };
    expect((await h.deliver(signedForm('/api/twilio/status', failed, h.urls))).status).toBe(204);
    const delivery = (await h.app.store.getMessage(out.id))?.metadata?.delivery as { status: string; error?: string; history: unknown[] };
    expect(delivery).toMatchObject({ status: 'undelivered', error: 'Twilio error 30003' });
    expect(delivery.history).toHaveLength(2);
  });

  test('a status callback that overtakes the send’s bookkeeping is recorded a moment later, by a durable job', async () => {
    const from = smsSender();
    await text(from, 'early report');
    const out = await until(async () => (await h.messages()).find((m) => m.address === from && m.status === 'sent'), 'sent');
    const sid = nextId('SMlate');
    const params = { MessageSid: sid, MessageStatus: 'delivered', AccountSid: TWILIO.sid, To: from };
    expect((await h.deliver(signedForm('/api/twilio/status', params, h.urls))).status).toBe(204);
    // No message has that id yet: the report waits in the store as a job, not in a timer.
    expect(await h.app.store.sql.all(`SELECT name FROM scheduled_jobs WHERE name = 'sms.delivery-report'`)).toEqual([{ name: 'sms.delivery-report' }]);
    // The send's bookkeeping lands (the provider id is stored on the message); the job then finds it.
    await h.app.store.sql.run(`UPDATE messages SET channel_message_id = ? WHERE id = ?`, [sid, out.id]);
    const delivery = await until(async () => (await h.app.store.getMessage(out.id))?.metadata?.delivery as { status: string } | undefined, 'the report recorded');
    expect(delivery).toMatchObject({ status: 'delivered' });
  });

  test('the request the SDK made carries the status callback URL and the configured sender', async () => {
    const from = smsSender();
    await text(from, 'check request');
    await until(() => sentTo(from).length === 1, 'a reply');
    const call = h.provider.calls.find((c) => new URLSearchParams(c.body).get('To') === from)!;
    expect(call.path).toBe(`/2010-04-01/Accounts/${TWILIO.sid}/Messages.json`);
    expect(call.headers.authorization).toBe('Basic ' + Buffer.from(`${TWILIO.sid}:${TWILIO.token}`).toString('base64'));
    const form = new URLSearchParams(call.body);
    expect(form.get('From')).toBe(TWILIO.from);
    expect(form.get('StatusCallback')).toBe(`${h.urls.publicUrl}/api/twilio/status`);
  });
});

describe('start-up configuration', () => {
  test('a half-configured channel stops the app from starting, naming the variable', async () => {
    const { createApp } = await import('../../server/app');
    const { join } = await import('node:path');
    await expect(
      createApp({
        botDir: join(__dirname, 'bot'),
        databaseUrl: ':memory:',
        env: { TWILIO_ACCOUNT_SID: TWILIO.sid, TWILIO_PHONE_NUMBER: TWILIO.from, PUBLIC_URL: 'https://x.test' },
        logger: silentLogger(),
      }),
    ).rejects.toThrow(/TWILIO_AUTH_TOKEN/);
  });
});

describe('MMS out', () => {
  let h: ChannelHarness;
  beforeAll(async () => {
    h = await startHarness(smsFixture);
  });
  afterAll(async () => h && (await h.close()));

  test('attachments with a URL go as mediaUrl', async () => {
    const from = smsSender();
    await h.deliver(smsFixture.inbound({ id: nextId('SM'), from, text: 'hi' }, h.urls));
    await until(() => h.sends().some((s) => s.to === from), 'a reply');
    const conversation = (await h.messages()).find((m) => m.address === from)!.conversationId;
    await h.app.engine.send(conversation, { text: 'Your label', attachments: [{ type: 'image', url: 'https://cdn.example.test/label.png' }] });
    const call = await until(() => h.provider.calls.find((c) => new URLSearchParams(c.body).get('Body') === 'Your label'), 'the MMS');
    expect(new URLSearchParams(call.body).get('MediaUrl')).toBe('https://cdn.example.test/label.png');
  });
});
