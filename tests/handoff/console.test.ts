import WebSocket from 'ws';
import { until } from '../channels/fake-provider';
import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import { servedRoutes } from '../support/routes';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await startConsoleApp();
});
afterAll(async () => h && (await h.close()));

const call = (method: string, path: string, auth: { cookie?: string; csrf?: string } = {}, body?: unknown) =>
  fetch(h.base + path, {
    method,
    redirect: 'manual',
    headers: { 'content-type': 'application/json', ...(auth.cookie ? { cookie: auth.cookie } : {}), ...(auth.csrf ? { 'x-csrf-token': auth.csrf } : {}) },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });

/** Opens the console socket; resolves with the socket and its first event, or rejects with the HTTP status. */
function openSocket(headers: Record<string, string>): Promise<{ ws: WebSocket; events: unknown[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(h.base.replace('http', 'ws') + '/console/socket', { headers });
    const events: unknown[] = [];
    ws.on('message', (data) => {
      events.push(JSON.parse(data.toString()));
      if (events.length === 1) resolve({ ws, events });
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

describe('the console refuses the unauthenticated', () => {
  test('every API route answers 401 without a session', async () => {
    const routes = servedRoutes(h.app, '/api/handoff');
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const route of routes) {
      const res = await call(route.method, route.path.replace(/:id/g, 'hnd_x'));
      expect([route.method, route.path, res.status]).toEqual([route.method, route.path, 401]);
    }
  });

  test('pages redirect to the login page; private scripts answer 401; the login page and its files are public', async () => {
    for (const page of ['/console', '/console/', '/console/admin', '/console/knowledge']) {
      const res = await call('GET', page);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`/console/login?next=${encodeURIComponent(page)}`);
    }
    for (const file of ['app.js', 'admin.js', 'profile.js']) expect((await call('GET', `/console/assets/${file}`)).status).toBe(401);
    const login = await call('GET', '/console/login');
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await login.text()).toContain('<form id="login-form"');
    expect((await call('GET', '/console/shell/style.css')).status).toBe(200);
    expect((await call('GET', '/console/assets/nope.js')).status).toBe(404);
  });

  test('a forged or expired session cookie is refused like none', async () => {
    expect((await call('GET', '/api/handoff/queue', { cookie: 'sb_session=forged' })).status).toBe(401);
    expect((await call('GET', '/console', { cookie: 'sb_session=forged' })).status).toBe(302);
  });

  test('the socket refuses an upgrade without a valid session', async () => {
    await expect(openSocket({})).rejects.toThrow('HTTP 401');
    await expect(openSocket({ cookie: 'sb_session=forged' })).rejects.toThrow('HTTP 401');
  });
});

describe('sessions, CSRF and roles', () => {
  test('a wrong password is refused; the right one sets an httpOnly, SameSite=Strict cookie', async () => {
    expect((await call('POST', '/console/login', {}, { email: ADMIN.email, password: 'wrong-password' })).status).toBe(401);
    const res = await call('POST', '/console/login', {}, { email: ADMIN.email, password: ADMIN.password });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^sb_session=[\w-]+; Path=\/; HttpOnly; SameSite=Strict/);
  });

  test('a state-changing request without the CSRF token is refused and changes nothing', async () => {
    const admin = await h.login(ADMIN.email, ADMIN.password);
    const res = await call('PUT', '/api/handoff/me/status', { cookie: admin.cookie }, { status: 'away' });
    expect(res.status).toBe(403);
    expect(((await (await call('GET', '/api/handoff/me', admin)).json()) as { agent: { status: string } }).agent.status).toBe('offline');
    expect((await call('PUT', '/api/handoff/me/status', { cookie: admin.cookie, csrf: 'not-the-token' }, { status: 'away' })).status).toBe(403);
    expect((await call('PUT', '/api/handoff/me/status', admin, { status: 'away' })).status).toBe(200);
    expect(((await (await call('GET', '/api/handoff/me', admin)).json()) as { agent: { status: string } }).agent.status).toBe('away');
  });

  test('an agent cannot create agents, edit queues or open the admin page; an admin can', async () => {
    const admin = await h.login(ADMIN.email, ADMIN.password);
    const created = await call('POST', '/api/handoff/agents', admin, { name: 'Bea', email: 'bea@shop.test', password: 'bea-password-1', skills: ['lang:en'] });
    expect(created.status).toBe(201);
    const bea = await h.login('bea@shop.test', 'bea-password-1');
    expect((await call('POST', '/api/handoff/agents', bea, { name: 'Eve', email: 'eve@shop.test', password: 'eve-password-1' })).status).toBe(403);
    expect((await call('PUT', '/api/handoff/queues/general', bea, { name: 'Mine' })).status).toBe(403);
    expect((await call('GET', '/console/admin', bea)).status).toBe(403);
    expect((await call('GET', '/console/assets/admin.js', bea)).status).toBe(403);
    expect((await call('GET', '/console', bea)).status).toBe(200);
    const agents = (await (await call('GET', '/api/handoff/agents', admin)).json()) as { agents: Array<{ email: string }> };
    expect(agents.agents.map((a) => a.email).sort()).toEqual(['admin@shop.test', 'bea@shop.test']);
    expect((await call('GET', '/console/admin', admin)).status).toBe(200);
  });

  test('bad input is a 400 and stores nothing', async () => {
    const admin = await h.login(ADMIN.email, ADMIN.password);
    const res = await call('POST', '/api/handoff/agents', admin, { name: 'X', email: 'not-an-email', password: 'short' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/email/);
    expect((await call('PUT', '/api/handoff/queues/q1', admin, { name: 'Q', hours: { timezone: 'UTC', days: { 1: ['9-5'] } } })).status).toBe(400);
    expect((await h.app.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM agents WHERE email = 'not-an-email'`))?.n).toBe(0);
  });

  test('after logout the session is gone', async () => {
    const admin = await h.login(ADMIN.email, ADMIN.password);
    expect((await call('POST', '/console/logout', admin)).status).toBe(200);
    expect((await call('GET', '/api/handoff/me', admin)).status).toBe(401);
  });
});

describe('the console socket', () => {
  test('refuses another site’s origin even with a valid cookie', async () => {
    const admin = await h.login(ADMIN.email, ADMIN.password);
    await expect(openSocket({ cookie: admin.cookie, origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
  });

  test('is closed (4401) once its session ends; a live one survives the heartbeats', async () => {
    const agent = await h.login(ADMIN.email, ADMIN.password);
    const other = await h.login(ADMIN.email, ADMIN.password);
    const { ws } = await openSocket({ cookie: agent.cookie });
    const { ws: live } = await openSocket({ cookie: other.cookie });
    let pings = 0;
    live.on('ping', () => pings++);
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    expect((await call('POST', '/console/logout', agent)).status).toBe(200);
    // socketPingSeconds: 1 in the test bot: the next beat re-checks the session.
    await expect(closed).resolves.toBe(4401);
    await until(() => pings >= 3, 'three heartbeats');
    expect(live.readyState).toBe(WebSocket.OPEN);
    live.close();
  });

  test('pushes handoff changes and messages; a disconnected agent’s conversations are requeued after the grace period', async () => {
    const admin = await h.login(ADMIN.email, ADMIN.password);
    const { ws, events } = await openSocket({ cookie: admin.cookie });
    expect(events[0]).toMatchObject({ type: 'ready' });
    const phone = '+15557770001';
    await h.sms(phone, 'I want to talk to a human');
    const changed = await until(() => events.find((e) => (e as { type: string }).type === 'handoff') as { handoff: { id: string; status: string } } | undefined, 'a handoff event');
    expect(changed.handoff.status).toBe('waiting');
    // Messages of the conversation from then on are pushed: the bot's "connecting" and the customer's next words.
    const pushed = () => events.flatMap((e) => ((e as { type: string }).type === 'message' ? [(e as { message: { author: string; text: string } }).message] : []));
    await until(() => pushed().some((m) => m.author === 'bot' && /connecting you/.test(m.text)), 'the bot reply pushed');
    await h.sms(phone, 'are you there?');
    await until(() => pushed().some((m) => m.author === 'customer' && m.text === 'are you there?'), 'the customer message pushed');

    expect((await call('POST', `/api/handoff/conversations/${changed.handoff.id}/claim`, admin)).status).toBe(200);
    expect((await h.app.store.sql.get<{ status: string }>(`SELECT status FROM handoffs WHERE id = ?`, [changed.handoff.id]))?.status).toBe('assigned');
    ws.close();
    // graceSeconds: 1 in the test bot: then the conversation goes back to the queue.
    await until(async () => (await h.app.store.sql.get<{ status: string }>(`SELECT status FROM handoffs WHERE id = ?`, [changed.handoff.id]))?.status === 'waiting', 'the requeue', 5000);
    await until(() => h.textsTo(phone).some((t) => /disconnected/.test(t)), 'the customer told');
  });

});

describe('conversations through the API', () => {
  test('a resolved conversation cannot be claimed or transferred, and the customer hears nothing of it', async () => {
    const admin = await h.login(ADMIN.email, ADMIN.password);
    const phone = '+15557770002';
    await h.sms(phone, 'agent please');
    await h.app.engine.idle();
    const { id } = (await h.app.store.sql.get<{ id: string }>(`SELECT h.id FROM handoffs h JOIN addresses a ON a.customer_id = h.customer_id WHERE a.address = ?`, [phone]))!;
    expect((await call('POST', `/api/handoff/conversations/${id}/claim`, admin)).status).toBe(200);
    expect((await call('POST', `/api/handoff/conversations/${id}/resolve`, admin, { resume: 'end' })).status).toBe(200);
    await until(() => h.textsTo(phone).some((t) => /back with the assistant/.test(t)), 'the resolution told');
    await h.app.engine.outbox.idle();
    const before = h.textsTo(phone).length;
    expect((await call('POST', `/api/handoff/conversations/${id}/claim`, admin)).status).toBe(409);
    expect((await call('POST', `/api/handoff/conversations/${id}/transfer`, admin, { queueId: 'general' })).status).toBe(409);
    expect((await call('POST', `/api/handoff/conversations/${id}/reply`, admin, { text: 'hello?' })).status).toBe(409);
    await h.app.engine.outbox.idle();
    expect(h.textsTo(phone).length).toBe(before);
  });

  test('a customer with a long history: the console gets the newest 500 messages and the latest words in the queue', async () => {
    const admin = await h.login(ADMIN.email, ADMIN.password);
    const phone = '+15557770003';
    await h.sms(phone, 'hello');
    await h.app.engine.idle();
    const first = (await h.app.store.sql.get<Record<string, unknown>>(`SELECT * FROM messages WHERE address = ? AND direction = 'inbound'`, [phone]))!;
    for (let i = 0; i < 600; i++) {
      await h.app.store.sql.run(
        `INSERT INTO messages (id, conversation_id, customer_id, channel, address, direction, author, text, status, created_at) VALUES (?, ?, ?, 'sms', ?, 'inbound', 'customer', ?, 'done', ?)`,
        [`msg_hist_${i}`, first.conversation_id, first.customer_id, phone, `old message ${i}`, Number(first.created_at) + i],
      );
    }
    await h.sms(phone, 'I want to talk to a person now');
    await h.app.engine.idle();
    const queue = (await (await call('GET', '/api/handoff/queue', admin)).json()) as { handoffs: Array<{ id: string; customerId: string; lastMessage: string; channel: string }> };
    const mine = queue.handoffs.find((x) => x.customerId === first.customer_id)!;
    expect([mine.lastMessage, mine.channel]).toEqual(['I want to talk to a person now', 'sms']);
    const view = (await (await call('GET', `/api/handoff/conversations/${mine.id}`, admin)).json()) as { transcript: Array<{ text: string; direction: string }> };
    expect(view.transcript).toHaveLength(500);
    expect(view.transcript.filter((m) => m.direction === 'inbound').pop()?.text).toBe('I want to talk to a person now');
  });
});
