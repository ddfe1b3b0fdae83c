import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stemmerFor, tokens } from '../analysis/analyzer';
import { fold } from '../analysis/normalize';
import { decodeNumber, openDictData, type DictData } from './dictd';
import { isoBase, iso3, type QueryTranslator } from './types';

/** How a {@link FreeDictTranslator} reads its dictionaries. */
export interface FreeDictOptions {
  /** Most translations kept per word of the question (default 4): the first senses are the common ones. */
  maxPerWord?: number;
  /**
   * Translate through English when a pair has no dictionary of its own (es → en → de). Off by
   * default: every sense of every English word multiplies the noise, and on the help-centre dev
   * set it turned clarifying questions that offered the right article into none.
   */
  pivot?: boolean;
}

/**
 * Query translation with FreeDict's bilingual dictionaries in dictd format (Debian's
 * `dict-freedict-*` packages install them in `/usr/share/dictd`): `freedict-<src>-<tgt>.index`
 * with `.dict.dz` (or `.dict`) beside it, languages as ISO 639-3 codes. Each content word of a
 * question is looked up by its stem among the dictionary's one-word headwords (so "días" finds
 * "día"), and the first translations of its entries come back. With `pivot`, a pair without its
 * own dictionary goes through English when both halves exist (es → en → de). Each dictionary is
 * read once, at start-up (`warm`) or on first use.
 */
export class FreeDictTranslator implements QueryTranslator {
  private readonly files: Map<string, string>;
  private readonly loaded = new Map<string, Dictionary>();

  /** Lists the folder's dictionaries; throws when the folder or an index's data file is missing. */
  constructor(
    readonly dir: string,
    private readonly options: FreeDictOptions = {},
  ) {
    if (!existsSync(dir)) throw new Error(`FreeDict folder ${dir} does not exist`);
    this.files = new Map();
    for (const name of readdirSync(dir)) {
      const m = /^freedict-([a-z]{3})-([a-z]{3})\.index$/.exec(name);
      if (!m) continue;
      const base = join(dir, name.slice(0, -'.index'.length));
      if (!existsSync(`${base}.dict.dz`) && !existsSync(`${base}.dict`)) throw new Error(`${base}.index has no ${base}.dict.dz (or .dict) beside it`);
      this.files.set(`${m[1]}>${m[2]}`, base);
    }
  }

  /** The language pairs (ISO 639-1 where known, `from>to`) this folder has dictionaries for. */
  get pairs(): string[] {
    return [...this.files.keys()].map((k) => k.split('>').map(isoBase).join('>'));
  }

  async translate(question: string, from: string, to: string): Promise<string[]> {
    const [f, t] = [iso3(from), iso3(to)];
    if (f === t) return [];
    const direct = this.dictionary(f, t);
    if (direct) return direct.translate(question, isoBase(from), this.max);
    if (!this.options.pivot) return [];
    const [first, second] = [this.dictionary(f, 'eng'), this.dictionary('eng', t)];
    if (!first || !second) return [];
    // Through English: each English candidate is a phrase; its words are looked up in turn.
    const english = first.translate(question, isoBase(from), this.max);
    return second.translate(english.join(', '), 'en', this.max);
  }

  /**
   * Reads the dictionaries a pair needs now (the German index takes seconds, which should be
   * spent at start-up rather than in a customer's turn). Returns whether the pair is covered.
   */
  warm(from: string, to: string): boolean {
    const [f, t] = [iso3(from), iso3(to)];
    if (f === t) return false;
    if (this.dictionary(f, t)) return true;
    return Boolean(this.options.pivot && this.files.has(`${f}>eng`) && this.files.has(`eng>${t}`) && this.dictionary(f, 'eng') && this.dictionary('eng', t));
  }

  private get max(): number {
    return this.options.maxPerWord ?? 4;
  }

  private dictionary(from: string | undefined, to: string | undefined): Dictionary | undefined {
    if (!from || !to) return undefined;
    const key = `${from}>${to}`;
    const base = this.files.get(key);
    if (!base) return undefined;
    let dict = this.loaded.get(key);
    if (!dict) this.loaded.set(key, (dict = Dictionary.open(base, isoBase(from))));
    return dict;
  }

