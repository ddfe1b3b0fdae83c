import { base } from '../core/language';
import { settleCloseCall } from './close-calls';
import { defaultConfidence, groupByArticle, judgedFor, type Candidate, type ConfidenceFn, type ConfidenceSource } from './confidence';
import { agreedAbroad, countReading, type Agreement } from './agreement';
import { wordsLead } from './article-words';
import { holdsOwnWord } from './own-word';
import { explainsOf } from './rivals';
import type { Hit, Retriever } from './types';

/** The best articles in one language for a question, and how sure the best one is. */
export interface Found {
  locale: string;
  /** What was searched: the question, or its translation for `locale`. */
  query: string;
  candidates: Candidate[];
  confidence: number;
  /**
   * For another language's best: how sure it is among the articles the customer cannot read in
   * their own language (those they can count for less), enough to offer it in a clarifying
   * question, which cannot be wrong; `confidence` (judged against all) decides answering.
   */
  offerConfidence?: number;
  /**
   * The retriever's own best when a close call's topics put another article first
   * (`close-calls.ts`): either may be what the customer means, so a dialog must beat both.
   */
  passedOver?: Candidate;
  /**
   * Set when the answer layer must ask rather than answer whatever the confidence says (see
   * {@link ClarifyReason}); `confidence` stays the estimate it is.
   */
  clarifyOnly?: ClarifyReason;
  /**
   * Set when evidence beside the confidence backs answering the best article outright (see
   * {@link AnswerReason}); `confidence` stays the estimate it is, and `clarifyOnly` still wins.
   */
  answerOutright?: AnswerReason;
  /**
   * For the customer's own language's search: how the other languages searched for articles the
   * customer's language lacks rank its best article, for the question translated there (see {@link Agreement}).
   */
  agreement?: Agreement;
}

/**
 * Why a search result may be answered outright below the answer threshold:
 * - `topic-settled`: a close call whose articles' topics clearly back the best one (`close-calls.ts`);
 * - `clear-lead`: in another language's search (articles the customer's language lacks), no
 *   other article comes near the best one and the confidence is not low ({@link CLEAR_LEAD},
 *   {@link CLEAR_LEAD_CONFIDENCE});
 * - `words-held`: in the customer's own language, the best article holds many of the question's
 *   words, more than the next one does, and the confidence is not low ({@link WORDS_HELD},
 *   {@link WORDS_HELD_MARGIN});
 * - `own-word`: in the customer's own language, the best article holds several of the question's
 *   words, one of them a word no other article uses, leads the next one, and the confidence is
 *   not low (`own-word.ts`, {@link WORDS_HELD_MARGIN});
 * - `agreed-abroad`: in the customer's own language, every other language searched for the
 *   question translated that has the best article puts it first too, not unsure of it
 *   ({@link CLEAR_LEAD_CONFIDENCE}), the best article holds more of the question's words than the
 *   next one, and the confidence is not low (`agreement.ts`, {@link WORDS_HELD_MARGIN}).
 */
export type AnswerReason = 'topic-settled' | 'clear-lead' | 'words-held' | 'own-word' | 'agreed-abroad';

/**
 * The next article's score over the best one's at or below which the best leads clearly: the
 * retriever has one candidate, not a choice to ask about.
 */
export const CLEAR_LEAD = 0.5;

/**
 * Least confidence at which another language's clear lead ({@link CLEAR_LEAD}) is answered. The
 * confidence weighs the lead times how much of the question the best passage matches, and a
 * translated question matches little of itself anywhere ("meine Karte wird beim Bezahlen immer
 * abgelehnt" through the dictionaries), so it stays below the answer threshold however clearly
 * its article leads among those the customer's language lacks. Such a question already found
 * nothing as sure in the customer's own language, and passes the unmentioned check across
 * languages. Not in the customer's own language: there a lone word of an out-of-scope question
 * leads clearly as often ("do you sell fitted kitchens"; docs/knowledge.md, "Calibration").
 */
export const CLEAR_LEAD_CONFIDENCE = 0.45;

