import { closeEnough, questionStems, stems } from './analysis/analyzer';
import { baseLanguage } from './analysis/language';
import { searchableText, type Hit, type Passage } from './types';
import type { Bm25Index, QueryTerm } from './retrieval/bm25';

/*
 * The one confidence module: the answer layer's retriever-independent confidence (coverage and
 * lead, `defaultConfidence`) and the lexical retriever's own (`confidenceOf`, `answerProbability`).
 */

/** Turns a query and its hits into the probability that the top article answers it. */
export type ConfidenceFn = (query: string, hits: Hit[]) => number;

/**
 * A retriever that knows how sure it is (the lexical/dense retrievers in `retrieval/` do): when
 * the retriever has this method the answerer uses it instead of `defaultConfidence`.
 */
export interface ConfidenceSource {
  confidence(query: string, hits: Hit[], bar?: ConfidenceBar): number;
}

/**
 * What a confidence will be held to: the bot's `answerThreshold`. A retriever whose estimate is
 * capped below answering on some evidence (the lexical one's focus, `analysis/focus.ts`) caps it
 * just below this bar; without one, the default threshold is assumed.
 */
export interface ConfidenceBar {
  answerThreshold: number;
}

/** The hits of one article, best first. */
export interface Candidate {
  articleId: string;
  locale: string;
  title: string;
  url?: string;
  score: number;
  best: Passage;
  hits: Hit[];
}

/** Groups passage hits by article (id and locale), ordered by each article's best score. */
export function groupByArticle(hits: Hit[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const hit of hits) {
    const key = `${hit.passage.articleId}\u0000${hit.passage.locale}`;
    const found = byKey.get(key);
    if (found) {
      found.hits.push(hit);
      continue;
    }
    const p = hit.passage;
    byKey.set(key, { articleId: p.articleId, locale: p.locale, title: p.title, url: p.url, score: hit.score, best: p, hits: [hit] });
  }
  return [...byKey.values()].sort((a, b) => b.score - a.score);
}

/**
 * A ranker's hits ordered for judging one article among them: its own passages first, then every
 * other article's, never above it. A confidence computed on them measures the article's lead over
 * the best other one — none when another article scores higher.
 */
export function judgedFor(article: { articleId: string; locale: string }, hits: Hit[]): Hit[] {
  const own = (h: Hit) => h.passage.articleId === article.articleId && h.passage.locale === article.locale;
  const first = Math.max(0, ...hits.filter(own).map((h) => h.score));
  return [...hits.filter(own), ...hits.filter((h) => !own(h)).map((h) => ({ ...h, score: Math.min(h.score, first) }))];
}

/**
 * The share of the question's topic words (`questionStems`) that appear in a passage (its title
 * and heading included), both read in the passage's language. Long stems weigh more: they carry
 * the topic. A word matched only by allowing a typo counts half: "weather" is one letter from
 * "leather", and that is weak evidence.
 */
export function coverage(query: string, passage: Passage, options: { typos?: boolean } = {}): number {
  const lang = baseLanguage(passage.locale);
  const queryStems = [...new Set(questionStems(query, lang))];
  if (!queryStems.length) return 0;
  const passageStems = new Set(stems(searchableText(passage), lang));
  const typo = (term: string) => options.typos !== false && [...passageStems].some((s) => closeEnough(s, term));
  let total = 0;
  let found = 0;
  for (const term of queryStems) {
    const weight = Math.min(term.length, 6);
    total += weight;
    if (passageStems.has(term)) found += weight;
    else if (typo(term)) found += weight / 2;
  }
  return found / total;
}

/**
 * The passage of an article to answer with: the one whose own heading and text cover the question
 * best (the title is shared by all), the retriever's order breaking ties.
 */
export function bestPassage(candidate: Candidate, query: string): Passage {
  let best = candidate.hits[0].passage;
  let bestCover = coverage(query, { ...best, title: '' });
  for (const hit of candidate.hits.slice(1)) {
    const cover = coverage(query, { ...hit.passage, title: '' });
    if (cover > bestCover) [best, bestCover] = [hit.passage, cover];
  }
  return best;
}

/**
 * Weights of `defaultConfidence`, fitted on the help-centre tuning sets (dev, dev2 and oos-dev
 * together, so that out-of-scope questions teach what low coverage means) with the lexical
 * retriever's ranking: `npx tsx knowledge/calibrate.ts … --default` (docs/knowledge.md, "Calibration").
 */
export const CALIBRATION = { coverage: 2.244, margin: 8.026, bias: -2.199 };

/** The two features `defaultConfidence` weighs: coverage of the question, and coverage × lead. */
export function confidenceFeatures(query: string, hits: Hit[]): { coverage: number; margin: number } {
  const [first, second] = groupByArticle(hits);
  if (!first) return { coverage: 0, margin: 0 };
  const top = first.hits.slice(0, 3);
  const cover = Math.max(...top.map((h) => coverage(query, h.passage)));
  const exact = Math.max(...top.map((h) => coverage(query, h.passage, { typos: false })));
  const lead = second && first.score > 0 ? (first.score - second.score) / first.score : 1;
  // The lead only counts as far as the question is covered without guessing at typos: a lone
  // weak match (one word, one letter off) leads by default.
  return { coverage: cover, margin: exact * lead };
}

/**
 * Retriever-independent confidence: a logistic function of how much of the question the best
 * passage covers and how far the best article leads the next one. Nonsense and off-topic
 * questions cover little; questions between two articles have a small margin.
 */
export function defaultConfidence(query: string, hits: Hit[]): number {
  if (!hits.length) return 0;
  const f = confidenceFeatures(query, hits);
  const z = CALIBRATION.coverage * f.coverage + CALIBRATION.margin * f.margin + CALIBRATION.bias;
  return 1 / (1 + Math.exp(-z));
}

// The lexical retriever's confidence (`retrieval/lexical.ts` reports it with each search).

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
