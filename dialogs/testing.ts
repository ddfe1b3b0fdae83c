import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { TestBot } from '../core/testing/harness';
import { formatYamlProblems, YamlText, type YamlPath } from '../core/yaml';
import { currentSlots, type DialogState } from './state';

/**
 * Conversation tests as YAML transcripts, in a bot's `tests/` folder:
 *
 *     name: Order status
 *     locale: en                 # optional: sent with every message
 *     steps:
 *       - user: Where is my order?
 *       - bot: /order number/i           # text, or /regex/flags
 *       - user: NW-1001
 *       - bot: { text: /shipped/, buttons: [Track another, Done] }
 *       - slots: { orderNumber: NW-1001 }
 *       - user: { payload: returns, text: Return an item }   # a button press
 *       - user: { event: order.delayed }                     # an event
 *       - channel: sms                                       # go on from another channel
 *       - locale: es                                         # the conversation's language
 *       - noMoreReplies: true
 */

const Pattern = z.string().describe('Exact text, or /regex/flags');
const Step = z.union([
  z.object({ user: z.union([z.string(), z.object({ text: z.string().default(''), payload: z.string().optional(), event: z.string().optional() }).strict()]) }).strict(),
  z.object({ bot: z.union([Pattern, z.object({ text: Pattern.optional(), buttons: z.array(z.string()).optional() }).strict()]) }).strict(),
  z.object({ slots: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ channel: z.union([z.string(), z.object({ name: z.string(), address: z.string().optional() }).strict()]) }).strict(),
  z.object({ locale: z.string() }).strict(),
  z.object({ noMoreReplies: z.literal(true) }).strict(),
]);

/** One conversation test. */
export const ConversationTestSchema = z
  .object({
    name: z.string(),
    locale: z.string().optional().describe('Sent as the message locale, like a channel that knows it.'),
    channel: z.string().optional(),
    steps: z.array(Step).min(1),
  })
  .strict();
export type ConversationTest = z.infer<typeof ConversationTestSchema>;

/** A file holds one test, or several as `tests: [...]`. */
const SuiteSchema = z.object({ tests: z.array(ConversationTestSchema).min(1) }).strict();

/** A test file read from disk, with the line of each step for failure messages. */
export interface TestFile {
  file: string;
  tests: Array<ConversationTest & { lines: number[] }>;
}

/** Reads every `*.yaml` in `dir`; throws with `file:line:col` for a malformed file. */
export function readTestFiles(dir: string, relativeTo = join(dir, '..')): TestFile[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.map((name) => {
    const path = join(dir, name);
    const file = relative(relativeTo, path);
    const read = YamlText.parse(readFileSync(path, 'utf8'));
    if (!read.ok) throw new Error(formatYamlProblems(file, read.problems));
    const { yaml } = read;
    // Checked against the one shape the file has, so a mistake is reported at its line rather
    // than as a file that matches neither shape.
    const suite = typeof yaml.data === 'object' && yaml.data !== null && 'tests' in yaml.data;
    const parsed = suite ? yaml.validate(SuiteSchema) : yaml.validate(ConversationTestSchema);
    if (!parsed.ok) throw new Error(formatYamlProblems(file, parsed.problems));
    const tests = 'tests' in parsed.data ? parsed.data.tests : [parsed.data];
    const stepPath = (ti: number, si: number): YamlPath => (suite ? ['tests', ti, 'steps', si] : ['steps', si]);
    return { file, tests: tests.map((t, ti) => ({ ...t, lines: t.steps.map((_s, si) => yaml.at(stepPath(ti, si)).line) })) };
  });
}

/** `/x/i` → RegExp; anything else is exact text. */
function pattern(text: string): string | RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(text);
  return m ? new RegExp(m[1], m[2]) : text;
}

/**
 * Runs one conversation test against a bot, as customer `address`. Throws on the first mismatch,
 * naming the step's line.
 */
export async function runConversationTest(bot: TestBot, test: ConversationTest & { lines?: number[] }, address: string, file = '<test>'): Promise<void> {
  let channel = test.channel ?? bot.channel.name;
  let locale = test.locale;
  let pending: Array<{ text?: string; buttons?: Array<{ title: string }> }> = [];
  for (const [i, step] of test.steps.entries()) {
    try {
      if ('user' in step) {
        const u = typeof step.user === 'string' ? { text: step.user } : step.user;
        const metadata = 'event' in u && u.event ? { event: u.event } : undefined;
        pending = await bot.say(address, u.text ?? '', { payload: 'payload' in u ? u.payload : undefined, locale, channel, metadata });
      } else if ('bot' in step) {
        const reply = pending.shift();
        const want = typeof step.bot === 'string' ? { text: step.bot } : step.bot;
        if (!reply) throw new Error(`expected a reply matching ${want.text ?? JSON.stringify(want)}, but the bot said nothing more`);
        if (want.text !== undefined) {
          const p = pattern(want.text);
          const ok = typeof p === 'string' ? reply.text === p : p.test(reply.text ?? '');
          if (!ok) throw new Error(`expected a reply matching ${want.text}, got ${JSON.stringify(reply.text)}`);
        }
        if (want.buttons) {
          const titles = (reply.buttons ?? []).map((b) => b.title);
          if (JSON.stringify(titles) !== JSON.stringify(want.buttons)) throw new Error(`expected buttons ${JSON.stringify(want.buttons)}, got ${JSON.stringify(titles)}`);
        }
      } else if ('slots' in step) {
        const state = await bot.state(address, channel);
        const slots = currentSlots(state?.dialogs as DialogState | undefined);
        for (const [key, value] of Object.entries(step.slots)) {
          if (JSON.stringify(slots[key]) !== JSON.stringify(value)) {
            throw new Error(`expected slot ${key} = ${JSON.stringify(value)}, got ${JSON.stringify(slots[key])}`);
          }
        }
      } else if ('channel' in step) {
        const next = typeof step.channel === 'string' ? { name: step.channel } : step.channel;
        channel = next.name;
        if (next.address) address = next.address;
      } else if ('locale' in step) {
        const state = await bot.state(address, channel);
        if (state?.locale !== step.locale) throw new Error(`expected the conversation's locale to be ${step.locale}, got ${String(state?.locale)}`);
      } else if ('noMoreReplies' in step && pending.length) {
        throw new Error(`expected no more replies, got ${pending.map((m) => JSON.stringify(m.text)).join(', ')}`);
      }
    } catch (err) {
      throw new Error(`${file}:${test.lines?.[i] ?? 0} ${test.name}: ${(err as Error).message}`);
    }
  }
}
