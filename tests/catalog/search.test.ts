import { join } from 'node:path';
import { readCatalog } from '../../catalog/load';
import { readPrice } from '../../catalog/query';
import { ProductIndex } from '../../catalog/search';

const DEMO = join(__dirname, '..', '..', 'bots', 'demo');

describe('reading prices out of a product query', () => {
  test.each([
    ['show me waterproof jackets under £100', 'show me waterproof jackets', { maxPrice: 100 }],
    ['waterproof tents under 200', 'waterproof tents', { maxPrice: 200 }],
    ['boots over 50 and below 120.50', 'boots and', { minPrice: 50, maxPrice: 120.5 }],
    ['chaquetas impermeables por menos de 100 €', 'chaquetas impermeables', { maxPrice: 100 }],
    ['Zelte zwischen 150 und 50 Euro', 'Zelte', { minPrice: 50, maxPrice: 150 }],
    ['tentes à partir de 30', 'tentes', { minPrice: 30 }],
    ['sacos-cama até 80 libras', 'sacos-cama', { maxPrice: 80 }],
    ['zaini sotto i 60 euro', 'zaini', { maxPrice: 60 }],
    ['jackets £100', 'jackets', {}],
    ['a tent for 2 people', 'a tent for 2 people', {}],
    ['mountain boots', 'mountain boots', {}],
  ])('%s', (query, text, bounds) => {
    expect(readPrice(query)).toEqual({ text, bounds });
  });
});

describe('the catalog search (the demo catalog)', () => {
  const index = new ProductIndex(readCatalog(DEMO, 'en').products, 'en', { messages: {}, defaultLocale: 'en' });
  const titles = async (query: string, filters = {}) => (await index.search(query, filters)).products.map((p) => p.title);

  test('words, a category named in the query, and a price bound together', async () => {
    const found = await index.search('show me waterproof jackets under £100');
    expect(found.filters).toEqual({ maxPrice: 100, category: 'Jackets' });
    expect(found.products.map((p) => p.title)).toEqual(['Storm Shell Jacket', 'Trail Lite Rain Jacket']);
    // The fleece is a jacket under £100 but not waterproof; the Summit Pro is waterproof but £189.
    expect(await titles('waterproof jackets')).toEqual(['Summit Pro Waterproof Jacket', 'Storm Shell Jacket', 'Trail Lite Rain Jacket']);
  });

  test('a category alone lists it cheapest first, within the price; nothing fits, nothing shown', async () => {
    expect(await titles('tents')).toEqual(['Solo Trek 1P Tent', 'Ridgeline 2P Tent', 'Basecamp 4P Tent']);
    expect(await titles('jackets under 50')).toEqual(['Ridge Fleece Jacket']);
    expect(await titles('tents under 20')).toEqual([]);
    expect(await titles('purple elephant quantum banana')).toEqual([]);
  });

  test('filters given by the caller: category, price, how many', async () => {
    expect(await titles('waterproof', { category: 'footwear', maxPrice: 130 })).toEqual(['Trailrunner GTX']);
    expect(await titles('waterproof', { limit: 1 })).toHaveLength(1);
  });

  test('any language: the catalog’s own translations, else the query translated to the default language', async () => {
    expect(await titles('chaquetas impermeables por menos de 100 €', { locale: 'es' })).toEqual(['Chaqueta Storm Shell', 'Chaqueta de lluvia Trail Lite']);
    expect(await titles('wasserdichte Jacken unter 100 Euro', { locale: 'de' })).toContain('Storm Shell Jacket');
    expect(await titles('tentes imperméables', { locale: 'fr' })).toContain('Ridgeline 2P Tent');
  });

  test('barcodes (spaces and dashes ignored) and ids, in the customer’s language when there is one', async () => {
    expect((await index.byBarcode('5012345 000114'))?.id).toBe('nw-tent-2p');
    expect((await index.byBarcode('5-012345-000114'))?.locale).toBe('en');
    expect(await index.byBarcode('0000000000000')).toBeUndefined();
    expect((await index.byId('nw-tent-2p', 'es'))?.title).toBe('Tienda Ridgeline 2P');
    expect((await index.byId('nw-stove', 'es'))?.title).toBe('Basecamp Stove');
  });

  test('cards and the reply: price, picture, page, a Details button in the customer’s language', async () => {
    const found = await index.search('sleeping bag', { locale: 'en' });
    expect(index.reply(found, 'en')).toEqual({
      text: 'Here is what I found:',
      cards: [
        {
          title: 'Nightfall Sleeping Bag',
          subtitle: 'Three-season down sleeping bag, comfort rating 2 °C.',
          imageUrl: '/products/bag.svg',
          price: { amount: 159, currency: 'GBP' },
          url: 'https://northwind.example/p/nw-bag-night',
          buttons: [{ title: 'Details', payload: 'product:nw-bag-night' }],
        },
      ],
    });
    expect(index.reply({ text: 'x', filters: {}, products: [] }, 'fr').text).toMatch(/^Désolé, je ne trouve pas de produit/);
  });
});
