import { perLanguage } from './language';
import { fold } from './normalize';

/**
 * Light stopword lists: only the most frequent function words, so that "how do I" does not
 * outweigh the one content word of a short question. Question words stay (they are rare in
 * documents and BM25's idf already discounts them).
 */
const LISTS: Record<string, string> = {
  en: 'a an the of in on at to for from by with and or is are was were be been it its this that these those as do does did i you he she we they my your his her our their which what',
  es: 'el la los las un una unos unas de del en a al por para con y o e es son fue fueron ser se que lo le su sus este esta estos estas como mi tu',
  de: 'der die das den dem des ein eine einen einem einer eines und oder ist sind war waren sein zu in im ins an am auf aus mit von vom zum zur für bei beim es sich dass als wie ich du er sie wir ihr',
  fr: 'le la les un une des de du d l en au aux à et ou est sont était être se ce cette ces que qui pour par avec sur dans il elle ils je tu nous vous',
  pt: 'o a os as um uma de do da dos das em no na nos nas por para com e ou é são foi ser se que seu sua',
  it: 'il lo la i gli le un uno una di del della dei delle in nel nella a al alla da per con e o è sono era che si',
  nl: 'de het een van in op aan te voor met en of is zijn was waren er dat die dit deze als bij uit om naar ik je jij u hij zij we wij ze mijn jouw uw ons onze hun zich',
  ru: 'и в во на с со по к ко у о об от до из за для а но или не же ли бы это что как был была были быть он она оно они его ее их',
  ar: 'في من الى على عن مع و او ان هذا هذه ذلك التي الذي هو هي هم كان كانت ثم قد لا ما',
  zh: '的 了 是 在 和 与 及 或 也 都 就 而 之 其 这 那 个 着 被 把 为',
  ja: 'の に は を た が で て と し れ さ ある いる も する から な こと として い や など',
};

/** The stopword set of a language (empty for languages without a list), folded like the text it is compared with (é → e, إلى → الى). */
export const stopwords = perLanguage((lang): Set<string> => new Set(fold(LISTS[lang] ?? '').split(' ').filter(Boolean)));

/**
 * The words a customer's question is made of besides its topic: greetings, pronouns, modal verbs,
 * question words ("hi, how can I…", "hola, ¿cómo puedo…"). Matching one question against another
 * (learned evidence) they are noise — two questions sharing only "how can I" are not alike — while
 * the retriever keeps them (see {@link stopwords}: rare in articles, discounted by idf).
 */
const QUESTION_WORDS: Record<string, string> = {
  en:
    'a an the and or but if of to in on at by for with from about as into is are was were be been being am do does did done ' +
    'have has had i me my we our you your he she it its they them their this that these those there here what which who whom ' +
    'how when where why can could would should will shall may might must not no yes so than then too very just also any all ' +
    'some more most other such only own same s t don doesn didn isn aren won get got please hi hello thanks thank hey much many',
  es:
    'el la los las un una unos unas y o pero si de del al a en con por para sin sobre es son era ser estar esta este esto ' +
    'estos estas ese esa eso hay que qué como cómo cuando cuándo donde dónde quien quién cual cuál mi mis tu tus su sus ' +
    'nuestro yo tú usted ustedes me te se le les lo nos puedo puede pueden hola gracias favor muy más ya no sí cuanto cuánto cuanta cuántos también',
  de:
    'der die das den dem des ein eine einen einem einer und oder aber wenn von zu im in am an auf mit für bei aus ist sind ' +
    'war sein bin bist habe hat haben ich mich mir wir uns du dich dir sie ihr ihre es er was wie wo wann warum welche ' +
    'welcher kann können muss nicht kein keine ja nein bitte hallo danke auch noch schon mein meine dein euer viel',
  fr:
    'le la les un une des et ou mais si de du au aux en dans sur avec pour par sans est sont été être avoir ai as a avons ' +
    'je me moi tu te vous nous il elle ils elles on ce cet cette ces que qui quoi comment quand où pourquoi quel quelle ' +
    'quels quelles mon ma mes ton ta tes son sa ses notre votre vos leur peux peut pouvez puis ne pas plus bonjour merci ' +
    'svp est-ce qu l d j n c combien aussi',
  pt:
    'o a os as um uma uns umas e ou mas se de do da dos das em no na nos nas por para com sem sobre é são era ser estar ' +
    'está este esta isto esse essa isso há que como quando onde quem qual quais meu minha meus minhas teu tua seu sua ' +
    'eu tu você vocês me te lhe nos posso pode podem olá ola obrigado obrigada favor muito mais já não sim quanto quanta quantos quantas também',
  it:
    'il lo la i gli le un uno una e o ma se di del della dei delle a al alla da in nel nella con per su senza è sono era ' +
    'essere questo questa quello quella che come quando dove chi quale quali mio mia miei mie tuo tua suo sua io tu lei ' +
    'voi mi ti si ci vi posso può possono ciao grazie favore molto più già non sì quanto quanta quanti quante anche',
  nl:
    'de het een en of maar als van in op aan te voor met bij uit om naar is zijn was waren ben bent heb hebt heeft hebben ' +
    'ik mij me je jij u hij zij ze we wij ons onze mijn jouw uw hun dit dat deze die er hier daar wat welke wie hoe ' +
    'wanneer waar waarom kan kun kunt kunnen moet moeten wil wilt niet geen ja nee wel graag hallo hoi dag bedankt dank ' +
    'alstublieft aub ook nog al heel veel hoeveel',
};

/**
 * The words to leave out when comparing two questions in `lang`: its {@link stopwords} and its
 * question words (a language without a list of those: its stopwords alone).
 */
export const questionStopwords = perLanguage((lang): Set<string> => new Set([...stopwords(lang), ...questionWordList(lang)]));

/** The question words of `lang` alone, folded (empty for a language without a list). */
function questionWordList(lang: string): string[] {
  return fold(QUESTION_WORDS[lang] ?? '').split(/\s+/).filter(Boolean);
}

/**
 * The question words that belong to what a customer says rather than to how they ask: negations
 * and the conjunctions that join a topic's words ("dice entregado pero no tengo nada" is the
 * missing parcel, whose article says "entregado pero no lo he recibido").
 */
const SAYING: Record<string, string> = {
  en: 'not no don doesn didn isn aren won and or but if',
  es: 'no y o pero si',
  de: 'nicht kein keine nein und oder aber wenn',
  fr: 'ne pas et ou mais si',
  pt: 'não e ou mas se',
  it: 'non e o ma se',
};

/**
 * How a question in `lang` is asked: its question words ("what", "can", "have", "cuánto") without
 * negations and conjunctions ({@link SAYING}), folded. Evidence that an article is the one asked
 * for lies in the other words.
 */
export const askingWords = perLanguage((lang): Set<string> => {
  const saying = new Set(fold(SAYING[lang] ?? '').split(/\s+/));
  return new Set(questionWordList(lang).filter((w) => !saying.has(w)));
});