  /** Closes the open data files. */
  async close(): Promise<void> {
    for (const d of this.loaded.values()) d.close();
    this.loaded.clear();
  }
}

/**
 * Words whose translations a {@link Dictionary} keeps (the oldest goes first beyond it). A word
 * costs a scan of the headwords sharing its stem and a chunk of the data file inflated per entry
 * (about 15 chunks of 58 KB per question on the help-centre sets, a quarter of a question's time
 * in the process), and customers ask with the same few hundred words; the help-centre tuning sets
 * have about 2,000 words to look up in all dictionaries together, so this holds a busy day's in a few megabytes.
 */
const KEPT_WORDS = 10_000;

/** One dictd dictionary: its one-word headwords, folded and sorted, and its data file. */
export class Dictionary {
  /** Translations by `lang`, `max` and word, as {@link translate} found them ({@link KEPT_WORDS}). */
  private readonly known = new Map<string, string[]>();

  private constructor(
    /** Folded one-word headwords, sorted (a headword with several entries repeats). */
    private readonly keys: string[],
    /** Per key (same position): where its article is in the data file, and how long it is. */
    private readonly offsets: Float64Array,
    private readonly lengths: Float64Array,
    private readonly data: DictData,
    private readonly lang: string,
  ) {}

  /**
   * Reads `<base>.index` and opens `<base>.dict.dz` (or `.dict`); `lang` (ISO 639-1) picks the
   * stemmer. Headwords are not stemmed here (German has 400,000): a query word's stem is looked
   * up among the headwords it begins (see {@link lookup}). Flat arrays keep German's index at
   * about 40 MB.
   */
  static open(base: string, lang: string): Dictionary {
    if (!existsSync(`${base}.index`)) throw new Error(`${base}.index is missing`);
    const index = readIndex(base);
    return new Dictionary(index.keys, index.offsets, index.lengths, openDictData(base), lang);
  }

  /** Translations of the text's content words, at most `max` per word, in the dictionary's order. */
  translate(text: string, lang = this.lang, max = 4): string[] {
    const out = new Set<string>();
    for (const word of new Set(tokens(text, lang).words)) for (const t of this.translations(word, lang, max)) out.add(t);
    return [...out];
  }

  /** The first `max` translations of one folded word (read once, then kept: {@link KEPT_WORDS}). */
  private translations(word: string, lang: string, max: number): string[] {
    const key = `${lang}\0${max}\0${word}`;
    const kept = this.known.get(key);
    if (kept) return kept;
    const found = new Set<string>();
    for (const [offset, length] of this.lookup(word, lang)) {
      for (const t of translationsOf(this.data.read(offset, length))) if (found.size < max) found.add(t);
    }
    if (this.known.size >= KEPT_WORDS) this.known.delete(this.known.keys().next().value!);
    const list = [...found];
    this.known.set(key, list);
    return list;
  }

  /**
   * The entries of a folded word: its own headword first, then the headwords with the same stem
   * ("días" → "día", "Lieferungen" → "Lieferung"), found among those that begin with the stem
   * and are at most a few letters longer than the word, shortest first.
   */
  private lookup(word: string, lang: string): Array<[number, number]> {
    const stemmer = stemmerFor(lang);
    const stem = stemmer ? stemmer.stem(word) : word;
    const same: number[] = [];
    for (let i = this.position(word); this.keys[i] === word; i++) same.push(i);
    const exact = same.length;
    for (let i = this.position(stem), scanned = 0; i < this.keys.length && scanned < 2000; i++, scanned++) {
      const key = this.keys[i]!;
      if (!key.startsWith(stem)) break;
      if (key !== word && key.length <= word.length + 3 && (stemmer ? stemmer.stem(key) : key) === stem) same.push(i);
    }
    const similar = same.splice(exact).sort((a, b) => this.keys[a]!.length - this.keys[b]!.length || a - b);
    return [...same, ...similar].map((i) => [this.offsets[i]!, this.lengths[i]!]);
  }

