import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { hashPassword } from '../../handoff/auth';
import { HandoffServiceKey } from '../../handoff/module';
import { servedInBrowser, startDemo } from '../support/browser';
import { warmPhotoReader } from '../support/photo-reader';
import { jpegWithGps } from './photos.fixture';

/**
 * A customer attaches a photo in the widget in Chromium (by the photo button, by keyboard), sees
 * its preview, sends it with a caption and sees it in the transcript, served from our media route;
 * they ask for a person, and the agent sees the same photo in the console. A photo of a device's
 * display gets the troubleshooting answer, and the agent sees what was read in it beside it.
 */
jest.setTimeout(120_000);
const served = servedInBrowser(async (dataDir) => {
  // The photo reader's workers start here, not in the first photo's 15 s (see warmPhotoReader).
  const { modules, warm } = warmPhotoReader();
  const [app] = await Promise.all([startDemo(dataDir, modules), warm]);
  return app;
});
const newPage = () => served.newPage();
let base: string;
beforeAll(async () => {
  base = served.base;
  const passwordHash = await hashPassword('grace-password-1');
  await served.app.bot.services.require(HandoffServiceKey).repo.createAgent({ name: 'Grace Hopper', email: 'grace@northwind.test', passwordHash, role: 'agent', skills: [], capacity: 2 });
});

/** Whether every image matching `selector` has loaded and decoded (its natural width is known). */
const imagesLoaded = (page: Page, selector: string) =>
  page.waitForFunction((s) => {
    const images = [...document.querySelectorAll<HTMLImageElement>(s)];
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  }, selector);

test('a photo attached in the widget reaches the transcript and the agent console', async () => {
  const { page, errors } = await newPage();
  await page.goto(`${base}/`);
  const attach = page.getByRole('button', { name: 'Attach a photo' });
  await attach.waitFor();

  // The photo button opens the file picker; the chosen photo shows as a removable preview.
  const chooser = page.waitForEvent('filechooser');
  await attach.focus();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'router-lights.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await jpegWithGps(160, 120)) });
  await page.getByRole('list', { name: 'Photos to send' }).getByRole('img', { name: 'router-lights.jpg' }).waitFor();
  expect(await page.getByRole('button', { name: 'Remove router-lights.jpg' }).count()).toBe(1);

  // A file that is not a photo is refused in place, with the reason.
  await page.locator('input[type="file"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  expect(await page.locator('.sb-status').textContent()).toBe('notes.txt is not a JPEG, PNG or WebP photo');

  await page.locator('#sb-input').fill('the lights on my router');
  await page.keyboard.press('Enter');
  // Sent: the preview strip empties, the bubble shows the photo from our media route once stored.
  await page.waitForFunction(() => document.querySelectorAll('.sb-previews li').length === 0);
  await page.locator('[role="log"] .sb-in:not(.sb-pending)').first().waitFor();
  await page.locator('[role="log"] .sb-out').first().waitFor();
  await page.reload();
  await imagesLoaded(page, '[role="log"] .sb-in img.sb-photo');
  const src = await page.locator('[role="log"] .sb-in img.sb-photo').getAttribute('src');
  expect(src).toMatch(new RegExp(`^${base}/api/media/med_[\\w-]+\\?userId=`));
  expect(await page.locator('[role="log"] .sb-in img.sb-photo').getAttribute('alt')).toBe('router-lights.jpg');

  // Handed to a person: the agent sees the photo in the console.
  const replies = await page.locator('[role="log"] .sb-out').count();
  await page.locator('#sb-input').fill('talk to a person');
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[role="log"] .sb-out').length > n, replies);
  const { page: console } = await newPage();
  await console.goto(`${base}/console`);
  await console.getByLabel('E-mail').fill('grace@northwind.test');
  await console.getByLabel('Password').fill('grace-password-1');
  await console.keyboard.press('Enter');
  await console.waitForURL(`${base}/console`);
  await console.locator('.queue-item').first().getByRole('link').click();
  await imagesLoaded(console, 'img.msg-image');
  expect(await console.locator('img.msg-image').getAttribute('alt')).toBe('router-lights.jpg');
  expect(errors).toEqual([]);
});

test('a display photo gets the troubleshooting answer; the agent sees the text read beside the photo', async () => {
  const { page, errors } = await newPage();
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Attach a photo' }).waitFor();
  const display = readFileSync(join(__dirname, '..', 'fixtures', 'vision', 'display.jpg'));
  await page.locator('input[type="file"]').setInputFiles({ name: 'station.jpg', mimeType: 'image/jpeg', buffer: display });
  await page.getByRole('list', { name: 'Photos to send' }).getByRole('img', { name: 'station.jpg' }).waitFor();
  // A photo alone, no caption: the Send button.
  await page.getByRole('button', { name: 'Send' }).click();
  const answer = page.locator('[role="log"] .sb-out').filter({ hasText: 'I can see E-17 in your photo' });
  await answer.waitFor({ timeout: 60_000 });
  expect(await answer.textContent()).toContain('The battery is above 60');

  const replies = await page.locator('[role="log"] .sb-out').count();
  await page.locator('#sb-input').fill('a human please, it is still on');
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('[role="log"] .sb-out').length > n, replies);
  const { page: console } = await newPage();
  await console.goto(`${base}/console`);
  await console.getByLabel('E-mail').fill('grace@northwind.test');
  await console.getByLabel('Password').fill('grace-password-1');
  await console.keyboard.press('Enter');
  await console.waitForURL(`${base}/console`);
  // This customer's handoff, by their last words (the first test's may still be in the queue).
  await console.locator('.queue-item').filter({ hasText: 'a human please' }).getByRole('link').click();
  await imagesLoaded(console, 'img[alt="station.jpg"]');
  const reading = console.locator('li', { has: console.locator('img[alt="station.jpg"]') }).getByLabel('Read in the photo');
  await reading.waitFor();
  expect(await reading.locator('dt').allTextContents()).toEqual(['Text']);
  expect(await reading.locator('dd').first().textContent()).toMatch(/E-17/);
  expect(errors).toEqual([]);
});
