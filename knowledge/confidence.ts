import { closeEnough, contentTerms, stem, words } from './text';
import { searchableText, type Hit, type Passage } from './types';

/** Turns a query and its hits into the probability that the top article answers it. */
export type ConfidenceFn = (query: string, hits: Hit[]) => number;

/**
 * A retriever that knows how sure it is (the lexical/dense retrievers in `retrieval/` do): when
 * the retriever has this method the answerer uses it instead of `defaultConfidence`.
 */
export interface ConfidenceSource {
  confidence(query: string, hits: Hit[]): number;
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
 * The share of the question's content words that appear in a passage (its title and heading
 * included). Long words weigh more: they carry the topic. A word matched only by allowing a typo
 * counts half: "weather" is one letter from "leather", and that is weak evidence.
 */
export function coverage(query: string, passage: Passage, options: { typos?: boolean } = {}): number {
  const queryWords = [...new Set(contentTerms(query))];
  if (!queryWords.length) return 0;
  const raw = words(searchableText(passage));
  const stems = new Set(raw.map(stem));
  let total = 0;
  let found = 0;
  for (const term of queryWords) {
    const weight = Math.min(term.length, 6);
    total += weight;
    if (stems.has(term)) found += weight;
    else if (options.typos !== false && raw.some((w) => w.length >= 5 && closeEnough(stem(w), term))) found += weight / 2;
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

/** Fitted on the demo question set with the lexical retriever (see docs/knowledge.md, "Calibration"). */
export const CALIBRATION = { coverage: 3.246, margin: 7.405, bias: -2.288 };

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
