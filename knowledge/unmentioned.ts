import { base } from '../core/language';
import { WORDS } from '../core/language-clues';
import { analyze, askingStems, closeEnough, separatedVerbs, stemOf, tokens } from './analysis/analyzer';
import { commonStems } from './analysis/common-words';
import { measureWords } from './analysis/asks';
import { perLanguage } from './analysis/language';
import { stemsHeldBySynonyms, synonymStems } from './analysis/thesaurus';
import { articlesUsing } from './article-words';
import type { Candidate } from './confidence';
import { customersThings, existenceHead, keptForCustomers, keptNamers, LIST_ARTICLES, namedThings, namesAnotherSeller, purchases, shopsThings, thirdParties } from './named-things';
import type { QueryTranslator } from './search';
import { searchableText, topicText, type Passage, type Retriever } from './types';

/**
 * The least length of a stem that counts as a form of a longer one ("konn", können, of "konnt",
 * könnt): shorter stems must match whole. Four, the length the old "same first four letters"
 * rule used, keeps the German verb forms of the dev sets ("könnt", "nehmt") known.
 */
const FORM_STEM = 4;
/**
 * The most letters a stem may go on beyond another to be a form of it: the ending the stemmer
 * left ("t" of "liefert", "konnt"). A longer tail is another word: "auto" (the English stem of
 * "autos") goes on to "automat" (automatically) by three letters. Two keeps every same-language
 * question of dev, dev2 and dev3 as it was with the first-four-letters rule (2026-12-06).
 */
const ENDING = 2;
/** The least length of a known word found inside a question's word (or the reverse) as a compound's part. */
const COMPOUND_PART = 5;
/**
 * How many of the question's words, translated, must be in what another language's article is
 * about (its title, headings, tags, editors' questions) to outweigh a word no article has. Two,
 * as two matched words are in the customer's own language; a word only the article's text has is
 * matched by chance through a dictionary's many senses. On the help-centre tuning sets one topical
 * word (with a second anywhere) left "ma banque a refusé un virement…" and an Italian question
 * about winter tyres answered, and a German question answered from the Spanish damaged-delivery
 * article that was the warranty's; two made all three clarifying questions, and three
 * other-language right answers clarifying questions offering them (an armchair, a washing machine,
 * furniture: things no translation names, beside one topical word).
 */
const TOPICAL_EVIDENCE = 2;
/** Passages searched to count the articles that use a word (more than a help centre has in one language). */
const WIDE = 1000;
/**
 * The fewest articles that must use an everyday word before it counts as how questions are asked:
 * in a knowledge base of one or two articles every word is in "half the articles".
 */
const ASKING_ARTICLES = 3;

/**
 * Whether a question names something the knowledge base never mentions while its best article
 * matches only one of the question's words: "can you fix my car" finds the repair article by
 * "fix" alone, and "car" is in no article, is no form of a word in one and is in no thesaurus
 * group, so the shop most likely does not do it. Such a match is no ground for answering
 * outright (the answer layer clarifies instead). An everyday word half the language's articles
 * use ("can") is not counted as a match (`articleCount` tells how many there are). Two or more matched words are evidence enough
 * ("my parcel was stolen from my porch" is the missing-parcel article, porch or not); an unknown
 * word that is a form of a known one ("aceptáis paypal") is not a new topic, nor is any word of a
 * question confirmed for the article (learned from customers or written by its editors). A word
 * such a question lacks still needs the article: "is there a cafe in the Munich store" is like the
 * confirmed "where is the Munich store", which explains "Munich" and "store" but not "cafe".
 */
