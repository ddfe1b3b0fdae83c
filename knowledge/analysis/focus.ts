/*
 * A question's focus: the part of a message the knowledge base can speak to, as opposed to the
 * story around it. Customers often describe a situation before (or instead of) asking: "the
 * coffee table turned up this morning with a chunk knocked out of one corner and the delivery
 * lads had already gone, what now". The words of such a story (coffee, chunk, corner, lads) are
 * in no article, and a confidence that counts every word the query would need to match
 * (`confidenceOf`'s self-score) reads the story as evidence that the question is about
 * something the knowledge base does not cover, however well its focus (delivery, damaged, what
 * to do) is matched.
 *
 * Unknown words still matter: a short question that names one thing no article mentions ("is
 * there a cafe in the Munich store", "do you sell dog food") is most likely out of scope, and
 * that word is what tells it apart. So the unknown words are not dropped; only a message with
 * more of them than a question needs to name its topic has them weighed as narrative.
 */

/**
 * The most unknown words that count in full. A question names a topic the knowledge base lacks in
 * a few words ("cancel my gym membership", "book me a taxi", "someone hacked my PayPal and bought
 * stuff on eBay"); beyond that the unknown words are mostly the situation told around the
 * question. On the help-centre tuning sets three let such a four-word out-of-scope question be
 * answered; four answers no more out-of-scope questions than counting every word in full.
 */
export const TOPIC_WORDS = 4;

/** A weighted query term of some field (a BM25 `QueryTerm`). */
export interface WeightedTerm {
  field: number;
  term: string;
  weight: number;
}

/**
 * A query's terms with the unknown ones (`known` false: in no passage of the index) weighed as
 * narrative when there are more unknown words (terms of `wordField`) than {@link TOPIC_WORDS}:
 * together they then count as much as {@link TOPIC_WORDS} unknown words would. The known terms,
 * and every term of a message with few unknown words, keep their weight.
 */
export function focusTerms<T extends WeightedTerm>(terms: T[], known: (term: T) => boolean, wordField: number): T[] {
  const unknownWords = terms.filter((t) => t.field === wordField && !known(t)).length;
  if (unknownWords <= TOPIC_WORDS) return terms;
  const scale = TOPIC_WORDS / unknownWords;
  return terms.map((t) => (known(t) ? t : { ...t, weight: t.weight * scale }));
}

/**
 * How far below the bot's `answerThreshold` the focus alone can raise a confidence: with the
 * default threshold (0.6) it stops at 0.55, above the default clarify threshold (0.2). The story's
 * words are no evidence against offering the article the focus matches, but an answer outright
 * should account for the whole message: an unknown word of a long one may be its topic after all.
 */
export const FOCUS_MARGIN = 0.05;

/** The most confidence the focus alone can give a bot answering at `answerThreshold`: just below it. */
export function focusCeiling(answerThreshold: number): number {
  return Math.max(0, answerThreshold - FOCUS_MARGIN);
}

/**
 * A confidence that the focus can raise to offering ({@link focusCeiling} of the bot's
 * `answerThreshold`) but not to answering.
 */
export function offerOnFocus(whole: number, focused: number, answerThreshold: number): number {
  return Math.max(whole, Math.min(focused, focusCeiling(answerThreshold)));
}
