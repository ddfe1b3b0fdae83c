import { join } from 'node:path';
import type { KnowledgeTrace } from '../../core/message';
import { WebChatDriver } from '../../cli/eval/answers/driver';

const ROOT = join(__dirname, '..', '..');

/**
 * The thesaurus's "declined" holds words for the shop's payment being refused, not for what a bank
 * does: a bank blocking a customer's payments to someone else is the bank's matter, and "bank
 * blocked" as a synonym answered it from the declined-payment article. The demo bot with the
 * help-centre fixture's articles, over web chat, each question from a new customer.
 */
describe('a bank blocking payments is not a declined payment at the shop', () => {
  let driver: WebChatDriver;
  let customers = 0;
  beforeAll(async () => {
    driver = await WebChatDriver.start(join(ROOT, 'bots', 'demo'), { knowledgeDir: join(ROOT, 'tests', 'fixtures', 'helpcentre', 'knowledge') });
  }, 60_000);
  afterAll(() => driver.close());

  /** The knowledge base's trace of the reply to a new customer's question. */
  async function ask(text: string): Promise<KnowledgeTrace | undefined> {
    const { replies } = await driver.send(`bank-${++customers}`, { text, locale: 'en' });
    return replies.find((m) => m.knowledge)?.knowledge;
  }

  test('"my bank keeps blocking payments to my landlord" is not answered from the declined-payment article', async () => {
    expect((await ask('my bank keeps blocking payments to my landlord, how do i sort it'))?.outcome).not.toBe('answer');
  });

  test('a card refused at the shop\'s checkout still is', async () => {
    expect(await ask('my bank card got rejected at checkout why')).toEqual({ outcome: 'answer', article: 'payment-declined', locale: 'en' });
  });
});
