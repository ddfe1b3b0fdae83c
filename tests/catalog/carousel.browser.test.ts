import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { servedInBrowser } from '../support/browser';

jest.setTimeout(90_000);

/** The demo shop page in Chromium: a product question answered with a carousel that works by keyboard. */
describe('product cards in the web widget', () => {
  const served = servedInBrowser();
  let page: Page;
  beforeEach(async () => {
    ({ page } = await served.newPage({ locale: 'en-GB' }));
  });
  afterEach(async () => page.context().close());

  test('"show me waterproof jackets under £100": a labelled carousel, arrow keys between cards, Details by keyboard', async () => {
    await page.goto(`${served.base}/`);
    await page.locator('#sb-input').fill('show me waterproof jackets under £100');
    await page.keyboard.press('Enter');
    const carousel = page.getByRole('region', { name: 'Products' });
    await carousel.waitFor();
    expect(await carousel.getAttribute('aria-roledescription')).toBe('carousel');

    // Each card is a group announced as a slide, with its name and place in the carousel.
    const cards = carousel.locator('.sb-card');
    expect(await cards.evaluateAll((els) => els.map((e) => [e.getAttribute('role'), e.getAttribute('aria-roledescription'), e.getAttribute('aria-label')]))).toEqual([
      ['group', 'slide', 'Storm Shell Jacket, 1 of 2'],
      ['group', 'slide', 'Trail Lite Rain Jacket, 2 of 2'],
    ]);
    expect(await carousel.locator('.sb-card-price').allTextContents()).toEqual(['£89.00', '£64.99']);
    // The picture is the bot's own file, with the product's name as its text alternative.
    const image = cards.first().getByRole('img', { name: 'Storm Shell Jacket' });
    await page.waitForFunction(() => (document.querySelector('.sb-card img') as HTMLImageElement | null)?.naturalWidth ?? 0 > 0);
    expect(await image.getAttribute('src')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/products\/jacket\.svg$/);

    // One tab stop for the carousel (the current card); the arrows, Home and End move between cards, stopping at either end.
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('tabindex')))).toEqual(['0', '-1']);
    await cards.first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Trail Lite Rain Jacket, 2 of 2');
    await page.keyboard.press('ArrowRight'); // the last card stays
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Trail Lite Rain Jacket, 2 of 2');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Storm Shell Jacket, 1 of 2');
    await page.keyboard.press('ArrowLeft'); // the first card stays
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Storm Shell Jacket, 1 of 2');
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Storm Shell Jacket, 1 of 2');
    await page.keyboard.press('End');
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('tabindex')))).toEqual(['-1', '0']);

    // Into the card: its link, then its Details button, pressed with Enter.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Trail Lite Rain Jacket');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Details');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('[role="log"] .sb-out')].some((e) => /Lightweight waterproof rain jacket/.test(e.textContent ?? '')));
    expect(await page.locator('[role="log"] .sb-in').last().textContent()).toBe('Details');
    // The choice sent, the keyboard is back in the message box, ready for the next question.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sb-input');
    await page.screenshot({ path: join(served.dir, 'carousel.png') });
  });
});
