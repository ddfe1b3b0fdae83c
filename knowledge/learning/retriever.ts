import { defaultConfidence, type ConfidenceBar, type ConfidenceSource } from '../confidence';
import { questionWords } from '../analysis/analyzer';
import { baseLanguage } from '../analysis/language';
import { searchableText, type Hit, type Passage, type Retriever, type SearchOptions } from '../types';
import { explainsOf, type Explains } from '../rivals';
import type { EvidenceMatch, EvidenceStore } from './evidence';
import { EditorQuestions } from './editor-questions';
import { SimilarQuestions } from './similar';

/**
 * How sure a question like one a customer confirmed makes its article: a probability, like the
 * answer layer's confidence, so it answers at the default threshold (0.7) but never counts as
 * certain. Measured: with the first half of each tuning set learned (dev, dev2, replay), every
 * second-half question matching a learned one at 0.4 or more (then the threshold) matched one of the right article
 * (16 of 16). It was 0.8 × the similarity, under 0.56 for the paraphrases customers write — below
 * the answer threshold, so learned evidence offered its article but never answered with it.
 */
export const LEARNED_WEIGHT = 0.8;
/** An editor's alternative question is the editor's text: a question like it is certain. */
export const EDITOR_WEIGHT = 1;
/**
 * How similar a query must be to a stored question to use it: with the wrapped retriever's
 * `explains`, the idf-weighted stem overlap both ways (`SimilarQuestions`); without it, Jaccard
 * over question stems. Measured on the tuning sets' same-language matches (each question against
 * the ones before it, learned with `eval answers --learn`): from 0.45, 14 of 16 named the right
 * article (the two others were about articles missing in the customer's language, answered no
 * better without learning); between 0.4 and 0.45, 1 of 6 did — a look-alike that holds less
 * than half of the other question, the half that names the need: "what's your phone number" is
 * 0.44 of "how do I update my phone number on my profile" (change-email), "can I pay with Bizum?"
 * 0.41 of "can i pay with apple pay" (payment-methods). At 0.4 those two turned clarifying
 * questions offering the right article into wrong answers on dev.
 */
export const MIN_SIMILARITY = 0.45;
/**
 * The same for a query translated from another language: a bag of candidate translations
 * ("lieferung packstation" → "postage shipping delivery deliver"), not words a customer chose, so
 * only a near-copy counts — at 0.4 "do you deliver to switzerland" claimed a German question
 * about Packstations for the international shipping article.
 */
export const MIN_TRANSLATED_SIMILARITY = 0.55;
/**
 * How much more of a query's content words (a share of their idf weight) the wrapped retriever's
 * best article must explain than a learned article does, for the learned evidence to step aside.
 */
export const LEXICAL_MARGIN = 0.1;
/** Without `explains` (a dense retriever alone) only near-copies count: Jaccard over question stems. */
export const MIN_JACCARD = 0.5;

/**
 * A retriever that adds what conversations taught (`EvidenceStore`) to another one's results:
 * questions like one a customer confirmed ("Yes", a clarifying choice, an agent's insert) bring
 * that article to the top with a down-weighted confidence, like an extra alternative question;
 * questions like one answered "No" drop that article, unless more evidence says yes. Everything
 * else passes through unchanged, so without evidence it ranks exactly as the wrapped retriever.
 */
export class LearnedRetriever implements Retriever, ConfidenceSource {
  /** The last query's net evidence per article, for `confidence` (called right after `search`). */
  private last?: { query: string; boost: Map<string, number> };

  /**
   * The wrapped retriever's `explains`, when it has one: dialogs weigh an article against an
   * intent's examples with it, and learning must not switch that contest off.
   */
  readonly explains?: Explains['explains'];
  /** Paraphrase matching over the stored questions, when the wrapped retriever can score overlap. */
  private readonly similar?: SimilarQuestions;
  /** The indexed articles' alternative questions, matched like confirmed ones. */
  private readonly editorQuestions = new EditorQuestions();

  constructor(
    private readonly inner: Retriever,
    private readonly evidence: EvidenceStore,
    private readonly passagesOf: (articleId: string, locale: string) => Promise<Passage[]>,
  ) {
    this.explains = explainsOf(inner);
    if (this.explains) {
      this.similar = new SimilarQuestions(evidence, this.explains, () => this.editorQuestions.snapshot());
    }
  }

  get size(): number {
    return this.inner.size;
  }

  add(passages: Passage[]): Promise<void> {
    this.editorQuestions.add(passages);
    return this.inner.add(passages);
  }

  remove(articleId: string, locale?: string): Promise<void> {
    this.editorQuestions.remove(articleId, locale);
    return this.inner.remove(articleId, locale);
  }

