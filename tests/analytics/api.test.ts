import WebSocket from 'ws';
import { ADMIN, ADMIN_KEY, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import { seed } from './seed';

// Analytics is for editors and admins: the admin key (the desk key acts as an agent).
const KEY = ADMIN_KEY;
const RANGE = 'from=2026-03-02&to=2026-03-03';

/** The analytics API over HTTP on loopback, on the seeded dataset: exact figures, CSV, auth, metrics. */
describe('analytics API', () => {
  let h: ConsoleHarness;
  let admin: { cookie: string; csrf: string };
  const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }) => fetch(h.base + path, { headers });

  /** Opens the dashboard's live socket: 101 when it connects, else the refusal's status. */
  const socketStatus = (headers: Record<string, string>) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(h.base.replace('http', 'ws') + '/console/analytics/socket', { headers });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });

  beforeAll(async () => {
    h = await startConsoleApp();
    await seed(h.app);
    admin = await h.login(ADMIN.email, ADMIN.password);
  }, 30_000);
  afterAll(() => h?.close());

  test('summary: containment, handoffs, response and resolution times, CSAT, intents, knowledge', async () => {
    const res = await get(`/api/analytics/summary?${RANGE}`);
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(s.from).toBe('2026-03-02T00:00:00.000Z');
    expect(s.to).toBe('2026-03-04T00:00:00.000Z');
    expect(s.totals).toEqual({
      conversations: 5,
      contained: 3,
      handedOff: 2,
      containmentRate: 0.6,
      handoffRate: 0.4,
      firstResponseBotSeconds: 4.4,
      firstResponseAgentSeconds: 75,
      resolutionBotSeconds: 24.7,
      resolutionAgentSeconds: 450,
      csatResponses: 2,
      csatAverage: 3,
      sentimentAverage: -0.15,
      predictedSatisfaction: expect.any(Number),
    });
    expect(s.handoffReasons).toEqual([{ reason: 'customer-request', count: 1 }, { reason: 'fallbacks', count: 1 }]);
    expect(s.topIntents).toEqual([{ intent: 'order-status', count: 2 }, { intent: 'refund', count: 2 }]);
    expect(s.byChannel.map((c: Record<string, unknown>) => [c.channel, c.conversations, c.containmentRate, c.csatAverage])).toEqual([
      ['sms', 2, 0.5, 4],
      ['web', 3, 0.6667, 2],
    ]);
    expect(s.byDay.map((d: Record<string, unknown>) => [d.day, d.conversations, d.contained, d.firstResponseBotSeconds])).toEqual([
      ['2026-03-02', 3, 2, 4],
      ['2026-03-03', 2, 1, 5],
    ]);
    expect(s.knowledge).toMatchObject({ questions: 4, answered: 2, answerRate: 0.5, ownLanguageRate: 0.5 });
    expect(s.knowledge.gaps).toHaveLength(1);
    expect(s.knowledge.gaps[0].count).toBe(2);
    expect(s.knowledge.gaps[0].terms).toEqual(expect.arrayContaining(['parcel', 'tracking']));
    expect(s.satisfaction.check.samples).toBe(2);
    expect(s.satisfaction.check.mae).toEqual(expect.any(Number));
  });

  test('a channel filter and a wider range change the figures', async () => {
    const sms = await (await get(`/api/analytics/summary?${RANGE}&channel=sms`)).json();
    expect(sms.totals).toMatchObject({ conversations: 2, contained: 1, csatAverage: 4, firstResponseAgentSeconds: 60, resolutionAgentSeconds: 300 });
    const wider = await (await get('/api/analytics/summary?from=2026-03-02&to=2026-03-05')).json();
    expect(wider.totals).toMatchObject({ conversations: 6, handedOff: 3, csatResponses: 3, csatAverage: 2.33 });
    expect(wider.handoffReasons).toContainEqual({ reason: 'sentiment', count: 1 });
  });

  test('CSV export: one row per day, per channel and the total; and one per conversation', async () => {
    const res = await get(`/api/analytics/export.csv?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="switchboard-summary-2026-03-02-2026-03-03.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^scope,key,conversations,contained,handedOff,containmentRate,handoffRate,firstResponseBotSeconds/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 6).join(','))).toEqual([
      'day,2026-03-02,3,2,1,0.6667',
      'day,2026-03-03,2,1,1,0.5',
      'channel,sms,2,1,1,0.5',
      'channel,web,3,2,1,0.6667',
      'total,all,5,3,2,0.6',
    ]);
    const perConversation = (await (await get(`/api/analytics/export.csv?${RANGE}&rows=conversations`)).text()).trimEnd().split('\r\n');
    expect(perConversation).toHaveLength(6);
    expect(perConversation[2]).toMatch(/^c2,web,2026-03-02,1,1,1,fallbacks,-0\.5,[\d.]+,2$/);
  });

  test('auth: 401 without or with a wrong key, 403 for agents, 200 for editors; bad input is a 400', async () => {
    expect((await get(`/api/analytics/summary`, {})).status).toBe(401);
    expect((await get(`/api/analytics/export.csv`, { authorization: 'Bearer nope' })).status).toBe(401);
    for (const [email, role] of [['agent@shop.test', 'agent'], ['editor@shop.test', 'editor']]) {
      const created = await fetch(`${h.base}/api/handoff/agents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        body: JSON.stringify({ name: role, email, password: 'password-123', role, skills: [], capacity: 1 }),
      });
      expect(created.status).toBe(201);
    }
    const agent = await h.login('agent@shop.test', 'password-123');
    expect((await get(`/api/analytics/summary`, { cookie: agent.cookie })).status).toBe(403);
    expect((await get(`/console/dashboard`, { cookie: agent.cookie })).status).toBe(403);
    expect(await socketStatus({ cookie: agent.cookie })).toBe(403);
    expect(await socketStatus({})).toBe(401);
    const editor = await h.login('editor@shop.test', 'password-123');
    expect(await socketStatus({ cookie: editor.cookie })).toBe(101);
    expect((await get(`/api/analytics/summary?${RANGE}`, { cookie: editor.cookie })).status).toBe(200);
    // An open dashboard socket closes once its session ends (re-checked every second in the test bot).
    const ws = new WebSocket(h.base.replace('http', 'ws') + '/console/analytics/socket', { headers: { cookie: editor.cookie } });
    const first = new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)).type)));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    expect(await first).toBe('tiles');
    await fetch(`${h.base}/console/logout`, { method: 'POST', headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrf } });
    expect(await closed).toBe(4401);
    const page = await fetch(`${h.base}/console/dashboard`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/console/login?next=%2Fconsole%2Fdashboard');
    for (const bad of ['from=yesterday', 'from=2026-03-05&to=2026-03-01', 'from=2020-01-01&to=2026-03-01', 'channel=%3Cscript%3E', 'rows=everything']) {
      const res = await get(`/api/analytics/export.csv?${bad}`);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/must|at most/);
    }
  });

  test('live messages get a sentiment; Prometheus shows handoffs, CSAT answers, containment and sentiment', async () => {
    expect((await h.web('visitor-1', 'This is terrible, I am so angry!!')).status).toBe(200);
    await h.app.engine.idle();
    const row = await h.app.store.sql.get<{ metadata: string }>(`SELECT metadata FROM messages WHERE direction = 'inbound' AND text LIKE 'This is terrible%'`);
    expect(JSON.parse(row!.metadata).sentiment).toBeLessThan(-0.5);
    const metrics = await (await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).text();
    expect(metrics).toContain('switchboard_handoffs_total{reason="fallbacks"} 1');
    expect(metrics).toContain('switchboard_handoffs_total{reason="sentiment"} 1');
    expect(metrics).toContain('switchboard_csat_responses_total{score="2"} 1');
    expect(metrics).toContain('switchboard_csat_responses_total{score="4"} 1');
    // The last 24 hours hold only the live conversation, which the echo bot answered itself.
    expect(metrics).toContain('switchboard_containment_ratio 1');
    expect(metrics).toContain('switchboard_handoff_ratio 0');
    expect(metrics).toMatch(/switchboard_message_sentiment_bucket\{le="-0.6"\} 1\n/);
    expect(metrics).toContain('switchboard_message_sentiment_count 1');
  });

  test('staffing plan from the handoffs in the store', async () => {
    const res = await get('/api/analytics/staffing?weeks=4&target=80&answer=60&aht=300');
    expect(res.status).toBe(200);
    const plan = await res.json();
    expect(plan.arrivals).toBe(3);
    expect(plan.target.target).toBe(80);
    // The seeded escalations are older than the four weeks asked for: no forecast, and why.
    expect(plan.notEnoughHistory).toMatch(/^not enough history: 0 days of escalations before this week, need 7$/);
    expect(plan.hours).toEqual([]);
    expect((await get('/api/analytics/staffing?target=100')).status).toBe(400);
    const fraction = await get('/api/analytics/staffing?target=0.8');
    expect(fraction.status).toBe(400);
    expect((await fraction.json()).error).toMatch(/"target" is a percentage: write 80/);
  });
});
