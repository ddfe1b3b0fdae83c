/*
 * The things a question names, read from its words: what follows a possessive or an article ("my
 * wifi router", "mi tarjeta del banco", "an ebay parcel"), whose it is, and what an existence
 * question asks for ("is there a cafe in…"). The unmentioned check (`unmentioned.ts`) decides with
 * them whether the question is about something no article explains.
 */
import { analyze, stemOf, words } from './analysis/analyzer';
import { perLanguage } from './analysis/language';
import { fold } from './analysis/normalize';
import { stopwords } from './analysis/stopwords';

/** Words between a list's join and a name ("Suiza, Noruega y el Reino Unido"). */
export const LIST_ARTICLES = new Set(['the', 'el', 'la', 'los', 'las', 'der', 'die', 'das', 'le', 'les', 'o', 'a', 'os', 'as']);

/** The customer's possessive determiners per language ("my", "mi", "meine", "ma", "minha", "mio"). */
const MINE: Record<string, string> = {
  en: 'my',
  es: 'mi mis',
  de: 'mein meine meinen meinem meiner meines',
  fr: 'mon ma mes',
  pt: 'meu minha meus minhas',
  it: 'mio mia miei mie',
};
/** The possessive determiners that address the shop ("your", "vuestro", "euer", "votre", "vosso", "vostro"), formal and familiar. */
const YOURS: Record<string, string> = {
  en: 'your',
  es: 'tu tus su sus vuestro vuestra vuestros vuestras',
  de: 'dein deine deinen deinem deiner deines euer eure euren eurem eurer eures ihr ihre ihren ihrem ihrer ihres',
  fr: 'ton ta tes votre vos',
  pt: 'teu tua teus tuas seu sua seus suas vosso vossa vossos vossas',
  it: 'tuo tua tuoi tue suo sua suoi sue vostro vostra vostri vostre',
};
/**
 * Prepositions that make a noun part of what follows ("the password on my router", "el pin de mi
 * tarjeta del banco") or say whose a thing is ("my parcel from amazon", "mon compte chez Amazon").
 */
const BINDING: Record<string, string> = {
  en: 'of on from',
  es: 'de del',
  de: 'von vom',
  fr: 'de du des chez',
  pt: 'de do da dos das',
  it: 'di del della dei delle',
};
/**
 * Words for the other businesses a customer deals with (their bank, their electricity supplier,
 * their insurer): what the customer has from them is theirs to answer for, not the shop's. The
 * adjective and the compound that say a thing is the bank's ("ma carte bancaire", "meine
 * Bankkarte") say so as plainly as "de la banque".
 */
const THIRD_PARTIES: Record<string, string> = {
  en: 'bank banking provider supplier insurer insurance landlord employer',
  es: 'banco bancaria bancario proveedor aseguradora seguro operadora casero',
  de: 'bank bankkarte sparkasse anbieter versicherung krankenkasse vermieter arbeitgeber',
  fr: 'banque bancaire fournisseur opérateur assurance mutuelle employeur',
  pt: 'banco bancária bancário fornecedor operadora seguradora seguro senhorio',
  it: 'banca bancaria bancario fornitore operatore assicurazione gestore',
};
/**
 * Words for what a business keeps for its customer: an account, its password, a subscription or
 * membership, a parcel on its way, a payment it takes ("my netflix payment failed"). Orders are
 * left out: customers name them by what they bought ("my wardrobe order"), which the articles need
 * not mention.
 */
const KEPT_FOR_CUSTOMERS: Record<string, string> = {
  en: 'account password login parcel package subscription membership payment',
  es: 'cuenta contraseña paquete suscripción pago',
  de: 'konto kundenkonto passwort kennwort paket abo zahlung',
  fr: 'compte colis abonnement paiement',
  pt: 'conta senha pacote assinatura pagamento',
  it: 'account password pacco abbonamento pagamento',
};
/**
 * Words for what a customer bought from the shop: their purchase, order, item or product ("the bill
 * for my purchase"). Such a thing is the shop's matter whatever the article calls it, so it never
 * says the question is about something else.
 */
