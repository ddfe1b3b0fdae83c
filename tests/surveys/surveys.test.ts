import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { createApp, type App } from '../../server/app';

const BOT = join(__dirname, 'bot');
/** NPS needs 11 buttons; web chat shows 10, so it asks for a number (as on SMS). */
const NPS = 'How likely are you to recommend us to a friend?\nReply with a number from 0 to 10.';

/** The surveys test bot on web chat, with a helper that sends a message and returns the bot's replies to it. */
async function start(): Promise<{ app: App; say: (userId: string, text: string, payload?: string) => Promise<Array<{ text: string; buttons: string[] }>> }> {
  const app = await createApp({ botDir: BOT, databaseUrl: ':memory:', env: {}, logger: silentLogger() });
  let seen = 0;
  const say = async (userId: string, text: string, payload?: string) => {
    const res = await app.fetch(
      new Request('http://127.0.0.1/api/web/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text, payload }) }),
    );
    expect(res.status).toBe(200);
    await app.engine.idle();
    const out = await app.store.sql.all<{ text: string; body: string | null }>(`SELECT text, body FROM messages WHERE direction = 'outbound' ORDER BY seq`);
    const fresh = out.slice(seen);
    seen = out.length;
    return fresh.map((m) => ({ text: m.text, buttons: ((m.body ? JSON.parse(m.body) : {}) as { buttons?: Array<{ title: string }> }).buttons?.map((b) => b.title) ?? [] }));
  };
  return { app, say };
}

describe('surveys on web chat', () => {
  let app: App;
  let say: Awaited<ReturnType<typeof start>>['say'];
  beforeEach(async () => ({ app, say } = await start()));
  afterEach(() => app.close());

  test('the bot ends a conversation: NPS 0–10, then the free-text reason, answers stored per question', async () => {
    const replies = await say('ann', 'bye');
    expect(replies.map((r) => r.text)).toEqual(['Glad I could help. Bye!', NPS]);
    expect((await say('ann', '9')).map((r) => r.text)).toEqual(['What is the main reason for your score?']);
    expect((await say('ann', 'Quick and friendly, thanks')).map((r) => r.text)).toEqual(['Thank you for your feedback!']);
    const answers = await app.store.sql.all<{ question_id: string; score: number | null; text: string | null; sentiment: number | null; channel: string }>(
      `SELECT question_id, score, text, sentiment, channel FROM survey_answers ORDER BY answered_at, question_id`,
    );
    expect(answers.map(({ question_id, score, text, channel }) => ({ question_id, score: score === null ? null : Number(score), text, channel }))).toEqual([
      { question_id: 'nps', score: 9, text: null, channel: 'web' },
      { question_id: 'why', score: null, text: 'Quick and friendly, thanks', channel: 'web' },
    ]);
    expect(Number(answers[1].sentiment)).toBeGreaterThan(0);
  });

  test("a YAML dialog's end: true counts as resolved by the bot and sends the survey", async () => {
    expect((await say('bob', 'what are your opening hours')).map((r) => r.text)).toEqual(['We are open 9 to 5, Monday to Friday.', NPS]);
  });

  test('an invalid answer is asked again once, then the survey lets go and the message is answered normally', async () => {
    await say('cat', 'bye');
    expect((await say('cat', 'eleven')).map((r) => r.text)).toEqual(["Sorry, I didn't get that.", NPS]);
    expect((await say('cat', 'twelve')).map((r) => r.text)).toEqual(['echo: twelve']);
    expect((await say('cat', '8')).map((r) => r.text)).toEqual(['echo: 8']);
    expect(await app.store.sql.all(`SELECT * FROM survey_answers`)).toEqual([]);
  });

  test('a question instead of an answer leaves the survey at once and is answered', async () => {
    await say('dan', 'bye');
    expect((await say('dan', 'where is my order?')).map((r) => r.text)).toEqual(['echo: where is my order?']);
  });

  test('a customer is not surveyed again within cooldownDays', async () => {
    await say('eve', 'bye');
    await say('eve', '10');
    await say('eve', 'great');
    expect((await say('eve', 'bye')).map((r) => r.text)).toEqual(['Glad I could help. Bye!']);
    expect((await say('eve', 'what are your opening hours')).map((r) => r.text)).toEqual(['We are open 9 to 5, Monday to Friday.']);
  });
});
