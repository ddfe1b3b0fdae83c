import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Bot } from '../../core/bot';
import { ConfigError } from '../../core/errors';
import type { AppModule } from '../../core/module';
import { loadBot, readConfig } from '../../server/load-bot';
import { defaultModules } from '../../server/modules';

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

test('a misspelt top-level key names the key, the nearest known one and every known setting, in bot.yaml and in code', async () => {
  const known = /known settings: name, defaultLocale, locales, messages, channels, replyChannel, .*\bknowledge\b/;
  const [line] = configErrors('name: Shop\nknowlege:\n  answerThreshold: 0.5\n');
  expect(line).toMatch(/^bot\.yaml:2:1 knowlege: unknown setting "knowlege" \(did you mean "knowledge"\?\); /);
  expect(line).toMatch(known);
  // In code, against the same list: core's settings and the blocks of the app's modules.
  expect(() => new Bot({ name: 'Shop', knowlege: { answerThreshold: 0.5 } }, { modules: defaultModules() })).toThrow(ConfigError);
  expect(() => new Bot({ name: 'Shop', knowlege: { answerThreshold: 0.5 } }, { modules: defaultModules() })).toThrow(/^Bot settings: unknown setting "knowlege" \(did you mean "knowledge"\?\); /);
  expect(() => new Bot({ name: 'Shop', knowlege: {} }, { modules: defaultModules() })).toThrow(known);
  expect(new Bot({ name: 'Shop', knowledge: { answerThreshold: 0.5 } }, { modules: defaultModules() }).config.knowledge).toEqual({ answerThreshold: 0.5 });
  // Without modules a bot has core's settings only: a module's block is refused, a core typo too.
  expect(() => new Bot({ name: 'Shop', knowledge: {} })).toThrow(/unknown setting "knowledge"; known settings: name, defaultLocale, locales, messages, channels, replyChannel$/);
  expect(() => new Bot({ name: 'Shop', replychannel: 'preferred' })).toThrow(/did you mean "replyChannel"/);
  // A bot folder is loaded through the same lists: a module's block is known, a typo is not.
  write('bot.yaml', 'name: Shop\nhandoff:\n  maxFallbacks: 2\n');
  expect((await loadBot(dir)).bot.config.handoff).toMatchObject({ maxFallbacks: 2 });
  write('bot.yaml', 'name: Shop\nhandof:\n  maxFallbacks: 2\n');
  await expect(loadBot(dir)).rejects.toThrow(/bot\.yaml:2:1 handof: unknown setting "handof" \(did you mean "handoff"\?\)/);
});

/** The lines of the error `readConfig` throws for a bot.yaml with `text`. */
function configErrors(text: string): string[] {
  const path = write('bot.yaml', text);
  expect(() => readConfig(path)).toThrow(ConfigError);
  try {
    readConfig(path);
  } catch (err) {
    return (err as Error).message.split('\n');
  }
  return [];
}

test('the analytics section: defaults filled, unknown keys and wrong types at their line and column', () => {
  expect(readConfig(write('bot.yaml', 'name: Shop\nanalytics:\n  csatAfterBot: true\n')).analytics).toEqual({ csatAfterBot: true, liveThrottleMs: 2000 });
  expect(configErrors('name: Shop\nanalytics:\n  liveThrottleMs: fast\n  csatAfterBot: "yes"\n  csatAfterbot: true\n')).toEqual([
    'bot.yaml:3:19 analytics.liveThrottleMs: Invalid input: expected number, received string',
    'bot.yaml:4:17 analytics.csatAfterBot: Invalid input: expected boolean, received string',
    'bot.yaml:5:3 analytics.csatAfterbot: unknown setting "csatAfterbot"',
  ]);
});

test('the journeys section: defaults filled, unknown keys and wrong types at their line and column', () => {
  const journeys = readConfig(write('bot.yaml', 'name: Shop\njourneys:\n  retention: 90d\n')).journeys;
  expect(journeys).toMatchObject({ retention: '90d', pollInterval: '30s', frequencyCap: { max: 2, per: '7d' } });
  expect(configErrors('name: Shop\njourneys:\n  frequencyCap: { max: two, per: 7d }\n  quiteHours: { start: "21:00", end: "08:00" }\n')).toEqual([
    'bot.yaml:3:24 journeys.frequencyCap.max: Invalid input: expected number, received string',
    'bot.yaml:4:3 journeys.quiteHours: unknown setting "quiteHours"',
  ]);
});

