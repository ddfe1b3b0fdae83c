import type { Candidate } from '../../knowledge/confidence';
import { TermTable } from '../../knowledge/crosslingual';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import type { Hit, Passage } from '../../knowledge/types';
import { namesAnotherBusiness, namesUnmentioned, namesUnmentionedAcross } from '../../knowledge/unmentioned';

const passage = (articleId: string, locale: string, title: string, text: string): Passage => ({ id: `${articleId}.${locale}#0`, articleId, locale, title, text });

/** The repair article exists only in English; the Spanish customer's question is read across languages. */
const PASSAGES = [
  passage('repairs', 'en', 'Repair service', 'We repair our own-brand sofas, chairs and appliances after the guarantee has ended.'),
  passage('shipping', 'en', 'Shipping times', 'Standard delivery takes 3 to 5 working days.'),
  passage('shipping', 'es', 'Plazos de envío', 'El envío estándar tarda de 3 a 5 días laborables.'),
  passage('payment', 'es', 'Formas de pago', 'Aceptamos Visa, Mastercard y PayPal en la caja registradora.'),
];
/** The retriever's best candidate for a question, found by one passage. */
const candidate = (p: Passage): Candidate => ({ articleId: p.articleId, locale: p.locale, title: p.title, score: 1, best: p, hits: [{ passage: p, score: 1 }] });
const REPAIRS = candidate(PASSAGES[0]);

/** A retriever over the passages, the translations learned from them, and the passages of an article. */
function knowledgeOf(passages: Passage[]) {
  const retriever = new LexicalRetriever();
  const terms = TermTable.learn(passages);
  const translate = (q: string, from: string, to: string) => terms.translate(q, from, to);
  const passagesOf = async (id: string, locale: string) => passages.filter((p) => p.articleId === id && p.locale === locale);
  beforeAll(() => retriever.add(passages));
  return { retriever, translate, passagesOf };
}

/** An answer from another language's article gets the unmentioned check too, word by word through the translations. */
describe('questions answered from another language\'s article', () => {
  const { retriever, translate, passagesOf } = knowledgeOf(PASSAGES);

  test('"reparar coches" matches the English repair article by "reparar" (repair) alone, and no article has "coches": unmentioned', async () => {
    expect(await namesUnmentionedAcross('reparar coches', 'es', REPAIRS, retriever, translate, passagesOf)).toBe(true);
  });

  test('"reparar sofás" is explained by the article beyond "reparar" (the name of the thing is the same word)', async () => {
    expect(await namesUnmentionedAcross('reparar sofás', 'es', REPAIRS, retriever, translate, passagesOf)).toBe(false);
  });

  test('a thing another article in the customer\'s language mentions is no new topic', async () => {
    expect(await namesUnmentionedAcross('reparar caja registradora', 'es', REPAIRS, retriever, translate, passagesOf)).toBe(false);
  });
});

/**
 * A form of a word is the same stem, or the stem with an ending the stemmer left ("konnt" of
 * "konn"); two words that only share their first letters ("autos", "automat") are two words.
 */
describe('forms of a word the articles use', () => {
  const GERMAN = [
    passage('repairs', 'en', 'Repair service', 'We repair our own-brand sofas, chairs and appliances after the guarantee has ended.'),
    passage('assembly', 'de', 'Aufbauservice', 'Wir können deine Möbel zu Hause aufbauen.'),
    passage('wardrobes', 'de', 'Kleiderschränke', 'Jeder Kleiderschrank wird mit Anleitung geliefert.'),
    passage('invoice', 'de', 'Rechnung', 'Die Rechnung schicken wir automatisch per E-Mail.'),
  ];
  const { retriever, translate, passagesOf } = knowledgeOf(GERMAN);

  test('"Repariert ihr auch Autos?" shares only "auto" with "automatisch": the cars are unmentioned', async () => {
    expect(await namesUnmentionedAcross('Repariert ihr auch Autos?', 'de', candidate(GERMAN[0]), retriever, translate, passagesOf)).toBe(true);
  });

  test('"könnt" is "können" with an ending the stemmer left: no new topic', async () => {
    expect(await namesUnmentioned('könnt ihr den Kleiderschrank aufbauen', candidate(GERMAN[1]), retriever, passagesOf)).toBe(false);
  });

  test('a word no article has in any form is unmentioned', async () => {
    expect(await namesUnmentioned('könnt ihr den Carport aufbauen', candidate(GERMAN[1]), retriever, passagesOf)).toBe(true);
  });
});

