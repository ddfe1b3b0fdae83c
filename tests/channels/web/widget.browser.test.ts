import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { servedInBrowser } from '../../support/browser';

// Real browser scenarios: a generous limit, so a cold or busy CI machine is not a failure.
jest.setTimeout(90_000);

describe('web chat widget in Chromium', () => {
  const served = servedInBrowser();
  const url = () => `${served.base}/`;
  let page: Page;
  beforeEach(async () => {
    ({ page } = await served.newPage());
  });
  afterEach(async () => {
    await page.context().close();
  });

  const log = () => page.locator('[role="log"]');
  const botMessages = () => log().locator('.sb-out');

  test('the demo page answers, keyboard only, and focus stays in the input', async () => {
    await page.goto(url());
    await expectAttr(log(), 'aria-live', 'polite');
    // Keyboard only: tab to the input, type, press Enter.
    await page.locator('#sb-input').focus();
    await page.keyboard.type('hello');
    await page.keyboard.press('Enter');
    await botMessages().nth(1).waitFor();
    expect(await botMessages().first().textContent()).toMatch(/Northwind/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sb-input');

    // Tab from the input to the first choice button, then back; choose one with the keyboard.
    const buttons = log().locator('.sb-buttons button');
    expect(await buttons.count()).toBeGreaterThanOrEqual(3);
    await buttons.nth(2).focus();
    await page.keyboard.press('Enter');
    await log().locator('.sb-in').nth(1).waitFor();
    expect(await log().locator('.sb-in').nth(1).textContent()).toBe(await buttons.nth(2).textContent());
    await page.waitForFunction(() => document.querySelectorAll('[role="log"] .sb-out').length >= 3);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sb-input');
    await page.screenshot({ path: join(served.dir, 'widget.png') });
  });

  test('after a reload the conversation is restored from the server, once', async () => {
    await page.goto(url());
    await page.locator('#sb-input').fill('hola');
    await page.keyboard.press('Enter');
    await botMessages().nth(1).waitFor();
    const before = await log().locator('.sb-msg').allTextContents();
    // The widget keeps its visitor id; a reload resumes the transcript from the server.
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('[role="log"] .sb-msg').length >= n, before.length);
    await page.waitForTimeout(300);
    expect(await log().locator('.sb-msg').allTextContents()).toEqual(before);
  });

  test('customer text is rendered as text, never as markup', async () => {
    await page.goto(url());
    await page.evaluate(() => ((window as unknown as { pwned: boolean }).pwned = false));
    await page.locator('#sb-input').fill('<img src=x onerror="window.pwned=true">');
    await page.keyboard.press('Enter');
    await botMessages().first().waitFor();
    expect(await log().locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned: boolean }).pwned)).toBe(false);
    expect(await log().locator('.sb-in').first().textContent()).toBe('<img src=x onerror="window.pwned=true">');
  });

  // The widget's own labels follow the visitor's language, from the server's one text lookup.
  test.each([
    ['pt-BR', 'Digite sua mensagem…', 'Enviar'],
    ['ja-JP', 'メッセージを入力…', '送信'],
    ['en-US', 'Type your message…', 'Send'],
  ])('a %s browser gets its placeholder and Send button', async (locale, placeholder, send) => {
    const context = await served.browser.newContext({ locale });
    const localized = await context.newPage();
    await localized.goto(url());
    await localized.waitForFunction((want) => document.querySelector('#sb-input')?.getAttribute('placeholder') === want, placeholder);
    expect(await localized.locator('.sb-chat form button[type="submit"]').textContent()).toBe(send);
    await context.close();
  });
});

async function expectAttr(locator: ReturnType<Page['locator']>, name: string, value: string): Promise<void> {
  expect(await locator.getAttribute(name)).toBe(value);
}
