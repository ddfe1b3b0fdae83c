import type { App } from '../../server/app';
import { api, ask, botDir, startApp } from './helpers';

const GIFT = {
  id: 'gift-wrapping',
  locale: 'en',
  title: 'Gift wrapping',
  tags: ['gifts'],
  body: 'We gift wrap any order for £3.50 in recycled paper with a handwritten card. Choose gift wrapping at checkout.',
};

describe('editor API', () => {
  let app: App;
  beforeEach(async () => {
    ({ app } = await startApp(botDir([['returns-policy', 'en', 'Returns policy', 'You can return unused items within 60 days of delivery for a full refund.']])));
  });
  afterEach(() => app.close());

  test('refuses requests without the editor key, or with a wrong one (401), and stores nothing', async () => {
    for (const key of [null, 'wrong-key']) {
      const res = await api(app, 'POST', '/api/kb/articles', GIFT, key);
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatch(/Bearer/);
    }
    expect((await api(app, 'GET', '/api/kb/articles/gift-wrapping/en')).status).toBe(404);
  });

  test('the API is closed when EDITOR_API_KEY is not set', async () => {
    const { app: closed } = await startApp(botDir([]), { env: { EDITOR_API_KEY: '' } });
    const res = await api(closed, 'GET', '/api/kb/articles', undefined, '');
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatch(/set EDITOR_API_KEY/);
    await closed.close();
  });

  test('create a draft, publish it: the bot answers from it at once, without a restart', async () => {
    const created = await api(app, 'POST', '/api/kb/articles', GIFT);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'gift-wrapping', status: 'draft', version: 1 });

    // A draft is not live.
    expect((await ask(app, 'Do you do gift wrapping?'))[0].text).not.toMatch(/£3.50/);

    const published = await api(app, 'POST', '/api/kb/articles/gift-wrapping/en/publish');
    expect(await published.json()).toMatchObject({ status: 'published', version: 2, publishedVersion: 2 });
    const [reply] = await ask(app, 'Do you do gift wrapping?');
    expect(reply.text).toMatch(/£3.50/);
    expect(reply.text).toMatch(/Source: “Gift wrapping”/);
  });

  test('an edit to a live article stays a draft until published; versions record every step', async () => {
    await api(app, 'POST', '/api/kb/articles', { ...GIFT, publish: true });
    const edited = await api(app, 'PUT', '/api/kb/articles/gift-wrapping/en', { body: 'We gift wrap any order for £4.00 in recycled paper.', version: 1 });
    expect(await edited.json()).toMatchObject({ version: 2, publishedVersion: 1, hasUnpublishedChanges: true });
    expect((await ask(app, 'How much is gift wrapping?'))[0].text).toMatch(/£3.50/);

    await api(app, 'POST', '/api/kb/articles/gift-wrapping/en/publish');
    expect((await ask(app, 'How much is gift wrapping?'))[0].text).toMatch(/£4.00/);

    const versions = await (await api(app, 'GET', '/api/kb/articles/gift-wrapping/en/versions')).json();
    expect(versions.versions.map((v: { version: number; action: string }) => [v.version, v.action])).toEqual([
      [3, 'publish'],
      [2, 'update'],
      [1, 'create'],
    ]);
    expect(versions.versions[2].body).toMatch(/£3.50/);
  });

  test('a stale version is refused with 409 and changes nothing', async () => {
    await api(app, 'POST', '/api/kb/articles', GIFT);
    await api(app, 'PUT', '/api/kb/articles/gift-wrapping/en', { title: 'Gift wrap', version: 1 });
    const stale = await api(app, 'PUT', '/api/kb/articles/gift-wrapping/en', { title: 'Wrapping', version: 1 });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatch(/reload/);
    expect((await (await api(app, 'GET', '/api/kb/articles/gift-wrapping/en')).json()).title).toBe('Gift wrap');
  });

  test('unpublish and delete take the article out of the index at once', async () => {
    await api(app, 'POST', '/api/kb/articles', { ...GIFT, publish: true });
    expect((await ask(app, 'gift wrapping price'))[0].text).toMatch(/£3.50/);
    await api(app, 'POST', '/api/kb/articles/gift-wrapping/en/unpublish');
    expect((await ask(app, 'gift wrapping price'))[0].text).toMatch(/can't help/);

    await api(app, 'POST', '/api/kb/articles/gift-wrapping/en/publish');
    expect((await ask(app, 'gift wrapping price'))[0].text).toMatch(/£3.50/);
    expect((await api(app, 'DELETE', '/api/kb/articles/gift-wrapping/en')).status).toBe(200);
    expect((await ask(app, 'gift wrapping price'))[0].text).toMatch(/can't help/);
    expect((await api(app, 'GET', '/api/kb/articles/gift-wrapping/en')).status).toBe(404);
    const history = await (await api(app, 'GET', '/api/kb/articles/gift-wrapping/en/versions')).json();
    expect(history.versions[0].action).toBe('delete');
  });

  test('a URL is removed with null or an emptied field (""); an absent url keeps it; a malformed one is refused by field', async () => {
    await api(app, 'POST', '/api/kb/articles', { ...GIFT, url: 'https://shop.example/en/gift-wrapping' });
    const put = async (body: unknown) => api(app, 'PUT', '/api/kb/articles/gift-wrapping/en', body);
    expect(await (await put({ title: 'Gift wrap' })).json()).toMatchObject({ url: 'https://shop.example/en/gift-wrapping', version: 2 });
    const cleared = await (await put({ url: '' })).json();
    expect(cleared.version).toBe(3);
    expect(cleared).not.toHaveProperty('url');
    await put({ url: 'https://shop.example/en/wrap' });
    expect(await (await put({ url: null })).json()).not.toHaveProperty('url');
    const bad = await put({ url: 'not a url' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues).toEqual([expect.objectContaining({ field: 'url' })]);
    // The version history keeps what each version had.
    const versions = (await (await api(app, 'GET', '/api/kb/articles/gift-wrapping/en/versions')).json()).versions as Array<{ version: number; url?: string }>;
    expect(versions.map((v) => [v.version, v.url ?? null])).toEqual([
      [5, null],
      [4, 'https://shop.example/en/wrap'],
      [3, null],
      [2, 'https://shop.example/en/gift-wrapping'],
      [1, 'https://shop.example/en/gift-wrapping'],
    ]);
  });

  test('unpublish, publish and delete take the version the editor loaded: a stale one is 409 and changes nothing', async () => {
    await api(app, 'POST', '/api/kb/articles', { ...GIFT, publish: true });
    await api(app, 'PUT', '/api/kb/articles/gift-wrapping/en', { title: 'Gift wrap', version: 1 });
    const path = '/api/kb/articles/gift-wrapping/en';
    const stale = [
      await api(app, 'POST', `${path}/unpublish`, { version: 1 }),
      await api(app, 'POST', `${path}/publish`, { version: 1 }),
      await api(app, 'DELETE', `${path}?version=1`),
    ];
    for (const res of stale) {
      expect(res.status).toBe(409);
      expect((await res.json()).error).toBe('Article gift-wrapping (en) is at version 2, not 1: someone changed it since you loaded it; reload it and apply your change again');
    }
    expect(await (await api(app, 'GET', path)).json()).toMatchObject({ version: 2, status: 'published', publishedVersion: 1 });
    expect((await ask(app, 'gift wrapping price'))[0].text).toMatch(/£3.50/);

    // With the current version each goes through.
    expect(await (await api(app, 'POST', `${path}/publish`, { version: 2 })).json()).toMatchObject({ version: 3, publishedVersion: 3 });
    expect(await (await api(app, 'POST', `${path}/unpublish`, { version: 3 })).json()).toMatchObject({ version: 4, status: 'draft' });
    expect((await api(app, 'DELETE', `${path}?version=3`)).status).toBe(409);
    expect((await api(app, 'DELETE', `${path}?version=4`)).status).toBe(200);
    expect((await api(app, 'GET', path)).status).toBe(404);
  });

  test('without a version (scripts) unpublish, publish and delete apply to the current version; a malformed one is 400', async () => {
    await api(app, 'POST', '/api/kb/articles', GIFT);
    const path = '/api/kb/articles/gift-wrapping/en';
    expect((await api(app, 'POST', `${path}/publish`)).status).toBe(200);
    expect((await api(app, 'POST', `${path}/unpublish`, {})).status).toBe(200);
    const bad = [
      await api(app, 'POST', `${path}/publish`, { version: 'two' }),
      await api(app, 'POST', `${path}/publish`, { version: 3, extra: true }),
      await api(app, 'DELETE', `${path}?version=abc`),
      await api(app, 'DELETE', `${path}?version=0`),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    const form = await app.fetch(new Request(`http://local${path}/publish`, { method: 'POST', headers: { authorization: 'Bearer secret-key', 'content-type': 'application/x-www-form-urlencoded' }, body: 'version=3' }));
    expect(form.status).toBe(415);
    expect(await (await api(app, 'GET', path)).json()).toMatchObject({ version: 3, status: 'draft' });
    expect((await api(app, 'DELETE', path)).status).toBe(200);
  });

  test('the history lists who did what and when, newest first, without the text; it outlives a delete', async () => {
    const start = Date.now();
    await api(app, 'POST', '/api/kb/articles', GIFT);
    const as = (editor: string) => ({ authorization: 'Bearer secret-key', 'x-editor': editor, 'content-type': 'application/json' });
    await app.fetch(new Request('http://local/api/kb/articles/gift-wrapping/en', { method: 'PUT', headers: as('ops-bot'), body: JSON.stringify({ title: 'Gift wrap', version: 1 }) }));
    await app.fetch(new Request('http://local/api/kb/articles/gift-wrapping/en/publish', { method: 'POST', headers: as('edie@shop.test') }));
    await api(app, 'DELETE', '/api/kb/articles/gift-wrapping/en');

    const res = await api(app, 'GET', '/api/kb/articles/gift-wrapping/en/history');
    expect(res.status).toBe(200);
    const history = await res.json();
    expect(history).toMatchObject({ id: 'gift-wrapping', locale: 'en', total: 4, limit: 100, offset: 0 });
    expect(history.changes.map((c: { version: number; action: string; author: string }) => [c.version, c.action, c.author])).toEqual([
      [4, 'delete', 'api'],
      [3, 'publish', 'edie@shop.test'],
      [2, 'update', 'ops-bot'],
      [1, 'create', 'api'],
    ]);
    for (const change of history.changes) {
      expect(Object.keys(change).sort()).toEqual(['action', 'at', 'author', 'version']);
      expect(change.at).toBeGreaterThanOrEqual(start);
      expect(change.at).toBeLessThanOrEqual(Date.now());
    }
    const page = await (await api(app, 'GET', '/api/kb/articles/gift-wrapping/en/history?limit=2&offset=1')).json();
    expect(page.changes.map((c: { version: number }) => c.version)).toEqual([3, 2]);
    expect((await api(app, 'GET', '/api/kb/articles/never-was/en/history')).status).toBe(404);
    expect((await api(app, 'GET', '/api/kb/articles/gift-wrapping/en/history', undefined, null)).status).toBe(401);
  });

  test('list filters by article, locale, tag, status and text, and names the bot’s languages', async () => {
    await api(app, 'POST', '/api/kb/articles', GIFT);
    await api(app, 'POST', '/api/kb/articles', { ...GIFT, locale: 'es', title: 'Envolver para regalo', body: 'Envolvemos tu pedido por 3,50 £.', publish: true });
    const list = async (query: string) =>
      ((await (await api(app, 'GET', `/api/kb/articles${query}`)).json()).articles as Array<{ id: string; locale: string }>).map((a) => `${a.id}.${a.locale}`);
    expect(await list('')).toEqual(['gift-wrapping.en', 'gift-wrapping.es', 'returns-policy.en']);
    expect(await list('?locale=es')).toEqual(['gift-wrapping.es']);
    expect(await list('?id=gift-wrapping')).toEqual(['gift-wrapping.en', 'gift-wrapping.es']);
    expect((await (await api(app, 'GET', '/api/kb/articles')).json()).locales).toEqual(['en', 'es', 'de', 'fr']);
    expect(await list('?tag=gifts')).toEqual(['gift-wrapping.en', 'gift-wrapping.es']);
    expect(await list('?status=draft')).toEqual(['gift-wrapping.en']);
    expect(await list('?status=published')).toEqual(['gift-wrapping.es', 'returns-policy.en']);
    expect(await list('?q=REFUND')).toEqual(['returns-policy.en']);
    expect((await api(app, 'GET', '/api/kb/articles?status=bogus')).status).toBe(400);
  });

  test('bad input gets a 4xx that says what is wrong, and nothing is stored', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [{ ...GIFT, id: 'Gift Wrapping' }, 400, /id: use lower-case/],
      [{ ...GIFT, title: '' }, 400, /title/],
      [{ ...GIFT, extra: 1 }, 400, /extra/],
      [{ ...GIFT, tags: 'gifts' }, 400, /tags/],
    ];
    for (const [body, status, message] of cases) {
      const res = await api(app, 'POST', '/api/kb/articles', body);
      expect(res.status).toBe(status);
      expect((await res.json()).error).toMatch(message);
    }
    const notJson = await app.fetch(new Request('http://local/api/kb/articles', { method: 'POST', headers: { authorization: 'Bearer secret-key', 'content-type': 'application/json' }, body: '{oops' }));
    expect(notJson.status).toBe(400);
    expect((await api(app, 'PUT', '/api/kb/articles/nope/en', { title: 'x' })).status).toBe(404);
    expect((await api(app, 'POST', '/api/kb/articles', GIFT)).status).toBe(201);
    expect((await api(app, 'POST', '/api/kb/articles', GIFT)).status).toBe(409);
    expect((await (await api(app, 'GET', '/api/kb/articles')).json()).total).toBe(2);
  });
});
