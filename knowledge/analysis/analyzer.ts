import { newStemmer, type Stemmer } from 'snowball-stemmers';
import { editDistance } from '../../core/nearest';
import { spelledOut } from './abbreviations';
import { germanFamily, separatedVerb, type SeparatedVerb } from './derivation';
import { fold, needsSegmenter, scriptOf } from './normalize';
import { perLanguage } from './language';
import { withoutOtherSenses } from './senses';
import { askingWords, questionStopwords, stopwords } from './stopwords';
import { skeleton, stripArticle, transliterate } from './translit';

/**
 * The fields a text is indexed under. Each is ranked by BM25 on its own and the scores are mixed
 * with per-field weights (see `FIELD_WEIGHTS` in the retriever):
 * - `word`: stemmed words without stopwords (precise, same language only);
 * - `gram`: character n-grams (robust to typos, compounds, inflection and unknown stems; CJK
 *   character bigrams; Cyrillic/Arabic also in Latin transliteration);
 * - `skel`: consonant skeletons of words, matching names across scripts;
 * - `num`: numbers, exact.
 */
export const FIELDS = ['word', 'gram', 'skel', 'num'] as const;
/** One of {@link FIELDS}. */
export type Field = (typeof FIELDS)[number];

/** The terms of a text by field; a term repeats as often as it occurs. */
export type Analysis = Record<Field, string[]>;

const SNOWBALL: Record<string, string> = {
  ar: 'arabic', ca: 'catalan', cs: 'czech', da: 'danish', de: 'german', en: 'english', es: 'spanish',
  eu: 'basque', fi: 'finnish', fr: 'french', ga: 'irish', hu: 'hungarian', hy: 'armenian',
  it: 'italian', nl: 'dutch', no: 'norwegian', nb: 'norwegian', pt: 'portuguese', ro: 'romanian',
  ru: 'russian', sl: 'slovene', sv: 'swedish', ta: 'tamil', tr: 'turkish',
};
/** Terms shorter than this must match exactly: one letter turns a short word into another ("hat", "cat"). */
const TYPO_LENGTH = 5;
// 4-grams beat 3-grams on XQuAD (+0.5 recall@1 on average, +1.8 in Arabic): fewer chance matches.
const GRAM_SIZES = [4];
const segmenters = new Map<string, Intl.Segmenter>();

/** The Snowball stemmer of a language, or null when Snowball has none (zh, ja…). */
export const stemmerFor = perLanguage((lang): Stemmer | null => (SNOWBALL[lang] ? newStemmer(SNOWBALL[lang]) : null));

/**
 * Words of a folded text: letters/digits runs, split further by ICU for scripts without spaces,
 * abbreviations spelled out ("mdp" → "mot de passe", see `abbreviations.ts`).
 */
export function words(folded: string, lang: string): string[] {
  const out: string[] = [];
  for (const m of folded.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const run = m[0];
    if (!needsSegmenter(run)) {
      out.push(...spelledOut(run, lang));
      continue;
    }
    const loc = lang === 'ja' || lang === 'th' ? lang : /[\u0e00-\u0e7f]/.test(run) ? 'th' : /[\u3040-\u30ff]/.test(run) ? 'ja' : 'zh';
    let seg = segmenters.get(loc);
    if (!seg) segmenters.set(loc, (seg = new Intl.Segmenter(loc, { granularity: 'word' })));
    for (const s of seg.segment(run)) if (s.isWordLike) out.push(s.segment);
  }
  return out;
}

/** Character n-grams of one word, padded so that prefixes and suffixes are grams too. */
function pushGrams(out: string[], word: string, n: number): void {
  const w = ` ${word} `;
  if (w.length <= n) {
    out.push(w);
    return;
  }
  for (let i = 0; i + n <= w.length; i++) out.push(w.slice(i, i + n));
}

/** Unigrams and bigrams of a CJK run: the usual lexical unit for Chinese and Japanese search. */
function pushCjkGrams(out: string[], run: string): void {
  const chars = Array.from(run);
  for (let i = 0; i < chars.length; i++) {
    out.push(chars[i]!);
    if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
  }
}

