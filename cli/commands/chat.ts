import { createInterface } from 'node:readline/promises';
import type { Command } from '../main';
import type { ChannelAdapter, SendResult } from '../../core/channel';
import type { Message } from '../../core/message';
import { silentLogger } from '../../core/logger';
import type { TurnTrace } from '../../core/trace';
import { assemble } from '../../server/assemble';
import { formatTrace } from '../trace-format';
import { plainText } from '../../core/markdown/format';

/** The terminal as a channel: plain text, buttons shown as a numbered list. */
class TerminalChannel implements ChannelAdapter {
  readonly name = 'cli';
  readonly capabilities = { maxButtons: 0, maxButtonTitle: 60, maxTextLength: 4000, format: plainText, media: false, typing: false };
  start(): void {}
  async send(message: Message): Promise<SendResult> {
    // An agent's reply is labelled with their name, as the widget shows it.
    const agentName = typeof message.metadata?.agentName === 'string' ? message.metadata.agentName : 'agent';
    const who = message.author === 'agent' ? agentName : 'bot';
    console.log(`${who}> ${message.text ?? ''}`);
    return {};
  }
}

const command: Command = {
  name: 'chat',
  summary: 'Talk to a bot in the terminal (for authors)',
  usage: `Usage: switchboard chat [botDir] [--locale xx] [--db sqlite:path] [--debug]

Talk to the bot in botDir (default: bots/demo). State is kept in memory unless --db is given.
Type /quit to leave.
  --debug   after each turn, show why: language, intent and confidence, dialog and step,
            knowledge outcome with article scores, handoff reason`,
  options: { locale: { type: 'string' }, db: { type: 'string' }, debug: { type: 'boolean' } },
  async run({ values, positionals }) {
    const app = await assemble({
      botDir: positionals[0] ?? 'bots/demo',
      databaseUrl: (values.db as string) ?? ':memory:',
      channels: [new TerminalChannel()],
      logger: silentLogger(),
    });
    const { bot, engine } = app;
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
    console.log(`Chatting with ${bot.config.name}. Type /quit to leave.`);
    for await (const line of rl) {
      const text = line.trim();
      if (text === '/quit') break;
      if (!text) continue;
      const { message } = await engine.receive({ channel: 'cli', address: 'terminal', text, locale: values.locale as string | undefined });
      const replies = await engine.repliesTo(message.id);
      await engine.outbox.idle();
      if (values.debug) {
        const trace = [...(replies ?? []), message].map((m) => m.metadata?.trace as TurnTrace | undefined).find(Boolean);
        console.log(trace ? formatTrace(trace).join('\n') : '  · (nothing recorded)');
      }
    }
    rl.close();
    await app.close();
    return 0;
  },
};

export default command;
