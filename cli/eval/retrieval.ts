import { readFileSync } from 'node:fs';
import { readPassages } from '../../knowledge/articles/import';
import { evaluate, evaluateKb, loadSquad, type EvalQuestion, type RetrievalMetrics } from '../../knowledge/retrieval/evaluate';
import { KnowledgeConfigSchema } from '../../knowledge/config';
import { TermTable } from '../../knowledge/crosslingual';
import { DEFAULT_ABSTAIN_THRESHOLD } from '../../knowledge/confidence';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import type { Command } from '../main';

const KB_DEFAULTS = KnowledgeConfigSchema.parse({});

const usage = `Usage: switchboard eval retrieval (--squad FILE [--docs FILE] | --kb DIR --questions FILE.jsonl) [--threshold N] [--json]

Measures the knowledge retriever: recall@1, recall@5 and MRR@10 over answerable questions,
abstention on unanswerable ones, index time and query latency.

  --squad FILE        SQuAD-v1 JSON; each paragraph is a document, each question's gold its paragraph
  --docs FILE         take the paragraphs from this file instead (same layout, e.g. another language)
  --kb DIR            a knowledge folder of <id>.<locale>.md articles, read as the bot reads it
  --questions FILE    JSON lines: {"text": "...", "lang": "es", "article": "<id>" | null}
  --threshold N       abstain below this confidence (0–1; default ${DEFAULT_ABSTAIN_THRESHOLD} with --squad,
                      with --kb the bot's default clarify threshold, ${KB_DEFAULTS.clarifyThreshold})

With --kb the questions go through the answer layer's own search and confidence (the
question's language, then articles missing in it in other languages), and an abstention on an
answerable question counts as a miss: the figures are the bot's, minus dialogs and texts (for
those, "switchboard eval answers").
  --json              print one JSON object instead of a table`;

/** Reads the `--questions` JSON-lines file, with line numbers in every error. */
export function readQuestions(file: string): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      let q: { text?: unknown; lang?: unknown; article?: unknown };
      try {
        q = JSON.parse(line) as typeof q;
      } catch {
        throw new Error(`${file}:${i + 1}: not JSON; expected {"text": "...", "lang": "es", "article": "<id>" | null}`);
      }
      if (typeof q.text !== 'string' || !q.text.trim()) throw new Error(`${file}:${i + 1}: "text" must be a non-empty string`);
      if (q.article !== null && typeof q.article !== 'string') throw new Error(`${file}:${i + 1}: "article" must be an article id or null`);
      if (q.lang !== undefined && typeof q.lang !== 'string') throw new Error(`${file}:${i + 1}: "lang" must be a language code`);
      out.push({ text: q.text, lang: q.lang as string | undefined, gold: q.article });
    });
  return out;
}

function table(m: RetrievalMetrics): string {
  const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
  return [
    `recall@1            ${pct(m.recall_at_1)}`,
    `recall@5            ${pct(m.recall_at_5)}`,
    `MRR@10              ${m.mrr_at_10.toFixed(3)}`,
    `abstain (unanswerable)      ${pct(m.abstain_rate)}`,
    `false abstain (answerable)  ${pct(m.false_abstain_rate)}`,
    `index               ${m.index_ms.toFixed(0)} ms`,
    `query p50 / p95     ${m.query_p50_ms.toFixed(2)} / ${m.query_p95_ms.toFixed(2)} ms`,
  ].join('\n');
}

const command: Command = {
  name: 'retrieval',
  summary: 'Measure knowledge retrieval on SQuAD-format data or an article folder',
  usage,
  options: {
    squad: { type: 'string' },
    docs: { type: 'string' },
    kb: { type: 'string' },
    questions: { type: 'string' },
    threshold: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const v = values as { squad?: string; docs?: string; kb?: string; questions?: string; threshold?: string; json?: boolean };
    if (!v.squad === !v.kb || (v.kb && !v.questions) || (v.docs && !v.squad)) {
      console.error(`Give either --squad FILE [--docs FILE] or --kb DIR --questions FILE.\n\n${usage}`);
      return 2;
    }
    const threshold = v.threshold === undefined ? (v.kb ? KB_DEFAULTS.clarifyThreshold : DEFAULT_ABSTAIN_THRESHOLD) : Number(v.threshold);
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
      console.error(`--threshold must be a number between 0 and 1 (got "${v.threshold}").`);
      return 2;
    }
    let metrics: RetrievalMetrics;
    try {
      if (v.squad) {
        const { passages, questions } = loadSquad(v.squad, v.docs);
        metrics = evaluate(new LexicalRetriever(), passages, questions, { key: (p) => p.id, threshold });
      } else {
        const passages = readPassages(v.kb!);
        if (passages.length === 0) throw new Error(`${v.kb} holds no <id>.<locale>.md articles`);
        const terms = TermTable.learn(passages);
        metrics = await evaluateKb(new LexicalRetriever(), passages, readQuestions(v.questions!), {
          threshold,
          answerThreshold: KB_DEFAULTS.answerThreshold,
          translate: (q, from, to) => terms.translate(q, from, to),
        });
      }
    } catch (err) {
      console.error((err as Error).message);
      return 1;
    }
    console.log(v.json ? JSON.stringify(metrics) : table(metrics));
    return 0;
  },
};

export default command;
