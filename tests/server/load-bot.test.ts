import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors';
import { loadBot, readConfig } from '../../server/load-bot';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sb-bot-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('a valid bot.yaml gets defaults', () => {
  const config = readConfig(write('bot.yaml', 'name: Shop\n'));
  expect(config).toMatchObject({ name: 'Shop', defaultLocale: 'en', locales: ['en'], replyChannel: 'last-used' });
});

test('schema errors point at the line and column of the offending value', () => {
  const path = write('bot.yaml', 'name: Shop\nlocales:\n  - en\n  - 5\nreplyChannel: sideways\n');
  expect(() => readConfig(path)).toThrow(ConfigError);
  try {
    readConfig(path);
  } catch (err) {
    const lines = (err as Error).message.split('\n');
    expect(lines).toEqual([expect.stringMatching(/^bot\.yaml:4:5 locales\.1: .*string/), expect.stringMatching(/^bot\.yaml:5:15 replyChannel: /)]);
  }
});

test('unknown keys and YAML syntax errors are reported with their position', () => {
  expect(() => readConfig(write('bot.yaml', 'name: Shop\ncolour: blue\n'))).toThrow(/^bot\.yaml:2:1 colour: unknown setting "colour"/);
  expect(() => readConfig(write('bot.yaml', 'name: [unclosed\n'))).toThrow(/^bot\.yaml:\d+:\d+ /);
});

test('the analytics section: defaults filled, unknown keys and wrong types at their line and column', () => {
  expect(readConfig(write('bot.yaml', 'name: Shop\nanalytics:\n  csatAfterBot: true\n')).analytics).toEqual({ csatAfterBot: true, liveThrottleMs: 2000 });
  const path = write('bot.yaml', 'name: Shop\nanalytics:\n  liveThrottleMs: fast\n  csatAfterBot: "yes"\n  csatAfterbot: true\n');
  expect(() => readConfig(path)).toThrow(ConfigError);
  try {
    readConfig(path);
  } catch (err) {
    expect((err as Error).message.split('\n')).toEqual([
      'bot.yaml:3:19 analytics.liveThrottleMs: Invalid input: expected number, received string',
      'bot.yaml:4:17 analytics.csatAfterBot: Invalid input: expected boolean, received string',
      'bot.yaml:5:3 analytics.csatAfterbot: unknown setting "csatAfterbot"',
    ]);
  }
});

test('an entry module without a default function is refused with the fix', async () => {
  write('bot.yaml', 'name: Shop\n');
  write('index.js', 'module.exports = { notDefault: 1 };\n');
  await expect(loadBot(dir)).rejects.toThrow(/must export a default function/);
});

test('a missing folder is a clear error', async () => {
  await expect(loadBot(join(dir, 'nope'))).rejects.toThrow(/No bot folder at/);
});
