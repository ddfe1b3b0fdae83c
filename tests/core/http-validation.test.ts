import { Hono } from 'hono';
import { z } from 'zod';
import { RequestError } from '../../core/errors';
import { json, readValidJson, validParams } from '../../core/http';

/** A sub-app as modules write them, with the app's error handling (a RequestError is its status and message). */
function app(): Hono {
  const sub = new Hono();
  const Item = z.object({ id: z.string().regex(/^it_.+$/, 'must look like it_…'), n: z.string().regex(/^\d+$/, 'must be a number') });
  sub.get('/items/:id/:n', validParams(Item), (c) => json(c.req.valid('param')));
  sub.post('/items', async (c) => json(await readValidJson(c.req.raw, z.object({ name: z.string().min(1), tags: z.array(z.string()) }).strict(), { prefix: 'Invalid item: ' })));
  sub.post('/hint', async (c) => json(await readValidJson(c.req.raw, z.object({ from: z.string() }), { message: 'Send { "from": "<id>" }' })));
  const root = new Hono();
  root.route('/api', sub);
  root.onError((err) => (err instanceof RequestError ? json({ error: err.message }, err.status) : json({ error: 'Internal error' }, 500)));
  return root;
}

const post = (path: string, body: string, type = 'application/json') => app().request(path, { method: 'POST', headers: { 'content-type': type }, body });

describe('validated routes (core/http.ts)', () => {
  test('path parameters come decoded and typed; a refused one is a 400 naming it', async () => {
    const ok = await app().request('/api/items/it_%C3%A9/42');
    expect(await ok.json()).toEqual({ id: 'it_é', n: '42' });
    const bad = await app().request('/api/items/x/y');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('Invalid path: id: must look like it_…; n: must be a number');
  });

  test('malformed percent-encoding in the path is a 400, not a raw value passed on', async () => {
    const res = await app().request('/api/items/it_%E0%A4%A/1');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^Malformed percent-encoding in the path/);
  });

  test('a body is read within the limits and refused field by field, with the route’s wording', async () => {
    expect(await (await post('/api/items', '{"name":"a","tags":[]}')).json()).toEqual({ name: 'a', tags: [] });
    const wrong = await post('/api/items', '{"name":"","tags":[1],"extra":true}');
    expect(wrong.status).toBe(400);
    const { error } = await wrong.json();
    expect(error).toMatch(/^Invalid item: /);
    expect(error).toContain('name: ');
    expect(error).toContain('tags.0: ');
    expect(error).toMatch(/extra/);
    expect((await post('/api/items', '{"name":')).status).toBe(400);
    expect((await post('/api/items', 'name=a', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect(await (await post('/api/hint', '{}')).json()).toEqual({ error: 'Send { "from": "<id>" }' });
  });
});
