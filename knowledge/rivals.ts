import { base } from '../core/language';
import type { Rival } from '../core/services';
import { analyze, closeEnough, questionStems, words } from './analysis/analyzer';
import { asksAlike } from './analysis/asks';
import { perLanguage } from './analysis/language';
import { fold } from './analysis/normalize';
import { questionStopwords } from './analysis/stopwords';
import { stemsHeldBySynonyms } from './analysis/thesaurus';
import { LexicalRetriever } from './retrieval/lexical';
import { searchableText, type Hit, type Retriever } from './types';

/** A retriever that can say how much of a query some texts explain (the lexical one can, and wrappers pass it on). */
export interface Explains {
  explains(query: string, lang: string, texts: string[], aside?: ReadonlySet<string>): number;
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
  const passages = hits.filter((h) => h.passage.articleId === top).map((h) => searchableText(h.passage));
  // Both sides read the question with its one-letter typos mended to their own words, as the
  // retriever that found them did: "I want to retrun the lamp" says "return" to the article and to
  // "I want to return an item" alike.
  const read = spelledAs(question, lang, [...passages, ...near.map((h) => h.passage.text)]);
  const article = explains(read, lang, passages);
  const ways = waysOf(explains, read, lang, near, passages);
  // The question says all of an example ("I need to send this back, it doesn't fit") and the
  // article does not explain twice as much of it, or an example says all of a question the article
  // does not: the request the dialog was written for. Not when the question asks what the example
  // does not (a measure, or whether something may be done): "cuántos días tengo para devolver algo"
  // holds all of "devolver mi pedido" and asks about the returns policy.
  const whole = (w: Way) => w.covered >= WHOLE && w.covers * FRAGMENT >= article && asksAlike(read, w.text, lang);
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

/**
 * The ways of each example near the question. With the article's texts, an example's placeholder
 * that the question fills counts as said (`filled`); without (the customer's own language, where
 * no article is), only the example's own words do.
 */
function waysOf(explains: Explains['explains'], question: string, lang: string, near: Hit[], article?: string[]): Way[] {
  return near.map(({ passage: { text } }) => ({
    text,
    covers: explains(question, lang, [text]),
    covered: explains(text, lang, [question, ...(article ? filled(text, question, lang, article) : [])]),
  }));
}

/**
 * Words an example uses for whatever thing the customer will name: "I want to return an item" is
 * written for "I want to return the lamp" too. Per language, folded.
 */
const PLACEHOLDERS: Record<string, string> = {
  en: 'item items product products thing things stuff',
  es: 'articulo articulos producto productos cosa cosas',
  de: 'artikel produkt produkte sache sachen ware',
  fr: 'article articles produit produits chose choses',
  pt: 'artigo artigos produto produtos coisa coisas',
  it: 'articolo articoli prodotto prodotti cosa cose',
};
const placeholderStems = perLanguage((lang) => new Set(analyze(PLACEHOLDERS[lang] ?? '', lang).word));

/**
 * The example's placeholder words (`PLACEHOLDERS`) that the question fills: it names one thing
 * (one word per placeholder) that neither the example nor the article says, nor a synonym of
 * theirs. "I want to send back the chair I bought" says all of "I want to return an item" though
 * the returns policy holds "bought": the chair is what the request is about, and the article does
 * not know it. Not when the question names several such things (it says more than the request),
 * nor for an example with a single word besides its placeholders ("exchange a product", "cómo
 * devuelvo un producto"): filled, that is only its topic word, which any question about the topic says.
 */
function filled(example: string, question: string, lang: string, article: string[]): string[] {
  const placeholders = placeholderStems(lang);
  const own = analyze(example, lang).word;
  const slots = own.filter((s) => placeholders.has(s));
  // Question words aside: "cómo" is how the example asks, not what it asks for.
  if (!slots.length || new Set(questionStems(example, lang).filter((s) => !placeholders.has(s))).size < 2) return [];
  const asked = analyze(question, lang).word;
  const heldBy = (texts: string[]) => {
    const stems = new Set(texts.flatMap((t) => analyze(t, lang).word));
    return new Set([...stems, ...stemsHeldBySynonyms(asked, lang, stems)]);
  };
  const [byExample, byArticle] = [heldBy([example]), heldBy(article)];
  const unheld = (s: string) => !byExample.has(s) && !byArticle.has(s) && !placeholders.has(s);
  const named = new Set(analyze(withoutRelativeClause(question, lang, unheld), lang).word.filter(unheld));
  return named.size > 0 && named.size <= slots.length ? slots : [];
}

/**
 * Relative pronouns per language, folded: a clause they open after the thing a customer names
 * describes that thing ("unos zapatos que no me quedan bien", "the boots that leak").
 */
const RELATIVE_PRONOUNS: Record<string, string> = {
  en: 'that which who',
  es: 'que cual cuales',
  de: 'der die das welche welcher welches',
  fr: 'qui que dont',
  pt: 'que qual quais',
  it: 'che cui',
};
const relativePronouns = perLanguage((lang) => new Set(words(fold(RELATIVE_PRONOUNS[lang] ?? ''), lang)));

/**
 * The question without a relative clause that follows the first word nothing holds (`unheld`, by
 * stem): the clause describes the thing the customer names, so it is part of naming one thing, not
 * more things asked. "quiero devolver unos zapatos que no me quedan bien" names the shoes, and says
 * why, as "the item is damaged and I want to return it" does; counted as words, it named four
 * things and the request went to the returns policy. The whole question when there is no such clause.
 */
function withoutRelativeClause(question: string, lang: string, unheld: (stem: string) => boolean): string {
  const relatives = relativePronouns(lang);
  const tokens = words(fold(question), lang);
  let named = false;
  for (let i = 0; i < tokens.length; i++) {
    if (named && relatives.has(tokens[i]!)) return tokens.slice(0, i).join(' ');
    if (analyze(tokens[i]!, lang).word.some(unheld)) named = true;
  }
  return question;
}

/** An example is as close as the lesser of its two ways; the examples, as close as the closest. */
function closeness(ways: Way[]): number {
  return Math.max(0, ...ways.map((w) => Math.min(w.covers, w.covered)));
}

/**
 * The question with each content word the texts do not hold, but hold one typo away
 * (`closeEnough`: a changed, added, dropped or swapped letter in a word of five letters or more),
 * spelled as the texts spell it; the question itself when it has no such word. `explains` matches
 * stems exactly, while the retriever that found the article and the examples forgave the typo.
 */
function spelledAs(question: string, lang: string, texts: string[]): string {
  // Question words are left as they are: "cuanto" (how much) is no typo of "cuando" (when).
  const stop = questionStopwords(lang);
  const vocabulary = new Set(texts.flatMap((t) => words(fold(t), lang)).filter((w) => !stop.has(w)));
  let mended = false;
  const read = words(fold(question), lang).map((w) => {
    if (stop.has(w) || vocabulary.has(w)) return w;
    const near = [...vocabulary].find((v) => closeEnough(w, v));
    if (near) mended = true;
    return near ?? w;
  });
  return mended ? read.join(' ') : question;
}
