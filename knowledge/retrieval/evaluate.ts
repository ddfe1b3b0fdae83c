import { readFileSync } from 'node:fs';
import { catalogOf, type Passage } from '../types';
import { QuestionSearch, type QueryTranslator } from '../search';
import type { LexicalRetriever, SearchResult } from './lexical';

/** One evaluation question: its text, language, and the article that answers it (null: none). */
export interface EvalQuestion {
  text: string;
  lang?: string;
  /** Gold article id (kb) or passage id (SQuAD); null when nothing answers it. */
  gold: string | null;
}

/** The figures `switchboard eval retrieval --json` prints (fractions 0–1, milliseconds). */
export interface RetrievalMetrics {
  recall_at_1: number;
  recall_at_5: number;
  mrr_at_10: number;
  abstain_rate: number | null;
  false_abstain_rate: number;
  index_ms: number;
  query_p50_ms: number;
  query_p95_ms: number;
}

/** What an evaluation needs from a retriever: indexing, and search with a confidence. */
export interface Searchable {
  addSync(passages: Passage[]): void;
  searchDetailed(query: string, options: { limit?: number; lang?: string }): SearchResult;
}

interface SquadFile {
  data: { title: string; paragraphs: { context: string; qas: { id: string; question: string }[] }[] }[];
}

function readSquad(file: string): SquadFile {
  let parsed: SquadFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as SquadFile;
  } catch (err) {
    throw new Error(`Cannot read SQuAD file ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed?.data)) throw new Error(`${file} is not SQuAD-v1 JSON: expected { "data": [ { "paragraphs": [...] } ] }`);
  return parsed;
}

/** Guesses a SQuAD file's language from a name like `xquad.es.json`. */
function langOfFile(file: string): string | undefined {
  return /\.([a-z]{2})\.json$/i.exec(file)?.[1]?.toLowerCase();
}

/**
 * Loads a SQuAD-v1 file as passages (one per paragraph, id `<article>#<paragraph>`) and questions
 * whose gold is their paragraph. With `docsFile`, passages come from that file instead (same
 * layout, another language): the cross-lingual setting.
 */
export function loadSquad(file: string, docsFile?: string): { passages: Passage[]; questions: EvalQuestion[] } {
  const q = readSquad(file);
  const d = docsFile ? readSquad(docsFile) : q;
  const docsLang = langOfFile(docsFile ?? file) ?? 'en';
  const passages: Passage[] = [];
  d.data.forEach((article, a) =>
    article.paragraphs.forEach((p, i) =>
      passages.push({ id: `${a}#${i}`, articleId: String(a), locale: docsLang, title: article.title, text: p.context }),
    ),
  );
  const ids = new Set(passages.map((p) => p.id));
  const questions: EvalQuestion[] = [];
  const lang = langOfFile(file);
  q.data.forEach((article, a) =>
    article.paragraphs.forEach((p, i) => {
      const gold = `${a}#${i}`;
      if (!ids.has(gold)) throw new Error(`--docs ${docsFile} has no paragraph ${gold}: it must have the same layout as ${file}`);
      for (const qa of p.qas) questions.push({ text: qa.question, lang, gold });
    }),
  );
  return { passages, questions };
}

/** The counts both evaluations keep, and the metrics they make. */
class Tally {
  r1 = 0;
  r5 = 0;
  mrr = 0;
  answerable = 0;
  unanswerable = 0;
  abstained = 0;
  falseAbstain = 0;
  readonly times: number[] = [];

  /** Counts a question and whether it abstained; true when it is answerable (its rank counts next). */
  asked(gold: string | null, abstain: boolean): boolean {
    if (gold === null) {
      this.unanswerable++;
      if (abstain) this.abstained++;
      return false;
    }
    this.answerable++;
    if (abstain) this.falseAbstain++;
    return true;
  }

  /** The gold's 1-based rank among the results (0: not found). */
  ranked(rank: number): void {
    if (rank === 1) this.r1++;
    if (rank >= 1 && rank <= 5) this.r5++;
    if (rank >= 1 && rank <= 10) this.mrr += 1 / rank;
  }

  metrics(indexMs: number): RetrievalMetrics {
    const times = [...this.times].sort((a, b) => a - b);
    const frac = (n: number, d: number) => (d ? n / d : 0);
    return {
      recall_at_1: frac(this.r1, this.answerable),
      recall_at_5: frac(this.r5, this.answerable),
      mrr_at_10: frac(this.mrr, this.answerable),
      abstain_rate: this.unanswerable ? this.abstained / this.unanswerable : null,
      false_abstain_rate: frac(this.falseAbstain, this.answerable),
      index_ms: indexMs,
      query_p50_ms: percentile(times, 0.5),
      query_p95_ms: percentile(times, 0.95),
    };
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * Indexes `passages`, asks every question and scores the ranking. `key` maps a passage to what a
 * question's gold names (the passage id for SQuAD, the article id for a KB); a question abstains
 * when the confidence is below `threshold`.
 */
export function evaluate(
  retriever: Searchable,
  passages: Passage[],
  questions: EvalQuestion[],
  options: { key: (p: Passage) => string; threshold: number },
): RetrievalMetrics {
  const t0 = performance.now();
  retriever.addSync(passages);
  const indexMs = performance.now() - t0;
  const t = new Tally();
  for (const q of questions) {
    const s = performance.now();
    const res = retriever.searchDetailed(q.text, { limit: 10, lang: q.lang });
    t.times.push(performance.now() - s);
    const abstain = res.confidence.value < options.threshold;
    if (!t.asked(q.gold, abstain)) continue;
    // Rank of the first hit naming the gold (several passages of one article count once).
    const keys: string[] = [];
    for (const h of res.hits) {
      const k = options.key(h.passage);
      if (!keys.includes(k)) keys.push(k);
    }
    t.ranked(keys.indexOf(q.gold!) + 1);
  }
  return t.metrics(indexMs);
}

/**
 * Scores a knowledge folder's questions on the answer layer's own search path (`QuestionSearch`:
 * the question's language, then articles missing in it in other languages; the bot's calibrated
 * confidence). A question abstains below `threshold` (the bot's clarify threshold: below it the
 * customer gets no article), and an abstention on an answerable question is a miss.
 */
export async function evaluateKb(
  retriever: LexicalRetriever,
  passages: Passage[],
  questions: EvalQuestion[],
  options: { threshold: number; answerThreshold: number; translate?: QueryTranslator },
): Promise<RetrievalMetrics> {
  const t0 = performance.now();
  retriever.addSync(passages);
  const indexMs = performance.now() - t0;
  const catalog = catalogOf(passages);
  const search = new QuestionSearch({ retriever, answerThreshold: options.answerThreshold, catalog: async () => catalog, translate: options.translate });
  const t = new Tally();
  for (const q of questions) {
    const s = performance.now();
    const { found } = await search.search(q.text, q.lang ?? 'en');
    t.times.push(performance.now() - s);
    const abstain = !found.candidates.length || found.confidence < options.threshold;
    // On the bot's path an abstention is a miss: the customer got no article.
    if (!t.asked(q.gold, abstain) || abstain) continue;
    t.ranked(found.candidates.findIndex((c) => c.articleId === q.gold) + 1);
  }
  return t.metrics(indexMs);
}
