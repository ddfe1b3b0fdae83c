import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { shopApp } from './support';

// Real browser: a generous limit, so a cold or busy machine is not a failure.
jest.setTimeout(90_000);

/** A shop page with the chat widget and the events snippet, in either order. */
const page = (first: string, second: string) => `<!doctype html><html><head><title>Linen shirt</title></head><body>
<h1>Linen shirt</h1>
<script src="/${first}" async></script><script src="/${second}" async></script>
</body></html>`;

describe('the browser events snippet in Chromium', () => {
  let shop: Awaited<ReturnType<typeof shopApp>>;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    shop = await shopApp({ realChannels: true });
    base = `http://127.0.0.1:${await shop.app.listen(0, '127.0.0.1')}`;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await shop?.app.close();
  });

  test.each([
    ['widget first', 'widget.js', 'events.js'],
    ['snippet first', 'events.js', 'widget.js'],
  ])('page views and Switchboard.track reach the visitor’s customer, with no key in the page (%s)', async (_order, first, second) => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.route(`${base}/shop/shirt`, (route) => route.fulfill({ contentType: 'text/html', body: page(first, second) }));
    await tab.goto(`${base}/shop/shirt`);
    await tab.waitForFunction(() => {
      const sb = (window as unknown as { Switchboard?: { track?: unknown; open?: unknown } }).Switchboard;
      return typeof sb?.track === 'function' && typeof sb?.open === 'function';
    });
    await tab.evaluate(() => (window as unknown as { Switchboard: { track(t: string, p: object): void } }).Switchboard.track('product_view', { productId: 'shirt', name: 'Linen shirt' }));
    const userId = await tab.evaluate(() => (window as unknown as { Switchboard: { userId: string } }).Switchboard.userId);

    // The requests are the page's own: wait (up to 10 s) until both events and the stage they imply are stored.
    let types: string[] = [];
    let stage: unknown;
    for (let i = 0; i < 100 && !(types.length === 2 && stage === 'consideration'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      const found = await shop.app.store.findCustomerByAddress('web', userId);
      types = found ? (await shop.journeys.events.forCustomer(found.id)).map((e) => e.type) : [];
      stage = found?.profile.attributes?.stage;
    }
    expect(types).toEqual(['page_view', 'product_view']);
    const customer = (await shop.app.store.findCustomerByAddress('web', userId))!;
    expect((await shop.journeys.events.forCustomer(customer.id))[0].properties).toEqual({ path: '/shop/shirt', title: 'Linen shirt' });
    expect(customer.profile.attributes?.stage).toBe('consideration');
    await context.close();
  });
});
