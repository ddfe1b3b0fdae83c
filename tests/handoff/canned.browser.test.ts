import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_LANGUAGES, builtInText } from '../../core/texts';
import { CANNED_REPLIES } from '../../handoff/texts';
import type { Browser } from 'playwright-core';
import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import { launchBrowser, signInToConsole } from '../support/browser';

/**
 * The console's canned replies are handoff texts: the conversation API serves them in the
 * customer's language, a bot overrides one in bot.yaml like any other text, every built-in
 * language has them all, and in Chromium choosing one inserts the customer's-language text.
 */
jest.setTimeout(120_000);
let h: ConsoleHarness;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-canned-'));
  writeFileSync(
    join(dir, 'bot.yaml'),
    [
      'name: Canned test shop',
      'defaultLocale: en',
      'locales: [en, es, de]',
      'messages:',
      '  de:',
      '    handoff.cannedGreeting: "Moin! Ich übernehme jetzt."',
      '',
    ].join('\n'),
  );
  h = await startConsoleApp({}, { botDir: dir });
}, 60_000);
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Canned = { id: string; title: string; text: string };

/** The handoff of web visitor `userId`, who asked for a person (`ask`) in `locale`. */
async function handoffFor(userId: string, locale: string, ask: string): Promise<string> {
  const asked = await fetch(`${h.base}/api/web/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text: ask, locale }) });
  expect(asked.status).toBe(200);
  const customerId = await h.app.engine.host().customerIdFor('web', userId);
  const admin = await h.login(ADMIN.email, ADMIN.password);
  const queue = (await (await fetch(`${h.base}/api/handoff/queue`, { headers: { cookie: admin.cookie } })).json()) as { handoffs: { id: string; customerId: string }[] };
  const handoff = queue.handoffs.find((x) => x.customerId === customerId);
  expect(handoff).toBeDefined();
  return handoff!.id;
}

/** The canned replies the console gets for the conversation of web visitor `userId`, who asked for a person in `locale`. */
async function cannedFor(userId: string, locale: string, ask: string): Promise<{ language: string; canned: Canned[] }> {
  const id = await handoffFor(userId, locale, ask);
  const admin = await h.login(ADMIN.email, ADMIN.password);
  const res = await fetch(`${h.base}/api/handoff/conversations/${encodeURIComponent(id)}`, { headers: { cookie: admin.cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as { language: string; canned: Canned[] };
}

test('a Spanish customer’s conversation offers the canned replies in Spanish', async () => {
  const { language, canned } = await cannedFor('canned-es', 'es', 'quiero hablar con una persona');
  expect(language).toBe('es');
  expect(canned.map((c) => [c.id, c.title])).toEqual([
    ['cannedGreeting', 'Greeting'],
    ['cannedOneMoment', 'One moment'],
    ['cannedOrderNumber', 'Order number'],
    ['cannedAnythingElse', 'Anything else'],
    ['cannedGoodbye', 'Goodbye'],
  ]);
  expect(canned[0]!.text).toBe('Hola, gracias por esperar. Estoy revisando tu conversación ahora mismo.');
  expect(canned[2]!.text).toBe('¿Podrías enviarme tu número de pedido, por favor?');
});

test('bot.yaml overrides a canned reply for its language; the others keep the built-in text', async () => {
  const { language, canned } = await cannedFor('canned-de', 'de', 'ich möchte mit einem Menschen sprechen');
  expect(language).toBe('de');
  expect(canned[0]!.text).toBe('Moin! Ich übernehme jetzt.');
  expect(canned[2]!.text).toBe('Könntest du mir bitte deine Bestellnummer schicken?');
});

test('an English customer gets the English texts', async () => {
  const { canned } = await cannedFor('canned-en', 'en', 'talk to a person');
  expect(canned.map((c) => c.text)).toEqual(CANNED_REPLIES.map((c) => builtInText(`handoff.${c.key}`, 'en')));
  expect(canned[0]!.text).toBe("Hi, thanks for waiting. I'm looking at your conversation now.");
});

test('every built-in language has every canned reply, each its own text', () => {
  for (const { key } of CANNED_REPLIES) {
    const texts = BUILT_IN_LANGUAGES.map((locale) => builtInText(`handoff.${key}`, locale));
    expect(texts.every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
    // No language left with the English text.
    expect(new Set(texts).size).toBe(BUILT_IN_LANGUAGES.length);
  }
});

describe('in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => browser?.close());

  test('choosing a canned reply inserts it in the customer’s language', async () => {
    const spanish = await handoffFor('canned-browser-es', 'es', 'hablar con una persona');
    const german = await handoffFor('canned-browser-de', 'de', 'mit einem Menschen sprechen');
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await signInToConsole(page, h.base, ADMIN);

    // The Spanish customer: claimed, then "Greeting" and "Order number" from the menu.
    await page.goto(`${h.base}/console#/h/${encodeURIComponent(spanish)}`);
    await page.locator('#claim-here').click();
    await page.getByText('Assigned to you').waitFor();
    const reply = page.getByLabel('Reply to the customer');
    const menu = page.getByLabel('Canned response');
    await menu.selectOption({ label: 'Greeting' });
    await expect(reply.inputValue()).resolves.toBe('Hola, gracias por esperar. Estoy revisando tu conversación ahora mismo.');
    // The menu goes back to its prompt, ready for the next one, which goes on a new line.
    await expect(menu.inputValue()).resolves.toBe('');
    await menu.selectOption({ label: 'Order number' });
    await expect(reply.inputValue()).resolves.toBe('Hola, gracias por esperar. Estoy revisando tu conversación ahora mismo.\n¿Podrías enviarme tu número de pedido, por favor?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('#transcript .msg-text', { hasText: '¿Podrías enviarme tu número de pedido' }).waitFor();

    // The German customer: the menu now holds German texts, with the bot's own greeting.
    await page.goto(`${h.base}/console#/h/${encodeURIComponent(german)}`);
    await page.getByText(/^Waiting · since/).waitFor();
    await page.locator('#claim-here').click();
    await page.getByText('Assigned to you').waitFor();
    await menu.selectOption({ label: 'Greeting' });
    await expect(reply.inputValue()).resolves.toBe('Moin! Ich übernehme jetzt.');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
