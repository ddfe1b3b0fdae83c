import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import type { App } from '../../server/app';
import { ask, botDir, shopPassage, startApp } from './helpers';

const SHOP: Array<[string, string, string, string]> = [
  ['shipping', 'en', 'Delivery times', 'Standard delivery takes 3 to 5 days; express arrives the next day.'],
  ['declined', 'en', 'Card payment declined', 'If your card is declined at checkout, check the card details and try again.'],
  ['takeback', 'en', 'Taking away your old appliance', 'When we deliver a new fridge or washing machine we take the old one away for free.'],
  ['repairs', 'en', 'Repair service', 'We repair fridges, sofas and chairs after the guarantee has ended, at a fixed price.'],
  ['stores', 'en', 'Our stores', 'Our stores in Berlin and Munich are open Monday to Saturday.'],
  ['privacy', 'en', 'Your personal data', 'You can see all the personal data we have stored about you under My Account > Privacy.'],
  ['faulty', 'en', 'Faulty items', 'If an item is faulty or breaks within two years, we replace it.'],
  ['business', 'en', 'Orders for businesses', 'A company can order in bulk with a business account.'],
];

/** How much of a question an article of {@link SHOP} explains (the retriever's idf-weighted share of its words, synonyms included). */
function explainedBy(question: string, article: string): number {
  const retriever = new LexicalRetriever();
  retriever.addSync(SHOP.map(([id, , title, text]) => shopPassage(id, title, text)));
  const [, , title, text] = SHOP.find(([id]) => id === article)!;
  return retriever.explains(question, 'en', [title, text]);
}

/** A word's neighbour can give it another sense than the articles': the analyzer reads it in that sense. */
describe('words read in the sense their neighbour gives them', () => {
  test('"several times" counts attempts: the delivery times article explains none of it', () => {
    expect(explainedBy('my card was declined several times', 'shipping')).toBe(0);
  });

  test('"2 years old" tells an age: the old-appliance article explains none of it', () => {
    expect(explainedBy('my sofa is 2 years old', 'takeback')).toBe(0);
  });

  test('in German too: "3 Jahre alt" is an age, not the old appliance of "Altgeräte"', async () => {
    const retriever = new LexicalRetriever();
    const passage = (articleId: string, title: string, text: string) => ({ id: `${articleId}.de#0`, articleId, locale: 'de', title, text });
    const takeback = passage('takeback', 'Alte Geräte', 'Wir nehmen dein altes Gerät bei der Lieferung mit.');
    retriever.addSync([takeback, passage('repairs', 'Reparaturen', 'Wir reparieren Sofas und Stühle.')]);
    expect(retriever.explains('mein Sofa ist 3 Jahre alt', 'de', [takeback.title, takeback.text])).toBe(0);
    expect(retriever.explains('mein altes Sofa', 'de', [takeback.title, takeback.text])).toBeGreaterThan(0);
  });

  test('"your company" is the shop: the business-orders article explains none of "the phone number of your company"', () => {
    expect(explainedBy('what is the phone number of your company', 'business')).toBe(0);
    expect(explainedBy('can my company order', 'business')).toBeGreaterThan(0);
  });

  test('the same words in the articles\' sense are explained', () => {
    expect(explainedBy('delivery times', 'shipping')).toBe(1);
    expect(explainedBy('old appliance', 'takeback')).toBe(1);
  });
});

/** A thesaurus phrase is read within one sentence. */
describe('phrases do not span sentences', () => {
  test('"… or not. Working …" is no "not working": the faulty-items article explains none of it', () => {
    expect(explainedBy('Is it open on Saturday or not. Working late today', 'faulty')).toBe(0);
  });

  test('within a sentence "not working" is what the faulty-items article explains', () => {
    expect(explainedBy('not working', 'faulty')).toBe(1);
  });
});

/** On the answer path: a count or an age no longer draws the question to another article, and the words in the articles' sense still find theirs. */
describe('questions with these words', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await startApp(botDir(SHOP)));
  });
  afterAll(() => app.close());

  test.each([
    ['can I pay by card, I tried 3 times', 'declined'],
    ['my sofa is 2 years old, who repairs it', 'repairs'],
    ['what are your delivery times', 'shipping'],
    ['can you take my old fridge away', 'takeback'],
    ['when is the Munich store open', 'stores'],
  ])('"%s" is answered from %s', async (question, article) => {
    const [reply] = await ask(app, question, { address: question });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article, locale: 'en' });
  });
});

/** "UK" and "USA" are the countries the articles name in full. */
describe('a country by its abbreviation', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await startApp(
      botDir([
        ['abroad', 'en', 'Shipping abroad', 'We deliver to the United Kingdom, Norway and Switzerland in 5 to 10 days. We cannot send parcels to the United States.'],
        ['shipping', 'en', 'Delivery times', 'We ship every working day; standard delivery takes 3 to 5 days.'],
        ['stores', 'en', 'Our stores', 'Our stores in Berlin and Munich are open Monday to Saturday.'],
      ]),
    ));
  });
  afterAll(() => app.close());

  test.each([
    ['can you ship to the uk', 'abroad'],
    ['do you deliver to the usa', 'abroad'],
  ])('"%s" is answered from %s', async (question, article) => {
    const [reply] = await ask(app, question, { address: question });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article, locale: 'en' });
  });
});
