import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { until } from '../channels/fake-provider';
import { launchBrowser } from '../support/browser';
import { expectConsoleNav } from '../support/console-nav';
import { ADMIN, PNG_1PX, startConsoleApp, type ConsoleHarness } from './support';

/**
 * The whole handoff in real Chromium: a customer who wrote on web chat asks for a person by SMS
 * (a fake Twilio), an agent signs in to the console, sees both channels' messages, replies (the
 * customer gets an SMS), sees the customer's MMS photo, resolves, and the bot answers the
 * customer's next SMS. An XSS payload from the customer stays text.
 */
// Whole scenarios in a real browser: generous per-test limits, so a cold or busy CI machine is not a
// failure. These are safety nets, not speed assertions.
jest.setTimeout(120_000);

describe('agent console in Chromium', () => {
  let h: ConsoleHarness;
  let browser: Browser;
  let page: Page;
  const phone = '+15558880001';
  const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

  beforeAll(async () => {
    [h, browser] = await Promise.all([startConsoleApp(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  const settle = async () => {
    await h.app.engine.idle();
    await h.app.engine.outbox.idle();
  };

  test('web, then SMS, then an agent, then the bot again', async () => {
    // An agent, made by the admin through the agents API.
    const admin = await h.login(ADMIN.email, ADMIN.password);
    const created = await fetch(`${h.base}/api/handoff/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ name: 'Sam Agent', email: 'sam@shop.test', password: 'sam-password-1', skills: ['lang:en'], capacity: 3 }),
    });
    expect(created.status).toBe(201);

    // The customer first writes on web chat, signed in on the shop (the site vouches for the phone)…
    expect((await h.web('shop-user-42', 'Hello, my shoes are too small', phone)).status).toBe(200);
    // …then by SMS from that phone: the same customer.
    await h.sms(phone, XSS);
    await settle();
    await h.sms(phone, 'I want to talk to a human');
    await settle();
    const customerId = await h.app.engine.host().customerIdFor('sms', phone);
    expect(customerId).toBeDefined();
    expect(await h.app.engine.host().customerIdFor('web', 'shop-user-42')).toBe(customerId);
    expect(h.textsTo(phone).some((t) => /Nobody who can help with this is online right now/.test(t))).toBe(true);
    await h.sms(phone, 'Can I get a refund for them?');
    await settle();
    const smsBefore = h.textsTo(phone).length;

    // The agent signs in: the console page first sends them to the login page.
    page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${h.base}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await page.getByLabel('E-mail').fill('sam@shop.test');
    await page.getByLabel('Password').fill('sam-password-1');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.base}/console`);
    await page.getByText('Live', { exact: true }).waitFor();

    // The queue: the customer waits, with the reason and channel; the agent claims.
    const item = page.locator('.queue-item', { hasText: 'Ada Lovelace' });
    await item.getByText('Asked for a person').waitFor();
    await expect(item.locator('.wait').textContent()).resolves.toMatch(/^Waiting \d+ s$/);
    await item.getByRole('button', { name: /Claim conversation with Ada Lovelace/ }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await page.getByText('Assigned to you').waitFor();

    // The whole transcript, from web AND SMS, each message marked with its author and channel.
    const transcript = page.getByRole('log', { name: /Transcript/ });
    const line = (text: string) => transcript.locator('.msg').filter({ has: page.locator('.msg-text').getByText(text, { exact: true }) });
    await expect(line('Hello, my shoes are too small').locator('.msg-meta').textContent()).resolves.toMatch(/Customer.*Web chat/);
    await expect(line('echo: Hello, my shoes are too small').locator('.msg-meta').textContent()).resolves.toMatch(/Bot.*Web chat/);
    await expect(line('I want to talk to a human').locator('.msg-meta').textContent()).resolves.toMatch(/Customer.*SMS/);

    // The XSS payload is shown literally and ran nothing.
    await expect(transcript.locator('.msg.inbound .msg-text', { hasText: 'onerror' }).first().textContent()).resolves.toBe(XSS);
    expect(await transcript.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // Context: language, escalation reason, summary, a knowledge suggestion for the last question.
    await expect(page.locator('#context').textContent()).resolves.toMatch(/LanguageEN.*EscalatedAsked for a person/);
    await expect(page.locator('#summary').textContent()).resolves.toContain('refund');
    await page.locator('#profile').getByText(phone).first().waitFor();

    // A new customer message arrives live, over the socket.
    await h.sms(phone, 'It is order 1234');
    await line('It is order 1234').waitFor();

    // One click inserts the suggestion; the reply goes to the customer by SMS.
    await page.getByRole('button', { name: 'Insert “Returns and refunds” into the reply' }).click();
    await expect(page.getByLabel('Reply to the customer').inputValue()).resolves.toBe('You can return any item within 30 days for a full refund.');
    await page.getByLabel('Reply to the customer').press('End');
    await page.getByLabel('Reply to the customer').pressSequentially(' I have started it for you.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const reply = 'You can return any item within 30 days for a full refund. I have started it for you.';
    await until(() => h.textsTo(phone).slice(smsBefore).includes(reply), 'the agent reply by SMS');
    await expect(line(reply).locator('.msg-meta').textContent()).resolves.toMatch(/Agent.*SMS/);
    await page.screenshot({ path: join(tmpdir(), 'switchboard-console-conversation.png') });

    // A note stays internal.
    await page.getByLabel('New internal note').fill('Refund started, label e-mailed');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('#notes').getByText('Refund started, label e-mailed').waitFor();
    expect(h.textsTo(phone).some((t) => t.includes('label e-mailed'))).toBe(false);

    // A photo by MMS arrives live and shows as a thumbnail, loaded through the console's media route.
    await h.sms(phone, 'This is the box', { contentType: 'image/png', body: PNG_1PX });
    const photo = line('This is the box').locator('img.msg-image');
    await photo.waitFor();
    await expect(photo.getAttribute('src')).resolves.toMatch(/^\/api\/handoff\/messages\/[^/]+\/attachments\/0$/);
    await until(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1), 'the photo to load');

    // Transfer back to the queue (the customer is told), then take it again.
    await page.getByLabel('Transfer to').selectOption({ label: 'General' });
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    await page.getByText(/^Waiting · since/).waitFor();
    await until(() => h.textsTo(phone).some((t) => /passing you to a colleague/.test(t)), 'the customer told of the transfer');
    await page.locator('#claim-here').click();
    await page.getByText('Assigned to you').waitFor();

    // Resolve without CSAT: the bot takes over again.
    await page.getByRole('button', { name: 'Resolve…' }).click();
    await expect(page.evaluate(() => document.activeElement?.getAttribute('value'))).resolves.toBe('continue');
    await page.getByLabel(/Ask the customer to rate/).uncheck();
    await page.locator('#resolve-form').getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.getByText(/Ended \(resolved\)/).waitFor();
    await until(() => h.textsTo(phone).some((t) => /back with the assistant/.test(t)), 'the customer told the bot is back');

    // The status switch.
    await page.getByLabel('My status').selectOption('away');
    await until(async () => (await h.app.store.sql.get<{ status: string }>(`SELECT status FROM agents WHERE email = 'sam@shop.test'`))?.status === 'away', 'Sam away');

    await h.sms(phone, 'What time do you open?');
    await until(() => h.textsTo(phone).includes('echo: What time do you open?'), 'the bot answering the next SMS');
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  test('admins manage agents and queues from the admin page; a wrong password is told, not hidden', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${h.base}/console/admin`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Wrong e-mail or password');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('password');
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.base}/console/admin`);

    // A new agent, by keyboard.
    await page.getByLabel('Name', { exact: true }).first().fill('Lucía Ortega');
    await page.getByLabel('E-mail').fill('lucia@shop.test');
    await page.getByLabel('Password (8+ characters)').fill('lucia-password-1');
    await page.getByLabel('Skills', { exact: true }).fill('lang:es, topic:returns');
    await page.getByLabel('Skills', { exact: true }).press('Enter');
    await page.getByRole('cell', { name: 'lucia@shop.test', exact: true }).waitFor();
    const lucia = (await h.app.store.sql.get<{ skills: string; role: string }>(`SELECT skills, role FROM agents WHERE email = 'lucia@shop.test'`))!;
    expect([JSON.parse(lucia.skills), lucia.role]).toEqual([['lang:es', 'topic:returns'], 'agent']);

    // A Spanish returns queue with weekday hours.
    await page.getByLabel('Id', { exact: true }).fill('returns-es');
    await page.locator('#q-name').fill('Devoluciones');
    await page.getByLabel('Required skills').fill('lang:es');
    await page.getByLabel('SLA (seconds)').fill('120');
    await page.getByLabel(/Time zone/).fill('Europe/Madrid');
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) await page.getByLabel(day).fill('09:00-14:00, 15:00-18:00');
    await page.getByRole('button', { name: 'Save queue' }).click();
    await page.getByRole('cell', { name: 'Devoluciones', exact: true }).waitFor();
    const queue = (await h.app.store.sql.get<{ sla_seconds: number; hours: string; skills: string }>(`SELECT * FROM queues WHERE id = 'returns-es'`))!;
    expect(Number(queue.sla_seconds)).toBe(120);
    expect(JSON.parse(queue.hours)).toMatchObject({ timezone: 'Europe/Madrid', days: { 1: ['09:00-14:00', '15:00-18:00'], 0: [] } });
    await page.context().close();

    // Lucía is an agent: the top bar shows her the queue only, and the other pages are refused.
    const agent = await (await browser.newContext()).newPage();
    await agent.goto(`${h.base}/console/login`);
    await agent.getByLabel('E-mail').fill('lucia@shop.test');
    await agent.getByLabel('Password').fill('lucia-password-1');
    await agent.keyboard.press('Enter');
    await agent.waitForURL(`${h.base}/console`);
    await agent.getByText('Lucía Ortega').waitFor();
    await expectConsoleNav(agent, ['Queue'], 'Queue');
    await agent.context().close();
  });
});