describe('a stem that goes on by more than an ending', () => {
  const ENGLISH = [
    passage('repairs', 'en', 'Repair service', 'We repair our own-brand sofas, chairs and appliances after the guarantee has ended.'),
    passage('invoice', 'en', 'Invoices', 'We e-mail the invoice automatically when the order ships.'),
  ];
  const { retriever } = knowledgeOf(ENGLISH);

  test('"auto" is no form of "automat" (automatically): "repair my auto" names something unmentioned', async () => {
    expect(await namesUnmentioned('can you repair my auto', candidate(ENGLISH[0]), retriever)).toBe(true);
  });
});

/** "anche", "también", "aussi", "também" are how a question is asked, like "also" and "auch": no evidence for an article that says "also". */
describe('"also" in the customer\'s language', () => {
  const REPAIRS_ALSO = passage('repairs', 'en', 'Repair service', 'We repair our furniture and appliances also after the guarantee has ended.');
  const DICTIONARY: Record<string, string> = { riparate: 'repair', anche: 'also' };
  const translate = (q: string) => q.split(/\s+/).map((w) => DICTIONARY[w] ?? w).join(' ');
  const { retriever } = knowledgeOf([REPAIRS_ALSO]);

  test('"riparate anche le automobili?" matches the English repair article by "riparate" alone: the cars are unmentioned', async () => {
    expect(await namesUnmentionedAcross('riparate anche le automobili', 'it', candidate(REPAIRS_ALSO), retriever, translate)).toBe(true);
  });
});

/**
 * A confirmed question (learned or an editor's) explains the words it holds, not the ones it lacks:
 * an out-of-scope look-alike of a confirmed question still names something no article mentions.
 */
describe('unmentioned words beside a confirmed question', () => {
  const ENGLISH = [
    passage('repairs', 'en', 'Repair service', 'We repair our own-brand sofas, chairs and appliances after the guarantee has ended.'),
    passage('payment', 'en', 'Payment methods', 'We accept Visa, Mastercard and PayPal.'),
  ];
  const { retriever, passagesOf } = knowledgeOf(ENGLISH);
  /** The repair article, its hit confirmed by `confirmedBy` (by no question named when absent). */
  const confirmedRepairs = (confirmedBy?: string[]): Candidate => {
    const hit: Hit = { passage: ENGLISH[0], score: 1, confirmed: true, ...(confirmedBy ? { confirmedBy } : {}) };
    return { ...candidate(ENGLISH[0]), hits: [hit] };
  };

  test('without a confirmed question, "repair my scooter" names something no article mentions', async () => {
    expect(await namesUnmentioned('repair my scooter', candidate(ENGLISH[0]), retriever, passagesOf)).toBe(true);
  });

  test('a word the confirmed question holds is explained by it ("scooter" confirmed for repairs)', async () => {
    expect(await namesUnmentioned('repair my scooter', confirmedRepairs(['can you repair my scooter']), retriever, passagesOf)).toBe(false);
  });

  test('a word the confirmed question lacks still needs the article ("helmet" beside a confirmed "scooter")', async () => {
    expect(await namesUnmentioned('repair my scooter helmet', confirmedRepairs(['can you repair my scooter']), retriever, passagesOf)).toBe(true);
  });

  test('a hit confirmed without naming its questions keeps every word explained', async () => {
    expect(await namesUnmentioned('repair my scooter helmet', confirmedRepairs(), retriever, passagesOf)).toBe(false);
  });

  test('across languages, the confirmed question explains the customer\'s words it holds and no others', async () => {
    const translate = (q: string) => (q.startsWith('repar') ? 'repair' : q);
    const confirmed = confirmedRepairs(['reparáis patinetes']);
    expect(await namesUnmentionedAcross('reparar patinetes', 'es', confirmed, retriever, translate, passagesOf)).toBe(false);
    expect(await namesUnmentionedAcross('reparar cascos', 'es', confirmed, retriever, translate, passagesOf)).toBe(true);
  });
});

/**
 * Words that say how or when something happened ("came", "yesterday", "llegó", "ayer") are in
 * no article, yet name no topic: they never make a question unmentioned. A noun still does.
 */