test('the journeys section: an unknown time zone at its value', () => {
  expect(configErrors('name: Shop\njourneys:\n  defaultTimezone: Mars/Olympus\n')).toEqual([
    'bot.yaml:3:20 journeys.defaultTimezone: unknown time zone "Mars/Olympus"; use an IANA name like Europe/Madrid',
  ]);
});

test('the handoff section: defaults filled, unknown keys and wrong types at their line and column', () => {
  expect(readConfig(write('bot.yaml', 'name: Shop\nhandoff:\n  maxFallbacks: 0\n')).handoff).toEqual({
    maxFallbacks: 0,
    sentimentThreshold: -0.5,
    handleSeconds: 300,
    graceSeconds: 60,
    socketPingSeconds: 30,
    segmentPriority: { 'high-value': 10, loyal: 5 },
  });
  expect(configErrors('name: Shop\nhandoff:\n  graceSeconds: "60s"\n  maxFallback: 3\n')).toEqual([
    'bot.yaml:3:17 handoff.graceSeconds: Invalid input: expected number, received string',
    'bot.yaml:4:3 handoff.maxFallback: unknown setting "maxFallback"',
  ]);
});

test('the knowledge section: defaults filled, unknown keys and wrong types at their line and column', () => {
  expect(readConfig(write('bot.yaml', 'name: Shop\nknowledge:\n  generative: true\n')).knowledge).toMatchObject({ generative: true, folder: 'knowledge', feedback: true });
  expect(configErrors('name: Shop\nknowledge:\n  feedback: "no"\n  answerTreshold: 0.5\n')).toEqual([
    'bot.yaml:3:13 knowledge.feedback: Invalid input: expected boolean, received string',
    'bot.yaml:4:3 knowledge.answerTreshold: unknown setting "answerTreshold"',
  ]);
});

test('the schema comes from the modules: a block is known because its module declares it', () => {
  const greeter: AppModule = { name: 'greeter', config: z.object({ hello: z.string().default('hi') }).strict() };
  const text = 'name: Shop\ngreeter:\n  helo: there\n';
  // Without the module its block is an unknown top-level key; with it, its own keys are checked.
  expect(() => readConfig(write('bot.yaml', text))).toThrow(/^bot\.yaml:2:1 greeter: unknown setting "greeter"/);
  expect(() => readConfig(write('bot.yaml', text), [greeter])).toThrow(/^bot\.yaml:3:3 greeter\.helo: unknown setting "helo"/);
  expect(readConfig(write('bot.yaml', 'name: Shop\ngreeter: {}\n'), [greeter]).greeter).toEqual({ hello: 'hi' });
  // A standard module's block stays known (and checked) in an app that leaves that module out.
  expect(readConfig(write('bot.yaml', 'name: Shop\nhandoff:\n  maxFallbacks: 1\n'), [greeter]).handoff).toMatchObject({ maxFallbacks: 1, graceSeconds: 60 });
  expect(() => readConfig(write('bot.yaml', 'name: Shop\nhandoff:\n  maxFallback: 1\n'), [greeter])).toThrow(/^bot\.yaml:3:3 handoff\.maxFallback: unknown setting/);
});

test('every module of the app that declares a block is validated at its line and column (media too)', () => {
  const declared = defaultModules().filter((m) => m.config).map((m) => m.name).sort();
  expect(declared).toEqual(['analytics', 'catalog', 'dialogs', 'handoff', 'journeys', 'knowledge', 'media', 'surveys', 'vision']);
  expect(configErrors('name: Shop\nmedia:\n  retentionDays: -1\n')).toEqual([expect.stringMatching(/^bot\.yaml:3:18 media\.retentionDays: /)]);
});

test('a module cannot take a core setting’s name for its block', () => {
  const clash: AppModule = { name: 'channels', config: z.object({}) };
  expect(() => readConfig(write('bot.yaml', 'name: Shop\n'), [clash])).toThrow(/"channels" is a core setting/);
});

test('an entry module without a default function is refused with the fix', async () => {
  write('bot.yaml', 'name: Shop\n');
  write('index.js', 'module.exports = { notDefault: 1 };\n');
  await expect(loadBot(dir)).rejects.toThrow(/must export a default function/);
});

test('a missing folder is a clear error', async () => {
  await expect(loadBot(join(dir, 'nope'))).rejects.toThrow(/No bot folder at/);
});
