import type { Command } from '../main';
import { evaluateRouting, readRouting, type RoutingReport } from './answers/routing';

const usage = `Usage: switchboard eval routing --bot DIR --cases FILE.jsonl [--knowledge DIR] [--json]

Sends each message as a new web chat customer and reports who took it: messages meant for a
dialog that the knowledge base answered or clarified, and messages meant for an article that a
dialog took. Same path, thresholds and texts as a customer gets.

  --bot DIR        the bot folder (bot.yaml, dialogs, knowledge)
  --cases FILE     JSON lines: {"text": "...", "lang": "en", "route": "dialog:<id>" | "article:<id>"}
  --knowledge DIR  articles to use instead of the bot's own knowledge folder
  --json           print one JSON object`;

function side(label: string, s: RoutingReport['to_dialog']): string {
  return [`${label}: ${s.misrouted} of ${s.n} misrouted`, ...s.cases.map((c) => `  ${c}`)].join('\n');
}

const command: Command = {
  name: 'routing',
  summary: 'Measure misroutes between dialogs and the knowledge base through web chat',
  usage,
  options: {
    bot: { type: 'string' },
    cases: { type: 'string' },
    knowledge: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const v = values as { bot?: string; cases?: string; knowledge?: string; json?: boolean };
    if (!v.bot || !v.cases) {
      console.error(`Give --bot DIR and --cases FILE.\n\n${usage}`);
      return 2;
    }
    try {
      const result = await evaluateRouting(readRouting(v.cases), { botDir: v.bot, knowledgeDir: v.knowledge });
      if (v.json) console.log(JSON.stringify(result));
      else console.log(`${side('meant for a dialog, taken by the knowledge base', result.to_dialog)}\n${side('meant for an article, taken by a dialog', result.to_article)}`);
      return 0;
    } catch (err) {
      console.error((err as Error).message);
      return 1;
    }
  },
};

export default command;