describe('everyday verbs and time words are no unmentioned topic', () => {
  const { retriever, translate, passagesOf } = knowledgeOf(PASSAGES);
  const articles = async () => PASSAGES.length;

  test('"my sofa came yesterday" matches the repair article by "sofa" alone, and "came" and "yesterday" name nothing new', async () => {
    expect(await namesUnmentioned('my sofa came yesterday', REPAIRS, retriever, passagesOf, articles)).toBe(false);
  });

  test('"my car came yesterday" still names the car, which no article mentions', async () => {
    expect(await namesUnmentioned('my car came yesterday', REPAIRS, retriever, passagesOf, articles)).toBe(true);
  });

  test('a colour picks out which item, it names no topic: "my blue sofa"', async () => {
    expect(await namesUnmentioned('my blue sofa', REPAIRS, retriever, passagesOf, articles)).toBe(false);
  });

  test('across languages: "llegó ayer, reparar?" is explained by "reparar"; "llegó" and "ayer" are no new topic', async () => {
    expect(await namesUnmentionedAcross('llegó ayer, reparar?', 'es', REPAIRS, retriever, translate, passagesOf)).toBe(false);
    expect(await namesUnmentionedAcross('llegó ayer, reparar coches?', 'es', REPAIRS, retriever, translate, passagesOf)).toBe(true);
  });
});

/**
 * What a business keeps for its customer (a parcel, an account) named by a word no article uses is
 * another business's in any language: the Italian customer's question, read across languages, too.
 */
describe("another business's parcel", () => {
  const TRACKING = passage('tracking', 'en', 'Tracking your parcel', 'The e-mail we send when your parcel ships has the DHL tracking link: it shows where your parcel is.');
  const SUIVI = passage('tracking', 'fr', 'Suivre votre colis', 'Le lien de suivi DHL de votre colis est dans l\'e-mail d\'expédition.');
  const DICTIONARY: Record<string, string> = { trovo: 'find', link: 'link', tracciare: 'track', pacco: 'parcel' };
  const translate = (q: string) => q.split(/\s+/).map((w) => DICTIONARY[w] ?? w).join(' ');
  const { retriever, passagesOf } = knowledgeOf([TRACKING, SUIVI]);

  test('whichever article is found, "mon colis vinted" is Vinted\'s parcel; "mon colis DHL" and "mon colis" are the shop\'s', async () => {
    expect(await namesAnotherBusiness('mon colis vinted est bloqué, que faire', 'fr', retriever)).toBe(true);
    expect(await namesAnotherBusiness('mon colis DHL est bloqué, que faire', 'fr', retriever)).toBe(false);
    expect(await namesAnotherBusiness('mon colis est bloqué, que faire', 'fr', retriever)).toBe(false);
  });

  test('"dove trovo il link per tracciare il mio pacco vinted" matches the tracking article by "link" and "tracciare", yet the parcel is Vinted\'s', async () => {
    expect(await namesUnmentionedAcross('dove trovo il link per tracciare il mio pacco vinted', 'it', candidate(TRACKING), retriever, translate, passagesOf)).toBe(true);
  });

  test('a parcel named by the carrier the article mentions is the shop\'s', async () => {
    expect(await namesUnmentionedAcross('dove trovo il link per tracciare il mio pacco dhl', 'it', candidate(TRACKING), retriever, translate, passagesOf)).toBe(false);
  });
});

/** A thing of the shop's that no article names is what the question asks about, not the shop it belongs to. */
describe("the shop's things", () => {
  const STORES = passage('stores', 'en', 'Our stores', 'We have stores in Berlin, Hamburg and Munich. Most stores are open Monday to Saturday, 10:00 to 20:00.');
  const { retriever, passagesOf } = knowledgeOf([STORES, passage('returns', 'en', 'Returns', 'You can return an item within 30 days.')]);

  test('"can I open a franchise of your shop" matches the stores article by "open" and "shop", yet asks about a franchise', async () => {
    expect(await namesUnmentioned('can I open a franchise of your shop', candidate(STORES), retriever, passagesOf)).toBe(true);
  });

  test('a thing of the shop\'s that the article explains is its topic: "the hours of your shop on Saturday"', async () => {
    expect(await namesUnmentioned('are the hours of your shop longer on Saturday', candidate(STORES), retriever, passagesOf)).toBe(false);
  });
});

/**
 * A payment named by a business no article mentions is that business's to answer for, as its
 * parcel is; "bancaire" says a card is the bank's as plainly as "de la banque".
 */
