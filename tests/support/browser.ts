import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { ADMIN, type ConsoleHarness } from '../../testkit/e2e/support';

/** Debian's Chromium; `.ci/run` installs it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium the way this machine needs it (no sandbox as root, no background
 * networking: the network is closed). Fails loudly when Chromium is missing, never skips.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's "chromium" package (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives up after 30 s by default; a cold start on a loaded 2-core CI box with a
    // second suite starting its own Chromium can take longer. Suites allow 120 s for beforeAll.
    timeout: 90_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Signs `who` in on the console's login page, as a person does, and waits for the queue page it opens. */
export async function signInToConsole(page: Page, base: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/console`);
}

/** What `signedInConsole` gives a describe block: the app, the signed-in page, and the page's script errors. */
export interface SignedInConsole {
  readonly h: ConsoleHarness;
  readonly page: Page;
  readonly errors: string[];
}

/**
 * A console app and a person signed in to it in Chromium, for one describe block: started in
 * `beforeAll` (the app and the browser at once), closed in `afterAll`. Script errors the pages
 * throw are collected in `errors`, which a test expects empty.
 */
export function signedInConsole(start: () => Promise<ConsoleHarness>, who: { email: string; password: string } = ADMIN): SignedInConsole {
  let h: ConsoleHarness | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    [h, browser] = await Promise.all([start(), launchBrowser()]);
    page = await (await browser.newContext()).newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await signInToConsole(page, h.base, who);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });
  return {
    get h() {
      if (!h) throw new Error('the console app is not started yet (use it inside a test)');
      return h;
    },
    get page() {
      if (!page) throw new Error('the browser page is not open yet (use it inside a test)');
      return page;
    },
    errors,
  };
}