const PURCHASES: Record<string, string> = {
  en: 'purchase purchases order orders item items product products',
  es: 'compra compras pedido pedidos articulo articulos producto productos',
  de: 'bestellung bestellungen kauf einkauf artikel produkt produkte ware',
  fr: 'achat achats commande commandes article articles produit produits',
  pt: 'compra compras encomenda encomendas pedido pedidos artigo artigos produto produtos',
  it: 'acquisto acquisti ordine ordini articolo articoli prodotto prodotti',
};
/** The stems of `lang`'s {@link PURCHASES}. */
export const purchases = perLanguage((lang): Set<string> => new Set(analyze(PURCHASES[lang] ?? '', lang).word));
/** Content words a customer's thing runs to after the possessive ("my wifi router", "mi tarjeta del banco"). */
const THING_WORDS = 2;

/** Prepositions of place: the thing after them is where something happened ("nothing at my door", "stolen from my porch"). */
const PLACES: Record<string, string> = {
  en: 'at on in into from outside near by',
  es: 'en a desde delante',
  de: 'an auf in vor bei aus',
  fr: 'a dans sur devant chez',
  pt: 'em na no a à desde',
  it: 'a in su davanti da',
};
const foldedSet = (lists: Record<string, string>) => perLanguage((lang): Set<string> => new Set(fold(lists[lang] ?? '').split(/\s+/).filter(Boolean)));
const mine = foldedSet(MINE);
const binding = foldedSet(BINDING);
const places = foldedSet(PLACES);
const yours = foldedSet(YOURS);
/** The stems of `lang`'s {@link KEPT_FOR_CUSTOMERS}. */
export const keptForCustomers = perLanguage((lang): Set<string> => new Set(analyze(KEPT_FOR_CUSTOMERS[lang] ?? '', lang).word));
/** The stems of `lang`'s {@link THIRD_PARTIES}. */
export const thirdParties = perLanguage((lang): Set<string> => new Set(analyze(THIRD_PARTIES[lang] ?? '', lang).word));

/** Languages whose noun phrases put their head first ("tarjeta del banco", "carte cadeau"); the others put it last ("bank card", "Bankkarte"). */
const HEAD_FIRST = new Set(['es', 'fr', 'pt', 'it']);

/** A thing the question names after a determiner ({@link customersThings}, {@link namedThings}). */
export interface NamedThing {
  /** The stems of the thing's words, of its owner and of the noun bound to it: all of them name the thing. */
  stems: string[];
  /** The stem of its head noun ("router" of "my wifi router", "tarjeta" of "mi tarjeta del banco"). */
  head: string;
  /** The words that say which thing of its kind it is: its other words and its owner ("wifi", "banco"). */
  naming: string[];
  /** The stem of the noun bound to it before the possessive ("password" of "the password on my router"), if any. */
  bound: string[];
  /** Whether a preposition of place comes before it ("at my door", "from my porch"): it says where, not what about. */
  place: boolean;
}

/** Each thing the question says is the customer's: what follows a possessive ("my wifi router", "mi tarjeta del banco"). */
export function customersThings(question: string, lang: string): NamedThing[] {
  return thingsAfter(question, lang, (w) => mine(lang).has(w));
}

/** Each thing the question says is the shop's: what follows "your" ("a franchise of your shop"). */
export function shopsThings(question: string, lang: string): NamedThing[] {
  return thingsAfter(question, lang, (w) => yours(lang).has(w));
}

/** Each thing the question names after a possessive or an article ("my netflix password", "an ebay parcel"). */
export function namedThings(question: string, lang: string): NamedThing[] {
  return thingsAfter(question, lang, (w) => mine(lang).has(w) || LIST_ARTICLES.has(w) || EXISTS_ARTICLES.has(w));
}

/**
 * Each thing after a determiner: its words ({@link thingWords}), whose it is ({@link ownerAfter})
 * and the noun bound to it before ({@link nounBoundBefore}), with the stem of its head noun
 * ("table", not "oak", of "my oak table").
 */
function thingsAfter(question: string, lang: string, determiner: (w: string) => boolean): NamedThing[] {
  const ws = words(fold(question), lang);
  const stem = (w: string) => stemOf(w, lang);
  const things: NamedThing[] = [];
  ws.forEach((w, i) => {
    if (!determiner(w)) return;
    const own = thingWords(ws, i + 1, lang);
    if (!own.length) return;
    const head = HEAD_FIRST.has(lang) ? own[0] : own[own.length - 1];
    const bound = nounBoundBefore(ws, i, lang);
    const owner = ownerAfter(ws, i + 1 + own.length, lang);
    const naming = [...own.filter((w) => w !== head), ...owner];
    things.push({ stems: [...own, ...owner, ...bound].map(stem), head: stem(head), naming, bound: bound.map(stem), place: places(lang).has(ws[i - 1] ?? '') });
  });
  return things;
}

