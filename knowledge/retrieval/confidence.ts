import type { Bm25Index, QueryTerm } from './bm25';

/**
 * How sure a lexical search is that its top hit answers the query, from signals that are
 * comparable across queries (raw BM25 scores are not):
 * - `margin`: (top1 − top2) / top1, how clearly the best passage beats the next;
 * - `coverage`: share of the query's idf mass that occurs in the index at all (a query made of
 *   words the knowledge base never uses is about something else);
 * - `relative`: top1 score over the query's self-score (what a passage repeating the query
 *   would score), so long and short queries compare;
 * - `value`: the combination the answer layer thresholds (0–1; see docs/retrieval.md).
 */
export interface Confidence {
  value: number;
  margin: number;
  coverage: number;
  relative: number;
  /** `relative` without its cap at 1 (a passage can beat the query's self-score by repeating terms). */
  ratio: number;
}

/**
 * Below this `Confidence.value` the answer layer should abstain. On XQuAD with half the articles
 * removed it abstains on 82–94% of unanswerable questions per language with 2.5–7% false
 * abstentions (answerable questions whose best passage scored low).
 */
export const DEFAULT_ABSTAIN_THRESHOLD = 0.34;

/** Computes {@link Confidence} for a query's terms and its ranked results. */
export function confidenceOf(index: Bm25Index, terms: QueryTerm[], found: { score: number }[]): Confidence {
  const top1 = found[0]?.score ?? 0;
  const top2 = found[1]?.score ?? 0;
  let mass = 0;
  let known = 0;
  let self = 0;
  const k1 = index.params.k1;
  for (const q of terms) {
    const df = index.docFreq(q.field, q.term);
    // Unseen terms count as if they were in one document: the most specific a term can be.
    const idf = index.idf(Math.max(df, 1)) * q.weight;
    mass += idf;
    if (df > 0) known += idf;
    // The self-score: the query as a document of typical length, each term at tf 1.
    self += (idf * (k1 + 1)) / (1 + k1);
  }
  const margin = top1 > 0 ? (top1 - top2) / top1 : 0;
  const coverage = mass > 0 ? known / mass : 0;
  const ratio = self > 0 ? top1 / self : 0;
  const relative = Math.min(1, ratio);
  // Weights and threshold fitted on XQuAD with half the articles left out (docs/retrieval.md).
  const value = top1 > 0 ? Math.min(1, 0.7 * relative + 0.2 * margin + 0.1 * coverage) : 0;
  return { value, margin, coverage, relative, ratio };
}

/**
 * Weights of the answer layer's confidence, a logistic regression of "the top article is the
 * right one" on the top passage's relative score and the top article's lead over the next (times the relative score), fitted
 * on the help-centre dev set (tests/fixtures/helpcentre, `npx tsx knowledge/calibrate.ts`).
 */
export const ANSWER_CALIBRATION = { relative: 2.46, lead: 7.121, bias: -2.039 };

/** The calibrated probability that the top article answers the question (see `ANSWER_CALIBRATION`). */
export function answerProbability(relative: number, lead: number): number {
  const z = ANSWER_CALIBRATION.relative * relative + ANSWER_CALIBRATION.lead * lead + ANSWER_CALIBRATION.bias;
  return 1 / (1 + Math.exp(-z));
}
