import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../../server/app';
import { Background, parseBackground } from '../../knowledge/background';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import { ask, botDir, startApp } from './helpers';

/** A shop's articles: exchanging an item, paying, and following a parcel. */
const SHOP: Array<[string, string, string, string]> = [
  ['exchanges', 'en', 'Exchanging an item', 'Exchange an item for another size or colour within 30 days: bring it to the best placed store near you, or start the exchange online.'],
  ['payment', 'en', 'Payment methods', 'We accept Visa, Mastercard and PayPal. Cards are charged when the order ships.'],
  ['tracking', 'en', 'Tracking your parcel', 'Follow your parcel with the tracking link in your dispatch e-mail. The courier updates it every few hours.'],
  ['stores', 'en', 'Our stores', 'Our stores are open Monday to Saturday, 9am to 8pm.'],
];

/** Other businesses' requests: a bank's (two intents) and a parcel service's, which the shop's tracking article answers. */
const REQUESTS = `# requests to other businesses
[bank/exchange_rate]
what is the exchange rate from dollars to euros
how many euros do i get for 100 dollars
exchange rate between dollars and yen today
where is the best place to exchange dollars
convert dollars to pounds at today's rate
[bank/transfer]
send money from my savings to my checking account
transfer 200 dollars to my brother's bank account
move money between my bank accounts
[post/track]
where is my parcel
track my parcel please
follow my parcel
the postman has not brought my parcel
has the postman lost my parcel
`;

/**
 * A shop bot (the shop's articles, or those given) with `background:` set as given: the folder
 * `others`, where the requests (other businesses', or those given) are written, or false.
 */
function shop(setting: 'others' | false, articles = SHOP, requests = REQUESTS): () => App {
  let app: App;
  beforeAll(async () => {
    const dir = botDir(articles, `name: Shop\ndefaultLocale: en\nlocales: [en]\nknowledge:\n  background: ${setting}\n`);
    mkdirSync(join(dir, 'others'));
    writeFileSync(join(dir, 'others', 'requests.en.txt'), requests);
    ({ app } = await startApp(dir));
  });
  afterAll(() => app.close());
  return () => app;
}

