import type { WebChatDriver } from '../../cli/eval/answers/driver';
import type { App } from '../../server/app';
import { ask, botDir, demoBotOnHelpCentre, startApp } from './helpers';

const ARTICLES: Array<[string, string, string, string]> = [
  ['repairs', 'en', 'Repair service', 'We repair our own-brand sofas, chairs and appliances after the guarantee has ended, at a fixed price shown before we start.'],
  ['shipping', 'en', 'Shipping times', 'Standard delivery takes 3 to 5 working days and costs £4.95, free over £50.'],
  ['payment', 'en', 'Payment methods', 'We accept Visa, Mastercard and PayPal. Accepted cards are charged when the order ships.'],
  ['password', 'en', 'Resetting your password', 'Choose Forgot password on the sign-in page and follow the link we e-mail you.'],
];

/** One matched word is no ground for an answer when the question names what no article mentions. */
describe('questions about something the knowledge base never mentions', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await startApp(botDir(ARTICLES)));
  });
  afterAll(() => app.close());

  test('"can you fix my car" matches the repair article by "fix" alone: no confident answer', async () => {
    const [reply] = await ask(app, 'can you fix my car', { address: 'car' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('the same question about something the articles mention is answered', async () => {
    const [reply] = await ask(app, 'can you fix my sofa', { address: 'sofa' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'repairs', locale: 'en' });
  });

  test('a typo or another form of a word the articles use is no new topic', async () => {
    const [typo] = await ask(app, 'how to reset pasword', { address: 'typo' });
    expect(typo.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'password', locale: 'en' });
    const [form] = await ask(app, 'accepting paypal', { address: 'form' });
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
  let app: App;
  beforeAll(async () => {
    ({ app } = await startApp(botDir(SHOP)));
  });
  afterAll(() => app.close());

  test('"can you recommend a removal company" matches the business article by "company" alone: no confident answer', async () => {
    const [reply] = await ask(app, 'can you recommend a removal company', { address: 'removal' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('a question the article explains beyond "can" is answered', async () => {
    const [reply] = await ask(app, 'can my company pay by invoice', { address: 'invoice' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'business', locale: 'en' });
  });
});

/** In a knowledge base of one article every word is in "half the articles": that says nothing about how questions are asked. */
describe('a knowledge base too small to tell everyday words', () => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await startApp(botDir([['shipping', 'en', 'Shipping costs', 'Standard delivery costs £4.95 and is free over £50.']])));
  });
  afterAll(() => app.close());

  test('"How much does delivery cost?" is answered from the only article', async () => {
    const [reply] = await ask(app, 'How much does delivery cost?', { address: 'one-article' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'shipping', locale: 'en' });
  });
});

/** A place or brand an article names says where or with whom, not what about. */
describe('names an article lists are no evidence of what a question is about', () => {
  const SHOP: Array<[string, string, string, string]> = [
    ['stores', 'en', 'Our stores', 'We have stores in Berlin, Hamburg and Munich. Each store is open Monday to Saturday.'],
    ['guest', 'en', 'Ordering without an account', 'You can order without an account: choose "Continue as guest" at checkout.'],
    ['returns', 'en', 'Returning an item', 'You can send an item back within 30 days for a full refund.'],
  ];
  let app: App;
  beforeAll(async () => {
    ({ app } = await startApp(botDir(SHOP)));
  });
  afterAll(() => app.close());

  test('"is there a cafe in the Berlin store" matches the stores article by "store" and a city: no confident answer', async () => {
    const [reply] = await ask(app, 'is there a cafe in the Berlin store', { address: 'cafe' });
    expect(reply.metadata?.knowledge).not.toMatchObject({ outcome: 'answer' });
  });

  test('a question the article explains beyond the city is answered', async () => {
    const [reply] = await ask(app, 'is the Munich store open on Saturday', { address: 'open' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'stores', locale: 'en' });
  });

  test('a button\'s label ("Continue as guest") is the article\'s word, not a name', async () => {
    const [reply] = await ask(app, 'how do i continue to checkout on my smartwatch', { address: 'label' });
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'guest', locale: 'en' });
  });
});


/** Another language's article is judged on the question as translated for it (the help centre's articles, the demo bot). */
describe('another language\'s article and a word no article mentions', () => {
  let driver: WebChatDriver;
  beforeAll(async () => {
    driver = await demoBotOnHelpCentre();
  });
  afterAll(() => driver.close());

  test('"¿reparáis coches?" finds the English-only repairs article by one word: no confident answer', async () => {
    const { replies } = await driver.send('coches', { text: '¿reparáis coches?', locale: 'es' });
    expect(replies[0]!.knowledge).toMatchObject({ outcome: 'clarify' });
  });
});
