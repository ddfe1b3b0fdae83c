import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import type { HandoffService } from '../../handoff/service';
import { HandoffServiceKey } from '../../handoff/module';
import { until } from '../channels/fake-provider';

let h: ConsoleHarness;
afterEach(async () => h && (await h.close()));

const call = (method: string, path: string, auth: { cookie?: string; csrf?: string } = {}, body?: unknown) =>
  fetch(h.base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(auth.cookie ? { cookie: auth.cookie } : {}), ...(auth.csrf ? { 'x-csrf-token': auth.csrf } : {}) },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });

test('the env-created admin is named after the e-mail; an agent sets their display name and, with the current password, a new one', async () => {
  h = await startConsoleApp();
  const session = await h.login(ADMIN.email, ADMIN.password);
  const other = await h.login(ADMIN.email, ADMIN.password); // the same account in another browser
  const me = (await (await call('GET', '/api/handoff/me', session)).json()) as { agent: { name: string } };
  expect(me.agent.name).toBe('Admin'); // admin@shop.test → "Admin"

  expect((await call('PUT', '/api/handoff/me', session, { name: '  ' })).status).toBe(400);
  const renamed = await call('PUT', '/api/handoff/me', session, { name: 'Grace Hopper' });
  expect(renamed.status).toBe(200);
  expect(((await renamed.json()) as { agent: { name: string } }).agent.name).toBe('Grace Hopper');

  const wrong = await call('PUT', '/api/handoff/me/password', session, { current: 'not-it-at-all', password: 'new-password-2' });
  expect(wrong.status).toBe(403);
  expect(await wrong.text()).toMatch(/current password is not right/);
  expect((await call('PUT', '/api/handoff/me/password', session, { current: ADMIN.password, password: 'short' })).status).toBe(400);
  expect((await call('PUT', '/api/handoff/me/password', session, { current: ADMIN.password, password: 'new-password-2' })).status).toBe(200);
  // This session goes on; the other one has ended; the old password no longer works, the new one does.
  expect((await call('GET', '/api/handoff/me', session)).status).toBe(200);
  expect((await call('GET', '/api/handoff/me', other)).status).toBe(401);
  await expect(h.login(ADMIN.email, ADMIN.password)).rejects.toThrow(/401/);
  await h.login(ADMIN.email, 'new-password-2');
  // The API key is nobody's account.
  const key = await fetch(h.base + '/api/handoff/me', { method: 'PUT', headers: { authorization: 'Bearer test-api-key-0123456789', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'X' }) });
  expect(key.status).toBe(400);
});

test('the web wire carries the agent’s display name on their replies', async () => {
  h = await startConsoleApp({ SWITCHBOARD_ADMIN_NAME: 'Grace Hopper' });
  const service = h.app.bot.services.require(HandoffServiceKey);
  const [admin] = await service.repo.agents();
  expect(admin.name).toBe('Grace Hopper');
  await service.setAgentStatus(admin.id, 'available');
  const asked = (await (await h.web('ada', 'talk to a person')).json()) as { messages: Array<{ text: string }> };
  expect(asked.messages.map((m) => m.text).join(' ')).toMatch(/Grace Hopper from our team has joined/);
  const [handoff] = await service.repo.list({ status: ['assigned'] });
  await service.reply(admin.id, handoff.id, 'Hello Ada, Grace here.');
  let history: Array<{ author: string; authorName?: string; text?: string }> = [];
  await until(async () => {
    history = ((await (await fetch(`${h.base}/api/web/messages?userId=ada`)).json()) as { messages: typeof history }).messages;
    return history.some((m) => m.author === 'agent');
  }, 'the agent reply in the history');
  expect(history.find((m) => m.author === 'agent')).toMatchObject({ authorName: 'Grace Hopper', text: 'Hello Ada, Grace here.' });
  expect(history.filter((m) => m.author !== 'agent').every((m) => m.authorName === undefined)).toBe(true);
});

test('the login page’s first-run fact: true (with the command) only while no account exists', async () => {
  h = await startConsoleApp({ SWITCHBOARD_ADMIN_EMAIL: '', SWITCHBOARD_ADMIN_PASSWORD: '' });
  expect(await (await call('GET', '/api/console/first-run')).json()).toEqual({ firstRun: true, command: expect.stringMatching(/switchboard agents add .* --role admin/) });
  const service = h.app.bot.services.require(HandoffServiceKey);
  await service.repo.createAgent({ name: 'Sam', email: 'sam@shop.test', passwordHash: 'x', role: 'agent', skills: [], capacity: 1 });
  expect(await (await call('GET', '/api/console/first-run')).json()).toEqual({ firstRun: false });
});
