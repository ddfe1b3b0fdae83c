import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';

// A real browser on a cold machine: a generous limit, not a speed assertion.
jest.setTimeout(90_000);

/** The console in Chromium on the demo bot: the folded "Why" under bot messages, and staffing without history. */
describe('turn inspector and staffing in the console', () => {
  let h: ConsoleHarness;
  let browser: Browser;
  beforeAll(async () => {
    [h, browser] = await Promise.all([startConsoleApp({}, { botDir: join(__dirname, '..', '..', 'bots', 'demo') }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  test('an admin opens "Why" under the bot’s answer; staffing says there is not enough history', async () => {
    expect((await h.web('ann', 'how long does shipping take?')).status).toBe(200);
    expect((await h.web('ann', 'talk to a person')).status).toBe(200);

    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${h.base}/console`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.base}/console`);
    await page.locator('.queue-item').first().getByRole('button', { name: /Claim conversation/ }).click();

    const transcript = page.getByRole('log', { name: /Transcript/ });
    const answer = transcript.locator('.msg.from-bot').filter({ hasText: 'Standard parcels usually arrive' });
    const why = answer.locator('details.msg-why');
    expect(await why.getAttribute('open')).toBeNull(); // folded until asked
    await why.getByText('Why', { exact: true }).click();
    await expect(why.locator('dl').innerText()).resolves.toMatch(/knowledge\s+answered \d\.\d\d \(en\): shipping-times\.en/);
    await expect(transcript.locator('.msg.inbound details.msg-why').count()).resolves.toBe(0);
    await expect(transcript.locator('.msg.from-bot details.msg-why dd', { hasText: 'customer-request' }).count()).resolves.toBe(1);

    await page.goto(`${h.base}/console/staffing`);
    await page.locator('#summary', { hasText: 'No forecast' }).waitFor();
    await expect(page.locator('#summary').textContent()).resolves.toMatch(/^No forecast: not enough history: 0 days of escalations before this week, need 7 \(1 escalation in the store\)\.$/);
    expect(await page.locator('#grid tbody tr').count()).toBe(0);
    expect(await page.locator('#level').inputValue()).toBe('80');
    expect(errors).toEqual([]);
  });
});