describe("another business's payment or card", () => {
  const DECLINED = passage('declined', 'en', 'My payment was declined', 'If your card payment failed at checkout, check the card details or pay with PayPal.');
  const REFUNDS = passage('refunds', 'fr', 'Quand serai-je remboursé ?', 'Le remboursement se fait sur le moyen de paiement utilisé. Sur une carte bancaire, il apparaît sous 3 à 7 jours ouvrés.');
  const { retriever, passagesOf } = knowledgeOf([DECLINED, REFUNDS, passage('returns', 'fr', 'Retours', 'Vous pouvez retourner un article sous 30 jours.')]);
  const unmentioned = (question: string, top: Passage) => namesUnmentioned(question, candidate(top), retriever, passagesOf);

  test('"my netflix payment failed" matches the declined-payment article by "payment" and "failed", yet the payment is Netflix\'s', async () => {
    expect(await unmentioned('my netflix payment failed', DECLINED)).toBe(true);
  });

  test('a payment named by a way of paying the article mentions is the shop\'s: "my paypal payment failed"', async () => {
    expect(await unmentioned('my paypal payment failed', DECLINED)).toBe(false);
  });

  test('"ma carte bancaire a été volée" matches the refunds article by "carte bancaire" alone: unmentioned', async () => {
    expect(await unmentioned('ma carte bancaire a été volée', REFUNDS)).toBe(true);
  });

  test('a refund to the bank card the article explains is its topic', async () => {
    expect(await unmentioned('quand le remboursement arrive sur la carte bancaire', REFUNDS)).toBe(false);
  });
});

/** What another seller sold is that seller's to answer, however well the words match the shop's own article. */
describe('a thing bought from another seller', () => {
  const ASSEMBLY = passage('assembly', 'en', 'Assembly service', 'Our team can put together any wardrobe, bed or sofa you buy from us. Book it at checkout or in the shop.');
  const { retriever } = knowledgeOf([ASSEMBLY, passage('returns', 'en', 'Returns', 'You can return an item you bought within 30 days.')]);

  test('"from another shop", "en otra tienda", "bei einem anderen Möbelhaus", "altrove" name another seller', async () => {
    expect(await namesAnotherBusiness('i bought a sofa from another shop and it sags', 'en', retriever)).toBe(true);
    expect(await namesAnotherBusiness('me montáis un armario que compré en otra tienda?', 'es', retriever)).toBe(true);
    expect(await namesAnotherBusiness('ich habe ein sofa bei einem anderen möbelhaus gekauft', 'de', retriever)).toBe(true);
    expect(await namesAnotherBusiness('montate anche mobili comprati altrove?', 'it', retriever)).toBe(true);
  });

  test('a name no article uses after "from" or "to", near buying or returning: "bought from ikea", "return a gift to ikea"', async () => {
    expect(await namesAnotherBusiness('can you put together a wardrobe i bought from ikea', 'en', retriever)).toBe(true);
    expect(await namesAnotherBusiness('can i return a gift to ikea', 'en', retriever)).toBe(true);
  });

  test('the shop named as the seller, another shop away from any purchase, and "other" before no shop are the shop\'s', async () => {
    expect(await namesAnotherBusiness('can you put together a wardrobe i bought from you', 'en', retriever)).toBe(false);
    expect(await namesAnotherBusiness('can i return a wardrobe i bought to the shop', 'en', retriever)).toBe(false);
    expect(await namesAnotherBusiness('no puedo finalizar la compra, la tarjeta funciona en otras tiendas', 'es', retriever)).toBe(false);
    expect(await namesAnotherBusiness('i bought a sofa, can i return the other cushion', 'en', retriever)).toBe(false);
  });
});

/** "to" names a seller only when a name follows it, not a verb of buying ("register to buy"). */
describe('"to" before a verb of buying', () => {
  const { retriever } = knowledgeOf([passage('account', 'en', 'Create an account', 'You can order as a guest or register with your email address.')]);

  test('"to buy" is an infinitive, not a seller called "buy", in a knowledge base that never says "buy"', async () => {
    expect(await namesAnotherBusiness('do i have to register to buy something', 'en', retriever)).toBe(false);
    expect(await namesAnotherBusiness('can i return a gift to ikea', 'en', retriever)).toBe(true);
  });
});

/** A thing of the customer's that the best article does not explain is what the question is about, even when another article names it. */
describe("the customer's thing another article names", () => {
  const MISSING = passage('missing', 'en', 'My parcel is lost', 'If your parcel is lost or marked as delivered but not there, tell us within 14 days.');
  const CONTACT = passage('contact', 'en', 'Contact us', 'Track your order online, or call us by phone from Monday to Friday, 9:00 to 18:00.');
  const { retriever, passagesOf } = knowledgeOf([MISSING, CONTACT]);

  test('"how do i track my lost phone" matches the missing-parcel article by "lost" alone: the phone is the contact article\'s word, not this one\'s', async () => {
    expect(await namesUnmentioned('how do i track my lost phone', candidate(MISSING), retriever, passagesOf)).toBe(true);
  });

  test('the thing the article explains is its topic: "my parcel is lost"', async () => {
    expect(await namesUnmentioned('what do i do, my parcel is lost', candidate(MISSING), retriever, passagesOf)).toBe(false);
  });
});

