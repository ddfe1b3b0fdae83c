import { base } from '../core/language';
import type { Rival } from '../core/services';
import { asksAlike } from './analysis/asks';
import { LexicalRetriever } from './retrieval/lexical';
import { searchableText, type Hit, type Retriever } from './types';

/** A retriever that can say how much of a query some texts explain (the lexical one can, and wrappers pass it on). */
export interface Explains {
  explains(query: string, lang: string, texts: string[]): number;
}

/** The retriever's `explains`, bound to it, when it has one (undefined for a dense retriever). */
export function explainsOf(retriever: Retriever): Explains['explains'] | undefined {
  const scorer = retriever as Partial<Explains>;
  return typeof scorer.explains === 'function' ? scorer.explains.bind(retriever) : undefined;
}

/** How much of one text another must explain to say all of it (a share of its idf weight; stop words and stems aside). */
const WHOLE = 0.9;
/**
 * A question that says all of an example is the dialog's unless the article explains this many
 * times as much of it: then the example is a fragment of a question about the article's topic
 * ("est-ce que je peux récupérer ma commande en boutique" says all of "où est ma commande",
 * whose only word is "commande"). Twice (dev + dev2 + oos-dev, checked on dev3 + oos-dev2): two
 * more other-language questions offered their article on dev2, nothing else moved; 1.5 also sent
 * "what are ur opening hours on saturday" past the store-hours dialog that answers it (routing.jsonl).
 */
const FRAGMENT = 2;
/** How much more of the question (a share of its idf weight) an example must explain than the article to take it. */
const CLEARLY_CLOSER = 0.1;
/**
 * How close, both ways, an example in the customer's language must be to keep a message from
 * another language's article: most of each (0.5 sent "como devolvo um sofá grande" to the returns
 * form instead of the how-to-return article on dev).
 */
const MOSTLY = 0.7;

// One small index per list of rivals (to find the nearest ones): dialogs pass the same array every time.
const indexes = new WeakMap<Rival[], LexicalRetriever>();

/**
 * Whether the best article (`hits`, its passages from the answer layer's search) explains more of
 * the question than the nearest rival utterances in the article's language are close to it, both
 * scored by the knowledge retriever with the same idf weights (an utterance both ways, the article
 * one way). Undefined when the retriever cannot score that (a dense one).
 */
export async function beatsRivals(
  retriever: Retriever,
  question: string,
  locale: string,
  hits: Hit[],
  rivals: Rival[],
  /** The customer's own question and language when the article is in another (`question` is then its translation). */
  asked?: { question: string; locale: string },
): Promise<boolean | undefined> {
  const explains = explainsOf(retriever);
  if (!explains || !hits.length) return undefined;
  let index = indexes.get(rivals);
  if (!index) {
    index = new LexicalRetriever();
    index.addSync(rivals.map((r, i) => ({ id: `rival#${i}`, articleId: `rival-${i}`, locale: r.locale, title: '', text: r.text })));
    indexes.set(rivals, index);
  }
  // An example in the customer's language that says most of their question, and most of which
  // the question says: the dialog speaks their language, the article does not ("à quelle heure
  // vous fermez ce soir" is "à quelle heure ferme le magasin", not the German article that
  // "fermez" translated into).
  if (asked && (await closestBothWays(explains, index, asked.question, asked.locale)) >= MOSTLY) return false;
  const lang = base(locale);
  // Rivals in the article's language (a dialog has examples per language), else in any.
  let near = await index.search(question, { locale: lang, limit: 3 });
  if (!near.length) near = await index.search(question, { limit: 3 });
  const top = hits[0]!.passage.articleId;
  const article = explains(question, lang, hits.filter((h) => h.passage.articleId === top).map((h) => searchableText(h.passage)));
  const ways = waysOf(explains, question, lang, near);
  // The question says all of an example ("I need to send this back, it doesn't fit") and the
  // article does not explain twice as much of it, or an example says all of a question the article
  // does not: the request the dialog was written for. Not when the question asks what the example
  // does not (a measure, or whether something may be done): "cuántos días tengo para devolver algo"
  // holds all of "devolver mi pedido" and asks about the returns policy.
  const whole = (w: Way) => w.covered >= WHOLE && w.covers * FRAGMENT >= article && asksAlike(question, w.text, lang);
  if (ways.some((w) => whole(w) || (w.covers >= WHOLE && article < WHOLE))) return false;
  // An example is as close as the lesser of the two ways: "how many days do I have to return
  // something" holds the "return" of "I want to return an item" but not the rest: not that request.
  const rival = closeness(ways);
  // Otherwise the dialog must be clearly closer: a tie, or an example that shares one more common
  // word ("quiero … mi pedido" of "quiero seguir mi pedido" beside "cancelar"), is the article's.
  return article + CLEARLY_CLOSER > rival;
}

/** The nearest examples' closeness to a question in its own language (`closeness`). */
async function closestBothWays(explains: Explains['explains'], index: LexicalRetriever, question: string, locale: string): Promise<number> {
  const lang = base(locale);
  return closeness(waysOf(explains, question, lang, await index.search(question, { locale: lang, limit: 3 })));
}

/** An example near a question: how much of it the question says (`covered`) and how much of the question it says (`covers`). */
interface Way {
  text: string;
  covers: number;
  covered: number;
}

function waysOf(explains: Explains['explains'], question: string, lang: string, near: Hit[]): Way[] {
  return near.map(({ passage: { text } }) => ({ text, covers: explains(question, lang, [text]), covered: explains(text, lang, [question]) }));
}

/** An example is as close as the lesser of its two ways; the examples, as close as the closest. */
function closeness(ways: Way[]): number {
  return Math.max(0, ...ways.map((w) => Math.min(w.covers, w.covered)));
}
