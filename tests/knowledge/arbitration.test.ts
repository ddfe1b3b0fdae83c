import { join } from 'node:path';
import { WebChatDriver } from '../../cli/eval/answers/driver';

const ROOT = join(__dirname, '..', '..');

/** The demo bot (its dialogs and texts) with the help-centre fixture's articles, over web chat. */
describe('dialogs and knowledge decide together; cross-language answers', () => {
  let driver: WebChatDriver;
  beforeAll(async () => {
    driver = await WebChatDriver.start(join(ROOT, 'bots', 'demo'), { knowledgeDir: join(ROOT, 'tests', 'fixtures', 'helpcentre', 'knowledge') });
  });
  afterAll(() => driver.close());

  test.each([
    ['How long does a refund to my card take?', 'refunds'],
    ['Can I bring my dog to the store?', 'pets-in-store'],
  ])('"%s" is answered from %s, not by a dialog', async (text, article) => {
    const { replies } = await driver.send(`arb-${article}`, { text, locale: 'en' });
    expect(replies[0]!.knowledge).toEqual({ outcome: 'answer', article, locale: 'en' });
  });

  // A tie, or an example that shares only the question's common words ("quiero … mi pedido" of
  // "quiero seguir mi pedido"), is not clearly closer than the article: the article answers.
  test.each([
    ['quiero cancelar mi pedido', 'es', 'cancel-order'],
    ['where are your stores', 'en', 'store-locations'],
  ])('"%s" is answered from %s\'s article, not taken by a dialog that is no closer', async (text, locale, article) => {
    const { replies } = await driver.send(`arb-tie-${article}`, { text, locale });
    expect(replies[0]!.knowledge).toEqual({ outcome: 'answer', article, locale });
  });

  test('a question that says all of a dialog\'s example starts the dialog, whatever else it says', async () => {
    // "I need to send this back" is a returns example; the article matches "doesn't fit" too.
    const { replies } = await driver.send('arb-whole', { text: "I need to send this back, it doesn't fit", locale: 'en' });
    expect(replies.some((m) => m.knowledge)).toBe(false);
    expect(replies[0]!.text).toMatch(/order/i);
  });

  test('a request the returns dialog was written for still starts it', async () => {
    const { replies } = await driver.send('arb-return', { text: 'I want to return an item', locale: 'en' });
    expect(replies.some((m) => m.knowledge)).toBe(false);
    expect(replies[0]!.text).toMatch(/order/i);
  });

  test('an article only in English answers a German question, saying so in German', async () => {
    const { replies } = await driver.send('arb-restock', { text: 'Wann ist der Sessel wieder verfügbar?', locale: 'de' });
    expect(replies[0]!.knowledge).toEqual({ outcome: 'answer', article: 'restock', locale: 'en' });
    expect(replies[0]!.text).toMatch(/^Das habe ich nur auf Englisch:\n\nClick "Notify me"/);
  });

  test('an article only in Spanish that a Spanish article the customer has in English outscores is offered, not answered', async () => {
    // payment-methods.es names Bizum too and scores above bizum.es in Spanish: the English
    // customer chooses between their own payment-methods article and the Spanish-only one.
    const { replies } = await driver.send('arb-bizum', { text: 'can I pay with Bizum?', locale: 'en' });
    expect(replies[0]!.knowledge?.outcome).toBe('clarify');
    expect(replies[0]!.knowledge?.offered).toEqual(expect.arrayContaining([{ article: 'bizum', locale: 'es' }, { article: 'payment-methods', locale: 'en' }]));
    // Bizum is far surer among the articles English lacks than anything English has: offered first.
    expect(replies[0]!.knowledge?.offered?.[0]).toEqual({ article: 'bizum', locale: 'es' });
  });

  test('a sure native answer is offered beside the missing article that the other language\'s search clearly prefers to its translation', async () => {
    // In Spanish only refunds.es shares "descargo … empresa" words, sure by its lead; the English
    // search puts the invoice article (no Spanish version) far above refunds.en: the searches
    // disagree, so the customer chooses instead of getting the refunds article.
    const { replies } = await driver.send('arb-factura', { text: 'donde descargo la factura con el nombre y el CIF de mi empresa?', locale: 'es' });
    expect(replies[0]!.knowledge?.outcome).toBe('clarify');
    expect(replies[0]!.knowledge?.offered).toEqual(expect.arrayContaining([{ article: 'refunds', locale: 'es' }, { article: 'invoice', locale: 'en' }]));
  });

  test('a sure native answer that an article missing in the customer\'s language rivals becomes an offer of both', async () => {
    // shipping-times.pt is sure of "enviam"; international-shipping has no Portuguese version but
    // is about as sure in English: the customer chooses instead of being answered wrongly.
    const { replies } = await driver.send('arb-suica', { text: 'enviam para a suica?', locale: 'pt' });
    expect(replies[0]!.knowledge?.outcome).toBe('clarify');
    expect(replies[0]!.knowledge?.offered).toEqual(expect.arrayContaining([{ article: 'shipping-times', locale: 'pt' }, { article: 'international-shipping', locale: 'en' }]));
  });

  test('a question an example in the customer\'s language says starts the dialog, not another language\'s article', async () => {
    // "fermez" translates into the German "schließen" of closing an account; the French example
    // "à quelle heure ferme le magasin" says most of the question: store hours, in French.
    const { replies } = await driver.send('arb-fermez', { text: 'à quelle heure vous fermez ce soir', locale: 'fr' });
    expect(replies.map((r) => r.knowledge).filter((k) => k && !k.dialog)).toEqual([]);
    expect(replies[0]!.text).toMatch(/magasin|horaires|ouvert/i);
  });

  test.each([
    ['bonjour', 'fr'],
    ['hallo', 'de'],
    ['olá', 'pt'],
  ])('"%s" in the middle of a form re-asks its question: no article', async (greeting, locale) => {
    await driver.send(`arb-${greeting}`, { text: 'I want to return an item', locale: 'en' });
    const { replies } = await driver.send(`arb-${greeting}`, { text: greeting, locale });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.knowledge).toBeUndefined();
  });

  test('"hola" in the middle of a form re-asks its question: no store hours, no article', async () => {
    await driver.send('arb-hola', { text: 'I want to return an item', locale: 'en' });
    const { replies } = await driver.send('arb-hola', { text: 'hola', locale: 'en' });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.knowledge).toBeUndefined();
    expect(replies[0]!.text).toMatch(/^Let's continue\. Which order is the item from\?/);
  });

  test("a question in the customer's words that starts order status gets the tracking article the dialog names, then the dialog's question", async () => {
    const { replies } = await driver.send('arb-lead', { text: 'où en est ma commande ?', locale: 'fr' });
    expect(replies).toHaveLength(2);
    expect(replies[0]!.knowledge).toEqual({ outcome: 'answer', article: 'order-tracking', locale: 'fr', dialog: 'order-status' });
    expect(replies[0]!.text).toMatch(/\n\nSource ?: \[.+\]\(https:\/\/alderfinch\.example\/fr\/help\/order-tracking\)$/);
    expect(replies[1]!.knowledge).toBeUndefined();
    expect(replies[1]!.text).toMatch(/^Quel est votre numéro de commande/);
  });

  test('the menu button starts order status without the article: the customer chose the dialog', async () => {
    const { replies } = await driver.send('arb-lead-button', { text: 'Suivre une commande', payload: 'order-status', locale: 'fr' });
    expect(replies.map((r) => r.knowledge)).toEqual([undefined]);
    expect(replies[0]!.text).toMatch(/^Quel est votre numéro de commande/);
  });
});
