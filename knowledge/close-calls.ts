import { base } from '../core/language';
import { analyze, askingStems } from './analysis/analyzer';
import { stemsHeld, wordsHeld } from './analysis/thesaurus';
import type { Candidate } from './confidence';
import type { Explains } from './rivals';

/*
 * Close calls between articles, settled by what each article is about. The retriever scores whole
 * sections, and a section mentions many things in passing (the refunds article's "delivery costs",
 * the returns policy's "Klarna"); its title, tags, section headings and the editors' alternative
 * questions say what the article is *for*. When the retriever can barely tell two articles apart,
 * that is the better evidence: it puts the article whose topic says clearly more of the question
 * first, and when it backs the retriever's own choice clearly, the close call is answered instead
 * of clarified. When the two disagree, the customer is asked (a clarifying question offering the
 * topic's choice first), never answered from either.
 */

/** The next article's score over the best one's from which two articles are a close call (help-centre dev set). */
export const CLOSE_CALL = 0.8;
/**
 * How much more of the question (a share of its idf weight, question words aside) a close
 * article's topic must say to go first. At 0.05 one incidental topic word of a long question put
 * its article first (a heading's "Nach 48 Stunden", a title's "old" for a 3-year-old sofa): over
 * the help-centre tuning sets' same-language questions, 0.1 put the right article first 11 times
 * more and 3 times less (0.08–0.15 alike).
 */
export const TOPIC_AHEAD = 0.1;
/** How much more of the question the best article's topic must say than each runner-up's to settle a close call. */
export const TOPIC_SETTLES = 0.2;
/**
 * How many of the question's words the settling topic must hold: one shared word is chance ("do
 * you sell gift wrapping" and the gift-cards title), as the answer layer's other checks hold.
 */
export const TOPIC_WORDS = 2;
/**
 * The next article's score over the best one's from which the retriever cannot tell them apart at
 * all: when their topics then each hold a word of the question the other's lacks, each article is
 * about a part of it ("are jackets covered by the warranty": the warranty article's topic says "warranty",
 * the jacket-care article's "jackets", whose last section mentions the warranty in passing).
 */
export const DEAD_HEAT = 0.95;
/** How many runners-up the best article is weighed against (a clarifying question offers three articles). */
const RUNNERS_UP = 2;

/** What a close call came to: the candidates in their new order, and whether the topics back the best one. */
export interface CloseCall {
  candidates: Candidate[];
  /**
   * `reordered`: a runner-up's topic says clearly more (ask, do not answer); `settled`: the best
   * one's topic backs it; `split`: a dead heat whose topics each say a part of the question (ask).
   */
  verdict: 'reordered' | 'settled' | 'split' | 'open';
}

/**
 * The editors' words for what a candidate's article is about: its title, tags, the headings of
 * its sections found and its alternative questions (not the body text).
 */
export function topicOf(candidate: Candidate): string[] {
  const first = candidate.hits[0]?.passage ?? candidate.best;
  const headings = candidate.hits.flatMap((h) => (h.passage.heading ? [h.passage.heading] : []));
  return [first.title, (first.tags ?? []).join(', '), ...headings, ...(first.questions ?? [])].filter(Boolean);
}

/**
 * Weighs the best candidates of one language's search by their topics (see the top of this file).
 * `explains` is the retriever's idf-weighted share of a question said by some texts.
 */
export function settleCloseCall(question: string, candidates: Candidate[], explains: Explains['explains']): CloseCall {
  const [best] = candidates;
  if (!best || candidates.length < 2) return { candidates, verdict: 'open' };
  const lang = base(best.locale);
  const runnersUp = candidates.slice(1, 1 + RUNNERS_UP);
  const close = runnersUp.filter((c) => c.score >= CLOSE_CALL * best.score);
  if (!close.length) return { candidates, verdict: 'open' };
  // Going first is judged on the question's topic words: how it is asked says nothing of its topic
  // ("cuánto" and "how" are in the refunds article's heading "How long the bank takes" as in any
  // question about time or cost).
  const asking = askingStems(lang);
  const topicSays = (c: Candidate) => explains(question, lang, topicOf(c), asking);
  const ahead = close.map((c) => ({ candidate: c, says: topicSays(c) })).sort((a, b) => b.says - a.says)[0]!;
  if (ahead.says >= topicSays(best) + TOPIC_AHEAD) {
    return { candidates: [ahead.candidate, ...candidates.filter((c) => c !== ahead.candidate)], verdict: 'reordered' };
  }
  const said = (c: Candidate) => explains(question, lang, topicOf(c));
  const bestSays = said(best);
  const stems = analyze(question, lang).word;
  const backed = runnersUp.every((c) => bestSays >= said(c) + TOPIC_SETTLES) && wordsHeld(stems, lang, topicOf(best)) >= TOPIC_WORDS;
  if (backed) return { candidates, verdict: 'settled' };
  const asked = stems.filter((s) => !asking.has(s));
  const topicWords = (c: Candidate) => stemsHeld(asked, lang, topicOf(c));
  const bestWords = topicWords(best);
  const split = close.some((c) => {
    if (c.score < DEAD_HEAT * best.score) return false;
    const words = topicWords(c);
    return [...bestWords].some((s) => !words.has(s)) && [...words].some((s) => !bestWords.has(s));
  });
  return { candidates, verdict: split ? 'split' : 'open' };
}
