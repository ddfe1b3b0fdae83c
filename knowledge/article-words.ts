import { base } from '../core/language';
import { analyze, questionStems } from './analysis/analyzer';
import { wordsHeld } from './analysis/thesaurus';
import type { Candidate } from './confidence';
import { searchableText, type Retriever } from './types';

/*
 * Which of a question's words an article holds, and which articles use a word: what the answer
 * rules that count words (words held and own word in `search.ts` and `own-word.ts`) and the
 * unmentioned check (`unmentioned.ts`) read from the knowledge base.
 */

/** How many of the question's stems a candidate's passages found hold, themselves or through a synonym. */
export function heldBy(stems: string[], lang: string, candidate: Candidate): number {
  return wordsHeld(stems, lang, candidate.hits.map((h) => searchableText(h.passage)));
}

/**
 * The question's stems (in the language of the best of some candidates, best first, of one
 * language), how many of them the best one holds (`held`), and whether that is more than the next
 * one holds (`leads`; a lone best leads): what the words-held, own-word and agreed-abroad rules
 * count. No candidate holds nothing and leads nothing.
 */
export function wordsLead(question: string, candidates: Candidate[]): { stems: string[]; held: number; leads: boolean } {
  const [best, next] = candidates;
  if (!best) return { stems: [], held: 0, leads: false };
  const lang = base(best.locale);
  const stems = questionStems(question, lang);
  const held = heldBy(stems, lang, best);
  return { stems, held, leads: !next || held > heldBy(stems, lang, next) };
}

/**
 * The articles in `locale` whose passages have the stem among their words, looked for among the
 * retriever's first `limit` passages for the stem.
 */
export async function articlesUsing(stem: string, locale: string, retriever: Retriever, limit: number): Promise<Set<string>> {
  const lang = base(locale);
  const hits = await retriever.search(stem, { locale, limit });
  return new Set(hits.filter((h) => analyze(searchableText(h.passage), lang).word.includes(stem)).map((h) => h.passage.articleId));
}
