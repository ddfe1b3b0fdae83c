import { classifyTwilioError, TwilioHttpError } from '../../channels/sms/twilio';
import { GraphClient } from '../../channels/whatsapp/graph';
import { ChannelSendError } from '../../core/errors';
import { FakeProvider } from './fake-provider';

describe('outbound error classification', () => {
  test('Twilio: invalid and opted-out numbers are permanent, with channel, method, status and payload', () => {
    for (const code of [21211, 21610]) {
      const err = classifyTwilioError(new TwilioHttpError(400, JSON.stringify({ code, message: 'x' }), {}), 'messages.create');
      expect(err).toBeInstanceOf(ChannelSendError);
      expect(err).toMatchObject({ channel: 'sms', method: 'messages.create', status: 400, permanent: true, payload: { code } });
      expect(err.message).toContain(`Twilio error ${code}`);
    }
    expect(classifyTwilioError(new TwilioHttpError(400, '{"code":21610}', {}), 'm').message).toMatch(/opted out/);
  });

  test('Twilio: 429 and 5xx are retried, Retry-After in seconds or as a date', () => {
    const throttled = classifyTwilioError(new TwilioHttpError(429, '{"code":20429}', { 'Retry-After': '3' }), 'm');
    expect(throttled).toMatchObject({ permanent: false, status: 429, retryAfterMs: 3000 });
    const later = new Date(Date.now() + 10_000).toUTCString();
    const dated = classifyTwilioError(new TwilioHttpError(503, 'Service Unavailable', { 'retry-after': later }), 'm');
    expect(dated.permanent).toBe(false);
    expect(dated.retryAfterMs).toBeGreaterThan(8000);
    // A network failure has no status: retried.
    expect(classifyTwilioError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'm').permanent).toBe(false);
  });

  test('Graph API: window closed (131047) and 400s are permanent; 429, throttling codes and 5xx are retried', async () => {
    const replies = [
      { status: 400, body: { error: { code: 131047, message: 'Re-engagement message' } } },
      { status: 400, body: { error: { code: 100, message: 'Invalid parameter' } } },
      { status: 429, headers: { 'retry-after': '2' }, body: { error: { code: 130429, message: 'Rate limit hit' } } },
      { status: 400, body: { error: { code: 131056, message: 'Pair rate limit hit' } } },
      { status: 502, body: 'Bad gateway' },
    ];
    let i = 0;
    const fake = await FakeProvider.start(() => replies[i++]);
    try {
      const graph = new GraphClient({ graphUrl: fake.url, version: 'v21.0', phoneNumberId: '42', accessToken: 't' });
      const errors: ChannelSendError[] = [];
      for (let n = 0; n < replies.length; n++) errors.push(await graph.sendMessage({ to: '1', type: 'text' }).then(() => { throw new Error('sent'); }, (e) => e));
      expect(errors.map((e) => [e.status, e.permanent])).toEqual([[400, true], [400, true], [429, false], [400, false], [502, false]]);
      expect(errors[0]).toMatchObject({ channel: 'whatsapp', method: 'messages', payload: { code: 131047 } });
      expect(errors[0].message).toMatch(/24-hour customer-service window is closed/);
      expect(errors[2].retryAfterMs).toBe(2000);
      expect(fake.calls[0].path).toBe('/v21.0/42/messages');
    } finally {
      await fake.close();
    }
  });
});
