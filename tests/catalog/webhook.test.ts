import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveCatalog, WebhookRefresher } from '../../catalog/live';
import { CatalogSearch } from '../../catalog/module';
import { ProductIndex } from '../../catalog/search';
import { createLogger, silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import { createApp } from '../../server/app';

/** A shop API on loopback whose answer the test sets. */
function shopApi(): Promise<{ url: string; answer: { status: number; body: string }; calls: number; close: () => Promise<void> }> {
  const state = { url: '', answer: { status: 200, body: '[]' }, calls: 0, close: async () => undefined as void };
  const server: Server = createServer((req, res) => {
    state.calls++;
    res.writeHead(state.answer.status, { 'content-type': 'application/json' }).end(state.answer.body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/catalog.json`;
      state.close = () => new Promise((done) => server.close(() => done()));
      resolve(state);
    }),
  );
}

const PRODUCTS = [
  { id: 'tent', title: 'Ridgeline Tent', description: 'Waterproof two-person tent', price: 229, currency: 'GBP', category: 'Tents' },
  { id: 'stove', title: 'Basecamp Stove', price: 59, currency: 'GBP' },
];

describe('a catalog from the shop’s webhook', () => {
  let dir: string;
  let api: Awaited<ReturnType<typeof shopApi>>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-catalog-hook-'));
    api = await shopApi();
  });
  afterEach(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bot = (catalog: string) => writeFileSync(join(dir, 'bot.yaml'), `name: Hook shop\ndefaultLocale: en\nlocales: [en]\ncatalog:\n${catalog}\n`);
  const start = () => createApp({ botDir: dir, databaseUrl: ':memory:', channels: [new TestChannel('web')], logger: silentLogger() });

  test('fetched over HTTP at start-up and searched; a failing shop API leaves the bot up, with no products', async () => {
    bot(`  webhook: ${api.url}`);
    api.answer = { status: 200, body: JSON.stringify(PRODUCTS) };
    let app = await start();
    try {
      const found = await app.bot.services.require(CatalogSearch).search('waterproof tents under 250');
      expect(found.products.map((p) => p.title)).toEqual(['Ridgeline Tent']);
      expect(api.calls).toBe(1);
    } finally {
      await app.close();
    }
    api.answer = { status: 503, body: '{"error":"maintenance"}' };
    app = await start();
    try {
      expect((await app.bot.services.require(CatalogSearch).search('tent')).products).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('invalid products from the webhook are refused with their place and the catalog stays as it was', async () => {
    const texts = { messages: {}, defaultLocale: 'en' };
    const live = new LiveCatalog(new ProductIndex([], 'en', texts));
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: { write: (line: string) => void lines.push(line) } });
    const warnings = () => lines.map((l) => (JSON.parse(l) as { err: string }).err);
    const refresher = new WebhookRefresher({ webhook: api.url, refreshMinutes: 60, timeoutMs: 2000 }, live, { defaultLocale: 'en', texts, logger });
    api.answer = { status: 200, body: JSON.stringify(PRODUCTS) };
    expect(await refresher.refresh()).toBe(true);
    api.answer = { status: 200, body: '[\n  { "id": "tent", "title": "Tent", "price": "cheap", "currency": "GBP" }\n]' };
    expect(await refresher.refresh()).toBe(false);
    expect(warnings()[0]).toMatch(/^Invalid catalog:\nhttp:\/\/127\.0\.0\.1:\d+\/catalog\.json:2:\d+ 0\.price: must be a number like 89\.50/);
    expect((await live.search('stove')).products.map((p) => p.id)).toEqual(['stove']);
  });

  test('bot.yaml mistakes are reported at their line; a file and a webhook together are refused', async () => {
    bot('  webhook: ftp://shop.example/catalog.json');
    await expect(start()).rejects.toThrow(/bot\.yaml:5:12 catalog\.webhook: must be an http\(s\) URL/);
    bot(`  webhook: ${api.url}`);
    writeFileSync(join(dir, 'catalog.csv'), 'id,title\nx,X\n');
    await expect(start()).rejects.toThrow('bot.yaml catalog.webhook and catalog.csv both give the products: keep one');
  });
});
