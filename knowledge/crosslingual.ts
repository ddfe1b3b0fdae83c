import { analyze, stemmerFor, tokens, wordTerms } from './analysis/analyzer';
import { conceptTranslations } from './analysis/thesaurus';
import { searchableText, type Passage } from './types';

/** Per language pair `from>to`: source stem → target words, best first. */
type Table = Map<string, Map<string, string[]>>;

/** How a {@link TermTable} is learned. */
export interface TermTableOptions {
  /** Least number of translated article pairs two stems must share (default 2). */
  minPairs?: number;
  /** Least Dice association between two stems (default 0.5). */
  minDice?: number;
  /** Most translations kept per source stem (default 3). */
  maxPerTerm?: number;
}

const base = (locale: string) => locale.toLowerCase().split(/[-_]/)[0]!;

/**
 * Word translations learned from the knowledge base's own translations, no model needed: two
 * articles with the same id in two languages say the same thing, so a word of one and a word of
 * the other that keep turning up in the same article pairs (Dice association over pairs) are
 * likely translations: "reembolso" ↔ "refund". The table turns a customer's question into extra
 * words in an article's language (see `QuestionSearch`), together with the shipped thesaurus's
 * concepts (the same concept key in two languages' files).
 */
export class TermTable {
  /** Per language pair `from>to`, learned on first use (most bots never need most pairs). */
  private readonly table: Table = new Map();

  private docsCache?: Docs;

  private readonly vocabularies = new Map<string, Set<string>>();

  private constructor(
    private readonly passages: Passage[],
    private readonly options: TermTableOptions,
  ) {}

  /** Keeps the passages (every locale of every article); they are read when a translation is first asked for. */
  static learn(passages: Passage[], options: TermTableOptions = {}): TermTable {
    return new TermTable(passages, options);
  }

  /** Every stem the articles of a language use. */
  private vocabulary(lang: string): Set<string> {
    let vocabulary = this.vocabularies.get(lang);
    if (vocabulary) return vocabulary;
    vocabulary = new Set<string>();
    for (const byLang of this.docs.values()) for (const s of byLang.get(lang)?.stems ?? []) vocabulary.add(s);
    this.vocabularies.set(lang, vocabulary);
    return vocabulary;
  }

  /** The passages' stems per article and language, read once (analysis is the expensive part). */
  private get docs(): Docs {
    if (this.docsCache) return this.docsCache;
    const docs: Docs = new Map();
    for (const p of this.passages) {
      const lang = base(p.locale);
      const byLang = docs.get(p.articleId) ?? new Map();
      docs.set(p.articleId, byLang);
      const doc = byLang.get(lang) ?? { stems: new Set<string>(), surface: new Map<string, string>() };
      byLang.set(lang, doc);
      const stemmer = stemmerFor(lang);
      for (const w of tokens(searchableText(p), lang).words) {
        if (w.length < 3) continue;
        // The retriever's per-word cache: indexing the same articles at start-up stemmed these
        // words already (stemming them again here cost the first cross-language turn seconds).
        const stem = wordTerms(w, lang, stemmer).word;
        doc.stems.add(stem);
        if (!doc.surface.has(stem)) doc.surface.set(stem, w);
      }
    }
    return (this.docsCache = docs);
  }

  /**
   * A query translator: {@link translate} with what `more` gives (dictionaries and machine
   * translation, `translation/`) as its `also`, the bot's translation of a question.
   */
  translatorWith(more: { translate(question: string, from: string, to: string): Promise<string[]> }): (question: string, from: string, to: string) => Promise<string> {
    return async (question, from, to) => this.translate(question, from, to, await more.translate(question, from, to));
  }

