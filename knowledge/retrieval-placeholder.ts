import { closeEnough, contentTerms, stem, words } from './text';
import type { Hit, Passage, Retriever } from './types';

interface Entry {
  passage: Passage;
  /** Stemmed content terms of the title and heading (weighted higher), and term counts of the text. */
  head: Set<string>;
  body: Map<string, number>;
  length: number;
}

/**
 * A deliberately simple retriever: BM25 over crudely stemmed words plus a title bonus, tolerating
 * one typo in longer words. It stands in for the real lexical/dense retriever (`retrieval/`) so the answer
 * layer, editor API and demo run and are tested; it implements the same `Retriever` interface.
 */
export class PlaceholderRetriever implements Retriever {
  private readonly entries = new Map<string, Entry>();
  /** Document frequency per stem, and every folded word seen (for typo matching). */
  private readonly df = new Map<string, number>();
  private readonly vocabulary = new Map<string, string>();
  private totalLength = 0;

  get size(): number {
    return this.entries.size;
  }

  async add(passages: Passage[]): Promise<void> {
    for (const passage of passages) {
      this.drop(passage.id);
      const head = new Set(contentTerms(`${passage.title} ${passage.heading ?? ''}`));
      const terms = contentTerms(passage.text);
      const body = new Map<string, number>();
      for (const t of terms) body.set(t, (body.get(t) ?? 0) + 1);
      for (const term of new Set([...head, ...body.keys()])) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      this.totalLength += terms.length;
      for (const word of words(`${passage.title} ${passage.heading ?? ''} ${passage.text}`)) {
        if (word.length >= 5) this.vocabulary.set(word, stem(word));
      }
      this.entries.set(passage.id, { passage, head, body, length: terms.length });
    }
  }

  async remove(articleId: string, locale?: string): Promise<void> {
    for (const [id, entry] of this.entries) {
      if (entry.passage.articleId === articleId && (!locale || entry.passage.locale === locale)) this.drop(id);
    }
  }

  async search(query: string, options: { locale?: string; limit?: number } = {}): Promise<Hit[]> {
    const terms = this.queryTerms(query);
    if (!terms.length) return [];
    const n = Math.max(1, this.entries.size);
    const avgLength = this.totalLength / n || 1;
    const hits: Hit[] = [];
    for (const entry of this.entries.values()) {
      if (options.locale && entry.passage.locale !== options.locale) continue;
      let score = 0;
      for (const alternatives of terms) {
        const match = alternatives.find((t) => entry.head.has(t) || entry.body.has(t));
        if (!match) continue;
        const df = this.df.get(match) ?? 1;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const tf = entry.body.get(match) ?? 0;
        const bm25 = (tf * 2.2) / (tf + 1.2 * (0.25 + 0.75 * (entry.length / avgLength)));
        score += idf * (bm25 + (entry.head.has(match) ? 1 : 0));
      }
      if (score > 0) hits.push({ passage: entry.passage, score });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, options.limit ?? 10);
  }

  /** Per query word: its stem, plus the stems of indexed words one typo away. */
  private queryTerms(query: string): string[][] {
    const result: string[][] = [];
    for (const term of new Set(contentTerms(query))) {
      const alternatives = [term];
      if (!this.df.has(term)) {
        const word = words(query).find((w) => stem(w) === term) ?? term;
        for (const [known, knownStem] of this.vocabulary) if (closeEnough(word, known)) alternatives.push(knownStem);
      }
      result.push([...new Set(alternatives)]);
    }
    return result;
  }

  private drop(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.totalLength -= entry.length;
    for (const term of new Set([...entry.head, ...entry.body.keys()])) {
      const left = (this.df.get(term) ?? 1) - 1;
      if (left > 0) this.df.set(term, left);
      else this.df.delete(term);
    }
    this.entries.delete(id);
  }
}
