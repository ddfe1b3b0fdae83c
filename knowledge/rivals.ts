import type { Rival } from '../core/services';
import { LexicalRetriever } from './retrieval/lexical';
import type { Hit, Retriever } from './types';

/** A retriever that can say how closely its top hit matches a query (the lexical one can). */
interface Closeness {
  closeness(query: string, hits: Hit[]): number;
}

// One small index per list of rivals: dialogs pass the same array every time.
const indexes = new WeakMap<Rival[], LexicalRetriever>();

/**
 * Whether the best article (`hits`, the answer layer's native search) matches the question more
 * closely than any rival utterance in the question's language, both scored by the lexical
 * retriever's closeness. Undefined when the retriever cannot score closeness (a dense one).
 */
export async function beatsRivals(retriever: Retriever, question: string, locale: string, hits: Hit[], rivals: Rival[]): Promise<boolean | undefined> {
  const scorer = retriever as Partial<Closeness>;
  if (typeof scorer.closeness !== 'function') return undefined;
  let index = indexes.get(rivals);
  if (!index) {
    index = new LexicalRetriever();
    index.addSync(rivals.map((r, i) => ({ id: `rival#${i}`, articleId: `rival-${i}`, locale: r.locale, title: '', text: r.text })));
    indexes.set(rivals, index);
  }
  const base = locale.toLowerCase().split('-')[0]!;
  // Rivals in the article's language (a dialog has examples per language), else in any.
  let rivalHits = await index.search(question, { locale: base, limit: 2 });
  if (!rivalHits.length) rivalHits = await index.search(question, { limit: 2 });
  const article = scorer.closeness(question, hits);
  const rival = rivalHits.length ? index.closeness(question, rivalHits) : 0;
  return article > rival;
}
