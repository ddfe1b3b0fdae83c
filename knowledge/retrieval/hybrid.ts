import { judgedFor, type ConfidenceBar, type ConfidenceSource } from '../confidence';
import type { Explains } from '../rivals';
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
 * How sure the dense side's ranking makes the answer layer of an article: a logistic function of
 * its normalized lead, (c1 − c2) / (1 − c2) for the article's best cosine c1 and the best other
 * article's c2 — the share of the distance to a perfect match by which it leads, comparable
 * across models whose cosines sit in different ranges. A lead of 0.5 is an even chance; no lead
 * (another article nearer) is almost nothing. Not fitted on data with a real model yet (the
 * help-centre set has none on this machine): see docs/knowledge.md, "A model is one setting away".
 */
export const DENSE_CALIBRATION = { lead: 8, bias: -4 };

/**
 * Fuses several retrievers (typically lexical + dense) with reciprocal rank fusion:
 * score = Σ weight / (k + rank). Ranks, not raw scores, so BM25 and cosine need no common scale.
 * Adds and removals go to every retriever. Its confidence joins the lexical member's calibrated
 * one with the dense members' leads (see `confidence`).
 */
export class HybridRetriever implements Retriever, ConfidenceSource {
  private readonly k: number;
  private readonly weights: number[];
  /** The last search's list from each member, for `confidence` (called right after `search`). */
  private last?: { query: string; locale?: string; lists: Hit[][] };
  /**
   * How much of a query some texts explain, by the lexical member when there is one: dialogs
   * weigh an article against an intent's examples with it, and learning matches paraphrases.
   */
  readonly explains?: Explains['explains'];

  constructor(
    private readonly retrievers: Retriever[],
    private readonly options: HybridOptions = {},
  ) {
    if (retrievers.length === 0) throw new Error('HybridRetriever needs at least one retriever');
    this.k = options.k ?? 60;
    this.weights = retrievers.map((_, i) => options.weights?.[i] ?? 1);
    const lexical = retrievers.find((r): r is LexicalRetriever => typeof (r as Partial<LexicalRetriever>).explains === 'function');
    if (lexical) this.explains = lexical.explains.bind(lexical);
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
    this.last = { query, locale: options.locale, lists };
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

  /**
   * The probability that the top article of `hits` (this retriever's fused results for `query`)
   * answers it: the lexical member's calibrated confidence for that article (judged against the
   * lexical ranking, so a fused winner the words do not support gets little) and each dense
   * member's ({@link denseConfidence}), joined as independent evidence: 1 − Π(1 − p). A model
   * that clearly ranks the article first can make a question in other words sure; one that ranks
   * another article nearer adds nothing, and the words alone decide.
   */
  confidence(query: string, hits: Hit[], bar?: ConfidenceBar): number {
    const top = hits[0]?.passage;
    if (!top) return 0;
    const lists = this.last?.query === query ? this.last.lists : undefined;
    let doubt = 1;
    this.retrievers.forEach((r, i) => {
      const own = lists?.[i] ?? [];
      if (!own.some((h) => sameArticle(h.passage, top))) return; // this member has nothing for it
      const scorer = r as Partial<ConfidenceSource>;
      const p = typeof scorer.confidence === 'function' ? scorer.confidence(query, judgedFor(top, own), bar) : denseConfidence(top, own);
      doubt *= 1 - Math.min(1, Math.max(0, p));
    });
    return 1 - doubt;
  }

}

function sameArticle(a: Passage, b: Passage): boolean {
  return a.articleId === b.articleId && a.locale === b.locale;
}

/** A dense ranking's confidence in one article (of its hits): {@link DENSE_CALIBRATION} of its normalized lead. */
export function denseConfidence(article: Passage, hits: Hit[]): number {
  const c1 = Math.max(-1, ...hits.filter((h) => sameArticle(h.passage, article)).map((h) => h.score));
  const c2 = Math.max(-1, ...hits.filter((h) => !sameArticle(h.passage, article)).map((h) => h.score));
  const lead = (c1 - c2) / Math.max(1e-6, 1 - c2);
  return 1 / (1 + Math.exp(-(DENSE_CALIBRATION.lead * lead + DENSE_CALIBRATION.bias)));
}
