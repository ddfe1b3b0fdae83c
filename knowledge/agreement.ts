import { base } from '../core/language';
import { questionStems } from './analysis/analyzer';
import { heldBy } from './article-words';
import { CLOSE_CALL } from './close-calls';
import type { Candidate } from './confidence';

/*
 * A second reading of a question through other words. When the customer's own language is unsure,
 * the answer layer searches the other languages for the articles the customer's language lacks,
 * with the question translated for each (`QuestionSearch`); those searches also rank the articles
 * the customer's language has. When every one of them that has the customer's-language best
 * article puts it first too, and is not unsure of it, the question was read the same way through
 * the dictionaries' and the articles' translations as through the customer's own words: the
 * clarifying question would offer the right article first. The customer's-language search must
 * still lead on words: its best article holds more of the question's words than the next one
 * (as the words-held rule asks, `search.ts`), since a question about something else shares its
 * one or two words with an article in every language alike ("want to open a savings account":
 * account, which delete-account and create-account both hold).
 */

/**
 * How the searches of other languages, each for the question translated into it, rank one
 * article found in the customer's own language: of the languages searched that have the article
 * (`languages`), how many put it first (`first`), and its mean confidence there, judged against
 * their other articles (`confidence`, as `QuestionSearch` judges another language's best).
 */
export interface Agreement {
  languages: number;
  first: number;
  /** Of those, how many put it first with no close call (`close-calls.ts`): the next article there scores clearly less. */
  clearly: number;
  confidence: number;
}

/**
 * Whether the other languages' searches agree on the customer's-language best article (see the
 * top of this file): all that have it put it first, none as a close call, at a mean confidence of at least
 * `leastConfidence` (the answer layer's bar for another language's best, `CLEAR_LEAD_CONFIDENCE`),
 * and the best article holds more of the question's words than the next one.
 */
export function agreedAbroad(question: string, candidates: Candidate[], agreement: Agreement | undefined, leastConfidence: number): boolean {
  if (!agreement || !allAgree(agreement) || agreement.confidence < leastConfidence) return false;
  return holdsMoreThanNext(question, candidates);
}

/** Whether every language searched that has the article put it first, clearly (and there was one). */
export function allAgree(agreement: Agreement): boolean {
  return agreement.languages > 0 && agreement.clearly === agreement.languages;
}

/** Whether the best of some candidates (best first, of one language) holds more of the question's words than the next one. */
export function holdsMoreThanNext(question: string, candidates: Candidate[]): boolean {
  const [best, next] = candidates;
  if (!best) return false;
  const lang = base(best.locale);
  const stems = questionStems(question, lang);
  return !next || heldBy(stems, lang, best) > heldBy(stems, lang, next);
}

/**
 * Counts one other language's reading of the customer's-language best article (`articleId`) into
 * `agreement`: that language's candidates for the translated question, best first, and the
 * article's confidence there (added up; the caller divides by the languages counted).
 */
export function countReading(agreement: Agreement, articleId: string, candidates: Candidate[], confidence: number): void {
  const [first, second] = candidates;
  agreement.languages++;
  agreement.confidence += confidence;
  if (first?.articleId !== articleId) return;
  agreement.first++;
  if (leadsOutOfCloseCall(first, second)) agreement.clearly++;
}

/** Whether the best article leads the next one by more than a close call ({@link CLOSE_CALL}): the retriever tells them apart. */
export function leadsOutOfCloseCall(best: Candidate, next: Candidate | undefined): boolean {
  return !next || next.score < CLOSE_CALL * best.score;
}
