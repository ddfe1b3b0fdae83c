import { WebChannel } from '../../../channels/web/adapter';
import { serveAdapter, type Served } from '../../../testkit/channels/support';

/**
 * The web channel's routes as a Hono sub-app (`WebChannel.routes()`): bodies and query strings are
 * checked with core's validators, and the 400s keep the exact wording clients and the widget know.
 */
let served: Served;
beforeAll(async () => {
  served = await serveAdapter(new WebChannel({ title: 'Shop' }));
});
afterAll(async () => served?.close());

const get = (path: string) => fetch(`${served.url}${path}`);
const post = (body: unknown) => fetch(`${served.url}/api/web/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const error = async (res: Response) => ((await res.json()) as { error: string }).error;

test('a refused body is a 400 worded as before: fields by name, a problem with the whole message alone', async () => {
  expect(await error(await post({ userId: 'u' }))).toBe('Invalid message: give "text" or "payload"');
  expect(await error(await post([1, 2]))).toBe('Invalid message: Invalid input: expected object, received array');
  const wrong = await post({ userId: 'u', text: 5 });
  expect(wrong.status).toBe(400);
  expect(await error(wrong)).toBe('Invalid message: text: Invalid input: expected string, received number');
  expect(await served.messages()).toEqual([]);
});

test('the transcript query: userId required, limit capped and read leniently, after an id', async () => {
  for (const path of ['/api/web/messages', '/api/web/messages?userId=']) {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(await error(res)).toBe('Query parameter "userId" is required');
  }
  const first = (await (await post({ userId: 'ann', text: 'one' })).json()) as { messageId: string };
  await post({ userId: 'ann', text: 'two' });
  const texts = async (query: string) => ((await (await get(`/api/web/messages?userId=ann${query}`)).json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text);
  expect(await texts('')).toEqual(['one', 'echo: one', 'two', 'echo: two']);
  expect(await texts('&limit=abc')).toEqual(['one', 'echo: one', 'two', 'echo: two']);
  expect(await texts('&limit=1')).toEqual(['one']);
  expect(await texts(`&after=${first.messageId}&limit=2`)).toEqual(['echo: one', 'two']);
});

test('the widget texts: a malformed locale is a 400 with the same reason, none or an empty one is the default', async () => {
  const bad = await get('/api/web/texts?locale=%3Cscript%3E');
  expect(bad.status).toBe(400);
  expect(await error(bad)).toBe('locale must be a language tag such as "pt-BR"');
  for (const query of ['', '?locale=', '?locale=de-DE']) expect((await get(`/api/web/texts${query}`)).status).toBe(200);
});
