import { join } from 'node:path';
import { WebChatDriver } from '../../cli/eval/answers/driver';

const ROOT = join(__dirname, '..', '..');

/** A new customer's first message, with no locale hint: the bot tells the language from the text alone. */
describe('short first messages without a locale hint are answered in their language', () => {
  let driver: WebChatDriver;
  beforeAll(async () => {
    driver = await WebChatDriver.start(join(ROOT, 'bots', 'demo'), { knowledgeDir: join(ROOT, 'tests', 'fixtures', 'helpcentre', 'knowledge') });
  });
  afterAll(() => driver.close());

  test.each([
    ['aceptáis paypal', 'payment-methods', 'es', /Fuente: /],
    ['aceitam paypal', 'payment-methods', 'pt', /Fonte: /],
    ['Comment réinitialiser mon mot de passe ?', 'password-reset', 'fr', /Source ?: /],
    ['Wie lange dauert die Lieferung?', 'shipping-times', 'de', /Quelle: /],
  ])('"%s" → %s in %s', async (text, article, locale, label) => {
    const { replies } = await driver.send(`first-${locale}-${article}`, { text });
    expect(replies[0]!.knowledge).toEqual({ outcome: 'answer', article, locale });
    expect(replies[0]!.text).toMatch(label);
  });
});