/**
 * Suffixes that Snowball's stemmers strip only as spelled before folding, as folding writes them
 * (`cion` for `ción`), with the spelling to give back, per language. Folding comes first so that a
 * customer who types "reparacion" and an article that says "reparación" meet; without this, both
 * stay "reparacion" and never meet "reparar" (stem "repar"), while Snowball on the accented word
 * gives "repar" too. Spanish and Portuguese: there the derivational noun and adjective
 * endings (-ción, -ção, -ável) and, in Spanish, the vosotros verb endings (-áis, -éis) carry accents; French and
 * Italian stemmers strip theirs (-ation, -zione) without. Arabic: folding writes the feminine
 * ending ة (ta marbuta) as ه, as many writers do, and Snowball strips only ة, so "مباراة" stemmed
 * "مبار" and "المباراة" "مباراه", never meeting; given back, both stem "مبارا" (XQuAD ar recall@1
 * 91.6 → 92.0). A true final ه (the pronoun "his") stems the same either way.
 */
const FOLDED_SUFFIXES: Record<string, Array<[string, string]>> = {
  es: [['cion', 'ción'], ['sion', 'sión'], ['ais', 'áis'], ['eis', 'éis']],
  pt: [['cao', 'ção'], ['coes', 'ções'], ['sao', 'são'], ['soes', 'sões'], ['avel', 'ável'], ['aveis', 'áveis'], ['ivel', 'ível'], ['iveis', 'íveis']],
  ar: [['ه', 'ة']],
};

/**
 * The Snowball stem of a folded word, its suffix spelled back first (see
 * {@link FOLDED_SUFFIXES}), folded again: the same stem whether the writer typed the accent.
 * Short words keep their letters ("pais" is not a verb ending).
 */
function stemFolded(w: string, lang: string, stemmer: Stemmer): string {
  for (const [folded, spelled] of FOLDED_SUFFIXES[lang] ?? []) {
    if (w.length >= folded.length + 3 && w.endsWith(folded)) return fold(stemmer.stem(w.slice(0, -folded.length) + spelled));
  }
  const stem = stemmer.stem(w);
  return lang === 'de' ? germanFamily(w, stem, stemmer) : stem;
}

/** The terms one word contributes: its stem, its character n-grams, its skeleton ('' if none). */
export interface WordTerms {
  word: string;
  grams: string[];
  skel: string;
}

// Words repeat (Zipf): analyzing each distinct word once per language makes indexing several
// times faster. Bounded by clearing, which is cheap and keeps memory flat.
const caches = new Map<string, Map<string, WordTerms>>();
const CACHE_MAX = 100_000;

