import { SmsChannel } from '../../channels/sms/adapter';
import type { Message } from '../../core/message';
import { SqliteDriver } from '../../core/storage/sqlite';
import { migrate } from '../../core/storage/sql';
import { consentMigrations } from '../../channels/sms/consent';
import { FakeTwilio } from '../../testkit/scale/fake-twilio';
import { TWILIO } from './sms.fixture';

/** The SMS channel's crash lookup: the Twilio SDK's `messages.list` against a local fake Twilio. */
describe('SMS: looking a send of unknown outcome up in Twilio’s message list', () => {
  let twilio: FakeTwilio;
  let sql: SqliteDriver;
  beforeEach(async () => {
    twilio = await FakeTwilio.start(0);
    sql = new SqliteDriver(':memory:');
    await migrate(sql, consentMigrations);
  });
  afterEach(async () => {
    await twilio.close();
    await sql.close();
  });

  const channel = (options: { lookupSent?: boolean } = {}) =>
    new SmsChannel({ accountSid: TWILIO.sid, authToken: TWILIO.token, phoneNumber: TWILIO.from, publicUrl: 'https://bot.example', apiBase: twilio.url, sql, ...options });
  const reply = (text: string, address = '+15550001111'): Message => ({
    id: `msg_${text.length}`,
    channel: 'sms',
    direction: 'outbound',
    author: 'bot',
    customerId: 'cus_1',
    conversationId: 'cnv_1',
    address,
    text,
    status: 'sending',
    createdAt: Date.now(),
  });

  test('a message Twilio has is found (with its sid); another text, another number or an older message is not', async () => {
    const sms = channel();
    await sms.send(reply('#1 where is my order'));
    const since = Date.now() - 1000;
    expect(await sms.lookupSent!(reply('#1 where is my order'), since)).toMatchObject({ channelMessageId: twilio.sent[0].sid });
    expect(await sms.lookupSent!(reply('#2 thanks'), since)).toBeUndefined();
    expect(await sms.lookupSent!(reply('#1 where is my order', '+15550002222'), since)).toBeUndefined();
    // Created well before the attempt began (beyond the clock-skew margin): an earlier, equal reply.
    expect(await sms.lookupSent!(reply('#1 where is my order'), Date.now() + 3_600_000)).toBeUndefined();
    const lists = twilio.requests.filter((r) => r.method === 'GET');
    expect(new URL(lists[0].path, 'http://x').searchParams.get('To')).toBe('+15550001111');
    expect(new URL(lists[0].path, 'http://x').searchParams.get('From')).toBe(TWILIO.from);
  });

  test('turned off (an API key without read access), the channel has no lookup', () => {
    expect(channel({ lookupSent: false }).lookupSent).toBeUndefined();
    expect(channel().lookupSent).toEqual(expect.any(Function));
  });
});
