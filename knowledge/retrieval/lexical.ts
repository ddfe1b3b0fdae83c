import { analyze, FIELDS, phraseStems, SENTENCE_END, stemmerFor, tokens, wordTerms, type Analysis } from '../analysis/analyzer';
import { baseLanguage, detectLanguage } from '../analysis/language';
import { searchableText, type Hit, type Passage, type Retriever } from '../types';
import { focusTerms, offerOnFocus } from '../analysis/focus';
import { matchedPhrases, stemsHeldBySynonyms, synonymStems } from '../analysis/thesaurus';
import { Bm25Index, type QueryTerm } from './bm25';
import { answerProbability, confidenceOf, groupByArticle, type Confidence, type ConfidenceBar } from '../confidence';
import { ANSWER_THRESHOLD } from '../config';

const [WORD, GRAM, SKEL, NUM] = (['word', 'gram', 'skel', 'num'] as const).map((f) => FIELDS.indexOf(f)) as [number, number, number, number];

/** How much each field's BM25 score counts (see `FIELDS`); tuned on XQuAD (docs/retrieval.md). */
export const FIELD_WEIGHTS: Record<(typeof FIELDS)[number], number> = { word: 1, gram: 0.35, skel: 0.5, num: 3 };

/** How much a thesaurus synonym of a query word counts, against the word itself (tuned on the help-centre dev set). */
export const SYNONYM_WEIGHT = 1.0;

/** Options of {@link LexicalRetriever}. */
export interface LexicalOptions {
  /** Field weights; defaults to {@link FIELD_WEIGHTS}. */
  weights?: Partial<typeof FIELD_WEIGHTS>;
  k1?: number;
  b?: number;
  /** Skip query terms found in more than this share of passages (default 0.25). */
  maxDfRatio?: number;
}

/** A search result list with the confidence signal the answer layer thresholds to abstain. */
export interface SearchResult {
  hits: Hit[];
  confidence: Confidence;
  /** The language the query was analyzed as. */
  lang: string;
}

/**
 * The default {@link Retriever}: BM25 over stems, character n-grams, cross-script skeletons and
 * numbers, with per-language analysis. Adds and removals are incremental.
 */
export class LexicalRetriever implements Retriever {
  private readonly index: Bm25Index;
  private readonly weights: typeof FIELD_WEIGHTS;
  private readonly slots = new Map<string, number>();
  private passages: (Passage | undefined)[] = [];
  private locales: string[] = [];
  /** Per language: word → [word id, skeleton id or -1, gram ids…] (see termIds). */
  private readonly wordIds = new Map<string, Map<string, Int32Array>>();
  private readonly byArticle = new Map<string, Set<string>>();

  constructor(options: LexicalOptions = {}) {
    this.weights = { ...FIELD_WEIGHTS, ...options.weights };
    const b = options.b ?? 0.75;
    this.index = new Bm25Index(FIELDS.length, { k1: options.k1 ?? 0.9, b: FIELDS.map((f) => (f === 'num' ? 0.3 : b)), maxDfRatio: options.maxDfRatio ?? 1 });
  }

  get size(): number {
    return this.index.size;
  }

  async add(passages: Passage[]): Promise<void> {
    this.addSync(passages);
  }

  /** {@link add} without the promise, for bulk loading and benchmarks. */
  addSync(passages: Passage[]): void {
    for (const p of passages) {
      this.removePassage(p.id);
      const lang = baseLanguage(p.locale);
      // Tags and questions are the editors' words for what customers ask ("money back" on the refunds article).
      const slot = this.index.addIds(this.termIds(searchableText(p), lang));
      this.slots.set(p.id, slot);
      this.passages[slot] = p;
      this.locales[slot] = lang;
      let ids = this.byArticle.get(p.articleId);
      if (!ids) this.byArticle.set(p.articleId, (ids = new Set()));
      ids.add(p.id);
    }
  }

