import { perLanguage } from './language';
import { fold } from './normalize';

/**
 * What kind of answer a question asks for beyond its topic, read from its question words: a
 * measure ("how long", "cuántos días", "wie lange", "combien") or whether something is allowed or
 * possible ("can I", "puedo", "kann ich", "peut-on"). A dialog's example utterance that lacks the
 * asking of the question is a different sentence about the same topic: "how long do I have to send
 * something back" holds all of "how do I return something", but asks about the returns policy,
 * not for the return the example starts.
 */
export type Asking = 'measure' | 'may';

/**
 * Per language, each kind's question words; a two-word entry is matched as adjacent words. English
 * "may" is left out: it is also the month ("where is my order from May" asks no permission).
 */
const ASKS: Record<string, Record<Asking, string>> = {
  en: { measure: 'how_long how_many how_much', may: 'can could allowed' },
  es: { measure: 'cuanto cuanta cuantos cuantas', may: 'puedo puede pueden podeis podemos' },
  de: { measure: 'wie_lange wie_viel wie_viele wieviel wieviele', may: 'kann kannst konnen konnte darf durfen' },
  fr: { measure: 'combien', may: 'peux peut pouvez puis pourrais' },
  pt: { measure: 'quanto quanta quantos quantas', may: 'posso pode podem' },
  it: { measure: 'quanto quanta quanti quante', may: 'posso puo possono' },
};

/**
 * Per language, the words for time that a measure question counts in ("combien de temps", "cuánto
 * tiempo", "wie lange habe ich Zeit", "how much time"): with the question word they ask how long,
 * like "how long" alone, and name no topic. Without a measure question they may ("quel temps
 * fera-t-il demain" asks about the weather).
 */
const MEASURED_IN: Record<string, string> = { en: 'time', es: 'tiempo', de: 'zeit', fr: 'temps', pt: 'tempo', it: 'tempo' };

/** Each kind's entries in `lang`, folded, a two-word entry as "how long". */
const asksOf = perLanguage((lang): Array<[Asking, Set<string>]> => {
  const table = ASKS[lang];
  return table ? (Object.keys(table) as Asking[]).map((kind) => [kind, new Set(fold(table[kind]).split(/\s+/).map((w) => w.replace('_', ' ')))]) : [];
});

/** The folded words of `text`. */
function wordsOf(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The kinds of answer `text` asks for in `lang` (none for a language without a list). */
export function askings(text: string, lang: string): Set<Asking> {
  const words = wordsOf(text);
  const grams = new Set([...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)]);
  const found = new Set<Asking>();
  for (const [kind, entries] of asksOf(lang)) if ([...entries].some((e) => grams.has(e))) found.add(kind);
  return found;
}

/**
 * The words of `text` that only say how a measure question is asked: its words for time
 * ({@link MEASURED_IN}) when it asks for a measure, folded ("temps" of "combien de temps pour la
 * livraison"). None when it asks for no measure.
 */
export function measureWords(text: string, lang: string): Set<string> {
  const time = MEASURED_IN[lang];
  if (!time || !askings(text, lang).has('measure')) return new Set();
  const words = new Set(wordsOf(text));
  return new Set(fold(time).split(/\s+/).filter((w) => words.has(w)));
}

/** Whether `example` asks for every kind of answer `question` asks for (the same sentence, not another about its topic). */
export function asksAlike(question: string, example: string, lang: string): boolean {
  const wanted = askings(example, lang);
  return [...askings(question, lang)].every((kind) => wanted.has(kind));
}
