import { fold as analysisFold } from './analysis/normalize';

/**
 * Small, language-light text helpers the answer layer needs whatever retriever runs: content
 * words and crude cross-language stems, on the folding of `analysis/` (the retriever's
 * per-language analysis, whose Snowball stems the answer layer's calibration does not use yet).
 */

const STOPWORDS = new Set(
  (
    // en
    'a an the and or but if of to in on at by for with from about as into is are was were be been being am do does did done ' +
    'have has had i me my we our you your he she it its they them their this that these those there here what which who whom ' +
    'how when where why can could would should will shall may might must not no yes so than then too very just also any all ' +
    'some more most other such only own same s t don doesn didn isn aren won get got please hi hello thanks thank hey much many ' +
    // es
    'el la los las un una unos unas y o pero si de del al a en con por para sin sobre es son era ser estar esta este esto ' +
    'estos estas ese esa eso hay que qué como cómo cuando cuándo donde dónde quien quién cual cuál mi mis tu tus su sus ' +
    'nuestro yo tú usted ustedes me te se le les lo nos puedo puede pueden hola gracias favor muy más ya no sí cuanto cuánto cuanta cuántos ' +
    // de
    'der die das den dem des ein eine einen einem einer und oder aber wenn von zu im in am an auf mit für bei aus ist sind ' +
    'war sein bin bist habe hat haben ich mich mir wir uns du dich dir sie ihr ihre es er was wie wo wann warum welche ' +
    'welcher kann können muss nicht kein keine ja nein bitte hallo danke auch noch schon mein meine dein euer viel ' +
    // fr
    'le la les un une des et ou mais si de du au aux en dans sur avec pour par sans est sont été être avoir ai as a avons ' +
    'je me moi tu te vous nous il elle ils elles on ce cet cette ces que qui quoi comment quand où pourquoi quel quelle ' +
    'quels quelles mon ma mes ton ta tes son sa ses notre votre vos leur peux peut pouvez puis ne pas plus bonjour merci ' +
    'svp est-ce qu l d j n c combien'
  )
    .split(/\s+/)
    // Compared with folded words, so stored folded too (`qué` → `que`).
    .map((w) => fold(w)),
);

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
  return contentWords(text).map(stem);
}

/** The folded words of a text without stopwords and one-letter words, unstemmed. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => w.length > 1 && !STOPWORDS.has(w));
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