export async function namesUnmentioned(
  question: string,
  top: Candidate,
  retriever: Retriever,
  passagesOf?: (articleId: string, locale: string) => Promise<Passage[]>,
  /** How many articles the knowledge base has in a locale (without it every matched word is evidence). */
  articleCount?: (locale: string) => Promise<number>,
): Promise<boolean> {
  const lang = base(top.locale);
  const confirmed = confirmedStems(top, lang);
  // Confirmed without the questions that confirmed it: no telling which words they explain.
  if (confirmed === 'all') return false;
  // Question words ("what", "have", "cuánto") say how a question is asked, not what about: an
  // article that has them is no likelier to be the one asked for ("do your stores have free wifi").
  // So does a measure question's word for time ("temps" of "combien de temps pour la livraison").
  const howAsked = howAskedStems(question, lang);
  const read = await articlePassages(top, passagesOf);
  const seen = stemsOf(read, lang);
  const halves = explainedHalves(question, lang, seen);
  const stems = [...new Set(analyze(question, lang).word)].filter((s) => s.length >= 3 && !howAsked.has(s) && !halves.has(s));
  if (stems.length < 2) return false;
  const bySynonym = stemsHeldBySynonyms(stems, lang, seen);
  const unexplained = stems.filter((s) => !seen.has(s) && !bySynonym.has(s));
  const everyday = everydayStems(lang);
  // A name the article only lists ("Hamburg" among the cities with a store) is no evidence that it
  // explains what the question asks about that place ("are there toilets in the Hamburg store").
  const listed = listedNames(read, lang);
  const matched = stems.filter((s) => !unexplained.includes(s));
  const known = (stem: string) => confirmed.has(stem) || namesNoTopic(stem, lang);
  const unmentioned = async (stem: string) => unexplained.includes(stem) && !known(stem) && !(await mentioned(stem, top.locale, retriever));
  // The customer's dealings with someone else ("el pin de mi tarjeta del banco"): their words are
  // no evidence for the shop's article, and they name something that is not the shop's. A thing of
  // the customer's that the article does not explain ("the password on my wifi router", "track my
  // lost phone" on the missing-parcel article) is the same, even when another article names it (the
  // contact article's phone): the question is about that thing, which this article is not. The
  // words that describe it stay evidence: "teak" of "how do I oil my teak bench" is what the
  // wood-care article is about, though it never says "bench". What they bought from the shop ("the
  // bill for my purchase") is the shop's matter, whatever the article calls it.
  if (await namesOnlyStrangeThings(question, lang, matched, unmentioned)) return true;
  const theirs = new Set<string>();
  const [third, bought] = [thirdParties(lang), purchases(lang)];
  const isTopic = (head: string) => unexplained.includes(head) && !known(head) && !bought.has(head);
  for (const thing of customersThings(question, lang)) {
    if (thing.stems.some((s) => third.has(s))) for (const stem of thing.stems) theirs.add(stem);
    else if (isTopic(thing.head)) for (const stem of [thing.head, ...thing.bound]) theirs.add(stem);
  }
  // A thing of the shop's that no article names ("a franchise of your shop", "the CEO of your
  // company") is what the question asks about: the shop's own word only says whose it is, and is
  // no evidence for the article about it (store-locations for "your shop").
  for (const thing of shopsThings(question, lang)) {
    if (thing.bound.length && (await unmentioned(thing.bound[0]))) for (const stem of thing.stems) theirs.add(stem);
  }
  if (await namesOthersKept(question, lang, (word) => unmentioned(stemOf(word, lang)))) return true;
  // What an existence question asks for ("is there a cafe in the Munich store") is its topic: an
  // article that does not explain it answers at most the place the question names.
  const head = existenceHead(question, lang);
  const headUnexplained = head !== undefined && unexplained.includes(head) && !known(head) && !howAsked.has(head);
  const counted = matched.filter((s) => !theirs.has(s));
  if (counted.length > 1 + counted.filter((s) => everyday.has(s) || listed.has(s)).length) return false;
  let unknown = theirs.size > 0 || headUnexplained;
  for (const stem of unexplained) {
    // Words every help-desk message has ("quel", "can"), thesaurus words and a confirmed
    // question's words name no new topic. The confirmed question's words are no evidence for the
    // article here: they are what the new question shares with it, not what the article says.
    // Nor do words that say how or when something happened ("bought", "yesterday", "jemand"),
    // which articles need not use (`analysis/common-words.ts`).
    if (unknown) break;
    if (known(stem)) continue;
    unknown = !(await mentioned(stem, top.locale, retriever));
  }
  if (!unknown) return false;
  // An everyday word that no thesaurus group holds and that half the language's articles use
  // ("can", "have") says how a question is asked, not what about: it is no evidence for the
  // article ("can you recommend a removal company" matches "company" alone).
  const articles = await articleCount?.(top.locale);
  let evidence = 0;
  for (const stem of counted) {
    const asking = articles && everyday.has(stem) && !synonymStems([stem], lang).length && isAsking((await articlesUsing(stem, top.locale, retriever, WIDE)).size, articles);
    if (!asking && !listed.has(stem) && ++evidence > 1) return false;
  }
  return true;
}

/**
 * Whether every thing the question says is the customer's (their bank's aside, and those named as
 * a place: "nothing at my door") is one no article names and the best article explains none of its
 * words: "can i pay my rent with a credit card", "the password for my work laptop". The question
 * is about that thing, however many words of how it is done ("pay", "credit card") the article
 * shares. "how do I oil my teak bench" is not such a question: "teak" is the wood-care article's.
 */
