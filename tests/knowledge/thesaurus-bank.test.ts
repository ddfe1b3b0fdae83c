import { helpCentre } from './helpers';

/**
 * The thesaurus's "declined" holds words for the shop's payment being refused, not for what a bank
 * does: a bank blocking a customer's payments to someone else is the bank's matter, and "bank
 * blocked" as a synonym answered it from the declined-payment article.
 */
describe('a bank blocking payments is not a declined payment at the shop', () => {
  let shop: Awaited<ReturnType<typeof helpCentre>>;
  beforeAll(async () => (shop = await helpCentre()), 60_000);
  afterAll(() => shop.close());

  test('"my bank keeps blocking payments to my landlord" is not answered from the declined-payment article', async () => {
    expect((await shop.ask('my bank keeps blocking payments to my landlord, how do i sort it', 'en'))?.outcome).not.toBe('answer');
  });

  test('a card refused at the shop\'s checkout still is', async () => {
    expect(await shop.ask('my bank card got rejected at checkout why', 'en')).toEqual({ outcome: 'answer', article: 'payment-declined', locale: 'en' });
  });
});
