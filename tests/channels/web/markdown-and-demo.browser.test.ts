import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createApp, type App } from '../../../server/app';
import { silentLogger } from '../../../core/logger';
import { launchBrowser } from '../../support/browser';

/** The widget's Markdown (citations, bold, hostile text) and the demo shop page on a phone. */
const DEMO_BOT = join(__dirname, '..', '..', '..', 'bots', 'demo');
/** Echoes what the customer wrote as the bot's own reply ("echo: …"): bot text we control. */
const ECHO_BOT = join(__dirname, '..', 'bot');

// Real browser scenarios: a generous limit, so a cold or busy CI machine is not a failure.
jest.setTimeout(90_000);

let demo: App;
let echo: App;
let browser: Browser;
let page: Page;
let dir: string;
const urls = { demo: '', echo: '' };

// One Chromium and two servers for both suites: starting them is the slow part.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-md-'));
  demo = await createApp({ botDir: DEMO_BOT, env: { DATA_DIR: join(dir, 'demo') }, logger: silentLogger() });
  echo = await createApp({ botDir: ECHO_BOT, env: { DATA_DIR: join(dir, 'echo') }, logger: silentLogger() });
  urls.demo = `http://127.0.0.1:${await demo.listen(0, '127.0.0.1')}/`;
  urls.echo = `http://127.0.0.1:${await echo.listen(0, '127.0.0.1')}/`;
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await echo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the widget renders bot text as sanitised Markdown, in Chromium', () => {
  beforeEach(async () => {
    page = await (await browser.newContext()).newPage();
  });
  afterEach(async () => {
    await page.context().close();
  });

  const bot = () => page.locator('[role="log"] .sb-out');
  async function ask(text: string): Promise<void> {
    const before = await bot().count();
    await page.locator('#sb-input').fill(text);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[role="log"] .sb-out').length > n, before);
  }

  test('a knowledge answer shows a clickable citation and bold text, not Markdown syntax', async () => {
    await page.goto(urls.demo);
    await ask('How much does standard delivery cost?');
    const answer = bot().last();
    const source = answer.locator('a', { hasText: 'Shipping times and costs' });
    expect(await source.getAttribute('href')).toBe('https://northwind.example/en/help/shipping-times');
    expect(await source.getAttribute('target')).toBe('_blank');
    expect(await source.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await answer.locator('strong').count()).toBeGreaterThan(0);
    const text = (await answer.textContent()) ?? '';
    expect(text).not.toContain('**');
    expect(text).not.toContain('](');

    // A click opens the article in a new tab (the network is closed: the browser answers for the site).
    await page.context().route('https://northwind.example/**', (route) => route.fulfill({ body: 'The article', contentType: 'text/plain' }));
    const [tab] = await Promise.all([page.context().waitForEvent('page'), source.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toContain('northwind.example/en/help/shipping-times');
    await tab.close();
  });

  test('bold text in an answer is rendered as <strong>', async () => {
    await page.goto(urls.demo);
    await ask('Do you have a student discount?');
    const strong = bot().last().locator('strong');
    expect(await strong.allTextContents()).toContain('10% off');
  });

  test('script, event handlers and javascript: links in bot text are neither run nor rendered', async () => {
    await page.goto(urls.echo);
    await page.evaluate(() => ((window as unknown as { pwned: number }).pwned = 0));
    const hostile = [
      '**safe** [click](javascript:window.pwned=1) [data](data:text/html,<script>window.pwned=2</script>)',
      '<script>window.pwned=3</script> <img src=x onerror="window.pwned=4"> <a href="javascript:window.pwned=5">raw</a>',
      '<javascript:window.pwned=6> [ok](https://example.com/ok) ![pic](https://example.com/x.png)',
    ].join('\n');
    await ask(hostile);
    const reply = bot().last();
    await expect(reply.locator('strong').textContent()).resolves.toBe('safe');
    expect(await reply.locator('script, img, iframe, [onerror]').count()).toBe(0);
    // Only the https links are links (an image becomes a link to it); each opens in a new tab.
    const links = await reply.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]));
    expect(links).toEqual([
      ['https://example.com/ok', '_blank', 'noopener noreferrer'],
      ['https://example.com/x.png', '_blank', 'noopener noreferrer'],
    ]);
    // Raw HTML is shown as text, so the customer sees what was written instead of losing it.
    expect(await reply.textContent()).toContain('<script>window.pwned=3</script>');
    // Click everything that looks like a link; nothing may run.
    for (const text of ['click', 'data', 'raw']) await reply.getByText(text, { exact: false }).first().click();
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);
    // The renderer is private: it set no markdownit or DOMPurify global on the host page.
    expect(await page.evaluate(() => [typeof (window as unknown as Record<string, unknown>).markdownit, typeof (window as unknown as Record<string, unknown>).DOMPurify])).toEqual(['undefined', 'undefined']);
  });

  test('the customer’s own Markdown stays plain text', async () => {
    await page.goto(urls.echo);
    await ask('**not bold** [x](https://example.com)');
    const mine = page.locator('[role="log"] .sb-in').last();
    expect(await mine.textContent()).toBe('**not bold** [x](https://example.com)');
    expect(await mine.locator('strong, a').count()).toBe(0);
  });
});

describe('the demo shop page on a phone, in Chromium', () => {
  test('at 390×844 nothing is wider than the screen, the chat works, and the page has a favicon', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    try {
      await phone.goto(urls.demo);
      await phone.locator('#sb-input').fill('How much does standard delivery cost?');
      await phone.keyboard.press('Enter');
      await phone.locator('[role="log"] .sb-out a', { hasText: 'Shipping times and costs' }).waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // Every element's right edge is on screen (scrollWidth alone misses overflow:hidden clipping).
      const widest = await phone.evaluate(() => Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right)));
      expect(widest).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: join(dir, 'demo-phone.png'), fullPage: true });

      const icon = await phone.locator('link[rel="icon"]').getAttribute('href');
      const res = await fetch(new URL(icon ?? '/missing', urls.demo));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(await res.text()).toMatch(/^<svg /);
    } finally {
      await context.close();
    }
  });

  test('the floating panel (no data-target) fits a 360 px phone, embedded in another site', async () => {
    // Another site on loopback (another origin) that only adds the script tag.
    const html = `<!doctype html><meta name="viewport" content="width=device-width"><p>Host</p><script src="${urls.echo}widget.js" data-title="Shop"></script>`;
    const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    try {
      await phone.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      await phone.getByRole('button', { name: 'Shop' }).click();
      const panel = await phone.locator('.sb-floating').boundingBox();
      expect(panel).not.toBeNull();
      expect(panel!.x).toBeGreaterThanOrEqual(0);
      expect(panel!.x + panel!.width).toBeLessThanOrEqual(360);
      await phone.locator('#sb-input').fill('**hi**');
      await phone.keyboard.press('Enter');
      await expect(phone.locator('.sb-out strong').textContent()).resolves.toBe('hi');
    } finally {
      await context.close();
      await new Promise((resolve) => site.close(resolve));
    }
  });
});