async function namesOnlyStrangeThings(question: string, lang: string, matched: string[], unmentioned: (stem: string) => Promise<boolean>): Promise<boolean> {
  const third = thirdParties(lang);
  const things = customersThings(question, lang).filter((thing) => !thing.place && !thing.stems.some((s) => third.has(s)));
  if (!things.length) return false;
  for (const thing of things) if (thing.stems.some((s) => matched.includes(s)) || !(await unmentioned(thing.head))) return false;
  return true;
}

/**
 * {@link namesUnmentioned} for an answer from another language's article (the customer's language
 * has none that fits): a word of the question is evidence when it or its translation (`translate`:
 * the thesaurus's concepts, the words learned from the articles' translations, dictionaries) is in
 * the article, and names something unmentioned when it has no translation the articles use, is in
 * no article of either language and in no thesaurus group. "¿arregláis coches?" finds the English
 * repair article by "arregláis" (repair) alone, and "coches" is in no article. Two such words are
 * evidence enough only when one of them is in what the article is about (its title, headings, tags
 * or editors' questions), and the customer's things no article names make the question theirs as
 * in the customer's own language ("mi bicicleta está rota, ¿quién la repara?"). A word of a
 * question confirmed for the article is no new topic, as in {@link namesUnmentioned}.
 */
export async function namesUnmentionedAcross(
  question: string,
  /** The customer's locale (the question's language). */
  askedIn: string,
  top: Candidate,
  retriever: Retriever,
  translate: QueryTranslator,
  passagesOf?: (articleId: string, locale: string) => Promise<Passage[]>,
): Promise<boolean> {
  const [lang, to] = [base(askedIn), base(top.locale)];
  // The confirmed questions are in the customer's language, like the asked one.
  const confirmed = confirmedStems(top, lang);
  if (confirmed === 'all') return false;
  const howAsked = howAskedStems(question, lang);
  const everyday = everydayStems(lang);
  const words = [...new Set(tokens(question, lang).words)].filter((w) => w.length >= 3 && !howAsked.has(stemOf(w, lang)));
  if (words.length < 2) return false;
  const read = await articlePassages(top, passagesOf);
  const seen = stemsOf(read, to);
  const listed = listedNames(read, to);
  const translationOf = async (word: string) => analyze(await translate(word, askedIn, top.locale), to).word;
  // A word names something unmentioned when it has no translation, no article of either language
  // has it, and it names a topic ({@link namesNoTopic}): untranslated, a word that says how or
  // when is still no sign of something the articles lack ("fiz", "ontem", "vuole").
  const unmentioned = async (word: string, translated: string[]) => {
    const own = stemOf(word, lang);
    const as = new Set(analyze(word, to).word);
    if (confirmed.has(own) || namesNoTopic(own, lang) || translated.some((s) => !as.has(s))) return false;
    return !(await mentioned(own, askedIn, retriever)) && !(await mentionedAny([...as], top.locale, retriever));
  };
  if (await namesOthersKept(question, lang, async (word) => unmentioned(word, await translationOf(word)))) return true;
  const translations = new Map<string, string[]>();
  for (const word of words) translations.set(word, await translationOf(word));
  const explains = (word: string) => translations.get(word)!.some((s) => seen.has(s) && !listed.has(s));
  // The customer's things ("mein Fahrrad", "mi bicicleta") read as in the customer's own language:
  // when the article explains none of them and no article names any, the question is about them,
  // however many words of what happened to them ("kaputt", "repariert") the article translates.
  const wordOf = new Map(words.map((w) => [stemOf(w, lang), w]));
  const matched = words.filter(explains).map((w) => stemOf(w, lang));
  const unmentionedStem = async (stem: string) => {
    const word = wordOf.get(stem) ?? stem;
    return unmentioned(word, translations.get(word) ?? (await translationOf(word)));
  };
  if (await namesOnlyStrangeThings(question, lang, matched, unmentionedStem)) return true;
  // Translated words are evidence beside an unmentioned one only when they are what the article
  // is about (its title, headings, tags, editors' questions): a dictionary gives every sense of a
  // word, and words a text uses in passing ("use", "damp" of the wood-care article) are matched by
  // chance ("qué barniz uso si hay humedad").
  const topic = topicStems(read, to);
  let topical = 0;
  let unknown = false;
  for (const word of words) {
    if (explains(word)) {
      if (everyday.has(stemOf(word, lang))) continue;
      if (translations.get(word)!.some((s) => topic.has(s))) topical++;
      continue;
    }
    unknown ||= await unmentioned(word, translations.get(word)!);
  }
  return unknown && topical < TOPICAL_EVIDENCE;
}

