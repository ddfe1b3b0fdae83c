import { join, resolve } from 'node:path';
import { silentLogger } from '../core/logger';
import { TestBot, TestChannel } from '../core/testing/harness';
import { readTestFiles, runConversationTest } from '../dialogs/testing';
import { assemble } from './assemble';
import { plainText } from '../core/markdown/format';

/** The outcome of one conversation test. */
export interface ConversationTestResult {
  file: string;
  name: string;
  passed: boolean;
  /** `file:line name: what differed`, when it failed. */
  error?: string;
}

/** Channels tests may switch to, with plain capabilities for the text-only ones. */
const PLAIN = { maxButtons: 0, maxButtonTitle: 20, maxTextLength: 1600, format: plainText, media: false, typing: false };

/**
 * Runs the YAML conversation tests in `<botDir>/tests` against the bot as the app assembles it
 * (modules, dialogs, fallback), on an in-memory store. Each test is a new customer. Used by
 * `switchboard test` and callable from jest:
 *
 *     const results = await runConversationTests('bots/demo');
 *     expect(results.filter((r) => !r.passed)).toEqual([]);
 */
export async function runConversationTests(botDir: string, options: { filter?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ConversationTestResult[]> {
  const dir = resolve(botDir);
  const files = readTestFiles(join(dir, 'tests'), dir);
  const web = new TestChannel('web');
  const extra = new Set(files.flatMap((f) => f.tests.flatMap((t) => [t.channel, ...t.steps.map((s) => ('channel' in s ? (typeof s.channel === 'string' ? s.channel : s.channel.name) : undefined))])));
  extra.delete('web');
  extra.delete(undefined);
  const channels = [web, ...[...extra].map((name) => new TestChannel(name as string, name === 'sms' ? PLAIN : undefined))];
  const app = await assemble({ botDir: dir, databaseUrl: ':memory:', channels, logger: silentLogger(), env: options.env ?? {} });
  const bot = TestBot.wrap(app.engine, web, app.store);
  const results: ConversationTestResult[] = [];
  try {
    let n = 0;
    for (const file of files) {
      for (const test of file.tests) {
        if (options.filter && !test.name.toLowerCase().includes(options.filter.toLowerCase())) continue;
        try {
          await runConversationTest(bot, test, `tester-${++n}`, file.file);
          results.push({ file: file.file, name: test.name, passed: true });
        } catch (err) {
          results.push({ file: file.file, name: test.name, passed: false, error: (err as Error).message });
        }
      }
    }
  } finally {
    await app.close();
  }
  return results;
}