/** A question about a thing of the customer's that no article names is about that thing, however many words of how it is done the article shares. */
describe("the customer's thing no article names", () => {
  const PAYMENT = passage('payment', 'en', 'Ways to pay', 'You can pay by credit card, debit card or PayPal. Parcels left at the door are covered.');
  const { retriever, passagesOf } = knowledgeOf([PAYMENT]);

  test('"can i pay my rent with a credit card" matches the payment article by pay, credit and card, yet asks about rent', async () => {
    expect(await namesUnmentioned('can i pay my rent with a credit card', candidate(PAYMENT), retriever, passagesOf)).toBe(true);
  });

  test('a thing named as a place says where, not what about: "paid by credit card but nothing at my porch"', async () => {
    expect(await namesUnmentioned('paid by credit card but nothing at my porch', candidate(PAYMENT), retriever, passagesOf)).toBe(false);
  });
});

/** What another business keeps for the customer, named without a determiner. */
describe('a kept thing named without a determiner', () => {
  const PASSWORT = passage('password', 'de', 'Passwort vergessen', 'Setzen Sie das Passwort für Ihr Kundenkonto über den Link in der E-Mail zurück.');
  const { retriever } = knowledgeOf([PASSWORT]);

  test('"passwort vom elster konto vergessen" is Elster\'s account; "passwort vom kundenkonto vergessen" is the shop\'s', async () => {
    expect(await namesAnotherBusiness('passwort vom elster konto vergessen', 'de', retriever)).toBe(true);
    expect(await namesAnotherBusiness('passwort vom kundenkonto vergessen', 'de', retriever)).toBe(false);
  });
});

/** A word-for-word dictionary as a `QueryTranslator`: each word of the question, then its translation where it has one. */
const dictionaryOf = (dictionary: Record<string, string>) => (q: string) =>
  q.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean).flatMap((w) => (dictionary[w] ? [w, dictionary[w]] : [w])).join(' ');

/**
 * Across languages, as in the customer's own: a question whose things of the customer's ("mi
 * bicicleta") the article explains none of, and no article names, is about them, however many
 * words of what happened to them the article translates.
 */
describe("the customer's things across languages", () => {
  const REPAIR = passage('repairs', 'en', 'Repair service', 'We repair our own-brand sofas and chairs when they are broken.');
  const { retriever, passagesOf } = knowledgeOf([REPAIR, passage('shipping', 'es', 'Plazos de envío', 'El envío estándar tarda de 3 a 5 días laborables.')]);
  const translate = dictionaryOf({ rota: 'broken', roto: 'broken', repara: 'repair', sofa: 'sofa' });

  test('"mi bicicleta está rota, quién la repara" matches the repair article by "rota" and "repara", yet asks about the bicycle', async () => {
    expect(await namesUnmentionedAcross('mi bicicleta está rota, quién la repara', 'es', candidate(REPAIR), retriever, translate, passagesOf)).toBe(true);
  });

  test('a thing of the customer\'s that the article explains is its topic: "mi sofá está roto, quién lo repara"', async () => {
    expect(await namesUnmentionedAcross('mi sofá está roto, quién lo repara', 'es', candidate(REPAIR), retriever, translate, passagesOf)).toBe(false);
  });
});

/**
 * Across languages, translated words are evidence enough beside a word no article has only when two
 * of them are what the article is about (its title, headings, tags or editors' questions): words
 * its text uses in passing ("use") are matched by chance through a dictionary.
 */
describe('translated evidence and what the article is about', () => {
  const CARE = passage('wood-care', 'en', 'Caring for wood in damp rooms', 'Wipe it with a cloth, then use a little oil.');
  const { retriever, passagesOf } = knowledgeOf([CARE, passage('shipping', 'es', 'Plazos de envío', 'El envío estándar tarda de 3 a 5 días laborables.')]);
  const translate = dictionaryOf({ uso: 'use', humedad: 'damp', madera: 'wood', aceite: 'oil' });

  test('"qué barniz uso si hay humedad" matches the article by "humedad" and its text\'s "uso" alone: the varnish is unmentioned', async () => {
    expect(await namesUnmentionedAcross('qué barniz uso si hay humedad', 'es', candidate(CARE), retriever, translate, passagesOf)).toBe(true);
  });

  test('with a second word of the article\'s title among them ("madera"), the same words are evidence', async () => {
    expect(await namesUnmentionedAcross('qué barniz uso en madera si hay humedad', 'es', candidate(CARE), retriever, translate, passagesOf)).toBe(false);
  });
});