/**
 * How many of the question's own words (its question words aside: "how", "can", "wie") the best
 * article's passages must hold, themselves or through a thesaurus synonym, to be answered below
 * the answer threshold. A customer who tells a situation at length ("the delivery men … carry the
 * bed frame up to the bedroom? we're on the 3rd floor, no lift") writes many words no article
 * uses, and the confidence counts each of them against the article (the focus of a long message,
 * `analysis/focus.ts`, only raises it to offering). Yet when the article holds four of the words
 * the customer chose, and the next article fewer, the message has told which article it is about.
 * An out-of-scope question shares one or two words with an article by chance (the unmentioned
 * check, `unmentioned.ts`, turns one into a clarifying question), rarely four; on the help-centre
 * tuning sets three words also answered out-of-scope ones ("my PayPal got hacked … how do I get
 * PayPal to give my money back"), even as three of a short question's five ("me montáis un
 * armario que compré en otra tienda": bought, other and shop, which exchanges holds). Without the
 * lead over the next article, words two articles hold alike answered the wrong one (a guest who
 * wants to send a lamp back: create-account, whose words password-reset holds as much, while the
 * question is how-to-return's).
 */
export const WORDS_HELD = 4;

/**
 * How far below the bot's answer threshold the words held ({@link WORDS_HELD}) still answer:
 * further down the best article's passages match too little of the message itself. A margin
 * below the bot's own bar, not a fixed floor, so a bot that answers more carefully (a higher
 * threshold) answers on words held more carefully too. At the default threshold (0.6) the floor
 * is 0.35: on the help-centre tuning sets two questions about a neighbouring article held their
 * words at 0.31 and 0.32 (dropping a return in the Hamburg shop, a return's money), the right
 * articles from 0.37 on; 0.4 answered two fewer of those and two fewer on the dev5 check set.
 */
export const WORDS_HELD_MARGIN = 0.25;

/** The least confidence at which the words held answer for a bot answering at `answerThreshold` ({@link WORDS_HELD_MARGIN}). */
export function wordsHeldFloor(answerThreshold: number): number {
  return answerThreshold - WORDS_HELD_MARGIN;
}

/**
 * Why a search result may be offered in a clarifying question but not answered outright:
 * - `close-call`: the articles' topics put a runner-up first (`close-calls.ts`), so either may be meant;
 * - `unmentioned`: the best article matches one of the question's words and the question names
 *   something the knowledge base never mentions (`unmentioned.ts`);
 * - `another-business`: another business's requests explain the question clearly better than the
 *   best article does (`background.ts`).
 */
export type ClarifyReason = 'close-call' | 'unmentioned' | 'another-business';

/** Whether a search result is sure enough to answer outright at `answerThreshold`. */
export function answerable(found: Found, answerThreshold: number): boolean {
  return !found.clarifyOnly && (found.confidence >= answerThreshold || found.answerOutright !== undefined);
}

/**
 * Whether a search result in the customer's language is sure enough to offer at `clarifyThreshold`:
 * one the search would answer outright is (a close call its topics settled stays offered when the
 * unmentioned check forbids answering it, whatever its confidence).
 */
export function offerable(found: Found, clarifyThreshold: number): boolean {
  return found.confidence >= clarifyThreshold || found.answerOutright !== undefined;
}

/** Where the answer layer looked and what it settled on. */
export interface Searched {
  /** The customer's language. */
  locale: string;
  found: Found;
  /** True when `found` is in another language than the customer's. */
  foreign: boolean;
  /** The other side's best (native when `found` is foreign, and the reverse), for a clarifying question. */
  runnerUp?: Found;
}

/** Turns a question in one language into a query for articles in another (see `crosslingual.ts`, `translation/`). */
export type QueryTranslator = (question: string, from: string, to: string) => string | Promise<string>;

/** How {@link QuestionSearch} looks. */
export interface QuestionSearchOptions {
  retriever: Retriever;
  /** Overrides the retriever's (or the default) confidence estimate. */
  confidence?: ConfidenceFn;
  /** Which languages each article exists in; without it only the customer's language is searched. */
  catalog?: () => Promise<Map<string, Set<string>>>;
  translate?: QueryTranslator;
  /** At or above this native confidence, no other language is tried. */
  answerThreshold: number;
  /**
   * How much surer another language's best article must be than the customer's own before it
   * wins: a native article the customer can read beats a foreign one that is barely surer.
   */
  foreignMargin?: number;
}

/**
 * In another language's search, how much an article counts that also exists in the customer's
 * language (it was searched there already). Chosen on the help-centre dev set.
 */
