/**
 * Language-agnostic text features: character n-grams inside words plus word unigrams and
 * bigrams, hashed to 32-bit keys, then mapped to a vocabulary learned from the training texts
 * and weighted by sublinear TF × IDF with L2 normalisation. No tokenizer, stemmer or stop list
 * per language: character n-grams carry morphology for inflected languages, and single
 * ideographs carry meaning for scripts written without spaces (Chinese, Japanese).
 */

/** A sparse feature vector: parallel arrays of feature indices and weights. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** How texts become features. */
export interface NgramOptions {
  /** Shortest and longest character n-gram inside a padded word (default 2 and 4). */
  minN?: number;
  maxN?: number;
  /** Also word unigrams and bigrams (default true). */
  words?: boolean;
  /** Weight of word features relative to character n-grams (default 2: tuned on CLINC150 val). */
  wordWeight?: number;
  /** Features seen in fewer training texts are dropped (default: 2 for ≥ 2000 texts, else 1). */
  minDf?: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Salts keep the key spaces of character n-grams and words apart. */
const SALT_WORD = 0x5bd1e995;
const SALT_BIGRAM = 0x27d4eb2f;
const DIACRITICS = /[\u0300-\u036f]/g;
const DIGITS = /\p{Nd}/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Lower-cases, folds compatibility forms (full-width letters), drops Latin/Greek/Cyrillic
 * accents (customers often type without them) and maps every digit to 0, since the shape of a
 * number matters to an intent more than its value.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKD').replace(DIACRITICS, '').normalize('NFKC').toLowerCase().replace(DIGITS, '0');
}

/** Ideographs, kana and hangul carry a word's meaning in one character: count them alone too. */
function isIdeographic(code: number): boolean {
  return code >= 0x2e80 && code <= 0xd7af;
}

function hashRange(s: string, start: number, end: number, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** Counts the hashed n-gram keys of `text` (normalised first). */
export function extractKeys(text: string, options: NgramOptions = {}, wordKeys?: Set<number>): Map<number, number> {
  const minN = options.minN ?? 2;
  const maxN = options.maxN ?? 4;
  const counts = new Map<number, number>();
  const add = (key: number): void => void counts.set(key, (counts.get(key) ?? 0) + 1);
  const words = normalizeText(text).match(WORD) ?? [];
  let previous = -1;
  for (const word of words) {
    const padded = ` ${word} `;
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(hashRange(padded, i, i + n, n));
      if (n >= padded.length) break;
    }
    for (let i = 0; i < word.length; i++) if (isIdeographic(word.charCodeAt(i))) add(hashRange(word, i, i + 1, 1));
    if (options.words ?? true) {
      const key = hashRange(word, 0, word.length, SALT_WORD);
      add(key);
      wordKeys?.add(key);
      if (previous >= 0) {
        const bigram = (Math.imul(previous ^ SALT_BIGRAM, FNV_PRIME) ^ key) >>> 0;
        add(bigram);
        wordKeys?.add(bigram);
      }
      previous = key;
    }
  }
  return counts;
}

/** Learns a vocabulary and IDF weights from training texts; turns texts into sparse vectors. */
export class NgramFeaturizer {
  private vocabulary = new Map<number, number>();
  private idf = new Float32Array(0);

  constructor(private readonly options: NgramOptions = {}) {}

  /** Number of features (the model's input dimension). */
  get size(): number {
    return this.idf.length;
  }

  /** Builds the vocabulary from `texts` and returns their vectors. */
  fit(texts: string[]): SparseVector[] {
    const wordKeys = new Set<number>();
    const keyed = texts.map((t) => extractKeys(t, this.options, wordKeys));
    const wordWeight = this.options.wordWeight ?? 2;
    const df = new Map<number, number>();
    for (const counts of keyed) for (const key of counts.keys()) df.set(key, (df.get(key) ?? 0) + 1);
    const minDf = this.options.minDf ?? (texts.length >= 2000 ? 2 : 1);
    this.vocabulary = new Map();
    const idf: number[] = [];
    // Sorted keys make the feature order (and so training) independent of Map insertion order.
    for (const key of [...df.keys()].sort((a, b) => a - b)) {
      const n = df.get(key)!;
      if (n < minDf) continue;
      this.vocabulary.set(key, idf.length);
      idf.push((Math.log((texts.length + 1) / (n + 1)) + 1) * (wordKeys.has(key) ? wordWeight : 1));
    }
    this.idf = Float32Array.from(idf);
    return keyed.map((counts) => this.vectorize(counts));
  }

  /** The vector of one text; n-grams never seen in training are ignored. */
  transform(text: string): SparseVector {
    return this.vectorize(extractKeys(text, this.options));
  }

  private vectorize(counts: Map<number, number>): SparseVector {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (const [key, tf] of counts) {
      const i = this.vocabulary.get(key);
      if (i === undefined) continue;
      const w = (1 + Math.log(tf)) * this.idf[i];
      idx.push(i);
      val.push(w);
      norm += w * w;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return { idx: Int32Array.from(idx), val: Float32Array.from(val, (v) => v * scale) };
  }
}
