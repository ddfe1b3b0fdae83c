import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { expectConsoleNav } from '../support/console-nav';
import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import { botDir } from './helpers';

// Whole scenarios in a real browser: generous limits for a cold machine, not speed assertions.
jest.setTimeout(120_000);

const KEY = 'editor-key-for-browser-tests';
const EDITOR = { name: 'Edie Editor', email: 'edie@shop.test', password: 'edie-password-1' };
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const GIFT_BODY = 'We gift wrap any order for £3.50 in recycled paper with a handwritten card. Choose gift wrapping at checkout.';

/**
 * The knowledge page in real Chromium: an editor signs in, finds an article, edits and publishes
 * it, and the bot answers customers with the new text on the web API; a save that races another
 * is refused (409) and shown, and the editor reloads; validation problems appear next to their
 * field; a translation is added by keyboard; an article whose title is an XSS payload stays text
 * and is deleted after a confirmation; an emptied URL field removes the URL; an unpublish or delete
 * on a version someone else changed is refused and shown like a racing save; the history lists
 * every change with its author.
 */
describe('knowledge page in Chromium', () => {
  let h: ConsoleHarness;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const byKey = (method: string, path: string, body?: unknown) =>
    fetch(h.base + path, { method, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const stored = async (id: string, locale: string) =>
    (await (await byKey('GET', `/api/kb/articles/${id}/${locale}`)).json()) as { title: string; body: string; version: number; status: string; url?: string };
  const lastAuthor = async (id: string, locale: string) => ((await (await byKey('GET', `/api/kb/articles/${id}/${locale}/versions`)).json()) as { versions: Array<{ author: string }> }).versions[0].author;
  /** What the bot answers a web chat customer. */
  const botSays = async (text: string) => {
    const res = await h.web(`shopper-${Math.random().toString(36).slice(2)}`, text);
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text).join('\n');
  };
  const focused = () => page.evaluate(() => document.activeElement?.id);
  /**
   * Waits for focus to reach `#id`. The page moves focus as the last step of an action, after its
   * requests (opening an article loads its translations and history first), so checking at once
   * races the page; waiting also means the action is over before the next step begins.
   */
  const listedTitles = () => page.locator('#article-list .q-name').allTextContents();
  /**
   * Waits for the article list to show exactly `titles`. Filtering reloads the list (typing after a
   * pause), so a link or a count can already be there from the list before; the titles are not.
   */
  const listShows = async (titles: string[]) => {
    try {
      await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('#article-list .q-name')].map((e) => e.textContent)) === want, JSON.stringify(titles));
    } catch {
      throw new Error(`the list never showed ${JSON.stringify(titles)}; it shows ${JSON.stringify(await listedTitles())}`);
    }
  };
  const focusMovesTo = async (id: string) => {
    try {
      await page.waitForFunction((want) => document.activeElement?.id === want, id);
    } catch {
      throw new Error(`focus never reached #${id}; it is on #${await focused()}`);
    }
  };

  beforeAll(async () => {
    const dir = botDir([
      ['gift-wrapping', 'en', 'Gift wrapping', GIFT_BODY],
      ['returns-policy', 'en', 'Returns policy', 'You can return unused items within 60 days of delivery for a full refund.'],
      ['returns-policy', 'es', 'Política de devoluciones', 'Puedes devolver artículos sin usar en 60 días para un reembolso completo.'],
    ]);
    [h, browser] = await Promise.all([startConsoleApp({ EDITOR_API_KEY: KEY }, { botDir: dir }), launchBrowser()]);
    const admin = await h.login(ADMIN.email, ADMIN.password);
    const created = await fetch(`${h.base}/api/handoff/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ ...EDITOR, role: 'editor' }),
    });
    expect(created.status).toBe(201);
    page = await (await browser.newContext()).newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  test('an editor finds an article, publishes an edit the bot then answers with, and meets a racing save', async () => {
    // Sign in from the console; the editor's navigation leads to the knowledge page.
    await page.goto(`${h.base}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await page.getByLabel('E-mail').fill(EDITOR.email);
    await page.getByLabel('Password').fill(EDITOR.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.base}/console`);
    await page.getByRole('link', { name: 'Knowledge' }).click();
    await page.waitForURL(`${h.base}/console/knowledge`);
    await page.locator('#list-count', { hasText: '2 articles' }).waitFor();
    // An editor's top bar: every page but Admin, this one marked.
    await expectConsoleNav(page, ['Queue', 'Knowledge', 'Dashboard', 'Staffing'], 'Knowledge');

    // Find it: the list narrows as the editor types; a language filter narrows further.
    await page.getByLabel('Find in titles and text').fill('wrap');
    await page.locator('#list-count', { hasText: /^1 article$/ }).waitFor();
    await page.getByLabel('Find in titles and text').fill('');
    await page.getByLabel('Language', { exact: true }).first().selectOption('es');
    await listShows(['Política de devoluciones']);
    await page.getByRole('link', { name: 'Edit “Política de devoluciones” in ES (published)' }).waitFor();
    await page.getByLabel('Language', { exact: true }).first().selectOption('');
    await page.getByLabel('Find in titles and text').fill('gift');
    await listShows(['Gift wrapping']);
    await page.locator('#list-count', { hasText: /^1 article$/ }).waitFor();

    // Open it: focus goes to the editor's heading; the form holds the stored Markdown.
    await page.getByRole('link', { name: 'Edit “Gift wrapping” in EN (published)' }).click();
    await page.getByRole('heading', { name: 'Gift wrapping' }).waitFor();
    await focusMovesTo('editor-title');
    await expect(page.getByLabel('Text (Markdown)').inputValue()).resolves.toBe(GIFT_BODY);
    await expect(page.locator('#editor-state').textContent()).resolves.toMatch(/^EN · published · version 1/);

    // Edit and publish: the bot answers the next customer with the new text.
    expect(await botSays('How much is gift wrapping?')).toMatch(/£3\.50/);
    await page.getByLabel('Text (Markdown)').fill(GIFT_BODY.replace('£3.50', '£4.25'));
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.locator('#editor-status', { hasText: 'Published version 2' }).waitFor();
    expect(await botSays('How much is gift wrapping?')).toMatch(/£4\.25/);
    expect(await lastAuthor('gift-wrapping', 'en')).toBe(EDITOR.email);

    // Someone else saves (a script with the key) while the editor is still on version 2.
    expect((await byKey('PUT', '/api/kb/articles/gift-wrapping/en', { body: GIFT_BODY.replace('£3.50', '£5.00'), version: 2 })).status).toBe(200);
    await page.getByLabel('Title', { exact: true }).fill('Gift wrapping service');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.locator('#form-alert');
    await alert.getByText(/someone else saved this article since you opened it/).waitFor();
    await expect(alert.textContent()).resolves.toMatch(/is at version 3, not 2/);
    await focusMovesTo('reload');
    await page.screenshot({ path: join(tmpdir(), 'switchboard-knowledge-conflict.png'), fullPage: true });
    // Nothing was overwritten: their text stands, and the editor's stays in the form.
    expect(await stored('gift-wrapping', 'en')).toMatchObject({ title: 'Gift wrapping', version: 3 });
    expect((await stored('gift-wrapping', 'en')).body).toMatch(/£5\.00/);
    await expect(page.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe('Gift wrapping service');

    // Reload: the stored text comes in, the editor's own text stays readable, and saving works again.
    await page.getByRole('button', { name: 'Reload the article' }).click();
    await page.locator('#editor-state', { hasText: 'version 3' }).waitFor();
    await focusMovesTo('editor-title');
    await expect(page.getByLabel('Text (Markdown)').inputValue()).resolves.toMatch(/£5\.00/);
    await expect(page.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe('Gift wrapping');
    expect(await alert.isVisible()).toBe(false);
    await page.locator('#unsaved summary').click();
    await expect(page.getByLabel('Your unsaved text, to apply again').inputValue()).resolves.toMatch(/£4\.25/);
    await page.getByLabel('Title', { exact: true }).fill('Gift wrapping service');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#editor-status', { hasText: 'Saved version 4 as a draft; customers see version 2 until you publish.' }).waitFor();
    expect(await stored('gift-wrapping', 'en')).toMatchObject({ title: 'Gift wrapping service', version: 4 });
    expect(errors).toEqual([]);
  });

  test('validation problems appear next to their field; a translation is added by keyboard; unpublish takes it offline', async () => {
    // An empty title: the API's message goes next to the field, which gets focus.
    await page.getByLabel('Title', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#f-title-error', { hasText: 'give the article a title' }).waitFor();
    await expect(page.getByLabel('Title', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await focusMovesTo('f-title');
    await page.screenshot({ path: join(tmpdir(), 'switchboard-knowledge-invalid.png'), fullPage: true });
    expect((await stored('gift-wrapping', 'en')).title).toBe('Gift wrapping service');

    // A Spanish translation, started from the English text and saved with Ctrl+S.
    await page.reload();
    await page.getByRole('heading', { name: 'Gift wrapping service' }).waitFor();
    // Fully open (focus on its title) before starting a translation, or that focus lands on the new form.
    await focusMovesTo('editor-title');
    await page.getByLabel('Add a translation in').selectOption('es');
    await page.getByRole('button', { name: 'Add translation' }).click();
    await page.getByRole('heading', { name: 'New translation of “Gift wrapping service”' }).waitFor();
    await focusMovesTo('f-title');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Envolver para regalo');
    await page.getByLabel('Text (Markdown)').fill('Envolvemos cualquier pedido por 4,25 £ en papel reciclado.');
    await page.keyboard.press('Control+s');
    await page.locator('#editor-status', { hasText: 'Saved version 1 (draft).' }).waitFor();
    expect(await stored('gift-wrapping', 'es')).toMatchObject({ title: 'Envolver para regalo', status: 'draft' });
    expect(await lastAuthor('gift-wrapping', 'es')).toBe(EDITOR.email);
    await page.locator('#translations').getByRole('link', { name: 'Edit “Envolver para regalo” in ES (draft)' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/a/gift-wrapping/es');

    // Unpublish the English one: customers stop getting it.
    await page.locator('#translations').getByRole('link', { name: /in EN \(published, unpublished edits\)/ }).click();
    await page.getByRole('heading', { name: 'Gift wrapping service' }).waitFor();
    await focusMovesTo('editor-title');
    await page.getByRole('button', { name: 'Unpublish' }).click();
    await page.locator('#editor-status', { hasText: 'Unpublished' }).waitFor();
    expect((await stored('gift-wrapping', 'en')).status).toBe('draft');
    expect(await botSays('How much is gift wrapping?')).not.toMatch(/£/);
    expect(errors).toEqual([]);
  });

  test('an XSS payload in an article title stays text; delete asks first', async () => {
    expect((await byKey('POST', '/api/kb/articles', { id: 'sneaky', locale: 'en', title: XSS, tags: [], body: 'Sneaky markup lives here.', publish: true })).status).toBe(201);
    await page.getByLabel('Find in titles and text').fill('sneaky');
    const link = page.getByRole('link', { name: `Edit “${XSS}” in EN (published)` });
    await link.waitFor();
    await expect(listedTitles()).resolves.toEqual([XSS]);
    await link.click();
    await page.locator('#editor-state', { hasText: 'EN · published' }).waitFor();
    await focusMovesTo('editor-title');
    await expect(page.locator('#editor-title').textContent()).resolves.toBe(XSS);
    await expect(page.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe(XSS);

    // Delete: a confirmation first (focus on Cancel, Escape closes it), then it is gone.
    await page.getByRole('button', { name: 'Delete…' }).click();
    await focusMovesTo('delete-cancel');
    await expect(page.locator('#delete-text').textContent()).resolves.toContain(`Delete “${XSS}” in EN?`);
    await page.keyboard.press('Escape');
    expect(await page.locator('#delete-form').isVisible()).toBe(false);
    await focusMovesTo('delete-open');
    expect((await stored('sneaky', 'en')).status).toBe('published');
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.locator('#delete-form').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('#list-empty').waitFor();
    expect((await byKey('GET', '/api/kb/articles/sneaky/en')).status).toBe(404);

    // Nothing of the payload ran or became markup, anywhere on the page.
    expect(await page.locator('main img, main script, #article-list img, #article-list script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  test('an emptied URL field removes the URL; a stale unpublish or delete is refused, the form kept, a reload offered; the history shows who did what', async () => {
    const HOURS = 'Our stores open 9:00 to 18:00 Monday to Saturday.';
    expect((await byKey('POST', '/api/kb/articles', { id: 'store-hours', locale: 'en', title: 'Store hours', tags: [], url: 'https://shop.example/en/store-hours', body: HOURS, publish: true })).status).toBe(201);
    await page.getByLabel('Find in titles and text').fill('hours');
    await page.getByRole('link', { name: 'Edit “Store hours” in EN (published)' }).click();
    await page.getByRole('heading', { name: 'Store hours' }).waitFor();
    // Fully open (focus on its title) before reading its history or acting: the history list still
    // holds the previous article's entries until this one's arrive, and the opening's last step
    // (focus) would otherwise land in the middle of the steps below.
    await focusMovesTo('editor-title');
    const history = page.locator('#history-list li');
    await expect(history.allTextContents()).resolves.toEqual([expect.stringMatching(/^Version 1 created by api, /)]);

    // Empty the URL field and save: the stored article has no URL any more.
    await expect(page.getByLabel('Help-centre URL (optional)').inputValue()).resolves.toBe('https://shop.example/en/store-hours');
    await page.getByLabel('Help-centre URL (optional)').fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#editor-status', { hasText: 'Saved version 2 as a draft' }).waitFor();
    expect(await stored('store-hours', 'en')).not.toHaveProperty('url');
    await page.locator('#history-list li', { hasText: 'Version 2 saved by edie@shop.test' }).waitFor();

    // A script saves version 3 while the editor, still on version 2, changes the title and unpublishes.
    expect((await byKey('PUT', '/api/kb/articles/store-hours/en', { body: HOURS.replace('18:00', '20:00'), version: 2 })).status).toBe(200);
    await page.getByLabel('Title', { exact: true }).fill('Store opening hours');
    await page.getByRole('button', { name: 'Unpublish' }).click();
    const alert = page.locator('#form-alert');
    await alert.getByText(/^Not unpublished: someone else changed this article since you opened it\./).waitFor();
    await expect(alert.textContent()).resolves.toMatch(/is at version 3, not 2/);
    await focusMovesTo('reload');
    expect(await stored('store-hours', 'en')).toMatchObject({ status: 'published', version: 3 });
    await expect(page.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe('Store opening hours');

    // Delete on the stale version: refused the same way; the article stays, the form too.
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.locator('#delete-form').getByRole('button', { name: 'Delete', exact: true }).click();
    await alert.getByText(/^Not deleted: someone else changed this article since you opened it\./).waitFor();
    expect(await page.locator('#delete-form').isVisible()).toBe(false);
    expect((await byKey('GET', '/api/kb/articles/store-hours/en')).status).toBe(200);
    await expect(page.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe('Store opening hours');
    await expect(page.getByLabel('Text (Markdown)').inputValue()).resolves.toBe(HOURS);

    // Reload: version 3 comes in with the script's change in the history; now unpublish and delete go through.
    await page.getByRole('button', { name: 'Reload the article' }).click();
    await page.locator('#editor-state', { hasText: 'version 3' }).waitFor();
    // The history is fetched after the article itself, and the reload ends by focusing the title.
    await focusMovesTo('editor-title');
    await page.locator('#history-list li', { hasText: 'Version 3 saved by api' }).waitFor();
    await expect(history.allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Version 3 saved by api, /),
      expect.stringMatching(/^Version 2 saved by edie@shop\.test, /),
      expect.stringMatching(/^Version 1 created by api, /),
    ]);
    const at = Number(new Date((await history.first().locator('time').getAttribute('datetime'))!));
    expect(Math.abs(at - Date.now())).toBeLessThan(10 * 60_000);
    await expect(page.locator('#editor-state').textContent()).resolves.toMatch(/last change: update by api at /);
    await page.getByRole('button', { name: 'Unpublish' }).click();
    await page.locator('#editor-status', { hasText: 'Unpublished' }).waitFor();
    await page.locator('#history-list li', { hasText: 'Version 4 unpublished by edie@shop.test' }).waitFor();
    expect(await stored('store-hours', 'en')).toMatchObject({ status: 'draft', version: 4 });
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.locator('#delete-form').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('#list-empty').waitFor();
    expect((await byKey('GET', '/api/kb/articles/store-hours/en')).status).toBe(404);
    const changes = ((await (await byKey('GET', '/api/kb/articles/store-hours/en/history')).json()) as { changes: Array<{ action: string; author: string }> }).changes;
    expect(changes.map((c) => `${c.action} ${c.author}`)).toEqual(['delete edie@shop.test', 'unpublish edie@shop.test', 'update api', 'update edie@shop.test', 'create api']);
    expect(errors).toEqual([]);
  });
});