export const NATIVE_ELSEWHERE = 0.3;

/** Default {@link QuestionSearchOptions.foreignMargin}, chosen on the help-centre dev set. */
export const FOREIGN_MARGIN = 0.1;

/**
 * The one search path of the answer layer (the bot's answers, dialogs weighing an intent against
 * an article, calibration and evaluation all use it): the customer's language first; when that
 * is not confident, the articles that have no translation in the customer's language, searched in
 * their languages with the question translated for them. (An article that exists in the
 * customer's language was already searched there: its English twin must not outvote it.)
 */
export class QuestionSearch {
  constructor(private readonly options: QuestionSearchOptions) {}

  async search(question: string, locale: string): Promise<Searched> {
    const native = await this.find(question, question, locale);
    if (!this.options.catalog) return { locale, found: await this.byWordsHeld(native), foreign: false };
    // Searched even when the customer's language has a sure answer: a sure native article that
    // another language's missing article rivals is offered beside it, not answered (see answers.ts).
    const sure = answerable(native, this.options.answerThreshold);
    const catalog = await this.options.catalog();
    const { found: foreign, agreement } = await this.foreign(question, locale, catalog, native.candidates[0]);
    if (sure) return { locale, found: native, foreign: false, runnerUp: foreign };
    // Nothing at all in the customer's language: the other language's best is the only candidate,
    // and the answer/clarify thresholds alone decide (no native article can be outvoted).
    const nativeEmpty = native.candidates.length === 0;
    if (foreign && (nativeEmpty || foreign.confidence > native.confidence + (this.options.foreignMargin ?? FOREIGN_MARGIN))) {
      return { locale, found: foreign, foreign: true, runnerUp: native.candidates.length ? native : undefined };
    }
    return { locale, found: await this.byWordsHeld({ ...native, agreement }), foreign: false, runnerUp: foreign };
  }

  /**
   * The best of the articles missing in the customer's language, searched in each language they
   * exist in with the question translated for it; and how those searches rank the customer's
   * own language's best article (`ownBest`) where they have it ({@link Agreement}).
   */
  private async foreign(question: string, locale: string, catalog: Map<string, Set<string>>, ownBest?: Candidate): Promise<{ found?: Found; agreement?: Agreement }> {
    const missing = (articleId: string) => ![...(catalog.get(articleId) ?? [])].some((l) => base(l) === base(locale));
    let foreign: Found | undefined;
    const others = otherLocales(catalog, locale);
    // Its confidence summed over the languages here; the mean is returned.
    const agreement: Agreement = { languages: 0, first: 0, clearly: 0, confidence: 0 };
    // Translated for every language at once: Apertium's processes work side by side (and beside
    // the dictionaries' lookups in this process) instead of one language after the other.
    const queries = await Promise.all(others.map(async (other) => (await this.options.translate?.(question, locale, other)) ?? question));
    for (const [i, other] of others.entries()) {
      const query = queries[i]!;
      // Articles the customer's language has were already searched there: they count for less
      // when choosing this language's candidate, but in full when judging how sure it is.
      const hits = await this.options.retriever.search(query, { locale: other, limit: 20, translatedFrom: locale });
      if (ownBest && catalog.get(ownBest.articleId)?.has(other)) {
        const twin = { articleId: ownBest.articleId, locale: other };
        countReading(agreement, twin.articleId, groupByArticle(hits), this.confidenceOf(query, judgedFor(twin, hits)));
      }
      const weighedHits = hits.map((h) => ({ ...h, score: h.score * (missing(h.passage.articleId) ? 1 : NATIVE_ELSEWHERE) })).sort((a, b) => b.score - a.score);
      const weighed = groupByArticle(weighedHits);
      const top = weighed[0];
      if (!top || !missing(top.articleId)) continue;
      // Judged against all of that language's articles: no lead when one the customer can read in
      // their own language scores higher there ("how do I stop my order" is cancel-order in
      // Portuguese too, not the Portuguese-only article that shares a word with it).
      const confidence = this.confidenceOf(query, judgedFor(top, hits));
      const offerConfidence = Math.max(confidence, this.confidenceOf(query, weighedHits));
      if (confidence > (foreign?.confidence ?? -1)) foreign = { locale: other, query, candidates: weighed.filter((c) => missing(c.articleId)), confidence, offerConfidence };
    }
    return {
      found: foreign && this.answersOnClearLead(foreign) ? { ...foreign, answerOutright: 'clear-lead' } : foreign,
      agreement: agreement.languages ? { ...agreement, confidence: agreement.confidence / agreement.languages } : undefined,
    };
  }

