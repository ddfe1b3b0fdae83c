import { connect } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import WebSocket from 'ws';
import { parseMessageActivity } from '../../channels/teams/mapping';
import { RequestError } from '../../core/errors';
import { LexiconSentiment } from '../../core/sentiment';
import { commandClient, connectClient } from '../../server/redis/connection';
import { FENCE_TTL_MS, RedisLock } from '../../server/redis/lock';
import { ADMIN, ADMIN_KEY, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import { REDIS_URL, dropRedisPrefix, requireServices, uniqueName } from '../scale/services';

/** Every log line the app writes, parsed. */
const logs: Array<{ level: number; msg: string; err?: unknown }> = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
    done();
  },
});

let h: ConsoleHarness;
beforeAll(async () => {
  h = await startConsoleApp({ METRICS_TOKEN: 'scraper-token' }, { logger: pino({ level: 'info' }, sink) });
}, 30_000);
afterAll(async () => h && (await h.close()));

const get = (path: string, headers: Record<string, string> = {}) => fetch(h.base + path, { headers, redirect: 'manual' });

test('a Teams message activity with an empty id is a 400, not a unique-constraint 500', () => {
  const activity = {
    type: 'message',
    id: '',
    serviceUrl: 'https://smba.example/',
    channelId: 'msteams',
    from: { id: '29:user' },
    conversation: { id: 'a:conv' },
    recipient: { id: '28:bot' },
    text: 'hi',
  };
  for (let i = 0; i < 2; i++) {
    const err = (() => {
      try {
        parseMessageActivity(activity);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RequestError);
    expect(err).toMatchObject({ status: 400, message: expect.stringMatching(/^Malformed Bot Framework activity: id:/) });
  }
});

test('console and dashboard file names from the URL name nothing on Object.prototype', async () => {
  for (const path of ['/console/assets/constructor', '/console/assets/__proto__', '/console/assets/toString', '/console/analytics/constructor', '/console/analytics/__proto__']) {
    expect([path, (await get(path)).status]).toEqual([path, 404]);
  }
  expect((await get('/console/assets/%E0%A4%A')).status).toBe(400);
});

test('a locale or a word "constructor" reaches no lookup', async () => {
  const res = await fetch(`${h.base}/api/web/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'proto-visitor', text: 'hello', locale: 'constructor' }),
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: string }).error).toMatch(/locale: must be a language tag/);
  // A profile can say anything: the turn falls back to the bot's language and answers.
  expect((await h.web('proto-visitor-2', 'hello')).status).toBe(200);
  const id = (await h.app.store.findCustomerByAddress('web', 'proto-visitor-2'))!.id;
  await h.app.store.updateProfile(id, { locale: '__proto__' });
  const answered = await h.web('proto-visitor-2', 'constructor __proto__ toString');
  expect(answered.status).toBe(200);
  expect(((await answered.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
  // The sentiment lexicon is looked up by the customer's words.
  const sentiment = new LexiconSentiment();
  expect(sentiment.score('constructor toString __proto__ hasOwnProperty valueOf', 'en')).toBe(0);
  expect(sentiment.score('this is terrible', 'constructor')).toBeLessThan(0);
});

test('Origin: null on the console socket is a 403, not a 500', async () => {
  const { cookie } = await h.login(ADMIN.email, ADMIN.password);
  const status = await new Promise<number>((resolve) => {
    const ws = new WebSocket(h.base.replace('http', 'ws') + '/console/socket', { headers: { cookie, origin: 'null' } });
    ws.on('open', () => resolve(101));
    ws.on('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
  expect(status).toBe(403);
  expect(logs.filter((l) => l.level >= 50)).toEqual([]);
});

test('an upload the client aborts is logged quietly, not as a server error with a stack', async () => {
  const port = Number(new URL(h.base).port);
  await new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('POST /api/web/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 50000\r\n\r\n{"userId":"aborter","text":"');
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 100);
    });
  });
  const deadline = Date.now() + 5000;
  while (!logs.some((l) => /aborted/.test(l.msg)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(logs.filter((l) => /aborted/.test(l.msg))).toEqual([expect.objectContaining({ level: 30, msg: 'client aborted its request' })]);
  expect(logs.filter((l) => l.level >= 50)).toEqual([]);
});

test('an article URL must be http(s): javascript: and data: are refused', async () => {
  for (const url of ['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'JavaScript:alert(1)']) {
    const res = await fetch(`${h.base}/api/kb/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'evil-link', locale: 'en', title: 'Evil', body: 'Click.', url }),
    });
    expect([url, res.status]).toEqual([url, 400]);
    expect(((await res.json()) as { error: string }).error).toMatch(/http\(s\) URL/);
  }
  const fine = await fetch(`${h.base}/api/kb/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'good-link', locale: 'en', title: 'Good', body: 'Read.', url: 'https://example.com/returns' }),
  });
  expect(fine.status).toBe(201);
});

test('/metrics needs the scraper token or the admin key', async () => {
  expect((await get('/metrics')).status).toBe(401);
  expect((await get('/metrics', { authorization: 'Bearer test-api-key-0123456789' })).status).toBe(403);
  const scraped = await get('/metrics', { authorization: 'Bearer scraper-token' });
  expect(scraped.status).toBe(200);
  expect(await scraped.text()).toMatch(/switchboard_/);
  expect((await get('/metrics', { authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(200);
});

test('Redis fence keys expire', async () => {
  await requireServices();
  const prefix = `${uniqueName('sbfence')}:`;
  const redis = await connectClient(commandClient(REDIS_URL), REDIS_URL);
  try {
    await new RedisLock(redis, { prefix }).run('conv-ttl', async () => undefined);
    const ttl = await redis.pttl(`${prefix}fence:conv-ttl`);
    expect(ttl).toBeGreaterThan(FENCE_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(FENCE_TTL_MS);
  } finally {
    redis.disconnect();
    await dropRedisPrefix(prefix);
  }
});