  /** The first position whose key is not below `key` (binary search). */
  private position(key: string): number {
    let [lo, hi] = [0, this.keys.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  close(): void {
    this.data.close();
  }
}

// Lines of an entry that are not translations: notes, synonyms, cross-references, examples.
const NOT_TRANSLATION = /^(note|synonyms?|antonyms?|see|usage)\b|^["{]/i;

/**
 * The translations of one dictd article as FreeDict writes them: a headword line
 * (`dauern /ˈdaʊɜn/ <v>`), then lines of comma-separated translations, numbered per sense
 * (`1. dispatch, send off, ship`), with grammar in `<…>`, domains in `[…]`, pronunciations in `/…/` and indented notes,
 * synonyms and examples, which are skipped.
 */
export function translationsOf(article: string): string[] {
  const out: string[] = [];
  for (const raw of article.split('\n').slice(1)) {
    const line = raw.trim();
    if (!line || NOT_TRANSLATION.test(line)) continue;
    const clean = line
      .replace(/<[^>]*>|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|\/[^/]*\//g, ' ')
      .replace(/^\d+\.\s*/, '')
      .replace(/\b(sth|sb|so|etw|jdn|jdm)\.(?=\s|,|$)/g, ' ');
    for (const part of clean.split(/[,;]/)) {
      const t = part.replace(/\s+/g, ' ').trim();
      if (t && /\p{L}/u.test(t)) out.push(t);
    }
  }
  return out;
}

/** A dictionary's parsed index: folded one-word headwords, sorted, with their data offsets and lengths. */
interface ParsedIndex {
  mtimeMs: number;
  keys: string[];
  offsets: Float64Array;
  lengths: Float64Array;
}

/**
 * Parsed indexes by file, for the life of the process: every app started in it (tests, `eval
 * answers --learn`, several bots) shares German's 400,000 headwords instead of reading them again.
 */
const indexes = new Map<string, ParsedIndex>();

/** Reads `<base>.index` (or takes it from {@link indexes} while the file is unchanged). */
function readIndex(base: string): ParsedIndex {
  const mtimeMs = statSync(`${base}.index`).mtimeMs;
  const cached = indexes.get(base);
  if (cached?.mtimeMs === mtimeMs) return cached;
  const heads: string[] = [];
  const offsets: number[] = [];
  const lengths: number[] = [];
  const text = readFileSync(`${base}.index`, 'utf8');
  let line = 0;
  for (let at = 0; at < text.length; line++) {
    const end = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
    const tab = text.indexOf('\t', at);
    // Phrases ("gastos de envío") never match a single query word; the database's own entries describe it.
    const phrase = text.lastIndexOf(' ', tab) >= at;
    if (end > at && tab > at && tab < end && !phrase && !text.startsWith('00', at)) {
      const second = text.indexOf('\t', tab + 1);
      if (second < 0 || second > end) throw new Error(`${base}.index:${line + 1}: expected "headword<TAB>offset<TAB>length"`);
      const third = text.indexOf('\t', second + 1);
      heads.push(text.slice(at, tab));
      offsets.push(decodeNumber(text.slice(tab + 1, second)));
      lengths.push(decodeNumber(text.slice(second + 1, third >= 0 && third < end ? third : end)));
    }
    at = end + 1;
  }
  // One fold over all headwords at once: folding them one by one costs seconds for German.
  const folded = fold(heads.join('\n')).split('\n');
  const order = Array.from(folded.keys()).sort((a, b) => (folded[a]! < folded[b]! ? -1 : folded[a]! > folded[b]! ? 1 : a - b));
  const index = {
    mtimeMs,
    keys: order.map((i) => folded[i]!),
    offsets: Float64Array.from(order, (i) => offsets[i]!),
    lengths: Float64Array.from(order, (i) => lengths[i]!),
  };
  indexes.set(base, index);
  return index;
}