  async remove(articleId: string, locale?: string): Promise<void> {
    const ids = this.byArticle.get(articleId);
    if (!ids) return;
    for (const id of [...ids]) {
      const slot = this.slots.get(id)!;
      if (locale && this.passages[slot]!.locale !== locale) continue;
      this.removePassage(id);
    }
  }

  async search(query: string, options: { locale?: string; limit?: number; lang?: string } = {}): Promise<Hit[]> {
    return this.searchDetailed(query, options).hits;
  }

  /**
   * Search plus the per-query {@link Confidence}. `lang` is the query's language when known;
   * otherwise it is detected (with `locale` as the hint).
   */
  searchDetailed(query: string, options: { locale?: string; limit?: number; lang?: string } = {}): SearchResult {
    const lang = options.lang ? baseLanguage(options.lang) : detectLanguage(query, options.locale);
    const want = options.locale ? baseLanguage(options.locale) : undefined;
    const terms = this.expandedTerms(query, lang);
    const exact = options.locale;
    const accept = want
      ? (slot: number) => this.locales[slot] === want && (!exact!.includes('-') || this.passages[slot]!.locale === exact)
      : undefined;
    const limit = options.limit ?? 10;
    const found = this.index.search(terms, Math.max(limit, 2), accept);
    const hits = found.map((f) => ({ passage: this.passages[f.slot]!, score: f.score }));
    const confidence = confidenceOf(this.index, terms, found);
    return { hits: hits.slice(0, limit), confidence, lang };
  }

  /**
   * The probability that the top article of `hits` (this retriever's results for `query`, in
   * one language) answers it: the answer layer's confidence (see `answerProbability`). The focus
   * of a long message can raise it to offering at `bar` (the bot's threshold), not to answering.
   */
  confidence(query: string, hits: Hit[], bar: ConfidenceBar = { answerThreshold: ANSWER_THRESHOLD }): number {
    if (!hits.length) return 0;
    const whole = this.signals(query, hits, false);
    const focused = this.signals(query, hits);
    return offerOnFocus(answerProbability(whole.relative, whole.lead), answerProbability(focused.relative, focused.lead), bar.answerThreshold);
  }

  /**
   * What {@link confidence} weighs: the top passage's score relative to the query's self-score,
   * and the top article's lead over the next ((s1 − s2) / s1) times that relative score. `knowledge/calibrate.ts` fits on them.
   */
  signals(query: string, hits: Hit[], focus = true): { relative: number; lead: number } {
    if (!hits.length) return { relative: 0, lead: 0 };
    const lang = baseLanguage(hits[0]!.passage.locale);
    // The query's own terms only: a synonym is an alternative way to match, not more to match.
    // A long story's words that no article uses weigh as narrative, not as the topic (`focus.ts`).
    const own = this.queryTerms(analyze(query, lang), 1);
    const terms = focus ? focusTerms(own, (t) => this.index.docFreq(t.field, t.term) > 0, WORD) : own;
    const { relative } = confidenceOf(this.index, terms, hits);
    const [first, second] = groupByArticle(hits);
    const gap = second && first!.score > 0 ? (first!.score - second.score) / first!.score : 1;
    // The lead counts only as far as the query is matched at all: a lone weak hit "leads" by default.
    return { relative, lead: gap * relative };
  }

  /**
   * How much of the query some texts explain: the share of the query's word stems found in them
   * (a thesaurus synonym counts), each stem weighted by its idf in this index. Unlike BM25 scores
   * it compares across candidates of any kind: an article against a dialog's example utterances,
   * scored with the same weights. Stems in `aside` weigh nothing (they still complete a thesaurus
   * phrase: "how long do I have").
   */
  explains(query: string, lang: string, texts: string[], aside?: ReadonlySet<string>): number {
    const base = baseLanguage(lang);
    const queryStems = phraseStems(query, base);
    const seen = new Set(texts.flatMap((t) => analyze(t, base).word));
    const bySynonym = stemsHeldBySynonyms(queryStems, base, seen);
    let total = 0;
    let found = 0;
    for (const stem of new Set(queryStems)) {
      if (stem === SENTENCE_END || aside?.has(stem)) continue;
      const idf = this.index.idf(Math.max(1, this.index.docFreq(WORD, stem)));
      total += idf;
      if (seen.has(stem) || bySynonym.has(stem)) found += idf;
    }
    return total > 0 ? found / total : 0;
  }

