import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedInConsole } from '../support/browser';
import { botDir } from '../knowledge/helpers';
import { startConsoleApp } from './support';

// Whole scenarios in a real browser: generous limits for a cold machine, not speed assertions.
jest.setTimeout(120_000);

const SHIPPING = 'Standard delivery costs **£4.95** and is *free* over £50. See [delivery options](https://shop.example/delivery).';
const HOSTILE = '**Sorted** <img src=x onerror="window.__xss=1"> [bad](javascript:window.__xss=2) <script>window.__xss=3</script>';

/**
 * What the console shows of bot, agent and knowledge text: rendered Markdown, sanitised by the same
 * renderer as the widget (links open in a new tab, no script, no javascript: link); customer text
 * stays plain text even when it looks like Markdown.
 */
describe('Markdown in the console, in Chromium', () => {
  const ui = signedInConsole(() => {
    const dir = botDir([['shipping', 'en', 'Shipping costs', SHIPPING]], 'name: Shop\ndefaultLocale: en\nlocales: [en]\n');
    return startConsoleApp({}, { botDir: dir });
  });

  test('transcript and suggestions render bot, agent and knowledge Markdown; customer text stays text', async () => {
    const { h, page, errors } = ui;
    const user = 'md-visitor-1';
    expect((await h.web(user, 'How much does delivery cost?')).status).toBe(200);
    expect((await h.web(user, 'I want to talk to a human')).status).toBe(200);
    expect((await h.web(user, '**not bold** how much is delivery?')).status).toBe(200);
    await h.app.engine.idle();

    await page.getByRole('button', { name: /Claim conversation with/ }).first().click();
    await page.getByText('Assigned to you').waitFor();
    const transcript = page.getByRole('log', { name: /Transcript/ });

    // The bot's knowledge answer: bold and a link that opens in a new tab, no Markdown syntax.
    const answer = transcript.locator('.msg.from-bot', { hasText: 'Standard delivery costs' }).first();
    await expect(answer.locator('strong').first().textContent()).resolves.toBe('£4.95');
    const link = answer.locator('a', { hasText: 'delivery options' });
    await expect(link.getAttribute('href')).resolves.toBe('https://shop.example/delivery');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    expect(await answer.locator('.msg-text').textContent()).not.toContain('**');

    // The customer's asterisks are what they typed.
    const mine = transcript.locator('.msg.inbound .msg-text', { hasText: 'not bold' });
    await expect(mine.textContent()).resolves.toBe('**not bold** how much is delivery?');
    expect(await mine.locator('strong').count()).toBe(0);

    // The knowledge suggestion for the last question, rendered too.
    const suggestion = page.locator('#suggestions .suggestion', { hasText: 'Shipping costs' });
    await expect(suggestion.locator('.md strong').first().textContent()).resolves.toBe('£4.95');
    await expect(suggestion.locator('.md a').getAttribute('target')).resolves.toBe('_blank');

    // An agent's reply is Markdown as well; hostile parts are neither rendered nor run.
    await page.getByLabel('Reply to the customer').fill(HOSTILE);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const sent = transcript.locator('.msg.from-agent', { hasText: 'Sorted' });
    await sent.waitFor();
    await expect(sent.locator('strong').textContent()).resolves.toBe('Sorted');
    expect(await sent.locator('img, script, a').count()).toBe(0);
    await sent.getByText('bad', { exact: false }).click();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(tmpdir(), 'switchboard-console-markdown.png') });
  });

  test('the knowledge editor previews the article as customers see it', async () => {
    const { h, page, errors } = ui;
    await page.goto(`${h.base}/console/knowledge#/a/shipping/en`);
    const preview = page.locator('#body-preview');
    await preview.locator('strong', { hasText: '£4.95' }).waitFor();
    await page.getByLabel('Text (Markdown)').fill('## Heading\n\n**New** text <script>window.__xss=4</script> [x](javascript:window.__xss=5)');
    await expect(preview.locator('h2').textContent()).resolves.toBe('Heading');
    await expect(preview.locator('strong').textContent()).resolves.toBe('New');
    expect(await preview.locator('script, a').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(tmpdir(), 'switchboard-knowledge-preview.png') });
  });
});