/** The stem, n-grams and skeleton of one folded, non-number, non-stopword word (cached). */
export function wordTerms(w: string, lang: string, stemmer: Stemmer | null): WordTerms {
  let cache = caches.get(lang);
  if (!cache) caches.set(lang, (cache = new Map()));
  let t = cache.get(w);
  if (t) return t;
  const script = scriptOf(w);
  if (script === 'cjk' || script === 'thai') {
    t = { word: w, grams: [], skel: '' };
    pushCjkGrams(t.grams, w);
  } else {
    t = { word: stemmer ? stemFolded(w, lang, stemmer) : w, grams: [], skel: '' };
    for (const n of GRAM_SIZES) pushGrams(t.grams, w, n);
    const latin = script === 'latin' ? w : stripArticle(transliterate(w), w);
    if (latin !== w) for (const n of GRAM_SIZES) pushGrams(t.grams, latin, n);
    t.skel = skeleton(latin);
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(w, t);
  return t;
}

/**
 * The content words of a text (folded, stopwords dropped, and words their neighbour gives another
 * sense than the articles': `senses.ts`) and its numbers, in order. Each word's terms come from
 * {@link wordTerms}; {@link analyze} puts them together.
 */
export function tokens(text: string, lang: string): { words: string[]; nums: string[] } {
  const stop = stopwords(lang);
  const out = { words: [] as string[], nums: [] as string[] };
  for (const w of withoutOtherSenses(withSeparableVerbs(fold(text), lang), lang)) {
    if (/^\p{N}+$/u.test(w)) out.nums.push(w);
    else if (!stop.has(w)) out.words.push(w);
  }
  return out;
}

/**
 * The {@link words} of a folded text and, in German, after each clause that ends on a separable
 * verb's particle, that verb whole (`derivation.ts`, {@link separatedVerb}): "baut … auf" is
 * "aufbauen", which the assembly article's "Aufbau" is; the particle alone is a stopword.
 */
function withSeparableVerbs(folded: string, lang: string): string[] {
  if (lang !== 'de') return words(folded, lang);
  return germanClauses(folded).flatMap(({ ws, verb }) => (verb ? [...ws, verb.infinitive] : ws));
}

/** The words of each clause of a folded German text, with the clause's separable verb ({@link separatedVerb}) where it has one. */
function germanClauses(folded: string) {
  const skip = questionStopwords('de');
  return folded.split(/[.,;:!?]+/).map((clause) => {
    const ws = words(clause, 'de');
    return { ws, verb: separatedVerb(ws, skip) };
  });
}

/**
 * The separable verbs of a German text's main clauses, each as its finite half is written ("baut"
 * of "Baut ihr den Schrank auch auf?") and whole ("aufbauen"), which {@link tokens} gives beside
 * the half; none in another language.
 */
export function separatedVerbs(text: string, lang: string): SeparatedVerb[] {
  if (lang !== 'de') return [];
  return germanClauses(fold(text)).flatMap(({ verb }) => (verb ? [verb] : []));
}

/** Analyzes a text written in `lang` (ISO 639-1) into per-field terms. */
export function analyze(text: string, lang: string): Analysis {
  const result: Analysis = { word: [], gram: [], skel: [], num: [] };
  const stemmer = stemmerFor(lang);
  const { words: ws, nums } = tokens(text, lang);
  result.num = nums;
  for (const w of ws) {
    const t = wordTerms(w, lang, stemmer);
    result.word.push(t.word);
    for (const g of t.grams) result.gram.push(g);
    if (t.skel) result.skel.push(t.skel);
  }
  return result;
}

/** Stands between two sentences' stems in {@link phraseStems}; no word's stem is empty. */
export const SENTENCE_END = '';

/**
 * A text's `word` terms as {@link analyze} makes them, with {@link SENTENCE_END} between its
 * sentences: what the thesaurus reads phrases in, so that none spans two sentences ("it is not.
 * Working from home…" says nothing about something not working).
 */
export function phraseStems(text: string, lang: string): string[] {
  const sentenceStems = (sentence: string) => tokens(sentence, lang).words.map((w) => stemOf(w, lang));
  return text.split(/(?<=[.!?])\s+|\n+/).flatMap((sentence, i) => (i ? [SENTENCE_END, ...sentenceStems(sentence)] : sentenceStems(sentence)));
}

/**
 * The topic words of a question written in `lang`, folded, in order: without stopwords, question
 * words ({@link questionStopwords}) and one-letter words. What learned evidence compares
 * when it asks whether one question paraphrases another.
 */
export function questionWords(text: string, lang: string): string[] {
  const stop = questionStopwords(lang);
  return words(fold(text), lang).filter((w) => w.length > 1 && !stop.has(w));
}

/** The Snowball stem of one folded word of `lang` (its `word` term; the word itself where Snowball has no stemmer). */
export function stemOf(word: string, lang: string): string {
  return wordTerms(word, lang, stemmerFor(lang)).word;
}

/**
 * A text's `word` and `num` terms as {@link analyze} makes them (stems of its words without
 * stopwords, and its numbers), without the n-grams and skeletons that matching words needs not.
 */
export function stems(text: string, lang: string): string[] {
  const { words: ws, nums } = tokens(text, lang);
  return [...ws.map((w) => stemOf(w, lang)), ...nums];
}

/** The stems of `lang`'s question words (`askingWords`: "how", "can", "wann", "cuánto"; negations and conjunctions aside). */
export const askingStems = perLanguage((lang): Set<string> => new Set([...askingWords(lang)].map((w) => stemOf(w, lang))));

/** The Snowball stems (the retriever's `word` terms) of a question's {@link questionWords}. */
export function questionStems(text: string, lang: string): string[] {
  return questionWords(text, lang).map((w) => stemOf(w, lang));
}

/**
 * Whether two terms are the same, allowing one typo (a changed, added or dropped letter, or two
 * neighbours swapped: "retrun") when both have {@link TYPO_LENGTH} letters or more.
 */
export function closeEnough(a: string, b: string): boolean {
  if (a === b) return true;
  return Math.min(a.length, b.length) >= TYPO_LENGTH && editDistance(a, b, 1) <= 1;
}
