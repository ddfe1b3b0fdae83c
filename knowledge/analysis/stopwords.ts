import { fold } from './normalize';

/**
 * Light stopword lists: only the most frequent function words, so that "how do I" does not
 * outweigh the one content word of a short question. Question words stay (they are rare in
 * documents and BM25's idf already discounts them).
 */
const LISTS: Record<string, string> = {
  en: 'a an the of in on at to for from by with and or is are was were be been it its this that these those as do does did i you he she we they my your his her our their which what',
  es: 'el la los las un una unos unas de del en a al por para con y o e es son fue fueron ser se que lo le su sus este esta estos estas como mi tu',
  de: 'der die das den dem des ein eine einen einem einer eines und oder ist sind war waren sein zu in im an am auf aus mit von vom für bei es sich dass als wie ich du er sie wir ihr',
  fr: 'le la les un une des de du d l en au aux à et ou est sont était être se ce cette ces que qui pour par avec sur dans il elle ils je tu nous vous',
  pt: 'o a os as um uma de do da dos das em no na nos nas por para com e ou é são foi ser se que seu sua',
  it: 'il lo la i gli le un uno una di del della dei delle in nel nella a al alla da per con e o è sono era che si',
  ru: 'и в во на с со по к ко у о об от до из за для а но или не же ли бы это что как был была были быть он она оно они его ее их',
  ar: 'في من الى على عن مع و او ان هذا هذه ذلك التي الذي هو هي هم كان كانت ثم قد لا ما',
  zh: '的 了 是 在 和 与 及 或 也 都 就 而 之 其 这 那 个 着 被 把 为',
  ja: 'の に は を た が で て と し れ さ ある いる も する から な こと として い や など',
};

const SETS = new Map<string, Set<string>>();

/** The stopword set of a language (empty for languages without a list). */
export function stopwords(lang: string): Set<string> {
  let set = SETS.get(lang);
  if (!set) {
    // Folded like the text they are compared with (é → e, إلى → الى).
    set = new Set(fold(LISTS[lang] ?? '').split(' ').filter(Boolean));
    SETS.set(lang, set);
  }
  return set;
}
