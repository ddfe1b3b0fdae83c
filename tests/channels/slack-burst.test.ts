import { SlackChannel } from '../../channels/slack/adapter';
import type { ChannelSendError } from '../../core/errors';
import { eventually, serveAdapter, type FakeProvider, type Served } from './support';
import { SIGNING_SECRET, envelope, fakeSlack, fields, signed } from './slack-fake';

/**
 * Issue #16: 300 mentions in one Slack channel left 143 replies `failed` "is busy (paced…) (gave up
 * after 8 attempts)", because waiting for the channel's pacing slot counted as a failed attempt.
 * Pacing waits are handed back to the outbox uncounted: every reply goes out, each customer's in order.
 */
describe('Slack: a burst of replies to one channel', () => {
  let slack: FakeProvider;
  let app: Served;

  afterEach(async () => {
    await app?.close();
    await slack?.close();
  });

  test('300 mentions in one channel: all 300 replies delivered once, none failed, each customer’s in order', async () => {
    slack = await fakeSlack().start();
    // Slack's pace scaled down (5 ms instead of 1 s, a 30 ms wait instead of 10 s) so most sends are
    // handed back to the outbox, as at full scale, in a test that takes seconds.
    const channel = new SlackChannel({ signingSecret: SIGNING_SECRET, botToken: 'xoxb-test', apiUrl: `${slack.url}/api/`, paceMs: 5, maxPaceWaitMs: 30, lookupProfiles: false });
    let deferred = 0;
    const send = channel.send.bind(channel);
    channel.send = async (message) => {
      try {
        return await send(message);
      } catch (err) {
        if ((err as ChannelSendError).deferred) deferred++;
        throw err;
      }
    };
    app = await serveAdapter(channel);

    // Like Slack, redeliver the same event when a connection breaks (a loaded machine resets
    // reused keep-alive connections now and then); its event_id keeps it from being stored twice.
    const deliver = async (body: string): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return (await fetch(`${app.url}/api/slack/events`, { method: 'POST', headers: signed(body), body })).status;
        } catch (err) {
          if (attempt === 3) throw err;
        }
      }
    };
    const users = Array.from({ length: 30 }, (_, i) => `U${i}`);
    const perUser = 10;
    // Each customer mentions the bot ten times, one after another; the customers write at once.
    await Promise.all(
      users.map(async (user, u) => {
        for (let k = 0; k < perUser; k++) {
          const body = envelope({ type: 'app_mention', channel: 'C1', user, text: `<@UBOT> ${user}-${k}`, ts: `1700001${String(u).padStart(3, '0')}.${String(k).padStart(6, '0')}` });
          expect(await deliver(body)).toBe(200);
        }
      }),
    );

    const posts = await slack.waitFor('chat.postMessage', users.length * perUser, 60_000);
    await eventually(async () => expect((await app.messages()).filter((m) => m.direction === 'outbound' && m.status !== 'sent')).toEqual([]), 30_000);
    const texts = posts.map((call) => String(fields(call).text));
    expect(posts.every((call) => fields(call).channel === 'C1')).toBe(true);
    expect(new Set(texts).size).toBe(300); // none twice
    for (const user of users) {
      const mine = texts.filter((t) => t.startsWith(`echo: ${user}-`));
      expect({ user, order: mine }).toEqual({ user, order: Array.from({ length: perUser }, (_, k) => `echo: ${user}-${k}`) });
    }
    expect(deferred).toBeGreaterThan(0); // the pacer did hand sends back (how many depends on timing)
    const outbound = (await app.messages()).filter((m) => m.direction === 'outbound');
    expect(outbound.filter((m) => (m.attempts ?? 0) > 1)).toEqual([]); // waits cost no attempts
  }, 120_000);
});
