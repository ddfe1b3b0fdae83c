import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsvCatalog, parseJsonCatalog, readCatalog } from '../../catalog/load';
import { validateBot } from '../../cli/commands/validate';

const HEADER = 'id,title,description,price,currency,image,url,category,locale,barcode';

describe('catalog files', () => {
  test('a CSV catalog: quoted commas, empty cells, prices, barcodes as digits, the default locale', () => {
    const csv = [HEADER, 'j1,Storm Jacket,"Waterproof, with a hood",89.50,gbp,/products/j.svg,https://shop.example/j1,Jackets,,5012-3450-0001 5', 't1,Tent,,,,,,,es,'].join('\n');
    expect(parseCsvCatalog(csv, 'catalog.csv', 'en')).toEqual([
      { id: 'j1', title: 'Storm Jacket', description: 'Waterproof, with a hood', price: { amount: 89.5, currency: 'GBP' }, imageUrl: '/products/j.svg', url: 'https://shop.example/j1', category: 'Jackets', locale: 'en', barcode: '5012345000015' },
      { id: 't1', title: 'Tent', locale: 'es' },
    ]);
  });

  test('every bad line is reported at once, as file:line and the column', () => {
    const csv = [
      HEADER,
      'j0,Good Jacket,,10,GBP,,,,,',
      'j1,Storm Jacket,,£89,GBP,,,,,',
      ',No id,,10,GBP,,,,,',
      'j2,Jacket,,10,,,,,,',
      'j3,Jacket,,-1,GBP,ftp://x/y.jpg,,,english,',
      'j0,Good Jacket again,,10,GBP,,,,,',
      'j4,Jacket,,,,,,,,5012345000012',
    ].join('\n');
    expect(() => parseCsvCatalog(csv, 'catalog.csv', 'en')).toThrow(
      [
        'Invalid catalog:',
        'catalog.csv:3: price: must be a number like 89.50 (no currency sign)',
        'catalog.csv:4: id: missing (every product needs an id)',
        'catalog.csv:5: currency: a price needs a currency (e.g. GBP)',
        'catalog.csv:6: price: must not be negative',
        "catalog.csv:6: image: must be an http(s) URL or a path under the bot's public/ folder like /products/tent.jpg",
        'catalog.csv:6: locale: must be a language tag like "en" or "pt-BR"',
        'catalog.csv:8: barcode: check digit 2 is wrong (should be 5): a scanner would not read it',
        'catalog.csv:7: id: "j0" in en is already at catalog.csv:2',
      ].join('\n'),
    );
  });

  test('a line with a quoted line break is counted where it ends; unknown columns are named', () => {
    expect(() => parseCsvCatalog('id,title,colour\nj1,Jacket,red', 'catalog.csv', 'en')).toThrow('catalog.csv:1: unknown column(s) "colour"; the columns are id,title,description,price,currency,image,url,category,locale,barcode');
    expect(() => parseCsvCatalog('id,description\nj1,x', 'catalog.csv', 'en')).toThrow('catalog.csv:1: the header needs an "title" column');
    expect(() => parseCsvCatalog('id,title,description\nj1,Jacket,"line one\nline two"\nj2,,x', 'catalog.csv', 'en')).toThrow('catalog.csv:4: title: missing (every product needs a title)');
    expect(() => parseCsvCatalog('id,title\nj1,"Jacket', 'catalog.csv', 'en')).toThrow(/^catalog\.csv(:\d+)?: not valid CSV: /);
  });

  test('a JSON catalog: problems at line and column', () => {
    const json = '[\n  { "id": "j1", "title": "Jacket", "price": 10, "currency": "GBP" },\n  { "id": "j2", "title": "Tent", "price": "cheap", "currency": "GBP" },\n  { "id": "j3", "titel": "Boot" }\n]';
    expect(() => parseJsonCatalog(json, 'catalog.json', 'en')).toThrow(/catalog\.json:3:\d+ 1\.price: must be a number like 89\.50[\s\S]*catalog\.json:4:3 2\.title: missing[\s\S]*catalog\.json:4:17 2\.titel: unknown key "titel"/);
    expect(parseJsonCatalog('[{ "id": "j1", "title": "Jacket", "price": 10, "currency": "EUR" }]', 'catalog.json', 'de')).toEqual([
      { id: 'j1', title: 'Jacket', price: { amount: 10, currency: 'EUR' }, locale: 'de' },
    ]);
  });

  test('the bot folder: none, one, or a refusal to guess between two; picture paths on PUBLIC_URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-catalog-'));
    try {
      expect(readCatalog(dir, 'en')).toEqual({ products: [] });
      writeFileSync(join(dir, 'catalog.csv'), `${HEADER}\nj1,Jacket,,,,/products/j.svg,,,,\n`);
      expect(readCatalog(dir, 'en', 'https://bot.example').products[0].imageUrl).toBe('https://bot.example/products/j.svg');
      writeFileSync(join(dir, 'catalog.json'), '[]');
      expect(() => readCatalog(dir, 'en')).toThrow(/Both catalog\.csv and catalog\.json are in .*: keep one catalog file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('`switchboard validate` reports a catalog problem at its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-catalog-bot-'));
    try {
      cpSync(join(__dirname, '..', '..', 'bots', 'demo'), dir, { recursive: true });
      const csv = readFileSync(join(dir, 'catalog.csv'), 'utf8').split('\n');
      csv[3] = csv[3].replace(',189,GBP,', ',189,pounds,');
      writeFileSync(join(dir, 'catalog.csv'), csv.join('\n'));
      expect(await validateBot(dir)).toEqual([{ file: 'catalog.csv', line: 4, col: 1, message: 'currency: must be an ISO 4217 code like GBP' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