/**
 * Whether the question names what a business keeps for its customer (a parcel, an account) by a
 * word no article in `locale` mentions ("mon colis Vinted"), whichever article the search finds:
 * it is another business's, so none of the shop's articles answers it.
 */
export async function namesAnotherBusiness(question: string, locale: string, retriever: Retriever): Promise<boolean> {
  const lang = base(locale);
  return namesOthersKept(question, lang, (word) => namesNewTopic(stemOf(word, lang), locale, retriever));
}

/**
 * Whether a stem names a topic no article in `locale` mentions: no everyday, thesaurus or
 * how-it-happened word ({@link namesNoTopic}), and no form of a word an article has.
 */
export async function namesNewTopic(stem: string, locale: string, retriever: Retriever): Promise<boolean> {
  return !namesNoTopic(stem, base(locale)) && !(await mentioned(stem, locale, retriever));
}

/**
 * Whether a stem names no topic the articles need to mention: an everyday word of the language
 * ("quel", "can"), a thesaurus word, or one that says how or when something happened ("bought",
 * "yesterday": `analysis/common-words.ts`), which articles need not use.
 */
function namesNoTopic(stem: string, lang: string): boolean {
  return everydayStems(lang).has(stem) || commonStems(lang).has(stem) || synonymStems([stem], lang).length > 0;
}

/**
 * Whether the question names what a business keeps for its customer (an account, its password, a
 * parcel) by a word that `unmentioned` says no article uses ("my netflix password", "an ebay
 * parcel", "mon colis Vinted"): it is another business's, and what the question says of it ("says
 * delivered") is about that business too, however well the words match an article. So is a thing
 * bought from another seller ("a sofa from another shop", "a wardrobe i bought from ikea": see
 * `namesAnotherSeller`).
 */
async function namesOthersKept(question: string, lang: string, unmentioned: (word: string) => Promise<boolean>): Promise<boolean> {
  if (await namesAnotherSeller(question, lang, unmentioned)) return true;
  const [kept, third] = [keptForCustomers(lang), thirdParties(lang)];
  // Without a determiner too: "passwort vom elster konto".
  for (const word of keptNamers(question, lang)) if (!third.has(stemOf(word, lang)) && (await unmentioned(word))) return true;
  for (const thing of namedThings(question, lang)) {
    if (!kept.has(thing.head) || thing.stems.some((s) => third.has(s))) continue;
    for (const word of thing.naming) if (await unmentioned(word)) return true;
  }
  return false;
}

/** The candidate article's passages: all of them where `passagesOf` gives them, else those the search found. */
async function articlePassages(top: Candidate, passagesOf?: (articleId: string, locale: string) => Promise<Passage[]>): Promise<Passage[]> {
  const passages = (await passagesOf?.(top.articleId, top.locale)) ?? [];
  return passages.length ? passages : top.hits.map((h) => h.passage);
}

/**
 * The stems of the questions confirmed for the candidate's article that are like the asked one
 * (`Hit.confirmedBy`), or `'all'` when a hit is confirmed without saying by what question.
 */
function confirmedStems(top: Candidate, lang: string): Set<string> | 'all' {
  const confirmed = top.hits.filter((h) => h.confirmed);
  if (confirmed.some((h) => !h.confirmedBy?.length)) return 'all';
  return new Set(confirmed.flatMap((h) => h.confirmedBy ?? []).flatMap((q) => analyze(q, lang).word));
}

/** Whether some article in `locale` has one of the stems or a form of it (see {@link mentioned}). */
async function mentionedAny(stems: string[], locale: string, retriever: Retriever): Promise<boolean> {
  for (const stem of stems) if (await mentioned(stem, locale, retriever)) return true;
  return false;
}

/** Whether a word that `using` of a locale's `articles` articles use is how questions are asked there. */
function isAsking(using: number, articles: number): boolean {
  return using >= ASKING_ARTICLES && using * 2 >= articles;
}

/**
 * Whether some article in `locale` has the stem or a form of it: the same stem ("aceptáis" and
 * "aceptamos" are both "acept"), the stem with an ending the stemmer left ("liefert" of
 * "liefer"), one typo away ("pasword"), or a part of a compound ("Samstagszustellung").
 */
