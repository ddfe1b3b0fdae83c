import { join } from 'node:path';
import { until } from '../channels/fake-provider';
import { ADMIN, ADMIN_KEY, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import type { SurveyFigures } from '../../analytics/surveys';

const BOT = join(__dirname, 'bot');
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

describe('survey answers by SMS and on web reach analytics, and erasure removes them', () => {
  let h: ConsoleHarness;
  beforeAll(async () => (h = await startConsoleApp({}, { botDir: BOT })));
  afterAll(() => h.close());

  /** Sends an SMS (signed Twilio webhook) and waits for the bot to finish with it. */
  const sms = async (from: string, text: string) => {
    expect((await h.sms(from, text)).status).toBeLessThan(300);
    await h.app.engine.idle();
  };
  const web = async (userId: string, text: string) => {
    expect((await h.web(userId, text)).status).toBe(200);
    await h.app.engine.idle();
  };
  const figures = async (query = ''): Promise<SurveyFigures> => {
    const res = await fetch(`${h.base}/api/analytics/surveys${query}`, { headers: auth });
    expect(res.status).toBe(200);
    return (await res.json()) as SurveyFigures;
  };

  test('an NPS answered by SMS ("reply 0–10") and one on web show in the API, by channel', async () => {
    const phone = '+15557770001';
    await sms(phone, 'bye');
    expect(h.textsTo(phone).at(-1)).toBe('How likely are you to recommend us to a friend?\nReply with a number from 0 to 10.');
    await sms(phone, '3');
    expect(h.textsTo(phone).at(-1)).toBe('What is the main reason for your score?');
    await sms(phone, 'Too slow');
    expect(h.textsTo(phone).at(-1)).toBe('Thank you for your feedback!');

    await web('web-fan', 'bye');
    await web('web-fan', '10');

    const all = await figures();
    // One detractor (3) and one promoter (10): NPS 0.
    expect(all.nps).toMatchObject({ responses: 2, score: 0, byChannel: { sms: { responses: 1, score: -100 }, web: { responses: 1, score: 100 } }, bySegment: { none: { responses: 2, score: 0 } } });
    expect(all.csat).toMatchObject({ responses: 0, score: null });
    expect((await figures('?channel=sms')).nps).toMatchObject({ responses: 1, score: -100 });
    expect((await fetch(`${h.base}/api/analytics/surveys`)).status).toBe(401);
    expect((await fetch(`${h.base}/api/analytics/surveys?channel=no%20such`, { headers: auth })).status).toBe(400);
  });

  test('an agent resolves a handoff: the CSAT survey goes out by SMS and its "4" is the survey\'s, counted in analytics', async () => {
    const phone = '+15557770002';
    await sms(phone, 'agent please');
    const { id } = (await h.app.store.sql.get<{ id: string }>(`SELECT h.id FROM handoffs h JOIN addresses a ON a.customer_id = h.customer_id WHERE a.address = ?`, [phone]))!;
    const admin = await h.login(ADMIN.email, ADMIN.password);
    const post = (path: string, body: unknown) =>
      fetch(h.base + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf }, body: JSON.stringify(body) });
    expect((await post(`/api/handoff/conversations/${id}/claim`, {})).status).toBe(200);
    expect((await post(`/api/handoff/conversations/${id}/resolve`, { resume: 'continue' })).status).toBe(200);
    await until(() => h.textsTo(phone).includes('How did our agent do?\nReply with a number from 1 to 5.'), 'the CSAT survey sent');
    await sms(phone, '4');
    expect(h.textsTo(phone).at(-1)).toBe('Thank you for your feedback!');
    // The survey took the answer: the handoff's own 1–5 rating stays empty.
    expect((await h.app.store.sql.get<{ csat: number | null }>(`SELECT csat FROM handoffs WHERE id = ?`, [id]))?.csat ?? null).toBeNull();
    expect((await figures('?channel=sms')).csat).toMatchObject({ responses: 1, score: 4, byChannel: { sms: { responses: 1, score: 4 } } });
  });

  test("erasing a customer removes their survey answers and analytics' copy", async () => {
    await web('to-erase', 'bye');
    await web('to-erase', '7');
    const { id } = (await h.app.store.sql.get<{ id: string }>(`SELECT customer_id AS id FROM survey_answers WHERE score = 7`))!;
    const before = (await figures()).nps.responses;
    expect((await fetch(`${h.base}/api/customers/${id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect(await h.app.store.sql.all(`SELECT * FROM survey_answers WHERE customer_id = ?`, [id])).toEqual([]);
    expect(await h.app.store.sql.all(`SELECT * FROM survey_runs WHERE customer_id = ?`, [id])).toEqual([]);
    expect((await figures()).nps.responses).toBe(before - 1);
  });
});