/** Whether a question's word can name a thing: it is no stopword and no possessive. */
function isContent(w: string | undefined, lang: string): w is string {
  return w !== undefined && !stopwords(lang).has(w) && !mine(lang).has(w);
}

/** The thing's words: the content words right after the determiner, from `start`, at most {@link THING_WORDS} ("wifi router"). */
function thingWords(ws: string[], start: number, lang: string): string[] {
  const own: string[] = [];
  for (let j = start; own.length < THING_WORDS && isContent(ws[j], lang); j++) own.push(ws[j]);
  return own;
}

/**
 * Whose the thing is: the noun after a binding preposition right after the thing's words, with or
 * without an article ("banco" of "mi tarjeta del banco"). It says whose the thing is, so it names the thing too.
 */
function ownerAfter(ws: string[], after: number, lang: string): string[] {
  if (!binding(lang).has(ws[after] ?? '')) return [];
  if (isContent(ws[after + 1], lang)) return [ws[after + 1]];
  return LIST_ARTICLES.has(ws[after + 1] ?? '') && isContent(ws[after + 2], lang) ? [ws[after + 2]] : [];
}

/**
 * The noun bound to a thing before its determiner: after an article and before a binding
 * preposition ("the password on my router"), it is part of the thing.
 */
function nounBoundBefore(ws: string[], determiner: number, lang: string): string[] {
  const [article, noun, preposition] = [ws[determiner - 3] ?? '', ws[determiner - 2], ws[determiner - 1] ?? ''];
  return binding(lang).has(preposition) && isContent(noun, lang) && (LIST_ARTICLES.has(article) || EXISTS_ARTICLES.has(article)) ? [noun] : [];
}

/** Per language, the words that ask whether something exists ("is there", "hay", "gibt es", "y a-t-il", "c'è"), folded. */
const EXISTS: Record<string, string[]> = {
  en: ['is there', 'are there'],
  es: ['hay'],
  de: ['gibt es'],
  fr: ['y a t il'],
  it: ['c e', 'ci sono'],
};
/** Words between an existence question's words and what it asks for ("a", "any", "algún"). */
const EXISTS_ARTICLES = new Set(fold('a an any some un una unos unas algun alguna algunos algunas ein eine einen une des du uno dei delle degli').split(' '));

/**
 * The stem of what an existence question asks for: the word after "is there", "hay", "gibt es"
 * and an article ("is there a cafe in the Munich store": "cafe"), or undefined when there is none
 * or a function word follows ("gibt es im Laden", "hay que pagar").
 */
export function existenceHead(question: string, lang: string): string | undefined {
  const ws = words(fold(question), lang);
  const stop = stopwords(lang);
  for (const marker of EXISTS[lang] ?? []) {
    const m = marker.split(' ');
    for (let i = 0; i + m.length < ws.length; i++) {
      if (!m.every((w, k) => ws[i + k] === w)) continue;
      let j = i + m.length;
      if (EXISTS_ARTICLES.has(ws[j])) j++;
      const head = ws[j];
      return head && !stop.has(head) && !EXISTS_ARTICLES.has(head) ? stemOf(head, lang) : undefined;
    }
  }
  return undefined;
}

/**
 * Words that say the customer bought a thing from a seller or takes it back to one ("bought",
 * "compré", "gekauft", "acheté", "comprei", "comprato", "return"). Ordering is left out: customers
 * order from the shop, and name where an order goes ("ordered to Madeira").
 */
