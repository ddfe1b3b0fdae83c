import { readFileSync } from 'node:fs';
import { readPassages } from './articles/import';
import { ANSWER_CALIBRATION, CALIBRATION, confidenceFeatures } from './confidence';
import { LexicalRetriever } from './retrieval/lexical';
import { QuestionSearch } from './search';
import type { Hit } from './types';

/** One labelled question: `article` null when nothing in the knowledge base answers it. */
interface Question {
  text: string;
  lang: string;
  article: string | null;
}

/** One question's confidence features and whether the top article was the right one. */
export interface Row {
  x: [number, number];
  correct: number;
  answerable: boolean;
  /** The search may offer its top article but not answer it (`Found.clarifyOnly`), whatever the confidence. */
  clarifyOnly: boolean;
  /** A close call the topics settled (`Found.answerOutright`): answered whatever the confidence, unless `clarifyOnly`. */
  settled?: boolean;
}

/** A logistic function's weights: one per feature, then the bias. */
export type Weights = [number, number, number];

/**
 * The confidences `calibrate` fits, each a logistic function of two features:
 * - `lexical`: `ANSWER_CALIBRATION`, the lexical retriever's own (`LexicalRetriever.signals`);
 * - `default`: `CALIBRATION`, the retriever-independent `defaultConfidence` (`confidenceFeatures`:
 *   question coverage and lead), which retrievers without a confidence of their own get.
 */
const CONFIDENCES = {
  lexical: {
    features: ['relative', 'lead'],
    shipped: [ANSWER_CALIBRATION.relative, ANSWER_CALIBRATION.lead, ANSWER_CALIBRATION.bias] as Weights,
    of(retriever: LexicalRetriever, query: string, hits: Hit[]): [number, number] {
      const f = retriever.signals(query, hits);
      return [f.relative, f.lead];
    },
  },
  default: {
    features: ['coverage', 'margin'],
    shipped: [CALIBRATION.coverage, CALIBRATION.margin, CALIBRATION.bias] as Weights,
    of(_retriever: LexicalRetriever, query: string, hits: Hit[]): [number, number] {
      const f = confidenceFeatures(query, hits);
      return [f.coverage, f.margin];
    },
  },
} as const;

/** Which confidence to fit (see {@link CONFIDENCES}). */
export type CalibratedConfidence = keyof typeof CONFIDENCES;

/**
 * Fits one of the answer layer's confidences ({@link CONFIDENCES}; by default `ANSWER_CALIBRATION`
 * in knowledge/confidence.ts): a logistic regression of "the top article is the right one" on its
 * two features, over labelled question sets, searched the way the answer layer searches
 * (`QuestionSearch`: the question's language, then the others). Prints the weights, recall@1,
 * and for a few thresholds the share of answerable questions answered right and wrong and of
 * unanswerable ones answered, as JSON, for the fitted weights and for the shipped ones (`shipped`),
 * so a refit can be compared with what the bot runs. A question the search may only offer
 * (`Found.clarifyOnly`: a close call its topics reordered) counts as not answered at any threshold,
 * a close call its topics settled (`Found.answerOutright`) as answered at every threshold.
 *
 *     npx tsx knowledge/calibrate.ts tests/fixtures/helpcentre/knowledge tests/fixtures/helpcentre/dev.jsonl [more.jsonl …] [--default]
 */
export async function calibrate(kbDir: string, questionsFiles: string[], confidence: CalibratedConfidence = 'lexical', retriever = new LexicalRetriever()) {
  const fitted = CONFIDENCES[confidence];
  const passages = readPassages(kbDir);
  await retriever.add(passages);
  const catalog = new Map<string, Set<string>>();
  for (const p of passages) catalog.set(p.articleId, (catalog.get(p.articleId) ?? new Set()).add(p.locale));
  // Native only (threshold above 1): the features of the customer's own language are what the
  // calibration weighs; other languages are tried by the same function at answer time.
  const search = new QuestionSearch({ retriever, answerThreshold: 2 });
  const questions = questionsFiles.flatMap((file) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Question));
  const rows: Row[] = [];
  for (const q of questions) {
    // Questions whose article exists only in another language are the cross-language path's.
    if (q.article && !catalog.get(q.article)?.has(q.lang)) continue;
    const found = await search.find(q.text, q.text, q.lang);
    const x = fitted.of(retriever, q.text, found.candidates.flatMap((c) => c.hits));
    rows.push({
      x,
      correct: found.candidates[0]?.articleId === q.article ? 1 : 0,
      answerable: q.article !== null,
      clarifyOnly: Boolean(found.clarifyOnly),
      settled: found.answerOutright === 'topic-settled',
    });
  }
  const w = fitLogistic(rows.map((r) => r.x), rows.map((r) => r.correct));
  const answerable = rows.filter((r) => r.answerable);
  return {
    weights: named(w, fitted.features),
    questions: rows.length,
    recall_at_1: round(answerable.filter((r) => r.correct).length / answerable.length),
    thresholds: thresholds(rows, w),
    shipped: { weights: named(fitted.shipped, fitted.features), thresholds: thresholds(rows, fitted.shipped) },
  };
}

function named(w: Weights, features: readonly [string, string]) {
  return { [features[0]]: round(w[0]), [features[1]]: round(w[1]), bias: round(w[2]) };
}

/** For a few answer thresholds: answerable questions answered right and wrong, unanswerable ones answered. */
export function thresholds(rows: Row[], w: Weights) {
  const p = (x: [number, number]) => 1 / (1 + Math.exp(-(w[0] * x[0] + w[1] * x[1] + w[2])));
  const answered = (r: Row, t: number) => !r.clarifyOnly && (p(r.x) >= t || Boolean(r.settled));
  const answerable = rows.filter((r) => r.answerable);
  const unanswerable = rows.filter((r) => !r.answerable);
  return [0.3, 0.4, 0.5, 0.6, 0.7].map((t) => ({
    threshold: t,
    answered_right: round(answerable.filter((r) => answered(r, t) && r.correct).length / answerable.length),
    answered_wrong: round(answerable.filter((r) => answered(r, t) && !r.correct).length / answerable.length),
    unanswerable_answered: round(unanswerable.filter((r) => answered(r, t)).length / Math.max(1, unanswerable.length)),
  }));
}

/** Plain gradient descent on the log loss; the data are a few hundred rows. */
function fitLogistic(xs: Array<[number, number]>, ys: number[]): Weights {
  const w: Weights = [0, 0, 0];
  for (let it = 0; it < 40_000; it++) {
    const g = [0, 0, 0];
    xs.forEach((x, i) => {
      const e = 1 / (1 + Math.exp(-(w[0] * x[0] + w[1] * x[1] + w[2]))) - ys[i];
      g[0] += e * x[0];
      g[1] += e * x[1];
      g[2] += e;
    });
    for (let k = 0; k < 3; k++) w[k] -= (0.3 * g[k]) / xs.length;
  }
  return w;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const [kbDir = 'tests/fixtures/helpcentre/knowledge', ...files] = args.filter((a) => !a.startsWith('--'));
  calibrate(kbDir, files.length ? files : ['tests/fixtures/helpcentre/dev.jsonl'], args.includes('--default') ? 'default' : 'lexical').then((r) => console.log(JSON.stringify(r, null, 2)));
}
