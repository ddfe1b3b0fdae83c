import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { analyticsModule } from '../../analytics/module';
import { web } from '../../channels/web';
import { createApp, type App, type AppOptions } from '../../server/app';
import { HandoffServiceKey } from '../../handoff/module';

const KEY = 'analytics-test-key-0123456789';

/**
 * CSAT after a conversation the bot resolved on its own, on web chat over HTTP: the bot asks when
 * it ends the conversation, the customer's "4" is stored against that conversation (not counted as
 * a new one), and the summary's CSAT includes it.
 */
describe('CSAT after bot-resolved conversations', () => {
  let app: App;
  let base: string;
  const web = (userId: string, text: string) =>
    fetch(`${base}/api/web/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text }) });
  const outbound = async (userId: string) =>
    (await app.store.sql.all<{ text: string; body: string }>(`SELECT text, body FROM messages WHERE address = ? AND direction = 'outbound' ORDER BY seq`, [userId])).map((m) => m.text);
  const turn = async (userId: string, text: string) => {
    expect((await web(userId, text)).status).toBe(200);
    await app.engine.idle();
  };
  const start = async (options: Partial<AppOptions> = {}) => {
    app = await createApp({
      botDir: join(__dirname, 'bot'),
      databaseUrl: ':memory:',
      env: { ANALYTICS_CSAT_AFTER_BOT: 'true', ADMIN_API_KEY: KEY },
      logger: silentLogger(),
      ...options,
    });
    base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  };

  beforeAll(() => start(), 30_000);
  afterAll(() => app?.close());

  test('asked on close, answered in the next message, stored against the resolved conversation', async () => {
    await turn('ada', 'where is my order?');
    await turn('ada', 'bye');
    expect(await outbound('ada')).toEqual(['echo: where is my order?', 'Glad I could help. Bye!', 'How did we do? Reply with a number from 1 (poor) to 5 (great).']);
    await turn('ada', '4');
    expect((await outbound('ada')).pop()).toBe('Thanks for your feedback!');
    const rows = await app.store.sql.all<{ conversation_id: string; score: number; channel: string }>(`SELECT conversation_id, score, channel FROM analytics_csat`);
    const first = await app.store.sql.get<{ conversation_id: string }>(`SELECT conversation_id FROM messages WHERE text = 'where is my order?'`);
    expect(rows).toEqual([{ conversation_id: first!.conversation_id, score: 4, channel: 'web' }]);

    // A second "5" is an ordinary message now (the last thing the bot said was the thanks).
    await turn('ada', '5');
    expect((await outbound('ada')).pop()).toBe('echo: 5');
    expect(await app.store.sql.all(`SELECT score FROM analytics_csat`)).toHaveLength(1);

    // Another customer never rates: no row, and their "3" mid-conversation is no rating either.
    await turn('bob', '3');
    expect((await outbound('bob')).pop()).toBe('echo: 3');

    const summary = await (await fetch(`${base}/api/analytics/summary`, { headers: { authorization: `Bearer ${KEY}` } })).json();
    // Ada's rated conversation, the one holding "5", and Bob's: the CSAT-only conversation is not counted.
    expect(summary.totals).toMatchObject({ conversations: 3, contained: 3, csatResponses: 1, csatAverage: 4 });
    expect(await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).text()).toContain('switchboard_csat_responses_total{score="4"} 1');
  });

  test('not asked when a person was involved: the handoff module asks, or not, when the agent resolves', async () => {
    const handoffs = app.bot.services.require(HandoffServiceKey);
    // Someone who could take it (offline): with no account at all, nobody is promised and nothing waits.
    await handoffs.repo.createAgent({ name: 'Sam', email: 'sam@shop.test', passwordHash: 'x', role: 'agent', skills: [], capacity: 5 });
    await turn('cy', 'I want to talk to a person');
    const customer = await app.store.findCustomerByAddress('web', 'cy');
    const handoff = await handoffs.repo.latest((await app.store.openConversation(customer!.id))!.id);
    await handoffs.resolve(handoff!.id, { csat: false });
    await turn('cy', 'bye');
    expect((await outbound('cy')).pop()).toBe('Glad I could help. Bye!');
  });
});

describe('CSAT after bot-resolved conversations, without the handoff module', () => {
  let app: App;
  afterAll(() => app?.close());

  test('asked on close, stored, and counted in the metrics; no handoff figures', async () => {
    app = await createApp({ botDir: join(__dirname, 'bot'), databaseUrl: ':memory:', env: { ANALYTICS_CSAT_AFTER_BOT: 'true', METRICS_PUBLIC: 'true' }, logger: silentLogger(), modules: [web, analyticsModule()] });
    const base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    const turn = async (text: string) => {
      await fetch(`${base}/api/web/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'dee', text }) });
      await app.engine.idle();
    };
    await turn('bye');
    await turn('5');
    expect((await app.store.sql.all<{ text: string }>(`SELECT text FROM messages WHERE direction = 'outbound' ORDER BY seq`)).map((m) => m.text)).toEqual([
      'Glad I could help. Bye!',
      'How did we do? Reply with a number from 1 (poor) to 5 (great).',
      'Thanks for your feedback!',
    ]);
    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).text();
    expect(metrics).toContain('switchboard_csat_responses_total{score="5"} 1');
    expect(metrics).not.toMatch(/switchboard_handoffs_total\{/);
  });
});
