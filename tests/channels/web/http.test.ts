import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../../server/app';
import { silentLogger } from '../../../core/logger';

const BOT = join(__dirname, '..', '..', '..', 'bots', 'demo');

describe('web channel HTTP API (in process)', () => {
  let app: App;
  let dir: string;
  // The demo bot's cold start (dictionaries, intents, articles: seconds of CPU) outlasts Jest's 30 s default at load 20–30.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-web-'));
    app = await createApp({ botDir: BOT, env: { DATA_DIR: dir, MAX_BODY_BYTES: '4096', METRICS_TOKEN: 'scraper-token' }, logger: silentLogger() });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    app.fetch(new Request('http://localhost/api/web/messages', { method: 'POST', body, headers }));
  const transcript = async (userId: string, after?: string) => {
    const res = await app.fetch(new Request(`http://localhost/api/web/messages?userId=${userId}${after ? `&after=${after}` : ''}`));
    return ((await res.json()) as { messages: Array<{ id: string; text: string; direction: string }> }).messages;
  };
  const storedCount = async () => Number((await app.store.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM messages'))?.n);

  test('healthz answers', async () => {
    const res = await app.fetch(new Request('http://localhost/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', bot: 'Northwind', channels: expect.arrayContaining(['web']) });
  });

  test('POST answers with the bot replies to this message; GET returns the transcript after an id', async () => {
    const res = await post(JSON.stringify({ userId: 'http-ann', text: 'hello', clientMessageId: 'c1' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { conversationId: string; messageId: string; messages: Array<{ text: string; buttons?: unknown[] }> };
    expect(body.conversationId).toMatch(/^con_/);
    expect(body.messages.length).toBeGreaterThan(0);
    expect(body.messages.some((m) => m.buttons?.length)).toBe(true);

    const all = await transcript('http-ann');
    expect(all[0]).toMatchObject({ id: body.messageId, direction: 'inbound', text: 'hello' });
    expect(all).toHaveLength(1 + body.messages.length);
    expect(await transcript('http-ann', all[0].id)).toEqual(all.slice(1));
    expect(await transcript('nobody-yet')).toEqual([]);
  });

  test('a repeated clientMessageId is not processed again and returns the same replies', async () => {
    const a = await (await post(JSON.stringify({ userId: 'http-bob', text: 'hi', clientMessageId: 'same' }))).json();
    const before = await transcript('http-bob');
    const b = await (await post(JSON.stringify({ userId: 'http-bob', text: 'hi', clientMessageId: 'same' }))).json();
    expect(b).toEqual(a);
    expect(await transcript('http-bob')).toEqual(before);
  });

  test.each([
    ['malformed JSON', '{"userId":', 400, /Malformed JSON/],
    ['an empty body', '', 400, /empty/],
    ['a missing userId', JSON.stringify({ text: 'x' }), 400, /userId/],
    ['a number as text', JSON.stringify({ userId: 'u', text: 5 }), 400, /text/],
    ['neither text nor payload', JSON.stringify({ userId: 'u' }), 400, /text.*payload/],
    ['an unknown field', JSON.stringify({ userId: 'u', text: 'x', admin: true }), 400, /admin/],
    ['a JSON array', '[1,2]', 400, /Invalid message/],
  ])('%s gets %i with a reason and stores nothing', async (_name, body, status, reason) => {
    const before = await storedCount();
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toMatch(reason);
    expect(await storedCount()).toBe(before);
  });

  test('a body over the limit gets 413, by Content-Length or while streaming', async () => {
    const before = await storedCount();
    const big = JSON.stringify({ userId: 'u', text: 'a'.repeat(5000) });
    expect((await post(big)).status).toBe(413);
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const res = await app.fetch(
      new Request('http://localhost/api/web/messages', { method: 'POST', body: stream, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(await storedCount()).toBe(before);
  });

  test('invalid UTF-8 and a wrong content type are refused', async () => {
    const bad = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const res = await app.fetch(new Request('http://localhost/api/web/messages', { method: 'POST', body: bad, headers: { 'content-type': 'application/json' } }));
    expect(res.status).toBe(400);
    expect((await post('userId=u&text=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  test('GET without userId is a 400; unknown routes are a JSON 404', async () => {
    expect((await app.fetch(new Request('http://localhost/api/web/messages'))).status).toBe(400);
    const res = await app.fetch(new Request('http://localhost/api/nope'));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'Not found: GET /api/nope' });
  });

  test('serves the widget, the demo page and metrics', async () => {
    const widget = await app.fetch(new Request('http://localhost/widget.js'));
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    const code = await widget.text();
    expect(code).toContain('role');
    // The Markdown renderer ships inside it, so one script tag embeds everything.
    expect(code).toMatch(/\.renderMarkdown\s*=\s*\w+/);
    expect(code).toContain('Switchboard Markdown: markdown-it (MIT) and DOMPurify');
    // Unchanged since the browser's copy: 304 without the ~140 kB; any other tag gets the script.
    const tag = widget.headers.get('etag') ?? '';
    expect(tag).toMatch(/^"[\w-]{27}"$/);
    const again = await app.fetch(new Request('http://localhost/widget.js', { headers: { 'if-none-match': `W/"old", ${tag}` } }));
    expect([again.status, await again.text()]).toEqual([304, '']);
    const stale = await app.fetch(new Request('http://localhost/widget.js', { headers: { 'if-none-match': '"old"' } }));
    expect([stale.status, (await stale.text()).length]).toEqual([200, code.length]);
    const page = await (await app.fetch(new Request('http://localhost/'))).text();
    expect(page).toContain('src="/widget.js"');
    expect((await app.fetch(new Request('http://localhost/metrics'))).status).toBe(401);
    const metrics = await (await app.fetch(new Request('http://localhost/metrics', { headers: { authorization: 'Bearer scraper-token' } }))).text();
    expect(metrics).toMatch(/switchboard_messages_total\{channel="web",direction="inbound",author="customer"\} \d+/);
  });

  test('path traversal does not leave the public folder', async () => {
    const res = await app.fetch(new Request('http://localhost/..%2f..%2fpackage.json'));
    expect(res.status).toBe(404);
  });
});
