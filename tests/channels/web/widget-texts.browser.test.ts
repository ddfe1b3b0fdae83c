import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createApp, type App } from '../../../server/app';
import { silentLogger } from '../../../core/logger';
import { launchBrowser } from '../../support/browser';

const BOT = join(__dirname, '..', '..', '..', 'bots', 'demo');
jest.setTimeout(90_000);

/** The widget's own labels follow the visitor's language, from the server's one text lookup. */
describe('widget labels in the visitor’s language (Chromium)', () => {
  let app: App;
  let browser: Browser;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-texts-'));
    app = await createApp({ botDir: BOT, env: { DATA_DIR: dir }, logger: silentLogger() });
    url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}/`;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['pt-BR', 'Digite sua mensagem…', 'Enviar'],
    ['ja-JP', 'メッセージを入力…', '送信'],
    ['en-US', 'Type your message…', 'Send'],
  ])('a %s browser gets its placeholder and Send button', async (locale, placeholder, send) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction((want) => document.querySelector('#sb-input')?.getAttribute('placeholder') === want, placeholder);
    expect(await page.locator('.sb-chat form button[type="submit"]').textContent()).toBe(send);
    await context.close();
  });
});