describe('a question that belongs to another business (knowledge.background)', () => {
  const app = shop('others');

  test("what a bank's requests explain, with a word the shop never says, is not answered from the shop's article", async () => {
    const [reply] = await ask(app(), 'best place to exchange dollars', { address: 'bank' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test("a shop question with the bank's words is answered", async () => {
    const [reply] = await ask(app(), 'can i exchange an item for another colour in the best placed store', { address: 'shop' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'exchanges', locale: 'en' });
  });
});

describe('knowledge.background: false', () => {
  const app = shop(false);

  test('answers from the article that holds the words', async () => {
    const [reply] = await ask(app(), 'best place to exchange dollars', { address: 'off' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'exchanges', locale: 'en' });
  });
});

/** A shop's card payment articles, and a bank's requests in Banking77's way (`knowledge/background/banking77.en.txt`). */
const CARD_SHOP: Array<[string, string, string, string]> = [
  ['payment-declined', 'en', 'My card payment was declined', 'A declined card payment usually means your bank blocked it. Check the card number, expiry date and billing address, and that your card is enabled for online payments.'],
  ['payment-methods', 'en', 'Payment methods', 'We accept Visa, Mastercard, PayPal and Apple Pay. Your card is charged when the order ships.'],
];
const BANK = `[banking/change_pin]
How do I change my PIN?
I want to change the PIN of my card.
Can I change my card PIN at an ATM?
Where can I reset my PIN number?
I forgot my PIN, can I get a new one?
How can I set a new PIN for my card?
[banking/declined_card_payment]
Why was my card payment declined?
My card keeps getting declined in shops.
The card payment didn't go through.
`;

describe("a bank's request beside a shop's card payments", () => {
  const app = shop('others', CARD_SHOP, BANK);

  test("a card's PIN is the bank's: not answered from the shop's payment article", async () => {
    const [reply] = await ask(app(), 'forgot the pin for my visa card', { address: 'pin' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test("a declined card payment at the shop's checkout is answered, though the bank hears the same", async () => {
    const [reply] = await ask(app(), 'why was my card payment declined at checkout', { address: 'declined' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'payment-declined', locale: 'en' });
  });
});

describe("without the bank's requests", () => {
  const app = shop(false, CARD_SHOP, BANK);

  test("the PIN question is answered from the shop's payment article", async () => {
    const [reply] = await ask(app(), 'forgot the pin for my visa card', { address: 'pin' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'payment-methods', locale: 'en' });
  });
});

describe('knowledge.background validated', () => {
  test('a folder that does not exist stops start-up, named', async () => {
    const dir = botDir(SHOP, 'name: Shop\ndefaultLocale: en\nlocales: [en]\nknowledge:\n  background: nowhere\n');
    await expect(startApp(dir)).rejects.toThrow(/knowledge\.background: no folder .*nowhere/);
  });

  test('neither a switch nor a folder is a bot.yaml mistake', async () => {
    const dir = botDir(SHOP, 'name: Shop\ndefaultLocale: en\nlocales: [en]\nknowledge:\n  background: 3\n');
    await expect(startApp(dir)).rejects.toThrow(/bot\.yaml:5/);
  });
});

describe('a background intent the bot answers itself', () => {
  const requests = parseBackground(REQUESTS, 'en');
  const passagesOf = (articles: typeof SHOP) => articles.map(([id, locale, title, text]) => ({ id: `${id}#0`, articleId: id, locale, title, text }));
  const tracking = passagesOf([SHOP[2]!]);
  const judgeOf = (articles: typeof SHOP) => {
    const index = new LexicalRetriever();
    index.addSync(passagesOf(articles));
    return { explains: index.explains.bind(index), unknown: async () => true };
  };

  test("is left out when the bot's articles explain its requests", async () => {
    const background = await Background.build(requests, passagesOf(SHOP));
    expect(background?.covered).toEqual(['post/track']);
    expect(await background!.claims('has the postman lost my parcel', tracking, judgeOf(SHOP))).toBeUndefined();
  });

  test('is another business for a bot without such an article', async () => {
    const others = SHOP.filter(([id]) => id !== 'tracking');
    const background = await Background.build(requests, passagesOf(others));
    expect(background?.covered).toEqual([]);
    expect(await background!.claims('has the postman lost my parcel', tracking, judgeOf(others))).toMatchObject({ intent: 'post/track' });
  });

  test('a request before any intent is an error with its line', () => {
    expect(() => parseBackground('where is my parcel\n[post/track]\n', 'en', 'mine.en.txt')).toThrow('mine.en.txt:1');
  });
});

describe('a question that asks what the article is about', () => {
  const refunds = { id: 'refunds#0', articleId: 'refunds', locale: 'en', title: 'When will I get my money back?', text: 'We refund within 5 working days of your return reaching us. Return shipping is free.' };
  const payment = { id: 'payment#0', articleId: 'payment', locale: 'en', title: 'Payment methods', text: 'We accept Visa, Mastercard and PayPal. Cards are charged when the order ships.' };
  const fees = parseBackground(`[bank/card_fee]
There was a fee charged when I paid with my card.
I paid with card and was charged a fee that shouldn't be there!
Why was I charged a transaction fee when I paid by card?
Is there a fee for paying with my card?
`, 'en');
  const judge = () => {
    const index = new LexicalRetriever();
    index.addSync([refunds, payment]);
    return { explains: index.explains.bind(index), unknown: async () => true };
  };

  test("in a word the other business's requests never say is the shop's", async () => {
    const background = await Background.build(fees, [refunds, payment]);
    expect(await background!.claims('will i get paid back the shipping fee', [refunds], judge())).toBeUndefined();
  });

  test("without one, the other business's words claim it", async () => {
    const background = await Background.build(fees, [refunds, payment]);
    expect(await background!.claims('why was i charged a fee when i paid with my card', [refunds], judge())).toMatchObject({ intent: 'bank/card_fee' });
  });
});