const DEALINGS: Record<string, string> = {
  en: 'bought buy purchased return',
  es: 'compre compro comprado comprada comprados compradas compramos',
  de: 'gekauft kaufte gekauften gekaufte',
  fr: 'achete achetee achetes achetees',
  pt: 'comprei comprou comprado comprada comprados compradas',
  it: 'comprato comprata comprati comprate acquistato acquistati',
};
/** Words for "another" or "other" that, before a word for a shop, name another seller ("another shop", "otra tienda", "einem anderen Möbelhaus"). */
const OTHER: Record<string, string> = {
  en: 'another other different',
  es: 'otra otro otras otros',
  de: 'anderen anderer anderem andere anderes',
  fr: 'autre autres',
  pt: 'outra outro outras outros',
  it: 'altro altra altri altre',
};
/** Words for a shop, as another seller's ({@link OTHER}). */
const SHOPS: Record<string, string> = {
  en: 'shop store retailer seller website',
  es: 'tienda tiendas comercio web',
  de: 'laden geschaft mobelhaus handler shop',
  fr: 'magasin magasins boutique enseigne site',
  pt: 'loja lojas site',
  it: 'negozio negozi sito',
};
/** Words that say a thing was bought somewhere else ("elsewhere", "woanders", "ailleurs", "altrove"). */
const ELSEWHERE: Record<string, string> = {
  en: 'elsewhere',
  de: 'woanders anderswo',
  fr: 'ailleurs',
  it: 'altrove',
};
/** Prepositions that name the seller right after them ("from ikea", "at ikea", "bei Ikea", "chez Ikea", "da Ikea"). */
const SELLER_BEFORE: Record<string, string> = {
  en: 'from at to',
  de: 'bei',
  fr: 'chez',
  it: 'da',
};
/** How many words a purchase may be from where the question says the seller is ("i bought a sofa from another shop"). */
const DEALING_REACH = 4;
/** The most words between "another" and the word for a shop ("another furniture shop"). */
const OTHER_SHOP_GAP = 1;

const dealings = foldedSet(DEALINGS);
const others = foldedSet(OTHER);
const shops = foldedSet(SHOPS);
const elsewhere = foldedSet(ELSEWHERE);
const sellerBefore = foldedSet(SELLER_BEFORE);

/**
 * Whether the question says the thing it is about was bought from, or goes back to, another
 * seller: "from another shop", "en otra tienda", "bei einem anderen Möbelhaus", "elsewhere", or a
 * name after "from", "at" or "to" that `unmentioned` says no article uses ("a wardrobe i bought
 * from ikea", "return a gift to ikea"), near a word for buying or returning in the same clause.
 * The shop's articles explain what it sold; what another seller sold is that seller's to answer.
 */
export async function namesAnotherSeller(question: string, lang: string, unmentioned: (word: string) => Promise<boolean>): Promise<boolean> {
  for (const clause of fold(question).split(/[,.;:!?]/)) {
    const ws = words(clause, lang);
    const dealt = (at: number) => ws.slice(Math.max(0, at - DEALING_REACH), at + DEALING_REACH + 1).some((w) => dealings(lang).has(w));
    for (const [i, w] of ws.entries()) {
      if (!dealt(i)) continue;
      if (elsewhere(lang).has(w) || namesOtherShop(ws, i, lang)) return true;
      if (sellerBefore(lang).has(w) && namesSeller(ws[i + 1], lang) && (await unmentioned(ws[i + 1]!))) return true;
    }
  }
  return false;
}

/**
 * Whether the word after a seller's preposition can be a seller's name: a content word that is no
 * buying or returning itself ("to buy", "to return": an infinitive, not a shop called "buy").
 */
function namesSeller(word: string | undefined, lang: string): boolean {
  return isContent(word, lang) && !dealings(lang).has(word!);
}

/** Whether the words at `at` name another shop: a word for "other" and, at most {@link OTHER_SHOP_GAP} words on, one for a shop. */
function namesOtherShop(ws: string[], at: number, lang: string): boolean {
  return others(lang).has(ws[at]!) && ws.slice(at + 1, at + 2 + OTHER_SHOP_GAP).some((n) => shops(lang).has(n));
}

/**
 * The words that say whose is a thing a business keeps for its customer when no determiner comes
 * first ("passwort vom elster konto", "netflix password"): the content word before the kept noun
 * in languages that put the head last, after it in the others, and its owner after a binding
 * preposition ("cuenta de amazon").
 */
export function keptNamers(question: string, lang: string): string[] {
  const ws = words(fold(question), lang);
  const kept = keptForCustomers(lang);
  return ws.flatMap((w, i) => {
    if (!kept.has(stemOf(w, lang))) return [];
    const modifier = HEAD_FIRST.has(lang) ? ws[i + 1] : ws[i - 1];
    const named = isContent(modifier, lang) && !kept.has(stemOf(modifier, lang)) ? [modifier] : [];
    return [...named, ...ownerAfter(ws, i + 1, lang)];
  });
}
