import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import type { AppModule } from '../../core/module';
import { createApp, type App } from '../../server/app';
import { ADMIN, type ConsoleHarness } from '../../testkit/e2e/support';

/** The demo bot, which the widget's browser tests talk to. */
export const DEMO_BOT = join(__dirname, '..', '..', 'bots', 'demo');

/** The demo bot on its own data folder, logging nothing; `modules` replaces the default ones. */
export function startDemo(dataDir: string, modules?: AppModule[]): Promise<App> {
  return createApp({ botDir: DEMO_BOT, env: { DATA_DIR: dataDir }, modules, logger: silentLogger() });
}

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
      return started(h, 'the console app');
    },
    get page() {
      return started(page, 'the browser page');
    },
    errors,
  };
}

/** A value a fixture's `beforeAll` sets, read where it is set: inside a test or a later `beforeAll`. */
function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not started yet (use it inside a test or a later beforeAll)`);
  return value;
}

/** What `servedInBrowser` gives a test file or describe block: the app, Chromium, and fresh pages. */
export interface ServedInBrowser {
  readonly app: App;
  readonly browser: Browser;
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly base: string;
  /** The app's data folder, removed after the block. */
  readonly dir: string;
  /** A page in a context of its own, with the script errors it throws collected in `errors`. */
  newPage(options?: BrowserContextOptions): Promise<{ page: Page; errors: string[] }>;
}

/**
 * An app served on loopback and Chromium, for one test file or describe block: `start` builds the
 * app on a fresh data folder while Chromium launches (both are slow), in `beforeAll`; `afterAll`
 * closes both and removes the folder. A block's own `beforeAll`, declared after this call, runs once
 * the app is listening.
 */
export function servedInBrowser(start: (dataDir: string) => Promise<App> = startDemo): ServedInBrowser {
  let app: App | undefined;
  let browser: Browser | undefined;
  let base: string | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-browser-'));
    [app, browser] = await Promise.all([start(dir), launchBrowser()]);
    base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get app() {
      return started(app, 'the app');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
    get base() {
      return started(base, 'the app');
    },
    get dir() {
      return started(dir, 'the app');
    },
    async newPage(options) {
      const page = await (await started(browser, 'Chromium').newContext(options)).newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      return { page, errors };
    },
  };
}
