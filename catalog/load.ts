import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Product } from '../core/commerce';
import { ConfigError } from '../core/errors';
import { isLocaleTag } from '../core/locale';
import { formatYamlProblems, parseYaml } from '../core/yaml';

/** The catalog files a bot folder may hold, in the order they are looked for. */
export const CATALOG_FILES = ['catalog.csv', 'catalog.json'] as const;

/** The columns of `catalog.csv` (and keys of `catalog.json`'s objects). */
export const COLUMNS = ['id', 'title', 'description', 'price', 'currency', 'image', 'url', 'category', 'locale', 'barcode'] as const;

/** An optional column: an empty CSV cell (or a JSON null) is no value. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
/** A picture: an http(s) URL, or a path the bot serves from its `public/` folder (`/products/tent.svg`). */
const imageUrl = z.union([httpUrl, z.string().regex(/^\/[^\s?#]+$/)], { error: 'must be an http(s) URL or a path under the bot\'s public/ folder like /products/tent.jpg' });

/** The check digit of a GTIN's other digits (EAN-8, UPC-A, EAN-13, GTIN-14): weights 3 and 1 from the right. */
function gtinCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/**
 * True unless the code has a GTIN's length (8, 12, 13 or 14 digits) and a wrong last digit:
 * barcode readers refuse such a code, so a photo of the product could never find it.
 */
function gtinCheckDigitHolds(code: string): boolean {
  return ![8, 12, 13, 14].includes(code.length) || gtinCheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/** One row as written: prices as numbers or numeric text ("89.50"), everything else text. */
const Row = z
  .object({
    id: z.string().trim().min(1, 'missing (every product needs an id)').max(100),
    title: z.string().trim().min(1, 'missing (every product needs a title)').max(200),
    description: optional(z.string().max(2000)),
    price: optional(
      z.preprocess(
        (v) => (typeof v === 'string' && /^\s*-?\d+(\.\d{1,4})?\s*$/.test(v) ? Number(v) : v),
        z.number({ error: 'must be a number like 89.50 (no currency sign)' }).nonnegative('must not be negative'),
      ),
    ),
    currency: optional(z.string().trim().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code like GBP').transform((c) => c.toUpperCase())),
    image: optional(imageUrl),
    url: optional(httpUrl),
    category: optional(z.string().trim().max(100)),
    locale: optional(z.string().trim().refine(isLocaleTag, 'must be a language tag like "en" or "pt-BR"')),
    barcode: optional(
      z
        .string()
        .trim()
        .regex(/^[\d\s-]{6,20}$/, 'must be the digits of an EAN/UPC code')
        .transform((b) => b.replace(/\D/g, ''))
        .superRefine((b, ctx) => {
          if (!gtinCheckDigitHolds(b)) ctx.addIssue({ code: 'custom', message: `check digit ${b.at(-1)} is wrong (should be ${gtinCheckDigit(b.slice(0, -1))}): a scanner would not read it` });
        }),
    ),
  })
  .strict()
  .refine((r) => r.price === undefined || r.currency !== undefined, { message: 'a price needs a currency (e.g. GBP)', path: ['currency'] });

type RowOutput = z.output<typeof Row>;

/**
 * Reads the bot's catalog (`catalog.csv` or `catalog.json`), or none; picture paths become URLs on
 * `publicUrl` (`PUBLIC_URL`) when it is set. Every problem in the file is
 * reported at once as `catalog.csv:7: price: must be a number…` (JSON: `catalog.json:7:5 …`), so
 * start-up and `switchboard validate` point at the lines to fix.
 */
export function readCatalog(botDir: string, defaultLocale: string, publicUrl?: string): { file?: string; products: Product[] } {
  const found = CATALOG_FILES.filter((f) => existsSync(join(botDir, f)));
  if (found.length > 1) throw new ConfigError(`Both ${found.join(' and ')} are in ${botDir}: keep one catalog file`);
  const file = found[0];
  if (!file) return { products: [] };
  const text = readFileSync(join(botDir, file), 'utf8');
  const products = file.endsWith('.csv') ? parseCsvCatalog(text, file, defaultLocale) : parseJsonCatalog(text, file, defaultLocale);
  // Providers fetch pictures themselves: a path becomes a URL on the bot's public address.
  if (publicUrl) for (const p of products) if (p.imageUrl?.startsWith('/')) p.imageUrl = new URL(p.imageUrl, publicUrl).href;
  return { file, products };
}

/** Products from CSV text with a header row; throws a `ConfigError` listing every bad line. */
export function parseCsvCatalog(text: string, file: string, defaultLocale: string): Product[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { columns: header(file), skip_empty_lines: true, trim: true, bom: true, info: true });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: not valid CSV: ${(err as Error).message}`);
  }
  const problems: string[] = [];
  const rows = records.flatMap(({ record, info }) => {
    const parsed = Row.safeParse(record);
    if (parsed.success) return [{ row: parsed.data, where: `${file}:${info.lines}` }];
    for (const issue of parsed.error.issues) problems.push(`${file}:${info.lines}: ${describe(issue)}`);
    return [];
  });
  return finish(rows, problems, defaultLocale);
}

/** Products from a JSON array; throws a `ConfigError` listing every problem at its line and column. */
export function parseJsonCatalog(text: string, file: string, defaultLocale: string): Product[] {
  const parsed = parseYaml(text, z.array(Row, { error: 'expected a list of products ([{ "id": …, "title": … }])' }));
  if (!parsed.ok) throw new ConfigError(`Invalid catalog:\n${formatYamlProblems(file, parsed.problems)}`);
  return finish(parsed.data.map((row, i) => ({ row, where: `${file} product ${i + 1}` })), [], defaultLocale);
}

/** The header check: known columns only, `id` and `title` present. */
function header(file: string): (names: string[]) => string[] {
  return (names) => {
    const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n.trim()));
    if (unknown.length) throw new ConfigError(`${file}:1: unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}; the columns are ${COLUMNS.join(',')}`);
    for (const required of ['id', 'title']) if (!names.some((n) => n.trim() === required)) throw new ConfigError(`${file}:1: the header needs an "${required}" column`);
    return names.map((n) => n.trim());
  };
}

/** Checks across rows (one id per language), then the products. */
function finish(rows: Array<{ row: RowOutput; where: string }>, problems: string[], defaultLocale: string): Product[] {
  const seen = new Map<string, string>();
  const products: Product[] = [];
  for (const { row, where } of rows) {
    const locale = row.locale ?? defaultLocale;
    const key = `${row.id}|${locale.toLowerCase()}`;
    const first = seen.get(key);
    if (first) problems.push(`${where}: id: "${row.id}" in ${locale} is already at ${first}`);
    seen.set(key, where);
    products.push(toProduct(row, locale));
  }
  if (problems.length) throw new ConfigError(`Invalid catalog:\n${problems.join('\n')}`);
  return products;
}

function toProduct(row: RowOutput, locale: string): Product {
  const product: Product = { id: row.id, title: row.title, locale };
  if (row.description) product.description = row.description;
  if (row.price !== undefined && row.currency) product.price = { amount: row.price, currency: row.currency };
  if (row.image) product.imageUrl = row.image;
  if (row.url) product.url = row.url;
  if (row.category) product.category = row.category;
  if (row.barcode) product.barcode = row.barcode;
  return product;
}

function describe(issue: z.core.$ZodIssue): string {
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
