import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../../server/app';
import { api, articleFile, ask, botDir, startApp } from './helpers';

const ARTICLES: Array<[string, string, string, string]> = [
  ['repairs', 'en', 'Repair service', 'We repair our own-brand sofas, chairs and appliances after the guarantee has ended, at a fixed price shown before we start.'],
  ['shipping', 'en', 'Shipping times', 'Standard delivery takes 3 to 5 working days and costs £4.95, free over £50.'],
  ['payment', 'en', 'Payment methods', 'We accept Visa, Mastercard and PayPal. Accepted cards are charged when the order ships.'],
  ['password', 'en', 'Resetting your password', 'Choose Forgot password on the sign-in page and follow the link we e-mail you.'],
];

/** A bot made from `dir()` for the enclosing describe block, started before its tests and closed after them: call the result for its app. */
function botWith(dir: () => string): () => App {
  let app: App;
  beforeAll(async () => {
    ({ app } = await startApp(dir()));
  });
  afterAll(() => app.close());
  return () => app;
}

/** {@link botWith} a bot whose knowledge base holds `articles`. */
function shopWith(articles: Array<[string, string, string, string]>): () => App {
  return botWith(() => botDir(articles));
}

/** One matched word is no ground for an answer when the question names what no article mentions. */
describe('questions about something the knowledge base never mentions', () => {
  const app = shopWith(ARTICLES);

  test('"can you fix my car" matches the repair article by "fix" alone: no confident answer', async () => {
    const [reply] = await ask(app(), 'can you fix my car', { address: 'car' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('the same question about something the articles mention is answered', async () => {
    const [reply] = await ask(app(), 'can you fix my sofa', { address: 'sofa' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'repairs', locale: 'en' });
  });

  test('a typo or another form of a word the articles use is no new topic', async () => {
    const [typo] = await ask(app(), 'how to reset pasword', { address: 'typo' });
    expect(typo.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'password', locale: 'en' });
    const [form] = await ask(app(), 'accepting paypal', { address: 'form' });
    expect(form.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'payment', locale: 'en' });
  });
});

/** A word half the articles use ("can") is how a question is asked, not evidence for one article. */
describe('words most articles use are no evidence for one of them', () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['business', 'en', 'Orders for businesses', 'Companies can order in bulk and pay by invoice within 30 days.'],
    ['returns', 'en', 'Returning an item', 'You can send an item back within 30 days for a full refund.'],
    ['collect', 'en', 'Click and collect', 'You can pick up your order in any of our stores.'],
    ['stores', 'en', 'Our stores', 'Our stores are in Berlin, Hamburg and Munich, open Monday to Saturday.'],
  ];
  const app = shopWith(SHOP);

  test('"can you recommend a removal company" matches the business article by "company" alone: no confident answer', async () => {
    const [reply] = await ask(app(), 'can you recommend a removal company', { address: 'removal' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('a question the article explains beyond "can" is answered', async () => {
    const [reply] = await ask(app(), 'can my company pay by invoice', { address: 'invoice' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'business', locale: 'en' });
  });
});

/** In a knowledge base of one article every word is in "half the articles": that says nothing about how questions are asked. */
describe('a knowledge base too small to tell everyday words', () => {
  const app = shopWith([['shipping', 'en', 'Shipping costs', 'Standard delivery costs £4.95 and is free over £50.']]);

  test('"How much does delivery cost?" is answered from the only article', async () => {
    const [reply] = await ask(app(), 'How much does delivery cost?', { address: 'one-article' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'shipping', locale: 'en' });
  });
});

/** Question words ("how", "have", "wie") say how a question is asked: no evidence for the article that has them. */
describe('question words are no evidence for an article', () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['returns', 'en', 'How to return an item', 'Start a return in your account and send the item back within 30 days.'],
    ['stores', 'en', 'Our stores', 'We have stores in Berlin, Hamburg and Munich, open Monday to Saturday.'],
    ['payment', 'en', 'Payment methods', 'We accept Visa, Mastercard and PayPal.'],
    ['missing', 'es', 'Pone que está entregado pero no lo he recibido', 'Pregunta a tus vecinos y busca un aviso del transportista.'],
    ['cancel', 'es', 'Cancelar un pedido', 'Si el pedido no ha salido del almacén, puedes cancelarlo desde tu cuenta.'],
    ['invoice', 'es', 'Facturas', 'La factura no se envía por correo: la descargas desde tu cuenta.'],
    ['payment', 'es', 'Formas de pago', 'Aceptamos Visa, Mastercard y PayPal.'],
  ];
  const app = shopWith(SHOP);

  test('"how do I return a library book" matches the returns article by "return" (and "how"): no confident answer', async () => {
    const [reply] = await ask(app(), 'how do I return a library book', { address: 'library' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('"do your stores have free wifi" matches the stores article by "stores" (and "have"): no confident answer', async () => {
    const [reply] = await ask(app(), 'do your stores have free wifi', { address: 'wifi' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('a question the article explains beyond its question words is answered', async () => {
    const [reply] = await ask(app(), 'how do I return an item', { address: 'item' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'returns', locale: 'en' });
  });

  test('a negation and a conjunction the article shares are what is said, not how it is asked', async () => {
    const [reply] = await ask(app(), 'dice entregado pero no tengo nada', { address: 'entregado', locale: 'es' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'missing', locale: 'es' });
  });
});

/** A name an article only lists ("Hamburg" among the cities with a store) is no evidence that it explains what is asked about that place. */
describe('names an article only lists', () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['stores', 'en', 'Our stores', 'We have stores in Berlin, Hamburg, Munich and Vienna. Each store has a car park. Stores open Monday to Saturday from ten.'],
    ['international', 'en', 'Shipping abroad', 'We deliver to the EU, Switzerland, Norway and the United Kingdom within ten days. It costs from £14.95.'],
    ...ARTICLES.filter(([id]) => id !== 'password'),
  ];
  const app = shopWith(SHOP);

  test('"are there toilets in the Hamburg store" matches the stores article by "store" and a listed city: no confident answer', async () => {
    const [reply] = await ask(app(), 'are there toilets in the Hamburg store', { address: 'toilets' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('a question about the listed name itself is answered', async () => {
    const [store] = await ask(app(), 'when does the Hamburg store open', { address: 'hamburg' });
    expect(store.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'stores', locale: 'en' });
    const [abroad] = await ask(app(), 'do you deliver to Norway', { address: 'norway' });
    expect(abroad.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'international', locale: 'en' });
  });

  test('a listed name a thesaurus group holds ("switzerland", abroad) is what the question asks about', async () => {
    const [reply] = await ask(app(), 'can you ferry stuff to switzerland, what does it cost', { address: 'switzerland' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'international', locale: 'en' });
  });
});

/** German capitalises every noun: an article's tags say what it is about, they are not a list of names. */
describe("an article's capitalised tags", () => {
  const app = botWith(() => {
    const dir = botDir([['payment', 'de', 'Zahlungsarten', 'Wir akzeptieren Visa, Mastercard und PayPal.']]);
    writeFileSync(join(dir, 'knowledge', 'gift.de.md'), articleFile('gift', 'de', 'Geschenkkarten', 'Geschenkkarten gibt es ab 10 € in allen Filialen.', ['Geschenkkarte', 'Gutschein', 'Guthaben']));
    return dir;
  });

  test('are evidence for the article', async () => {
    const [reply] = await ask(app(), 'gutschein guthaben abfragen', { address: 'guthaben', locale: 'de' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'gift', locale: 'de' });
  });
});

/** "Combien de temps" asks how long, like "how long": its word for time names no topic the articles leave out. */
describe("a measure question's word for time", () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['shipping', 'fr', 'Délais de livraison', 'La livraison standard prend 3 à 5 jours ouvrés et coûte 4,95 €.'],
    ['password', 'fr', 'Mot de passe oublié', 'Choisissez « Mot de passe oublié » sur la page de connexion.'],
    ['payment', 'fr', 'Moyens de paiement', 'Nous acceptons Visa, Mastercard et PayPal.'],
    ['stores', 'fr', 'Nos magasins', 'Nos magasins sont à Berlin, Hambourg et Munich.'],
  ];
  const app = shopWith(SHOP);

  test('"combien de temps pour la livraison" is answered from the shipping article', async () => {
    const [reply] = await ask(app(), 'combien de temps pour la livraison', { address: 'temps', locale: 'fr' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'shipping', locale: 'fr' });
  });
});

/** A noun that stands for any item ("thing", "coisa") names no topic, as "something" does not (`analysis/common-words.ts`). */
describe('a word for any item', () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['returns', 'pt', 'Devoluções', 'Pode devolver um artigo no prazo de 30 dias, sem dar explicações.'],
    ['shipping', 'pt', 'Prazos de entrega', 'A entrega normal demora 3 a 5 dias úteis.'],
    ['payment', 'pt', 'Meios de pagamento', 'Aceitamos Visa, Mastercard, PayPal e MB Way.'],
    ['stores', 'pt', 'As nossas lojas', 'As nossas lojas ficam em Lisboa e no Porto.'],
  ];
  const app = shopWith(SHOP);

  test('"posso devolver uma coisa" is answered from the returns article', async () => {
    const [reply] = await ask(app(), 'posso devolver uma coisa', { address: 'coisa', locale: 'pt' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'returns', locale: 'pt' });
  });

  test('a thing the articles never mention still is a topic: "posso devolver uma bicicleta"', async () => {
    const [reply] = await ask(app(), 'posso devolver uma bicicleta', { address: 'bicicleta', locale: 'pt' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });
});

/** "Baut … auf" is the verb "aufbauen" (`derivation.ts`): its finite half "baut" is no word an article must explain. */
describe("a German separable verb's finite half", () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['assembly', 'de', 'Aufbauservice', 'Auf Wunsch übernehmen wir den Aufbau Ihrer Möbel bei der Lieferung, für 49 €.'],
    ['furniture', 'de', 'Pflege von Möbeln', 'Einen Schrank oder ein Regal aus Holz reinigen Sie mit einem feuchten Tuch.'],
    ['payment', 'de', 'Zahlungsarten', 'Wir akzeptieren Visa, Mastercard und PayPal.'],
    ['stores', 'de', 'Unsere Filialen', 'Unsere Filialen sind in Berlin, Hamburg und München.'],
  ];
  const app = shopWith(SHOP);

  test('"baut ihr das auch auf" is answered from the assembly article', async () => {
    const [reply] = await ask(app(), 'baut ihr das auch auf', { address: 'aufbau', locale: 'de' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'assembly', locale: 'de' });
  });
});

/** The customer's dealings with someone else ("my wifi router", "mi tarjeta del banco") are no evidence for the shop's article. */
describe("the customer's things from someone else", () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['password', 'en', 'Resetting your password', 'Choose Forgot password on the sign-in page to reset the password of your account.'],
    ['declined', 'en', 'Card payment declined', 'If your card is declined at checkout, check the card details and try again.'],
    ['giftcard', 'en', 'Lost or stolen gift card', 'If your gift card is lost or stolen, tell us its number and we send you a new one.'],
    ['woodcare', 'en', 'Caring for wooden furniture', 'Oil teak and oak furniture twice a year with a soft cloth.'],
  ];
  const app = shopWith(SHOP);

  test('"reset the password on my wifi router": the password is the router\'s, which no article mentions: no confident answer', async () => {
    const [reply] = await ask(app(), 'how do I reset the password on my wifi router', { address: 'router' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('the password of the account the article explains is answered', async () => {
    const [reply] = await ask(app(), 'how do I reset the password on my account', { address: 'account' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'password', locale: 'en' });
  });

  test('"oil my teak bench": a bench no article names, but "teak" says what the wood-care article is about: answered', async () => {
    const [reply] = await ask(app(), 'how do I oil my teak bench', { address: 'bench' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'woodcare', locale: 'en' });
  });

  test('a stolen bank card is the bank\'s: "card" is no evidence for the gift card article', async () => {
    const [reply] = await ask(app(), 'my bank card was stolen', { address: 'stolen-card' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('a bank card declined at the shop\'s checkout is answered', async () => {
    const [reply] = await ask(app(), 'my bank card keeps getting declined at checkout', { address: 'declined' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'declined', locale: 'en' });
  });
});

/** What an existence question asks for ("is there a cafe …") is its topic: the place it names is not. */
describe('what an existence question asks for', () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['stores', 'en', 'Our stores', 'We have stores in Berlin, Hamburg and Munich, open Monday to Saturday.'],
    ['pets', 'en', 'Dogs on a lead', 'Dogs on a lead are welcome everywhere but the café.'],
    ...ARTICLES,
  ];
  const app = shopWith(SHOP);

  test('"is there a cafe in the Munich store": another article mentions the café, this one only the store: no confident answer', async () => {
    const [reply] = await ask(app(), 'is there a cafe in the Munich store', { address: 'cafe' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('"is there a store in Munich" asks for what the article explains: answered', async () => {
    const [reply] = await ask(app(), 'is there a store in Munich', { address: 'store' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'stores', locale: 'en' });
  });
});

/** An account, a password or a parcel named by what no article mentions ("my netflix password") is another business's. */
describe('what another business keeps for the customer', () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['password', 'en', 'Resetting your password', 'Choose Forgot password on the sign-in page to reset the password of your account.'],
    ['missing', 'en', 'My parcel says delivered but I have not received it', 'If the tracking says delivered, ask your neighbours, look for a DHL card, then tell us within 14 days.'],
    ['payment', 'en', 'Payment methods', 'We accept Visa, Mastercard and PayPal.'],
    ['stores', 'en', 'Our stores', 'We have stores in Berlin, Hamburg and Munich, open Monday to Saturday.'],
    ['password', 'fr', 'Mot de passe oublié', 'Choisissez « Mot de passe oublié » sur la page de connexion de votre compte.'],
    ['payment', 'fr', 'Moyens de paiement', 'Nous acceptons Visa, Mastercard et PayPal.'],
    ['stores', 'fr', 'Nos magasins', 'Nos magasins sont à Berlin, Hambourg et Munich.'],
  ];
  const app = shopWith(SHOP);

  test('"reset my netflix password": a password, but Netflix\'s: no confident answer', async () => {
    const [reply] = await ask(app(), 'how do I reset my netflix password', { address: 'netflix' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('"my amazon parcel says delivered": what it says is about Amazon\'s parcel, not the shop\'s: no confident answer', async () => {
    const [reply] = await ask(app(), 'my amazon parcel says delivered but it is not here', { address: 'amazon' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('after an article or across "from" it is the same: "an ebay parcel", "my parcel from zalando"', async () => {
    const [ebay] = await ask(app(), 'the courier left a card about an ebay parcel that says delivered', { address: 'ebay' });
    expect(ebay.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
    const [zalando] = await ask(app(), 'my parcel from zalando says delivered but it is not here', { address: 'zalando' });
    expect(zalando.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('a word that tells one of the customer\'s own passwords from another ("current") names no other business: answered', async () => {
    const [reply] = await ask(app(), 'how do I reset my current password', { address: 'current' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'password', locale: 'en' });
  });

  test('a parcel named by the carrier the articles mention is the shop\'s: answered', async () => {
    const [reply] = await ask(app(), 'my dhl parcel says delivered but it is not here', { address: 'dhl' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'missing', locale: 'en' });
  });

  test('a preposition after the account ("mon compte chez vous") names no other business: answered', async () => {
    const [reply] = await ask(app(), "j'ai oublié le mot de passe de mon compte chez vous", { address: 'chez', locale: 'fr' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'password', locale: 'fr' });
  });
});

/** What the customer bought from the shop ("my purchase", "my order") is the shop's matter, never another topic. */
describe('the customer\'s purchase, after a customer confirmed the article', () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['invoice', 'en', 'Invoices', 'We e-mail your invoice as a PDF when the parcel ships; a copy stays in your account under Documents.'],
    ['returns', 'en', 'Returns', 'You can send an item back within 30 days for a full refund.'],
    ['shipping', 'en', 'Shipping times', 'Standard delivery takes 3 to 5 working days and costs £4.95, free over £50.'],
    ['payment', 'en', 'Payment methods', 'We accept Visa, Mastercard and PayPal for every purchase.'],
  ];
  const app = shopWith(SHOP);

  beforeAll(async () => {
    // A customer asked where the bill for their order was and confirmed the invoice article (as an agent inserts it from the console).
    const [asked] = await ask(app(), 'where can i find the bill for my order', { address: 'first' });
    const evidence = { customerId: asked.customerId, conversationId: asked.conversationId, question: 'where can i find the bill for my order', locale: 'en', articleId: 'invoice', articleLocale: 'en' };
    expect((await api(app(), 'POST', '/api/kb/evidence', evidence)).status).toBe(201);
  });

  test('"the bill for my purchase": a purchase the invoice article never names, but the customer\'s from the shop: answered', async () => {
    const [reply] = await ask(app(), 'where can i find the bill for my purchase', { address: 'purchase' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'invoice', locale: 'en' });
  });
});
