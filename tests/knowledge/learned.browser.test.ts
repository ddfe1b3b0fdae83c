import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signInToConsole } from '../support/browser';
import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import { botDir } from './helpers';

jest.setTimeout(120_000);

const KEY = 'editor-key-for-learned-tests';
const EDITOR = { name: 'Edie Editor', email: 'edie@shop.test', password: 'edie-password-1' };
const XSS = '<img src=x onerror="window.__xss=1">wrap it';

/** The knowledge page lists what conversations taught about an article; an editor accepts and removes it. */
describe('learned evidence on the knowledge page in Chromium', () => {
  let h: ConsoleHarness;
  let browser: Browser;
  let page: Page;

  const byKey = (method: string, path: string, body?: unknown) =>
    fetch(h.base + path, { method, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const listed = async () => ((await (await byKey('GET', '/api/kb/evidence')).json()) as { items: Array<{ question: string; status: string }> }).items;

  beforeAll(async () => {
    const dir = botDir([['gift-wrapping', 'en', 'Gift wrapping', 'We gift wrap any order for £3.50 in recycled paper.']]);
    [h, browser] = await Promise.all([startConsoleApp({ EDITOR_API_KEY: KEY }, { botDir: dir }), launchBrowser()]);
    const admin = await h.login(ADMIN.email, ADMIN.password);
    await fetch(`${h.base}/api/handoff/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ ...EDITOR, role: 'editor' }),
    });
    page = await (await browser.newContext()).newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  test('evidence is listed as text under the article; Accept and Remove change what the bot uses', async () => {
    for (const question of ['can you wrap a present', XSS]) {
      const res = await byKey('POST', '/api/kb/evidence', { customerId: 'cus_1', conversationId: 'conv_1', question, locale: 'en', articleId: 'gift-wrapping', articleLocale: 'en' });
      expect(res.status).toBe(201);
    }
    await signInToConsole(page, h.base, EDITOR);
    await page.goto(`${h.base}/console/knowledge`);
    await page.getByRole('link', { name: 'Edit “Gift wrapping” in EN (published)' }).click();
    await page.getByRole('heading', { name: 'Learned from conversations' }).waitFor();
    await page.locator('#learned-list q', { hasText: 'can you wrap a present' }).waitFor();
    await expect(page.locator('#learned-list q').allTextContents()).resolves.toContain(XSS);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    await page.getByRole('button', { name: 'Accept “can you wrap a present”' }).click();
    await page.locator('#learned-list li', { hasText: 'accepted' }).waitFor();
    await page.getByRole('button', { name: `Remove “${XSS}”` }).click();
    await page.locator('#announcer', { hasText: 'Removed' }).waitFor();
    await expect(listed()).resolves.toEqual([expect.objectContaining({ question: 'can you wrap a present', status: 'accepted' })]);
  });
});
