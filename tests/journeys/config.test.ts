import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { createApp } from '../../server/app';

/** Mistakes in bot.yaml's `journeys:` block stop the start with the setting to fix. */
describe('journeys settings at start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const start = (yaml: string) => {
    writeFileSync(join(dir, 'bot.yaml'), `name: Shop\n${yaml}`);
    return createApp({ botDir: dir, databaseUrl: ':memory:', logger: silentLogger() });
  };

  test('a rule that starts a dialog the bot does not have', async () => {
    await expect(start('journeys:\n  proactive:\n    - { name: cart, when: { event: cart_add, within: 2h }, then: { dialog: nope } }\n')).rejects.toThrow(
      /journeys\.proactive "cart": no dialog "nope"/,
    );
  });

  test('an invalid duration or quiet hours', async () => {
    await expect(start('journeys:\n  quietHours: { start: "9pm", end: "08:00" }\n')).rejects.toThrow(/^bot\.yaml:3:24 journeys\.quietHours\.start/);
    await expect(start('journeys:\n  frequencyCap: { max: 2, per: "a week" }\n')).rejects.toThrow(/^bot\.yaml:3:32 journeys\.frequencyCap\.per: a duration like/);
  });

  test('no journeys block: defaults, and the app starts', async () => {
    const app = await start('');
    expect((await app.fetch(new Request('http://x/events.js'))).status).toBe(200);
    await app.close();
  });
});
