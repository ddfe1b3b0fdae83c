import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot } from '../../core/bot';
import { TestBot, TestChannel } from '../../core/testing/harness';
import { dialog } from '../../dialogs/builder';
import { SimpleRecognizer } from '../../dialogs/intents/simple';
import { DialogRuntime } from '../../dialogs/runtime';
import type { Dialog } from '../../dialogs/schema';
import { authorOrigin, webhookUrl } from '../../dialogs/webhook-url';
import { plainText } from '../../core/markdown/format';

const PLAIN = { maxButtons: 0, maxButtonTitle: 20, maxTextLength: 1600, format: plainText, media: false, typing: false };

/** A loopback server recording every request's path and headers; `/redirect` points at `elsewhere`. */
async function recorder(elsewhere?: string): Promise<{ server: Server; base: string; seen: Array<{ url: string; headers: IncomingHttpHeaders }> }> {
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/redirect') && elsewhere) return void res.writeHead(302, { location: `${elsewhere}/stolen` }).end();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'shipped' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

let other: Awaited<ReturnType<typeof recorder>>;
let api: Awaited<ReturnType<typeof recorder>>;
const bots: TestBot[] = [];
beforeAll(async () => {
  other = await recorder();
  api = await recorder(other.base);
});
afterEach(async () => {
  for (const t of bots.splice(0)) await t.close();
  api.seen.length = 0;
  other.seen.length = 0;
});
afterAll(async () => {
  for (const s of [api, other]) await new Promise<void>((r) => s.server.close(() => r()));
});

async function botWith(dialogs: Dialog[]): Promise<TestBot> {
  const bot = new Bot({ name: 'Test', defaultLocale: 'en', locales: ['en'] });
  const runtime = await DialogRuntime.create({ dialogs, actions: new Map(), recognizer: new SimpleRecognizer() });
  bot.use(runtime.middleware());
  bot.use(async (ctx) => ctx.reply('(fallback)'));
  const t = await TestBot.create(bot, { channels: [new TestChannel('sms', PLAIN)] });
  bots.push(t);
  return t;
}

const tracking = (webhook: string) =>
  dialog('track')
    .keywords('track')
    .ask('code', { prompt: 'Code?' })
    .call({ webhook, method: 'GET', timeoutMs: 2000, headers: { 'x-api-key': 'author-secret' } }, { into: 'r', onError: { say: 'Lookup refused.' } })
    .say('Status: {{slots.r.status}}')
    .build();

test('customer text in a webhook URL is percent-encoded: no path injection', async () => {
  const t = await botWith([tracking(`${api.base}/orders/{{slots.code}}/status`)]);
  await t.conversation('a').send('track').expect('Code?').send('../../internal/admin?token=x#frag').expect('Status: shipped');
  expect(api.seen.map((r) => r.url)).toEqual(['/orders/..%2F..%2Finternal%2Fadmin%3Ftoken%3Dx%23frag/status']);
  expect(api.seen[0].headers['x-api-key']).toBe('author-secret');
});

test('a value that is a whole dot segment is refused, nothing is called', async () => {
  const t = await botWith([tracking(`${api.base}/orders/{{slots.code}}/status`)]);
  await t.conversation('b').send('track').expect('Code?').send('..').expect('Lookup refused.');
  expect(api.seen).toEqual([]);
});

test('a redirect elsewhere is not followed: the author’s headers never leave the origin they wrote', async () => {
  const t = await botWith([tracking(`${api.base}/redirect/{{slots.code}}`)]);
  await t.conversation('c').send('track').expect('Code?').send('A-1').expect('Lookup refused.');
  expect(api.seen).toHaveLength(1);
  expect(other.seen).toEqual([]);
});

test('the origin must be written by the author; a filled URL must keep it', () => {
  expect(authorOrigin('https://api.example.com/orders/{{slots.code}}')).toBe('https://api.example.com');
  expect(() => authorOrigin('https://{{slots.host}}/orders')).toThrow(/must be written out/);
  expect(() => authorOrigin('https://api.example.com{{slots.path}}')).toThrow(/must be written out/);
  expect(() => authorOrigin('{{slots.url}}')).toThrow(/must be written out/);
  expect(webhookUrl('https://api.example.com/o/{{slots.c}}', { slots: { c: '@evil.com' } }).href).toBe('https://api.example.com/o/%40evil.com');
  expect(webhookUrl('https://api.example.com/o?id={{slots.c}}', { slots: { c: 'a&admin=1' } }).search).toBe('?id=a%26admin%3D1');
});
