import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import { botDir } from './helpers';
import { servedRoutes } from '../support/routes';

const KEY = 'editor-key-for-tests-0123';
const EDITOR = { email: 'ed@shop.test', password: 'ed-password-1' };
const AGENT = { email: 'ann@shop.test', password: 'ann-password-1' };
const GIFT = { id: 'gift-wrapping', locale: 'en', title: 'Gift wrapping', tags: ['gifts'], body: 'We gift wrap any order for £3.50.' };

type Session = { cookie: string; csrf: string };
/** Credentials for one request: a session (its CSRF token sent unless `csrf` overrides it), or the key. */
type Auth = { session?: Session; csrf?: string | null; bearer?: string; editor?: string };

/**
 * The editor API with console sessions, over HTTP on loopback with the handoff module's real
 * logins: editors and admins edit as themselves (the history records who), agents are refused,
 * every change needs the session's CSRF token, and the bearer key keeps working for scripts.
 */
describe('editor API with console sessions', () => {
  let h: ConsoleHarness;
  let admin: Session;
  let editor: Session;
  let agent: Session;

  const call = (method: string, path: string, auth: Auth = {}, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth.session) headers.cookie = auth.session.cookie;
    const csrf = auth.csrf === undefined ? auth.session?.csrf : auth.csrf;
    if (csrf) headers['x-csrf-token'] = csrf;
    if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
    if (auth.editor) headers['x-editor'] = auth.editor;
    return fetch(h.base + path, { method, headers, redirect: 'manual', body: body === undefined ? undefined : JSON.stringify(body) });
  };
  const article = async (id: string, locale: string) => call('GET', `/api/kb/articles/${id}/${locale}`, { bearer: KEY });
  const authors = async (id: string, locale: string) => {
    const { versions } = (await (await call('GET', `/api/kb/articles/${id}/${locale}/versions`, { bearer: KEY })).json()) as { versions: Array<{ action: string; author?: string }> };
    return versions.map((v) => `${v.action} by ${v.author}`);
  };
  const errorOf = async (res: Response) => ((await res.json()) as { error: string }).error;

  beforeAll(async () => {
    const dir = botDir([['returns-policy', 'en', 'Returns policy', 'You can return unused items within 60 days of delivery for a full refund.']]);
    h = await startConsoleApp({ EDITOR_API_KEY: KEY }, { botDir: dir });
    admin = await h.login(ADMIN.email, ADMIN.password);
    for (const [who, role] of [[EDITOR, 'editor'], [AGENT, 'agent']] as const) {
      const res = await call('POST', '/api/handoff/agents', { session: admin }, { name: role, ...who, role });
      expect(res.status).toBe(201);
    }
    editor = await h.login(EDITOR.email, EDITOR.password);
    agent = await h.login(AGENT.email, AGENT.password);
  }, 30_000);
  afterAll(() => h?.close());

  test('without credentials every editor route answers 401, naming both ways in, and stores nothing', async () => {
    const routes = servedRoutes(h.app, '/api/kb');
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const route of routes) {
      const res = await call(route.method, route.path.replace(':id', 'gift-wrapping').replace(':locale', 'en'), {}, route.method === 'GET' ? undefined : GIFT);
      expect([route.method, route.path, res.status]).toEqual([route.method, route.path, 401]);
      const error = await errorOf(res);
      expect(error).toMatch(/sign in to the console/);
      expect(error).toMatch(/EDITOR_API_KEY/);
    }
    // A forged session cookie is no session.
    expect((await call('POST', '/api/kb/articles', { session: { cookie: 'sb_session=forged', csrf: 'x' } }, GIFT)).status).toBe(401);
    expect((await article('gift-wrapping', 'en')).status).toBe(404);
  });

  test('an editor edits as themselves: every version names the signed-in editor, never the x-editor header', async () => {
    const as = { session: editor, editor: 'someone-else' };
    expect((await call('GET', '/api/kb/articles', as)).status).toBe(200);
    expect((await call('POST', '/api/kb/articles', as, GIFT)).status).toBe(201);
    const saved = await call('PUT', '/api/kb/articles/gift-wrapping/en', as, { body: 'We gift wrap any order for £4.00.', version: 1 });
    expect(await saved.json()).toMatchObject({ version: 2, body: 'We gift wrap any order for £4.00.' });
    // A save based on an old version is refused for sessions as for the key.
    expect((await call('PUT', '/api/kb/articles/gift-wrapping/en', as, { title: 'Stale', version: 1 })).status).toBe(409);
    expect((await call('POST', '/api/kb/articles/gift-wrapping/en/publish', as)).status).toBe(200);
    expect((await call('POST', '/api/kb/articles/gift-wrapping/en/unpublish', as)).status).toBe(200);
    expect((await call('DELETE', '/api/kb/articles/gift-wrapping/en', as)).status).toBe(200);
    expect(await authors('gift-wrapping', 'en')).toEqual([
      'delete by ed@shop.test',
      'unpublish by ed@shop.test',
      'publish by ed@shop.test',
      'update by ed@shop.test',
      'create by ed@shop.test',
    ]);
  });

  test('a change without the session’s own CSRF token is refused (403) and changes nothing', async () => {
    expect((await call('POST', '/api/kb/articles', { session: editor, csrf: null }, { ...GIFT, id: 'no-token' })).status).toBe(403);
    expect((await article('no-token', 'en')).status).toBe(404);

    expect((await call('POST', '/api/kb/articles', { session: editor }, { ...GIFT, id: 'guarded' })).status).toBe(201);
    const tries: Array<[string, string, unknown?]> = [
      ['PUT', '/api/kb/articles/guarded/en', { title: 'Hijacked', version: 1 }],
      ['POST', '/api/kb/articles/guarded/en/publish'],
      ['DELETE', '/api/kb/articles/guarded/en'],
    ];
    for (const [method, path, body] of tries) {
      for (const csrf of [null, 'not-the-token', admin.csrf]) {
        const res = await call(method, path, { session: editor, csrf }, body);
        expect([method, csrf, res.status]).toEqual([method, csrf, 403]);
        expect(await errorOf(res)).toMatch(/CSRF/);
      }
    }
    expect(await (await article('guarded', 'en')).json()).toMatchObject({ title: 'Gift wrapping', status: 'draft', version: 1 });
  });

  test('an agent is refused with the reason (403) and stores nothing; an admin may edit', async () => {
    const read = await call('GET', '/api/kb/articles', { session: agent });
    expect(read.status).toBe(403);
    expect(await errorOf(read)).toMatch(/needs the editor or admin role; you are signed in as ann@shop\.test \(role agent\)/);
    expect((await call('POST', '/api/kb/articles', { session: agent }, { ...GIFT, id: 'by-agent' })).status).toBe(403);
    expect((await article('by-agent', 'en')).status).toBe(404);
    expect((await call('PUT', '/api/kb/articles/returns-policy/en', { session: agent }, { title: 'Mine' })).status).toBe(403);
    expect((await (await article('returns-policy', 'en')).json()).title).toBe('Returns policy');

    expect((await call('POST', '/api/kb/articles', { session: admin }, { ...GIFT, id: 'by-admin' })).status).toBe(201);
    expect(await authors('by-admin', 'en')).toEqual(['create by admin@shop.test']);
  });

  test('the API key still works for scripts, which may name their author in x-editor (default "api")', async () => {
    expect((await call('POST', '/api/kb/articles', { bearer: KEY, editor: 'nightly-import' }, { ...GIFT, id: 'by-key' })).status).toBe(201);
    expect((await call('PUT', '/api/kb/articles/by-key/en', { bearer: KEY }, { title: 'By key', version: 1 })).status).toBe(200);
    expect(await authors('by-key', 'en')).toEqual(['update by api', 'create by nightly-import']);
    // A wrong key is refused even beside a valid session: the key is what the caller chose to use.
    expect((await call('GET', '/api/kb/articles', { bearer: 'wrong-key', session: editor })).status).toBe(401);
    // The desk key acts as an agent, and agents do not edit: refused, saying which key would do.
    const desk = await call('GET', '/api/kb/articles', { bearer: 'test-api-key-0123456789' });
    expect(desk.status).toBe(403);
    expect(((await desk.json()) as { error: string }).error).toMatch(/EDITOR_API_KEY or ADMIN_API_KEY/);
  });

  test('invalid input lists each problem by field, for the console to show in place', async () => {
    const res = await call('POST', '/api/kb/articles', { session: editor }, { ...GIFT, id: 'invalid', title: ' ', tags: 'gifts', url: 'not a url' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: Array<{ field: string | null; message: string }> };
    expect(body.error).toMatch(/^Invalid article: /);
    expect(body.issues.map((i) => i.field).sort()).toEqual(['tags', 'title', 'url']);
    expect(body.issues.find((i) => i.field === 'title')?.message).toBe('give the article a title');
    expect((await article('invalid', 'en')).status).toBe(404);
  });

  test('the knowledge page and its script are for editors and admins', async () => {
    const anonymous = await call('GET', '/console/knowledge');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/console/login?next=%2Fconsole%2Fknowledge');
    const refused = await call('GET', '/console/knowledge', { session: agent });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('This page needs the editor or admin role.');
    expect((await call('GET', '/console/knowledge/assets/knowledge.js', { session: agent })).status).toBe(403);
    for (const who of [editor, admin]) {
      const page = await call('GET', '/console/knowledge', { session: who });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<script src="/console/knowledge/assets/knowledge.js">');
      expect((await call('GET', '/console/knowledge/assets/knowledge.js', { session: who })).status).toBe(200);
    }
  });
});

describe('editor API without EDITOR_API_KEY', () => {
  test('console sessions still work; any bearer key is refused', async () => {
    const h = await startConsoleApp({}, { botDir: botDir([]) });
    try {
      const admin = await h.login(ADMIN.email, ADMIN.password);
      const headers = { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf };
      const created = await fetch(`${h.base}/api/kb/articles`, { method: 'POST', headers, body: JSON.stringify(GIFT) });
      expect(created.status).toBe(201);
      const keyed = await fetch(`${h.base}/api/kb/articles`, { headers: { authorization: 'Bearer anything' } });
      expect(keyed.status).toBe(401);
      // (The harness sets ADMIN_API_KEY, which may edit too: the API is on, the key is wrong.)
      expect(((await keyed.json()) as { error: string }).error).toMatch(/Bearer <EDITOR_API_KEY or ADMIN_API_KEY>/);
    } finally {
      await h.close();
    }
  }, 30_000);
});