async function mentioned(stem: string, locale: string, retriever: Retriever): Promise<boolean> {
  const lang = base(locale);
  const hits = await retriever.search(stem, { locale, limit: 5 });
  const part = (a: string, b: string) => a.length >= COMPOUND_PART && b.includes(a);
  for (const s of stemsOf(hits.map((h) => h.passage), lang)) {
    if (s === stem || isForm(s, stem) || closeEnough(s, stem) || part(s, stem) || part(stem, s)) return true;
  }
  return false;
}

/**
 * Whether one stem is the other with a short ending: the stemmer cut one form further than the
 * other ("liefer" of "Lieferung", "liefert"). Sharing first letters is not enough: "autos" and
 * "automat" (automatisch) share "auto" but neither ends where the other goes on, and "contrat"
 * (contrato) is no form of "contact": "Repariert ihr auch Autos?" and "como cancelo o meu contrato
 * de internet" name something no article mentions.
 */
function isForm(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= FORM_STEM && longer.length - shorter.length <= ENDING && longer.startsWith(shorter);
}

/** Words that join a list's last item in the help centre's languages ("and", "y", "und", "et", "ou", "e"). */
const LIST_JOINS = new Set(['and', 'or', 'y', 'o', 'und', 'oder', 'et', 'ou', 'e']);

/**
 * The stems of the names that the passages only list: capitalised words next to another name
 * across a comma or a join ("Berlin, Hamburg, Munich, Vienna and Zurich"), unless the passages
 * also use them outside such a list (in a sentence of their own, or in a title, heading, tag or
 * editor's question, which say what the article is about) or a thesaurus group holds them.
 */
function listedNames(passages: Passage[], lang: string): Set<string> {
  const inLists = new Set<string>();
  const elsewhere = new Set<string>();
  for (const p of passages) {
    for (const s of topicStems([p], lang)) elsewhere.add(s);
    for (const line of p.text.split('\n')) {
      const tokens = line.match(/[\p{L}\p{N}'’-]+|[,.;:!?()]/gu) ?? [];
      const name = (i: number) => i > 0 && /^\p{Lu}/u.test(tokens[i] ?? '') && !/[.!?:]/.test(tokens[i - 1]);
      const joined = (i: number, step: 1 | -1) => {
        let j = i + step;
        if (tokens[j] !== ',' && !LIST_JOINS.has(tokens[j]?.toLowerCase())) return false;
        j += step;
        if (LIST_ARTICLES.has(tokens[j]?.toLowerCase())) j += step;
        return name(j);
      };
      tokens.forEach((t, i) => {
        if (!/\p{L}/u.test(t)) return;
        const into = name(i) && (joined(i, 1) || joined(i, -1)) ? inLists : elsewhere;
        for (const s of analyze(t, lang).word) into.add(s);
      });
    }
  }
  // A listed name a thesaurus group holds is a topic customers ask about ("suiza" in the abroad
  // group: "mandais a suiza?" asks about shipping there), so it stays evidence.
  return new Set([...inLists].filter((s) => !elsewhere.has(s) && !synonymStems([s], lang).length));
}

/** The stems of the words that say how `question` is asked: `lang`'s question words and, in a measure question, its word for time ({@link measureWords}). */
function howAskedStems(question: string, lang: string): Set<string> {
  return new Set([...askingStems(lang), ...[...measureWords(question, lang)].map((w) => stemOf(w, lang))]);
}

/**
 * The stems of the finite halves of the question's German separable verbs ("baut" of "baut ihr den
 * Schrank auch auf") whose whole ("aufbauen") the article explains (`seen`): the half is part of
 * that verb, explained with it, not a word of its own. Where the article does not explain the
 * whole, the half still counts as the question's word.
 */
function explainedHalves(question: string, lang: string, seen: Set<string>): Set<string> {
  const explained = separatedVerbs(question, lang).filter((v) => seen.has(stemOf(v.infinitive, lang)));
  return new Set(explained.map((v) => stemOf(v.finite, lang)));
}

/** The stems of the language detector's everyday words (`core/language-clues.ts`) in `lang`. */
const everydayStems = perLanguage((lang): Set<string> => new Set(analyze(WORDS[lang] ?? '', lang).word));

/** The stems of what the passages say they are about: their titles, headings, tags and editors' questions. */
function topicStems(passages: Passage[], lang: string): Set<string> {
  return new Set(passages.flatMap((p) => analyze(topicText(p), lang).word));
}

function stemsOf(passages: Passage[], lang: string): Set<string> {
  return new Set(passages.flatMap((p) => analyze(searchableText(p), lang).word));
}
