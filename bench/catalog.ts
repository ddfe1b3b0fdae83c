/**
 * Catalog search speed on a synthetic shop (default 10,000 products, English and Spanish rows):
 * time to index, then the latency p50/p95 of 2,000 customer queries with price phrases and
 * category words ("waterproof jackets under £120"), and how often the best product is one the
 * query was built from. Prints one JSON object.
 *
 *   npm run bench:catalog [-- --products 10000]
 */
import { ProductIndex } from '../catalog/search';
import type { Product } from '../core/commerce';
import { seededRandom } from '../core/random';

const rand = seededRandom(7);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const CATEGORIES = [
  { en: 'Jackets', es: 'Chaquetas', nouns: ['jacket', 'shell', 'parka', 'anorak'], es_nouns: ['chaqueta', 'parka', 'anorak'] },
  { en: 'Tents', es: 'Tiendas', nouns: ['tent', 'shelter', 'tarp'], es_nouns: ['tienda', 'refugio', 'lona'] },
  { en: 'Footwear', es: 'Calzado', nouns: ['boots', 'shoes', 'sandals'], es_nouns: ['botas', 'zapatillas', 'sandalias'] },
  { en: 'Backpacks', es: 'Mochilas', nouns: ['backpack', 'daypack', 'rucksack'], es_nouns: ['mochila', 'macuto'] },
  { en: 'Sleeping bags', es: 'Sacos de dormir', nouns: ['sleeping bag', 'quilt', 'liner'], es_nouns: ['saco de dormir', 'edredón'] },
];
const TRAITS = [
  ['waterproof', 'impermeable'], ['lightweight', 'ligero'], ['insulated', 'aislante'], ['breathable', 'transpirable'],
  ['windproof', 'cortavientos'], ['packable', 'compacto'], ['recycled', 'reciclado'], ['reflective', 'reflectante'],
] as const;
const BRANDS = ['Ridge', 'Summit', 'Fell', 'Storm', 'Trail', 'Alpine', 'Coast', 'Moor', 'Glen', 'Peak', 'Dale', 'Tor'];

function shop(count: number): Product[] {
  const products: Product[] = [];
  for (let i = 0; i < count / 2; i++) {
    const c = pick(CATEGORIES);
    const [t1, t2] = [pick(TRAITS), pick(TRAITS)];
    const brand = `${pick(BRANDS)} ${pick(BRANDS)}${i}`;
    const price = { amount: 20 + Math.round(rand() * 400), currency: 'GBP' };
    const noun = pick(c.nouns);
    products.push({ id: `p${i}`, title: `${brand} ${t1[0]} ${noun}`, description: `A ${t2[0]}, ${t1[0]} ${noun} for the hills.`, price, category: c.en, locale: 'en' });
    const esNoun = pick(c.es_nouns);
    products.push({ id: `p${i}`, title: `${esNoun} ${t1[1]} ${brand}`, description: `Una ${esNoun} ${t2[1]} y ${t1[1]} para la montaña.`, price, category: c.es, locale: 'es' });
  }
  return products;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--products');
  const count = at > 0 ? Number(process.argv[at + 1]) : 10_000;
  const products = shop(count);
  const t0 = performance.now();
  const index = new ProductIndex(products, 'en', { messages: {}, defaultLocale: 'en' });
  const indexMs = performance.now() - t0;

  const times: number[] = [];
  let fits = 0;
  let found = 0;
  const queries = 2000;
  for (let i = 0; i < queries; i++) {
    const p = products[Math.floor(rand() * products.length)]!;
    const words = p.title.split(' ').slice(-2).join(' ');
    const max = p.price!.amount + 10;
    const query = p.locale === 'en' ? `show me ${words} under £${max}` : `${words} por menos de ${max} €`;
    const s = performance.now();
    const result = await index.search(query, { locale: p.locale });
    times.push(performance.now() - s);
    if (result.products.length) found++;
    if (result.products.length && result.products.every((r) => r.price!.amount <= max)) fits++;
  }
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      products: products.length,
      index_ms: Math.round(indexMs),
      queries,
      query_p50_ms: Number(percentile(times, 0.5).toFixed(2)),
      query_p95_ms: Number(percentile(times, 0.95).toFixed(2)),
      answered: Number((found / queries).toFixed(3)),
      within_price: Number((fits / Math.max(1, found)).toFixed(3)),
    }),
  );
}

void main();