  /**
   * A query's weighted terms: its own, and its thesaurus synonyms (see `analysis/thesaurus`), each
   * counting as one word of the query — or as every word its phrase spans, for an idiom the
   * articles never use (see {@link spansOf}).
   */
  private expandedTerms(query: string, lang: string): QueryTerm[] {
    const analysis = analyze(query, lang);
    const terms = this.queryTerms(analysis, 1);
    // Phrases are read within a sentence: "… not. Working …" is no "not working".
    const stems = phraseStems(query, lang);
    const spans = this.spansOf(stems, lang);
    for (const term of synonymStems(stems, lang)) {
      terms.push({ field: WORD, term, weight: this.weights.word * SYNONYM_WEIGHT * (spans.get(term) ?? 1) });
    }
    return terms;
  }

  /**
   * For the synonyms of a thesaurus phrase found in the query whose words no passage of the
   * language holds together, how many query words that phrase spans. Such a phrase is an idiom
   * the customer says where the articles say one word of its group ("call off" for "cancel",
   * "put … together" for "assemble"): its own words match nothing, or something else ("call" is
   * the contact page), so its meaning has to carry the weight of all the words it takes, or two
   * weak words beat the one that says what is asked. A phrase the articles do use ("phone number",
   * "without an account") is already matched by its own words, and weighing its group more would
   * only pull the question toward the group's other senses (the customer's own phone number is
   * not the hotline).
   */
  private spansOf(queryStems: string[], lang: string): Map<string, number> {
    const spans = new Map<string, number>();
    const inLanguage = (slot: number) => this.locales[slot] === lang;
    for (const { phrase, meaning } of matchedPhrases(queryStems, lang)) {
      if (this.index.holdsAll(WORD, phrase, inLanguage)) continue;
      for (const stem of meaning) spans.set(stem, Math.max(spans.get(stem) ?? 1, phrase.length));
    }
    return spans;
  }

  /**
   * Term ids per field for a passage, through a per-language word → ids cache (words repeat, so
   * most words cost one lookup instead of one per n-gram).
   */
  private termIds(text: string, lang: string): number[][] {
    const { words, nums } = tokens(text, lang);
    const out: number[][] = FIELDS.map(() => []);
    let cache = this.wordIds.get(lang);
    if (!cache) this.wordIds.set(lang, (cache = new Map()));
    const stemmer = stemmerFor(lang);
    for (const w of words) {
      let ids = cache.get(w);
      if (!ids) {
        const t = wordTerms(w, lang, stemmer);
        ids = Int32Array.from([this.index.intern(WORD, t.word), t.skel ? this.index.intern(SKEL, t.skel) : -1, ...t.grams.map((g) => this.index.intern(GRAM, g))]);
        if (cache.size >= 100_000) cache.clear();
        cache.set(w, ids);
      }
      out[WORD]!.push(ids[0]!);
      if (ids[1]! >= 0) out[SKEL]!.push(ids[1]!);
      for (let i = 2; i < ids.length; i++) out[GRAM]!.push(ids[i]!);
    }
    for (const n of nums) out[NUM]!.push(this.index.intern(NUM, n));
    return out;
  }

  private queryTerms(a: Analysis, scale: number): QueryTerm[] {
    const out: QueryTerm[] = [];
    FIELDS.forEach((f, field) => {
      const counts = new Map<string, number>();
      for (const t of a[f]) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, n] of counts) out.push({ field, term, weight: this.weights[f] * n * scale });
    });
    return out;
  }

  private removePassage(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const p = this.passages[slot]!;
    this.index.remove(slot);
    this.slots.delete(id);
    this.passages[slot] = undefined;
    const ids = this.byArticle.get(p.articleId);
    ids?.delete(id);
    if (ids && ids.size === 0) this.byArticle.delete(p.articleId);
  }
}
