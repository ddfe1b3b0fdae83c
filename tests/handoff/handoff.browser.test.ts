import type { Page } from 'playwright-core';
import type { App } from '../../server/app';
import { hashPassword } from '../../handoff/auth';
import type { HandoffService } from '../../handoff/service';
import { HandoffServiceKey } from '../../handoff/module';
import { servedInBrowser } from '../support/browser';

/**
 * The first hour in real Chromium, on the plain demo bot (no admin configured): the customer is
 * never promised a person who cannot come and is never left without an answer while waiting, sees
 * the agent's name on the agent's reply; the console says how to create the first admin, lets an
 * agent set their name and password, shows callbacks, readable customer facts, a resolve panel
 * beside the transcript, clickable article titles and translation coverage.
 */
jest.setTimeout(120_000);
const served = servedInBrowser();
const newPage = () => served.newPage();
let app: App;
let base: string;
let service: HandoffService;
beforeAll(() => {
  ({ app, base } = served);
  service = app.bot.services.require(HandoffServiceKey);
});

async function say(page: Page, text: string): Promise<void> {
  const before = await page.locator('[role="log"] .sb-out, [role="log"] .sb-agent').count();
  await page.locator('#sb-input').fill(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[role="log"] .sb-out, [role="log"] .sb-agent').length > n, before);
}
const lastReply = (page: Page) => page.locator('[role="log"] .sb-out, [role="log"] .sb-agent').last().textContent();

test('with no account at all: the login page says how to create the first admin, and the widget promises no person', async () => {
  const { page, errors } = await newPage();
  await page.goto(`${base}/console/login`);
  await page.getByRole('heading', { name: 'No account exists yet' }).waitFor();
  expect(await page.locator('#first-run-command').textContent()).toMatch(/^npx switchboard agents add --email .* --role admin$/);

  await page.goto(`${base}/`);
  await say(page, 'talk to a person');
  expect(await lastReply(page)).toMatch(/nobody from our team can take chats here yet/);
  const all = (await page.locator('[role="log"]').textContent()) ?? '';
  expect(all).not.toMatch(/someone will reply here|connecting you/);
  // The bot is still there.
  await say(page, 'What are your opening hours?');
  expect(await lastReply(page)).not.toMatch(/nobody from our team/);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('while waiting nobody is left without an answer: "hello?" gets the status, CANCEL returns to the bot; an agent’s reply shows their name', async () => {
  const sam = await service.repo.createAgent({ name: 'Grace Hopper', email: 'grace@northwind.test', passwordHash: await hashPassword('grace-password-1'), role: 'admin', skills: [], capacity: 2 });
  const { page, errors } = await newPage();
  await page.goto(`${base}/`);
  await say(page, 'talk to a person');
  expect(await lastReply(page)).toMatch(/Nobody who can help with this is online right now/);
  await say(page, 'hello?');
  expect(await lastReply(page)).toMatch(/Nobody who can help with this is online right now/);
  // The CANCEL button under the status message.
  await page.locator('[role="log"] .sb-buttons button', { hasText: 'CANCEL' }).last().click();
  await page.waitForFunction(() => /cancelled your request for a person/.test(document.querySelector('[role="log"]')?.textContent ?? ''));
  expect(await service.repo.list({ status: ['waiting'] })).toEqual([]);

  // Grace comes online; the customer asks again and gets her, by name, on her reply too.
  await service.setAgentStatus(sam.id, 'available');
  await say(page, 'talk to a person');
  await page.waitForFunction(() => /Grace Hopper from our team has joined/.test(document.querySelector('[role="log"]')?.textContent ?? ''));
  const [handoff] = await service.repo.list({ status: ['assigned'] });
  await service.reply(sam.id, handoff.id, 'Hi, Grace here. How can I help?');
  const agentMessage = page.locator('[role="log"] .sb-agent');
  await agentMessage.waitFor();
  expect(await agentMessage.locator('.sb-author').textContent()).toBe('Grace Hopper');
  expect(await agentMessage.getAttribute('aria-label')).toBe('Grace Hopper: Hi, Grace here. How can I help?');
  await service.resolve(handoff.id);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the console: profile name and password, callbacks, readable customer facts, the resolve panel beside the transcript', async () => {
  // A customer waiting with nobody online asks for a callback; another is with Grace, with journeys' rfm facts.
  const grace = (await service.repo.agentByEmail('grace@northwind.test'))!;
  await service.setAgentStatus(grace.id, 'offline');
  const ask = (userId: string, text: string) => fetch(`${base}/api/web/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text }) });
  await ask('cb-customer', 'talk to a person');
  await ask('cb-customer', 'callback');
  expect(await service.callbacks.list(['scheduled'])).toHaveLength(1);
  await service.setAgentStatus(grace.id, 'away');
  await ask('rfm-customer', 'talk to a person');
  const customerId = (await app.engine.host().customerIdFor('web', 'rfm-customer'))!;
  await app.store.updateProfile(customerId, { name: 'Rita Fm', attributes: { rfm: { lastOrderDaysAgo: null, orders: 0, spend: 0 }, segment: 'new' } });

  const { page, errors } = await newPage();
  await page.goto(`${base}/console`);
  await page.getByLabel('E-mail').fill('grace@northwind.test');
  await page.getByLabel('Password').fill('grace-password-1');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/console`);

  // Callbacks are in the queue page.
  const callback = page.locator('#callback-list .callback-item');
  await callback.first().waitFor();
  expect(await callback.first().textContent()).toMatch(/Due now/);

  // The customer's facts read as labels and values, not JSON.
  await page.locator('.queue-item', { hasText: 'Rita Fm' }).getByRole('link').click();
  await page.locator('#profile dt', { hasText: 'Purchases' }).first().waitFor();
  const profile = (await page.locator('#profile').textContent()) ?? '';
  expect(profile).not.toMatch(/[{}"]/);
  expect(profile).toMatch(/Last order\s*—/);
  expect(profile).toMatch(/Spent\s*0/);
  // A knowledge suggestion's title opens the article for an admin.
  const suggestion = page.locator('#suggestions a[href^="/console/knowledge#/a/"]').first();
  await suggestion.waitFor();
  expect(await suggestion.getAttribute('href')).toMatch(/^\/console\/knowledge#\/a\/[\w-]+\/en$/);

  // Claim, then open Resolve: the transcript stays visible and is not covered by the panel.
  await page.locator('#claim-here').click();
  await page.waitForFunction(() => /Assigned to you/.test(document.getElementById('conv-sub')?.textContent ?? ''));
  await page.locator('#resolve-open').click();
  const panel = await page.locator('#resolve-form').boundingBox();
  const transcript = await page.locator('#transcript').boundingBox();
  expect(panel && transcript).toBeTruthy();
  // At 1280×720 the panel used to take a third of the column (transcript ~190 px); it is one row now.
  expect(transcript!.height).toBeGreaterThanOrEqual(250);
  expect(panel!.height).toBeLessThan(120);
  expect(transcript!.y).toBeGreaterThanOrEqual(panel!.y + panel!.height - 1); // below the panel, not under it
  await page.locator('#resolve-form').getByRole('button', { name: 'Resolve', exact: true }).click();

  // Profile: a display name and a new password.
  await page.locator('#me-name').click();
  await page.waitForURL(`${base}/console/profile`);
  await page.getByLabel('Display name').fill('Grace B. Hopper');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.locator('#name-status', { hasText: 'Customers now see “Grace B. Hopper”' }).waitFor();
  expect(await page.locator('#me-name').textContent()).toBe('Grace B. Hopper');
  await page.getByLabel('Current password').fill('wrong-password');
  await page.getByLabel('New password (8+ characters)').fill('grace-password-2');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#password-status', { hasText: 'current password is not right' }).waitFor();
  await page.getByLabel('Current password').fill('grace-password-1');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#password-status', { hasText: 'Password changed' }).waitFor();
  expect((await service.repo.agent(grace.id))!.name).toBe('Grace B. Hopper');

  // Knowledge: titles open their article; coverage is on the page.
  await page.goto(`${base}/console/knowledge`);
  await page.locator('#coverage-summary', { hasText: /articles are published in every language/ }).waitFor();
  expect(await page.locator('#coverage-missing li').count()).toBeGreaterThan(0);
  const title = page.locator('#article-list a.kb-title').first();
  const titleText = await title.textContent();
  await title.click();
  await page.waitForFunction((t) => document.getElementById('f-title') && (document.getElementById('f-title') as HTMLInputElement).value === t, titleText);
  expect(errors).toEqual([]);
  await page.context().close();
});