  /**
   * The question's content words with, appended, their translations into `to` (the thesaurus's
   * concepts, then the learned words, then the words of `also` that `to`'s articles use: what
   * dictionaries and machine translation gave, see `translation/`): the question's own words
   * stay (names, numbers and cognates match as they are).
   */
  translate(question: string, from: string, to: string, also: string[] = []): string {
    const [f, t] = [base(from), base(to)];
    let pair = this.table.get(`${f}>${t}`);
    if (!pair) this.table.set(`${f}>${t}`, (pair = learnPair(this.docs, f, t, this.options)));
    const stemmer = stemmerFor(f);
    // The shipped thesaurus's concepts first (hand-written), then the learned words.
    const extra = new Set<string>(conceptTranslations(analyze(question, f).word, f, t));
    const { words, nums } = tokens(question, f);
    for (const w of words) for (const x of pair.get(stemmer ? stemmer.stem(w) : w) ?? []) extra.add(x);
    // Dictionaries list every sense and machine translation keeps words it did not know: only
    // words the articles in `to` use can find one, and any other would count as an unmatched
    // word of the query (lowering the confidence of the right article as much as of a wrong one).
    const used = this.vocabulary(t);
    const targetStemmer = stemmerFor(t);
    for (const x of also) for (const w of tokens(x, t).words) if (used.has(targetStemmer ? targetStemmer.stem(w) : w)) extra.add(w);
    // The question's content words (its stopwords would count as unmatched words in the other
    // language's analysis), then the translations.
    return [...words, ...nums, ...extra].join(' ') || question;
  }
}

/** Per article, per language: its stems and a surface word for each. */
type Docs = Map<string, Map<string, { stems: Set<string>; surface: Map<string, string> }>>;

function learnPair(docs: Docs, from: string, to: string, options: TermTableOptions): Map<string, string[]> {
  const minPairs = options.minPairs ?? 2;
  const minDice = options.minDice ?? 0.5;
  const pairs = [...docs.values()].filter((m) => m.has(from) && m.has(to)).map((m) => [m.get(from)!, m.get(to)!] as const);
  const countFrom = new Map<string, number>();
  const countTo = new Map<string, number>();
  for (const [a, b] of pairs) {
    for (const s of a.stems) countFrom.set(s, (countFrom.get(s) ?? 0) + 1);
    for (const t of b.stems) countTo.set(t, (countTo.get(t) ?? 0) + 1);
  }
  // Stems in fewer pairs than minPairs can't reach it together: leaving them out first makes the
  // co-occurrence count (pairs × stems²) small.
  const sources = [...countFrom.keys()].filter((s) => countFrom.get(s)! >= minPairs);
  const targets = [...countTo.keys()].filter((t) => countTo.get(t)! >= minPairs);
  const sourceId = new Map(sources.map((s, i) => [s, i]));
  const targetId = new Map(targets.map((t, i) => [t, i]));
  const both = new Map<number, number>();
  const surface = new Map<string, string>();
  for (const [a, b] of pairs) {
    const ts: number[] = [];
    for (const t of b.stems) {
      const id = targetId.get(t);
      if (id === undefined) continue;
      ts.push(id);
      if (!surface.has(t)) surface.set(t, b.surface.get(t)!);
    }
    for (const s of a.stems) {
      const si = sourceId.get(s);
      if (si === undefined) continue;
      for (const ti of ts) {
        const key = si * targets.length + ti;
        both.set(key, (both.get(key) ?? 0) + 1);
      }
    }
  }
  const best = new Map<number, Array<[number, number]>>();
  for (const [key, n] of both) {
    if (n < minPairs) continue;
    const si = Math.floor(key / targets.length);
    const ti = key % targets.length;
    const dice = (2 * n) / (countFrom.get(sources[si]!)! + countTo.get(targets[ti]!)!);
    if (dice < minDice) continue;
    const list = best.get(si) ?? [];
    list.push([ti, dice]);
    best.set(si, list);
  }
  const out = new Map<string, string[]>();
  for (const [si, list] of best) {
    list.sort((x, y) => y[1] - x[1]);
    out.set(sources[si]!, list.slice(0, options.maxPerTerm ?? 3).map(([ti]) => surface.get(targets[ti]!)!));
  }
  return out;
}
