import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { createApp, type App } from '../../server/app';
import { FakeProvider, until } from '../channels/fake-provider';
import { signedForm, smsFixture, TWILIO } from '../channels/sms.fixture';
import { envelope, signedPayload, waMessage, whatsappFixture } from '../channels/whatsapp.fixture';

const PUBLIC = 'https://bot.example.test';

/**
 * The real Twilio and WhatsApp adapters, signed webhooks over loopback, official SDKs talking to a
 * fake provider: a customer who texts and then writes on WhatsApp from the same number is one
 * customer, and their form goes on across the two channels.
 */
describe('SMS and WhatsApp from one number through the real adapters', () => {
  let app: App;
  let provider: FakeProvider;
  let base: string;
  beforeAll(async () => {
    provider = await FakeProvider.start((call) => (/Messages\.json/.test(call.path) ? smsFixture.answer(call) : whatsappFixture.answer(call)));
    const urls = { provider: provider.url, publicUrl: PUBLIC };
    app = await createApp({
      botDir: join(__dirname, '..', 'fixtures', 'form-bot'),
      databaseUrl: ':memory:',
      env: { ...smsFixture.env(urls), ...whatsappFixture.env(urls) },
      logger: silentLogger(),
    });
    base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    await app.close();
    await provider.close();
  });

  const post = async (r: { path: string; headers: Record<string, string>; body: string }) => {
    const res = await fetch(base + r.path, { method: 'POST', headers: r.headers, body: r.body });
    expect(res.status).toBeLessThan(300);
  };
  const sentTo = (channel: 'sms' | 'whatsapp') =>
    provider.calls.map((c) => (channel === 'sms' ? smsFixture.sent(c) : whatsappFixture.sent(c))).filter(Boolean) as Array<{ to: string; text?: string }>;

  test('one customer, one conversation, replies on the channel used last', async () => {
    await post(signedForm('/api/twilio/sms', { AccountSid: TWILIO.sid, MessageSid: 'SMlink1', From: '+15557770001', To: TWILIO.from, Body: 'I want to return something', NumMedia: '0' }, { provider: provider.url, publicUrl: PUBLIC }));
    await until(() => sentTo('sms').find((s) => s.text === 'Which order number?'), 'the SMS question');

    await post(signedPayload(envelope({ contacts: [{ profile: { name: 'Ann' }, wa_id: '15557770001' }], messages: [waMessage({ id: 'wamid.link1', from: '15557770001', text: 'W-42' })] })));
    const reply = await until(() => sentTo('whatsapp').find((s) => s.text?.includes('W-42')), 'the WhatsApp reply');
    expect(reply.text).toBe('Why are you returning order W-42?');

    const bySms = await app.store.findCustomerByAddress('sms', '+15557770001');
    const byWhatsApp = await app.store.findCustomerByAddress('whatsapp', '15557770001');
    expect(byWhatsApp!.id).toBe(bySms!.id);
    const identities = await app.store.sql.all(`SELECT kind, value FROM identities WHERE customer_id = ?`, [bySms!.id]);
    expect(identities).toEqual([{ kind: 'phone', value: '+15557770001' }]);
  });
});
