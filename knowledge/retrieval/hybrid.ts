import type { Hit, Passage, Retriever } from '../types';
import type { LexicalRetriever, SearchResult } from './lexical';

/** Options of {@link HybridRetriever}. */
export interface HybridOptions {
  /** Reciprocal-rank-fusion constant: larger flattens the advantage of the very top ranks. */
  k?: number;
  /** Weight per retriever, in the order given (default 1 each). */
  weights?: number[];
  /** How many results to take from each retriever before fusing (default max(3·limit, 30)). */
  depth?: number;
}

/**
 * Fuses several retrievers (typically lexical + dense) with reciprocal rank fusion:
 * score = Σ weight / (k + rank). Ranks, not raw scores, so BM25 and cosine need no common scale.
 * Adds and removals go to every retriever.
 */
export class HybridRetriever implements Retriever {
  private readonly k: number;
  private readonly weights: number[];

  constructor(
    private readonly retrievers: Retriever[],
    private readonly options: HybridOptions = {},
  ) {
    if (retrievers.length === 0) throw new Error('HybridRetriever needs at least one retriever');
    this.k = options.k ?? 60;
    this.weights = retrievers.map((_, i) => options.weights?.[i] ?? 1);
  }

  /** Passages in the first retriever (all of them index the same passages). */
  get size(): number {
    return this.retrievers[0]!.size;
  }

  async add(passages: Passage[]): Promise<void> {
    await Promise.all(this.retrievers.map((r) => r.add(passages)));
  }

  async remove(articleId: string, locale?: string): Promise<void> {
    await Promise.all(this.retrievers.map((r) => r.remove(articleId, locale)));
  }

  /**
   * Fused hits plus the confidence of the first lexical member (its signals are calibrated; fused
   * RRF scores are not), so the answer layer thresholds the same way with or without a model.
   */
  async searchDetailed(query: string, options: { locale?: string; limit?: number; lang?: string } = {}): Promise<SearchResult> {
    const lexical = this.retrievers.find((r): r is LexicalRetriever => typeof (r as Partial<LexicalRetriever>).searchDetailed === 'function');
    if (!lexical) throw new Error('HybridRetriever.searchDetailed needs a LexicalRetriever among its retrievers (for the confidence)');
    const detail = lexical.searchDetailed(query, options);
    return { ...detail, hits: await this.search(query, options) };
  }

  async search(query: string, options: { locale?: string; limit?: number } = {}): Promise<Hit[]> {
    const limit = options.limit ?? 10;
    const depth = this.options.depth ?? Math.max(3 * limit, 30);
    const lists = await Promise.all(this.retrievers.map((r) => r.search(query, { ...options, limit: depth })));
    const fused = new Map<string, Hit>();
    lists.forEach((hits, i) =>
      hits.forEach((h, rank) => {
        const add = this.weights[i]! / (this.k + rank + 1);
        const prev = fused.get(h.passage.id);
        fused.set(h.passage.id, { passage: h.passage, score: (prev?.score ?? 0) + add });
      }),
    );
    return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
