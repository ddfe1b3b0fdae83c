import { ADMIN, ADMIN_KEY, startConsoleApp, type ConsoleHarness } from '../e2e/support';

const DESK_KEY = 'test-api-key-0123456789';
const EDITOR_KEY = 'test-editor-key-0123456789';

let h: ConsoleHarness;
type Caller = { name: string; headers: () => Record<string, string> };
const callers: Caller[] = [];
let customerId = '';
let seq = 0;

beforeAll(async () => {
  h = await startConsoleApp({ EDITOR_API_KEY: EDITOR_KEY });
  const session = async (email: string, role: string) => {
    if (role !== 'admin') {
      const made = await fetch(`${h.base}/api/handoff/agents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: role, email, password: 'a-good-password', role }),
      });
      expect(made.status).toBe(201);
    }
    const { cookie, csrf } = await h.login(email, role === 'admin' ? ADMIN.password : 'a-good-password');
    return () => ({ cookie, 'x-csrf-token': csrf });
  };
  callers.push(
    { name: 'nobody', headers: () => ({}) },
    { name: 'wrong key', headers: () => ({ authorization: 'Bearer not-a-key' }) },
    { name: 'desk key', headers: () => ({ authorization: `Bearer ${DESK_KEY}` }) },
    { name: 'editor key', headers: () => ({ authorization: `Bearer ${EDITOR_KEY}` }) },
    { name: 'admin key', headers: () => ({ authorization: `Bearer ${ADMIN_KEY}` }) },
    { name: 'agent session', headers: await session('agent@shop.test', 'agent') },
    { name: 'editor session', headers: await session('editor@shop.test', 'editor') },
    { name: 'admin session', headers: await session(ADMIN.email, 'admin') },
  );
  expect((await h.web('roles-visitor', 'hello')).status).toBe(200);
  customerId = (await h.app.store.findCustomerByAddress('web', 'roles-visitor'))!.id;
}, 60_000);
afterAll(async () => h && (await h.close()));

/** One route of each protected family, and what each caller gets (the order of `callers`). */
const FAMILIES: Array<{ family: string; method: string; path: () => string; body?: () => unknown; expected: number[] }> = [
  //                                                                                     nobody wrong desk editorK adminK agent editor admin
  { family: 'agent desk', method: 'GET', path: () => '/api/handoff/queue', expected: [401, 401, 200, 403, 200, 200, 200, 200] },
  {
    family: 'agent admin (create agents)',
    method: 'POST',
    path: () => '/api/handoff/agents',
    body: () => ({ name: 'New', email: `new${++seq}@shop.test`, password: 'a-good-password', role: 'admin' }),
    expected: [401, 401, 403, 403, 201, 403, 403, 201],
  },
  { family: 'agent admin (queues)', method: 'PUT', path: () => '/api/handoff/queues/general', body: () => ({ name: 'General', skills: [], slaSeconds: 60 }), expected: [401, 401, 403, 403, 200, 403, 403, 200] },
  { family: 'knowledge editing', method: 'GET', path: () => '/api/kb/gaps', expected: [401, 401, 403, 200, 200, 403, 200, 200] },
  {
    family: 'knowledge editing (write)',
    method: 'POST',
    path: () => '/api/kb/articles',
    body: () => ({ id: `roles-${++seq}`, locale: 'en', title: 'Roles', body: 'Who may do what.' }),
    expected: [401, 401, 403, 201, 201, 403, 201, 201],
  },
  { family: 'customer profiles', method: 'GET', path: () => `/api/customers/${customerId}`, expected: [401, 401, 200, 403, 200, 200, 200, 200] },
  { family: 'customer privacy (audit, export)', method: 'GET', path: () => `/api/customers/${customerId}/export`, expected: [401, 401, 403, 403, 200, 403, 403, 200] },
  { family: 'events', method: 'POST', path: () => '/api/events', body: () => ({ events: [{ userId: 'roles-visitor', type: 'page_view' }] }), expected: [401, 401, 202, 403, 202, 401, 401, 401] },
  { family: 'analytics', method: 'GET', path: () => '/api/analytics/summary', expected: [401, 401, 403, 403, 200, 403, 200, 200] },
];

test.each(FAMILIES)('$family: each key and session gets what its role allows', async ({ method, path, body, expected }) => {
  const got: Array<[string, number]> = [];
  for (const caller of callers) {
    const res = await fetch(h.base + path(), {
      method,
      headers: { 'content-type': 'application/json', ...caller.headers() },
      body: body ? JSON.stringify(body()) : undefined,
    });
    got.push([caller.name, res.status]);
    if (res.status === 403) expect(((await res.json()) as { error: string }).error).toMatch(/role|key|KEY/);
  }
  expect(got).toEqual(callers.map((c, i) => [c.name, expected[i]]));
});

test('the desk key cannot create an admin whose session would then edit the knowledge base', async () => {
  const res = await fetch(`${h.base}/api/handoff/agents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DESK_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Mallory', email: 'mallory@shop.test', password: 'a-good-password', role: 'admin' }),
  });
  expect(res.status).toBe(403);
  expect(((await res.json()) as { error: string }).error).toMatch(/acts as an agent, never as an admin/);
  expect(await h.app.store.sql.get(`SELECT id FROM agents WHERE email = 'mallory@shop.test'`)).toBeUndefined();
});
