import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../../server/app';
import { silentLogger } from '../../../core/logger';

const BOT = join(__dirname, '..', '..', '..', 'bots', 'demo');

/**
 * The same body rules as `http.test.ts`, over a real socket: served by Node, bodies are read from
 * its request stream directly (core/http.ts `attachNodeBody`), not through a web stream.
 */
describe('web channel HTTP API over a real socket', () => {
  let app: App;
  let dir: string;
  let port: number;
  // The demo bot's cold start (dictionaries, intents, articles: seconds of CPU) outlasts Jest's 30 s default at load 20–30.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-web-node-'));
    app = await createApp({ botDir: BOT, env: { DATA_DIR: dir, MAX_BODY_BYTES: '4096' }, logger: silentLogger() });
    port = await app.listen(0, '127.0.0.1');
  }, 120_000);
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** POSTs `chunks` (chunked unless `length` is given); resolves with the status and body text. */
  const post = (chunks: Array<string | Uint8Array>, options: { length?: number } = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string | number> = { 'content-type': 'application/json' };
      if (options.length !== undefined) headers['content-length'] = options.length;
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/web/messages', headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  const storedCount = async () => Number((await app.store.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM messages'))?.n);

  test('a message sent in several chunks is stored and answered', async () => {
    const body = JSON.stringify({ userId: 'node-ann', text: 'hello' });
    const res = await post([body.slice(0, 10), body.slice(10)]);
    expect(res.status).toBe(200);
    const parsed = JSON.parse(res.body) as { messageId: string; messages: unknown[] };
    expect((await app.store.getMessage(parsed.messageId))?.text).toBe('hello');
    expect(parsed.messages.length).toBeGreaterThan(0);
  });

  test('a body over the limit gets 413, by Content-Length or while streaming, and nothing is stored', async () => {
    const before = await storedCount();
    const big = JSON.stringify({ userId: 'node-u', text: 'a'.repeat(5000) });
    expect((await post([big], { length: Buffer.byteLength(big) })).status).toBe(413);
    const streamed = await post([big.slice(0, 3000), big.slice(3000)]);
    expect(streamed.status).toBe(413);
    expect(streamed.body).toMatch(/too large/);
    expect(await storedCount()).toBe(before);
  });

  test('invalid UTF-8, malformed JSON and an empty body are a 400', async () => {
    const before = await storedCount();
    expect((await post([new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])])).status).toBe(400);
    expect((await post(['{"userId":'])).body).toMatch(/Malformed JSON/);
    expect((await post([])).body).toMatch(/empty/);
    expect(await storedCount()).toBe(before);
  });
});
