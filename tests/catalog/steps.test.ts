import { Bot } from '../../core/bot';
import { CatalogSearch } from '../../core/commerce';
import { TestBot } from '../../core/testing/harness';
import { dialog } from '../../dialogs/builder';
import { SimpleRecognizer } from '../../dialogs/intents/simple';
import { DialogRuntime } from '../../dialogs/runtime';
import type { Dialog } from '../../dialogs/schema';
import type { DialogState } from '../../dialogs/state';
import { ProductIndex } from '../../catalog/search';

const PRODUCTS = [
  { id: 'tent', title: 'Ridgeline Tent', description: 'Waterproof two-person tent', price: { amount: 229, currency: 'GBP' }, category: 'Tents', locale: 'en' },
  { id: 'mat', title: 'Cloud Mat', description: 'Inflatable sleeping mat', price: { amount: 49, currency: 'GBP' }, category: 'Sleeping', locale: 'en' },
];

const open: TestBot[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

async function setup(dialogs: Dialog[], withCatalog = true): Promise<TestBot> {
  const bot = new Bot({ name: 'Test', defaultLocale: 'en', locales: ['en'] });
  if (withCatalog) bot.services.provide(CatalogSearch, new ProductIndex(PRODUCTS, 'en', bot.config));
  const runtime = await DialogRuntime.create({ dialogs, actions: new Map(), recognizer: new SimpleRecognizer() });
  bot.use(runtime.middleware());
  bot.use(async (ctx) => ctx.reply('(fallback)'));
  const t = await TestBot.create(bot);
  open.push(t);
  return t;
}

const shop = () =>
  dialog('shop')
    .keywords('show me')
    .step({ products: { query: true, max: 3 }, into: 'shown', onNone: { say: 'Nothing like that.', jump: 'after' } })
    .say('Shown: {{slots.shown}}')
    .step({ id: 'after', end: true })
    .build();

describe('the products step', () => {
  test('shows what matches as cards and keeps the ids in the slot', async () => {
    const t = await setup([shop()]);
    const c = t.conversation('ann').send('show me a waterproof tent under 300');
    await c.expect({ text: 'Here is what I found:' }).expect('Shown: ["tent"]');
    expect(c.replies[0].cards?.map((card) => [card.title, card.price])).toEqual([['Ridgeline Tent', { amount: 229, currency: 'GBP' }]]);
    expect(((await t.state('ann'))?.dialogs as DialogState).stack).toEqual([]);
  });

  test('nothing found follows onNone; without it, says so', async () => {
    const t = await setup([shop()]);
    await t.conversation('bob').send('show me a tent under 100').expect('Nothing like that.').expectNoMore();
    const plain = await setup([dialog('shop').keywords('show me').step({ products: { query: 'kayak' } }).build()]);
    await plain.conversation('cy').send('show me').expect(/^Sorry, I couldn't find a product like that/);
  });

  test('without a catalog module the step apologises instead of failing the turn', async () => {
    const t = await setup([dialog('shop').keywords('show me').step({ products: { query: true } }).say('Anything else?').build()], false);
    await t.conversation('dee').send('show me tents').expect('Sorry, I could not look that up right now.').expect('Anything else?');
  });
});
