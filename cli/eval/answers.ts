import type { Command } from '../main';
import { evaluateAnswers, report, type AnswerReport, type QuestionResult } from './answers/run';
import { KINDS, OUTCOMES } from './answers/classify';
import { readQuestions } from './retrieval';

const usage = `Usage: switchboard eval answers --bot DIR --questions FILE.jsonl [--knowledge DIR] [--no-locale] [--learn] [--json] [--details]

Runs each question through the bot exactly as a new web chat customer (POST /api/web/messages,
a fresh visitor each, the bot's own dialogs, thresholds and texts) and classifies each reply:
right, wrong, clarify_gold (a clarifying question offering the gold article), clarify_other,
none (fallback, abstention, a dialog or a handoff). Rates per kind of question: answerable in its
own language, answerable only from another language's article, out of scope.

  --bot DIR          the bot folder (bot.yaml, dialogs, knowledge)
  --questions FILE   JSON lines: {"text": "...", "lang": "es", "article": "<id>" | null}
  --knowledge DIR    articles to use instead of the bot's own knowledge folder
  --no-locale        send no locale hint: the bot tells the language from the text
  --learn            replay in order giving the feedback a customer would ("Did this help?"
                     yes on the gold article, no on another; the gold choice from a
                     clarifying question); report the second half with and without learning
  --json             print one JSON object
  --details          also list every question that was not answered right`;

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`.padStart(7);
}

function table(r: AnswerReport): string {
  const lines = [`${'kind'.padEnd(16)}${'n'.padStart(5)}${OUTCOMES.map((o) => o.padStart(14)).join('')}`];
  for (const kind of KINDS) lines.push(`${kind.padEnd(16)}${String(r[kind].n).padStart(5)}${OUTCOMES.map((o) => pct(r[kind][o]).padStart(14)).join('')}`);
  lines.push(`english_leak ${pct(r.english_leak)}   p50 ${r.p50_ms} ms   p95 ${r.p95_ms} ms   (${r.questions} questions)`);
  return lines.join('\n');
}

function details(results: QuestionResult[]): string {
  return results
    .filter((r) => r.outcome !== 'right' && !(r.kind === 'out_of_scope' && r.outcome === 'none'))
    .map((r) => `${r.outcome.padEnd(13)} [${r.lang}] ${r.text}  gold=${r.gold ?? '-'}  got=${JSON.stringify(r.trace ?? null)}`)
    .join('\n');
}

const command: Command = {
  name: 'answers',
  summary: 'Measure knowledge answers through the bot’s real web chat path',
  usage,
  options: {
    bot: { type: 'string' },
    questions: { type: 'string' },
    knowledge: { type: 'string' },
    'no-locale': { type: 'boolean' },
    learn: { type: 'boolean' },
    json: { type: 'boolean' },
    details: { type: 'boolean' },
  },
  async run({ values }) {
    const v = values as { bot?: string; questions?: string; knowledge?: string; 'no-locale'?: boolean; learn?: boolean; json?: boolean; details?: boolean };
    if (!v.bot || !v.questions) {
      console.error(`Give --bot DIR and --questions FILE.\n\n${usage}`);
      return 2;
    }
    try {
      const questions = readQuestions(v.questions);
      const base = { botDir: v.bot, knowledgeDir: v.knowledge, noLocale: v['no-locale'] };
      const plain = await evaluateAnswers(questions, base);
      const out: Record<string, unknown> = { ...report(plain) };
      if (v.learn) {
        const learned = await evaluateAnswers(questions, { ...base, learn: true });
        const half = Math.floor(questions.length / 2);
        out.learn = { second_half_without: report(plain.slice(half)), second_half_with: report(learned.slice(half)) };
      }
      if (v.json) console.log(JSON.stringify(v.details ? { ...out, results: plain } : out));
      else {
        console.log(table(out as unknown as AnswerReport));
        const learn = out.learn as { second_half_without: AnswerReport; second_half_with: AnswerReport } | undefined;
        if (learn) console.log(`\nsecond half without learning\n${table(learn.second_half_without)}\n\nsecond half with learning\n${table(learn.second_half_with)}`);
        if (v.details) console.log(`\n${details(plain)}`);
      }
      return 0;
    } catch (err) {
      console.error((err as Error).message);
      return 1;
    }
  },
};

export default command;
