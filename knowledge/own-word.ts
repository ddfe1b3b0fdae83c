import { base } from '../core/language';
import { analyze } from './analysis/analyzer';
import { commonStems } from './analysis/common-words';
import { articlesUsing, wordsLead } from './article-words';
import type { Candidate } from './confidence';
import { searchableText, type Retriever } from './types';

/*
 * A clarifying question that offers the right article first is a turn the customer should not
 * need. Among the customer's-language results below the answer threshold, the best article is the
 * right one when the question says something only that article speaks of: a word no other article
 * of the language uses ("Herd" of the old-appliance take-back, "douane" of shipping abroad,
 * "cortinas" of the returns policy's made-to-measure rule), among several words it holds, while
 * the next article trails. A word many articles share ("back", "order", "money") tells none of
 * them apart, however many of them the question holds: "my PayPal got hacked … how do I get my
 * money back" holds three words of the refunds article and is about another business.
 */

/**
 * How many of the question's own words the best article must hold, one of them its own: one
 * fewer than the words-held rule (`WORDS_HELD` in search.ts) asks without an own word.
 */
export const OWN_WORD_HELD = 3;

/**
 * The next article's score over the best one's at or below which the best leads enough for its
 * own word to decide. On the help-centre tuning sets (dev, dev2, dev3, dev4, dev6, dev7, oos-dev …
 * oos-dev4, replay), among the clarifying questions whose best article held three words and one of its
 * own: at 0.6 or below, 6 of 6 were the right article; between 0.6 and 0.8, 2 of 9 (the rest
 * another article's question, one of another language's article, or out of scope).
 */
export const OWN_WORD_LEAD = 0.6;

/** Passages searched to tell whether another article uses a word (more than one article has). */
const OTHERS_SEARCHED = 50;

/**
 * Whether the best of some candidates (best first, of one language, found for `question`) holds
 * at least {@link OWN_WORD_HELD} of the question's words, more than the next one, leads it
 * ({@link OWN_WORD_LEAD}), and one of the words held is its own ({@link ownWords}).
 */
export async function holdsOwnWord(question: string, candidates: Candidate[], retriever: Retriever): Promise<boolean> {
  const [best, next] = candidates;
  if (!best || (next && next.score > OWN_WORD_LEAD * best.score)) return false;
  const { stems, held, leads } = wordsLead(question, candidates);
  if (held < OWN_WORD_HELD || !leads) return false;
  return (await ownWords(stems, best, retriever)).length > 0;
}

/**
 * The question's stems that the candidate's passages hold themselves and no other article of its
 * language uses. Everyday words (`analysis/common-words.ts`: "new", "soon", "hour") name no
 * subject, whichever articles happen to use them.
 */
export async function ownWords(stems: string[], candidate: Candidate, retriever: Retriever): Promise<string[]> {
  const lang = base(candidate.locale);
  const everyday = commonStems(lang);
  const held = new Set(candidate.hits.flatMap((h) => analyze(searchableText(h.passage), lang).word));
  const own: string[] = [];
  for (const stem of new Set(stems)) {
    if (everyday.has(stem) || !held.has(stem)) continue;
    const users = await articlesUsing(stem, candidate.locale, retriever, OTHERS_SEARCHED);
    if (users.size === 1 && users.has(candidate.articleId)) own.push(stem);
  }
  return own;
}
