import { base } from '../core/language';
import { analyze } from './analysis/analyzer';
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
 * The articles in `locale` whose passages have the stem among their words, looked for among the
 * retriever's first `limit` passages for the stem.
 */
export async function articlesUsing(stem: string, locale: string, retriever: Retriever, limit: number): Promise<Set<string>> {
  const lang = base(locale);
  const hits = await retriever.search(stem, { locale, limit });
  return new Set(hits.filter((h) => analyze(searchableText(h.passage), lang).word.includes(stem)).map((h) => h.passage.articleId));
}
