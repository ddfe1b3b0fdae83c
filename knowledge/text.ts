import { fold as analysisFold } from './analysis/normalize';
import { questionWordList } from './analysis/stopwords';

/**
 * Small, language-light text helpers the answer layer needs whatever retriever runs: content
 * words and crude cross-language stems, on the folding of `analysis/` (the retriever's
 * per-language analysis, whose Snowball stems the answer layer's calibration does not use yet).
 */

// The question words of the languages this crude stack was tuned on, in one set (it does not know
// the question's language; `analysis/` does, see `questionWords`).
const STOPWORDS = new Set(['en', 'es', 'de', 'fr'].flatMap(questionWordList));

/**
 * Lower-case, without accents (`Rückgabe` → `ruckgabe`, `devolución` → `devolucion`): the
 * retriever's own folding (`analysis/normalize.ts`), so both sides of the answer layer compare
 * words folded the one way.
 */
export function fold(text: string): string {
  return analysisFold(text);
}

/** The words of a text, folded (marks a script keeps, such as Indic vowel signs, stay in the word). */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}

/** Crude cross-language stem: without a plural `s`, then the first six letters (`returns`, `returned` → `return`). */
export function stem(word: string): string {
  const singular = word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
  return singular.length > 6 ? singular.slice(0, 6) : singular;
}

/** The content words of a text (stopwords and one-letter words dropped), stemmed. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map(stem);
}

/** Whether two terms are the same allowing one typo (edit, insertion, deletion or swap) in longer words. */
export function closeEnough(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 1) return false;
  return editDistanceAtMostOne(a, b);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length <= 1) return true;
    // Two neighbouring letters swapped ("retrun").
    return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** Sentences of a text (Latin and CJK end marks), keeping their punctuation. */
export function sentences(text: string): string[] {
  return (text.replace(/\s+/g, ' ').match(/[^.!?。！？]+(?:[.!?。！？]+["')\]]*|$)/g) ?? [])
    .map((s) => s.trim())
    .filter(Boolean);
}