  /**
   * Searches one language and estimates how sure the best article is. A close call between the
   * best articles is weighed by their topics (`close-calls.ts`): a runner-up whose topic says
   * clearly more goes first and is asked about, a best article its topic clearly backs is answered.
   */
  async find(question: string, query: string, locale: string): Promise<Found> {
    const hits = await this.options.retriever.search(query, { locale, limit: 20 });
    const found: Found = { locale, query, candidates: groupByArticle(hits), confidence: this.confidenceOf(question, hits) };
    const explains = explainsOf(this.options.retriever);
    if (!explains) return found;
    const call = settleCloseCall(query, found.candidates, explains);
    if (call.verdict === 'reordered') return { ...found, candidates: call.candidates, passedOver: found.candidates[0], clarifyOnly: 'close-call' };
    if (call.verdict === 'settled') return { ...found, answerOutright: 'topic-settled' };
    if (call.verdict === 'split') return { ...found, clarifyOnly: 'close-call' };
    return found;
  }

  /**
   * The customer's own language's search result, answered outright when its best article holds
   * many of the question's words and more than the next one ({@link WORDS_HELD}), or fewer of them
   * with one of its own among them (`own-word.ts`). Judged once that language is chosen over
   * another's: an article the customer's language lacks can fit better than the native one that
   * shares their words.
   */
  private async byWordsHeld(found: Found): Promise<Found> {
    const { confidence, answerOutright } = found;
    if (answerOutright || confidence < wordsHeldFloor(this.options.answerThreshold) || confidence >= this.options.answerThreshold) return found;
    if (holdsMostWords(found.query, found.candidates)) return { ...found, answerOutright: 'words-held' };
    if (await holdsOwnWord(found.query, found.candidates, this.options.retriever)) return { ...found, answerOutright: 'own-word' };
    if (agreedAbroad(found.query, found.candidates, found.agreement, CLEAR_LEAD_CONFIDENCE)) return { ...found, answerOutright: 'agreed-abroad' };
    return found;
  }

  /**
   * Whether another language's best article leads clearly at a confidence that is not low but
   * below the answer threshold (at or above it the confidence answers by itself; see
   * {@link CLEAR_LEAD_CONFIDENCE}).
   */
  private answersOnClearLead(found: Found): boolean {
    return found.confidence >= CLEAR_LEAD_CONFIDENCE && found.confidence < this.options.answerThreshold && leadsClearly(found.candidates);
  }

  private confidenceOf(query: string, hits: Hit[]): number {
    if (!hits.length) return 0;
    if (this.options.confidence) return this.options.confidence(query, hits);
    const source = this.options.retriever as Partial<ConfidenceSource>;
    // The retriever caps what it cannot vouch for just below the bar this search answers at.
    return typeof source.confidence === 'function' ? source.confidence(query, hits, { answerThreshold: this.options.answerThreshold }) : defaultConfidence(query, hits);
  }
}

/** Whether the best of some candidates (best first) leads the next clearly ({@link CLEAR_LEAD}); a lone one does. */
export function leadsClearly(candidates: Candidate[]): boolean {
  const [best, next] = candidates;
  return Boolean(best) && (!next || next.score <= CLEAR_LEAD * best!.score);
}

/**
 * Whether the best of some candidates (best first, of one language) holds at least
 * {@link WORDS_HELD} of the question's words in its passages found, and more than the next one.
 */
export function holdsMostWords(question: string, candidates: Candidate[]): boolean {
  const { held, leads } = wordsLead(question, candidates);
  return leads && held >= WORDS_HELD;
}

/**
 * The languages other than the customer's that hold an article missing in the customer's (only
 * such an article can win there: the search and its translation are skipped for the others).
 */
function otherLocales(catalog: Map<string, Set<string>>, locale: string): string[] {
  const all = new Set<string>();
  for (const locales of catalog.values()) {
    if ([...locales].some((l) => base(l) === base(locale))) continue;
    for (const l of locales) all.add(l);
  }
  return [...all].sort();
}
