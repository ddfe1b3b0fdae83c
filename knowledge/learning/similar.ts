import { LexicalRetriever } from '../retrieval/lexical';
import { questionWords } from '../analysis/analyzer';
import { baseLanguage } from '../analysis/language';
import { questionStopwords } from '../analysis/stopwords';
import type { Explains } from '../rivals';
import type { Evidence, EvidenceMatch, EvidenceStore } from './evidence';

/** How many stored questions the candidate search hands to the similarity measure. */
const CANDIDATES = 10;

/**
 * Finds stored questions (learned evidence) that a new question paraphrases. Exact shared words
 * are rare between paraphrases ("money back for a sofa" / "refund my couch"), so candidates come
 * from a BM25 index of the stored questions with the knowledge base's own analysis (stems,
 * character n-grams, thesaurus synonyms), and each candidate is then scored with the knowledge
 * retriever's `explains`: the idf-weighted share of each question's word stems that the other
 * holds, both ways. The index is rebuilt whenever the evidence rows change (a new answer, an
 * editor's removal, a customer's erasure), so removed evidence stops counting at once.
 */
export class SimilarQuestions {
  private built?: { signature: string; index: LexicalRetriever; byId: Map<string, Evidence> };

  constructor(
    private readonly evidence: EvidenceStore,
    private readonly scorer: Explains['explains'],
    /** Questions that need no storing (the editors' alternative questions), matched the same way. */
    private readonly extra?: () => { signature: string; items: Evidence[] },
  ) {}

  /**
   * Stored questions whose similarity to `query` is at least `min` (0–1), most similar first;
   * the query is read in each stored question's language. `translatedFrom`: the query is a
   * translation from that language, keeping its words ("je peux payer" → "peux payer zahlen
   * raten"), so that language's question words go too.
   */
  async matches(query: string, min: number, translatedFrom?: string): Promise<EvidenceMatch[]> {
    const { index, byId } = await this.index();
    if (!byId.size) return [];
    const found = await index.search(query, { limit: CANDIDATES });
    const out: EvidenceMatch[] = [];
    for (const hit of found) {
      const evidence = byId.get(hit.passage.id)!;
      const similarity = this.similarity(query, evidence, translatedFrom);
      if (similarity >= min) out.push({ evidence, similarity });
    }
    return out.sort((a, b) => b.similarity - a.similarity);
  }

  /**
   * The lesser of how much of the query the stored question explains and how much of the stored
   * question the query explains: one-way coverage would let a long stored question claim every
   * short query whose one word it contains, and a thesaurus concept can cover one side whole
   * ("plazos" is a way to "pagar") while the other side's specific word is unmatched.
   */
  private similarity(query: string, evidence: Evidence, translatedFrom?: string): number {
    const lang = baseLanguage(evidence.locale);
    // Without the language's question words: "se puede pagar con bizum" is not
    // half of "se puede pagar a plazos".
    const source = translatedFrom ? questionStopwords(baseLanguage(translatedFrom)) : undefined;
    const queryWords = questionWords(query, lang).filter((w) => !source?.has(w));
    const [a, b] = [queryWords.join(' '), questionWords(evidence.question, lang).join(' ')];
    const forward = this.scorer(a, lang, [b]);
    if (forward === 0) return 0;
    return Math.min(forward, this.scorer(b, lang, [a]));
  }

  private async index(): Promise<NonNullable<SimilarQuestions['built']>> {
    const stored = await this.evidence.snapshot();
    const extra = this.extra?.() ?? { signature: '', items: [] };
    const signature = `${stored.signature}|${extra.signature}`;
    const items = [...stored.items, ...extra.items];
    if (this.built?.signature === signature) return this.built;
    const index = new LexicalRetriever();
    index.addSync(items.map((e) => ({ id: e.id, articleId: e.id, locale: e.locale, title: '', text: e.question })));
    this.built = { signature, index, byId: new Map(items.map((e) => [e.id, e])) };
    return this.built;
  }
}