  async search(query: string, options: SearchOptions = {}): Promise<Hit[]> {
    // The query is read in each stored question's language: only a question in the same language
    // can be its paraphrase (a translated query also without the customer's language's question words).
    const min = options.translatedFrom ? MIN_TRANSLATED_SIMILARITY : MIN_SIMILARITY;
    const similar = this.similar ? this.similar.matches(query, min, options.translatedFrom) : this.evidence.matches(query, MIN_JACCARD);
    const [hits, found] = await Promise.all([this.inner.search(query, options), similar]);
    const matches = await this.outweighed(query, hits, found);
    const net = netEvidence(matches, options.locale);
    this.last = { query, boost: new Map([...net].filter(([, v]) => v.score > 0).map(([key, v]) => [key, v.sureness])) };
    if (!net.size) return hits;
    const kept = hits.filter((h) => (net.get(h.passage.articleId)?.score ?? 0) >= 0);
    const top = kept[0]?.score ?? 1;
    const promoted: Hit[] = [];
    for (const [articleId, { score, locale, questions }] of net) {
      if (score <= 0) continue;
      const own = kept.filter((h) => h.passage.articleId === articleId);
      const passages = own.length ? own.map((h) => h.passage) : await this.passagesOf(articleId, locale);
      // Above the best hit, so the confirmed article leads; its own order among passages is kept.
      passages.forEach((passage, i) => promoted.push({ passage, score: top * 1.5 + score - i * 1e-6, confirmed: true, confirmedBy: questions }));
    }
    const ids = new Set(promoted.map((h) => h.passage.id));
    const merged = [...promoted.sort((a, b) => b.score - a.score), ...kept.filter((h) => !ids.has(h.passage.id))];
    return merged.slice(0, options.limit ?? merged.length);
  }

  /**
   * The "yes" matches left once the wrapped retriever's best article has had its say: a learned
   * article keeps its place only if it explains the query's content words about as well as that
   * article does. "quanto tempo demora a entrega" (confirmed for shipping times) is like "o
   * reembolso para o cartão demora quanto tempo", but the refunds article explains the latter far
   * better than the shipping one. An editor's question is the editor's text and always counts.
   */
  private async outweighed(query: string, hits: Hit[], matches: EvidenceMatch[]): Promise<EvidenceMatch[]> {
    const top = hits[0]?.passage;
    const explains = this.explains;
    if (!top || !explains) return matches;
    const beaten = (m: EvidenceMatch) => m.evidence.helpful && m.evidence.source !== 'editor' && m.evidence.articleId !== top.articleId;
    if (!matches.some(beaten)) return matches;
    const lang = baseLanguage(top.locale);
    const words = questionWords(query, lang).join(' ');
    const best = explains(words, lang, hits.filter((h) => h.passage.articleId === top.articleId && h.passage.locale === top.locale).map((h) => searchableText(h.passage)));
    const kept: EvidenceMatch[] = [];
    for (const m of matches) {
      if (beaten(m)) {
        const own = await this.passagesOf(m.evidence.articleId, m.evidence.articleLocale);
        const learned = explains(words, m.evidence.articleLocale.split('-')[0]!, own.map(searchableText));
        if (best > learned + LEXICAL_MARGIN) continue;
      }
      kept.push(m);
    }
    return kept;
  }

  /** The wrapped retriever's confidence, raised for an article the evidence confirms. */
  confidence(query: string, hits: Hit[], bar?: ConfidenceBar): number {
    const inner = this.inner as Partial<ConfidenceSource>;
    const base = typeof inner.confidence === 'function' ? inner.confidence(query, hits, bar) : defaultConfidence(query, hits);
    const sureness = this.last?.query === query && hits[0] ? this.last.boost.get(hits[0].passage.articleId) : undefined;
    return sureness === undefined ? base : Math.max(base, sureness);
  }
}

/** One article's evidence among a query's matches ({@link netEvidence}). */
interface NetEvidence {
  /** Yes minus no, each weighted by similarity. */
  score: number;
  /** How sure the best "yes" makes the article. */
  sureness: number;
  /** The article's language. */
  locale: string;
  /** The confirmed ("yes") questions matched, for the unmentioned check (`Hit.confirmedBy`). */
  questions: string[];
}

/**
 * Evidence per article among matches: yes minus no, each weighted by similarity; how sure the best
 * "yes" makes the article ({@link LEARNED_WEIGHT}, or {@link EDITOR_WEIGHT}
 * for an editor's question); the article's language from the evidence (restricted to `locale`
 * when the search is).
 */
function netEvidence(matches: EvidenceMatch[], locale?: string): Map<string, NetEvidence> {
  const net = new Map<string, NetEvidence>();
  for (const { evidence, similarity } of matches) {
    if (locale && evidence.articleLocale.split('-')[0] !== locale.split('-')[0]) continue;
    const entry = net.get(evidence.articleId) ?? { score: 0, sureness: 0, locale: evidence.articleLocale, questions: [] };
    entry.score += evidence.helpful ? similarity : -similarity;
    const weight = evidence.source === 'editor' ? EDITOR_WEIGHT : LEARNED_WEIGHT;
    if (evidence.helpful) {
      entry.sureness = Math.max(entry.sureness, weight);
      entry.questions.push(evidence.question);
    }
    net.set(evidence.articleId, entry);
  }
  return net;
}
