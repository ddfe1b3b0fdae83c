import { resolve } from 'node:path';
import type { Command } from '../main';
import { runConversationTests } from '../../server/conversation-tests';

const command: Command = {
  name: 'test',
  summary: 'Run a bot’s YAML conversation tests (botDir/tests/*.yaml)',
  usage: `Usage: switchboard test [botDir] [--filter TEXT]

Runs every conversation test in botDir/tests (default botDir: bots/demo) against the assembled bot
on an in-memory store, and exits with 1 if any fails.
  --filter TEXT   only tests whose name contains TEXT`,
  options: { filter: { type: 'string' } },
  async run({ values, positionals }) {
    const botDir = resolve(positionals[0] ?? 'bots/demo');
    const results = await runConversationTests(botDir, { filter: values.filter as string | undefined });
    for (const r of results) console.log(`${r.passed ? 'ok  ' : 'FAIL'} ${r.file} — ${r.name}${r.error ? `\n     ${r.error}` : ''}`);
    const failed = results.filter((r) => !r.passed).length;
    console.log(`\n${results.length - failed} passed, ${failed} failed`);
    return failed || !results.length ? 1 : 0;
  },
};

export default command;
