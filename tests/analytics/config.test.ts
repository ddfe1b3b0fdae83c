import { join } from 'node:path';
import { analyticsSettings } from '../../analytics/config';
import { analyticsModule } from '../../analytics/module';
import { web } from '../../channels/web';
import { ConfigError } from '../../core/errors';
import { silentLogger } from '../../core/logger';
import { createApp } from '../../server/app';

const CSAT_BOT = join(__dirname, 'csat-bot');
const RATING_QUESTION = 'How did we do? Reply with a number from 1 (poor) to 5 (great).';

/** What the bot in tests/analytics/csat-bot (bot.yaml: `analytics.csatAfterBot: true`) says to a customer who says "bye", with this environment. */
async function repliesToBye(env: NodeJS.ProcessEnv): Promise<string[]> {
  const app = await createApp({ botDir: CSAT_BOT, databaseUrl: ':memory:', env, logger: silentLogger(), modules: [web, analyticsModule()] });
  try {
    const res = await app.fetch(
      new Request('http://127.0.0.1/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'eve', text: 'bye' }) }),
    );
    expect(res.status).toBe(200);
    await app.engine.idle();
    return (await app.store.sql.all<{ text: string }>(`SELECT text FROM messages WHERE direction = 'outbound' ORDER BY seq`)).map((m) => m.text);
  } finally {
    await app.close();
  }
}

describe('analytics settings: bot.yaml, overridden by the environment', () => {
  test('analytics.csatAfterBot in bot.yaml asks for a rating when the bot ends a conversation', async () => {
    expect(await repliesToBye({})).toEqual(['Glad I could help. Bye!', RATING_QUESTION]);
  });

  test("a YAML dialog's end: true resolves the conversation too: the rating is asked", async () => {
    const app = await createApp({ botDir: join(__dirname, 'csat-dialog-bot'), databaseUrl: ':memory:', env: {}, logger: silentLogger() });
    try {
      const res = await app.fetch(
        new Request('http://127.0.0.1/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'fay', text: 'opening hours?' }) }),
      );
      expect(res.status).toBe(200);
      await app.engine.idle();
      const texts = (await app.store.sql.all<{ text: string }>(`SELECT text FROM messages WHERE direction = 'outbound' ORDER BY seq`)).map((m) => m.text);
      expect(texts).toEqual(['We are open 9 to 5, Monday to Friday.', RATING_QUESTION]);
    } finally {
      await app.close();
    }
  });

  test('ANALYTICS_CSAT_AFTER_BOT=false switches it off for this deployment', async () => {
    expect(await repliesToBye({ ANALYTICS_CSAT_AFTER_BOT: 'false' })).toEqual(['Glad I could help. Bye!']);
  });

  test('each setting: the default, else bot.yaml, else the environment variable when it is set', () => {
    expect(analyticsSettings(undefined, {})).toEqual({ liveThrottleMs: 2000, csatAfterBot: false });
    expect(analyticsSettings({ liveThrottleMs: 500, csatAfterBot: true }, {})).toEqual({ liveThrottleMs: 500, csatAfterBot: true });
    expect(analyticsSettings({ liveThrottleMs: 500, csatAfterBot: true }, { ANALYTICS_LIVE_THROTTLE_MS: '100', ANALYTICS_CSAT_AFTER_BOT: 'no' })).toEqual({
      liveThrottleMs: 100,
      csatAfterBot: false,
    });
    expect(analyticsSettings({}, { ANALYTICS_CSAT_AFTER_BOT: 'TRUE' }).csatAfterBot).toBe(true);
    // An empty variable counts as unset, so bot.yaml still decides.
    expect(analyticsSettings({ liveThrottleMs: 500 }, { ANALYTICS_LIVE_THROTTLE_MS: ' ' }).liveThrottleMs).toBe(500);
  });

  test('wrong values are refused with the setting to fix', () => {
    expect(() => analyticsSettings({ liveThrottleMs: -1 }, {})).toThrow(ConfigError);
    expect(() => analyticsSettings({ liveThrottleMs: -1 }, {})).toThrow(/^Invalid analytics settings in bot\.yaml: analytics\.liveThrottleMs: /);
    expect(() => analyticsSettings({ csatAfterbot: true }, {})).toThrow(/analytics: Unrecognized key: "csatAfterbot"/);
    expect(() => analyticsSettings({}, { ANALYTICS_LIVE_THROTTLE_MS: 'fast' })).toThrow('ANALYTICS_LIVE_THROTTLE_MS must be a number of milliseconds (e.g. 2000), not "fast"');
    expect(() => analyticsSettings({}, { ANALYTICS_CSAT_AFTER_BOT: 'sometimes' })).toThrow('ANALYTICS_CSAT_AFTER_BOT must be true or false (also 1/0, yes/no, on/off), not "sometimes"');
  });
});
