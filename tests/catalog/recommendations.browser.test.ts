import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { DAY, SHOP_BOT, shopApp, T0 } from '../journeys/support';

jest.setTimeout(90_000);
const KEY = 'reco-browser-key';

/** The shop's products in Spanish; without pictures, which Chromium would ask the (closed) internet for. */
const CATALOG = [
  { id: 'tent', title: 'Ridgeline Tent', price: 229, currency: 'EUR', locale: 'es' },
  { id: 'mat', title: 'Esterilla Cloud', description: 'Esterilla hinchable', price: 49.5, currency: 'EUR', url: 'https://shop.example/mat', locale: 'es' },
  { id: 'stove', title: 'Hornillo Basecamp', description: 'Hornillo de gas', price: 59, currency: 'EUR', locale: 'es' },
];

/**
 * A proactive recommendation reaches the widget live, in Chromium: the visitor chats on the shop's
 * page, the shop posts its events, the care-tips rule comes due, and the message arrives over the
 * socket with the recommended products as a carousel the visitor works by keyboard.
 */
describe('journeys’ recommendations in the widget', () => {
  let dir: string;
  let shop: Awaited<ReturnType<typeof shopApp>>;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-reco-browser-'));
    cpSync(SHOP_BOT, dir, { recursive: true });
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify(CATALOG));
    // The shop's page, served from the bot's public/ folder, with the widget floating on it.
    mkdirSync(join(dir, 'public'));
    writeFileSync(join(dir, 'public', 'tienda.html'), '<!doctype html><html lang="es"><body><h1>Tienda</h1><script src="/widget.js"></script></body></html>');
    [shop, browser] = await Promise.all([shopApp({ botDir: dir, realChannels: true, env: { SWITCHBOARD_API_KEY: KEY } }), launchBrowser()]);
    base = `http://127.0.0.1:${await shop.app.listen(0, '127.0.0.1')}`;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await shop?.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, path: string, body: unknown) =>
    fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify(body) });

  test('the care-tips message arrives as text and a keyboard carousel of what others bought', async () => {
    const context = await browser.newContext({ locale: 'es-ES' });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (err) => errors.push(err.message));
    await tab.goto(`${base}/tienda.html`);
    await tab.locator('.sb-launcher').click();
    await tab.locator('#sb-input').fill('hola');
    await tab.keyboard.press('Enter');
    await tab.locator('[role="log"] .sb-in:not(.sb-pending)').first().waitFor(); // stored: the visitor is a customer
    const userId = await tab.evaluate(() => (window as unknown as { Switchboard: { userId: string } }).Switchboard.userId);
    const customerId = (await shop.app.store.findCustomerByAddress('web', userId))!.id;

    // The shop: consent and language, what others bought together, the visitor's order and its delivery.
    expect((await call('PUT', `/api/customers/${customerId}`, { consent: { web: true }, locale: 'es' })).status).toBe(200);
    const events = [
      { userId: 'shopper-1', type: 'order_placed', at: T0 - DAY, properties: { items: [{ id: 'tent', name: 'tienda' }, { id: 'mat', name: 'esterilla' }, { id: 'stove', name: 'hornillo' }] } },
      { userId: 'shopper-2', type: 'order_placed', at: T0 - DAY, properties: { items: [{ id: 'tent', name: 'tienda' }, { id: 'mat', name: 'esterilla' }] } },
      { customerId, type: 'order_placed', at: T0 - DAY, properties: { items: [{ id: 'tent', name: 'tienda' }] } },
      { customerId, type: 'order_delivered', at: T0 },
    ];
    expect((await call('POST', '/api/events', { events })).status).toBe(202);
    shop.clock.t = T0 + 3 * DAY;
    expect((await shop.journeys.proactive.tick(shop.clock.t)).map((d) => d.decision)).toEqual(['sent']);

    // Live, over the socket: the text, then the carousel.
    await tab.locator('[role="log"] .sb-out', { hasText: 'Otros también compraron: esterilla, hornillo.' }).waitFor();
    const carousel = tab.getByRole('region', { name: 'Productos' }); // the widget speaks the visitor's language
    await carousel.waitFor();
    const cards = carousel.locator('.sb-card');
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(['Esterilla Cloud, 1 de 2', 'Hornillo Basecamp, 2 de 2']);
    expect((await carousel.locator('.sb-card-price').allTextContents()).map((t) => t.replace(/\s/g, ' '))).toEqual(['49,50 €', '59,00 €']);

    // By keyboard: to the second card, into it, its "Detalles" pressed with Enter.
    await cards.first().focus();
    await tab.keyboard.press('ArrowRight');
    expect(await tab.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Hornillo Basecamp, 2 de 2');
    await tab.keyboard.press('Tab');
    expect(await tab.evaluate(() => document.activeElement?.textContent)).toBe('Detalles');
    await tab.keyboard.press('Enter');
    await tab.locator('[role="log"] .sb-out', { hasText: 'Hornillo de gas' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
