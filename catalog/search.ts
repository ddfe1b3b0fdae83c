import type { CatalogSearch, Product, ProductFilters, ProductResults } from '../core/commerce';
import type { Card, OutboundDraft } from '../core/message';
import type { TextSource } from '../core/texts';
import { LexicalRetriever, TermTable, type Passage } from '../knowledge/module';
import { readPrice } from './query';
import { catalogText } from './texts';

/** The payload of a card's "Details" button: `product:<id>`. */
export const PRODUCT_PAYLOAD = 'product:';

/** How many products a search returns unless asked. */
export const DEFAULT_LIMIT = 5;
/** A product whose score is below this share of the best one's is left out. */
export const RELATIVE_CUTOFF = 0.4;


const base = (locale: string) => locale.toLowerCase().split(/[-_]/)[0]!;

/**
 * The catalog's search: each product is indexed like an article (title, description, category
 * as its tag) with the knowledge base's analysis — stems, n-grams, thesaurus — per language. A
 * query in a language the catalog lacks is translated with what the catalog's own translated
 * rows teach and the thesaurus's concepts, then searched in the default language.
 */
export class ProductIndex implements CatalogSearch {
  private readonly retriever = new LexicalRetriever();
  private readonly byKey = new Map<string, Product>();
  private readonly barcodes = new Map<string, Product>();
  private readonly languages: Set<string>;
  private readonly categories: string[];
  private readonly translator: TermTable;

  constructor(
    readonly products: Product[],
    private readonly defaultLocale: string,
    /** The bot's texts, for the catalog's own (`catalog.found`, `catalog.details`…). */
    private readonly texts: TextSource,
  ) {
    const passages = products.map(toPassage);
    this.retriever.addSync(passages);
    this.translator = TermTable.learn(passages, { minPairs: 1 });
    for (const p of products) {
      this.byKey.set(`${p.id}|${base(p.locale)}`, p);
      if (p.barcode && (!this.barcodes.has(p.barcode) || base(p.locale) === base(defaultLocale))) this.barcodes.set(p.barcode, p);
    }
    this.languages = new Set(products.map((p) => base(p.locale)));
    this.categories = [...new Set(products.flatMap((p) => (p.category ? [p.category] : [])))];
  }

  async search(query: string, filters: ProductFilters = {}): Promise<ProductResults> {
    const locale = filters.locale ?? this.defaultLocale;
    const { text, bounds } = readPrice(query);
    const applied: ProductFilters = { ...bounds, ...definedOnly(filters) };
    const lang = this.languages.has(base(locale)) ? base(locale) : base(this.defaultLocale);
    const words = lang === base(locale) ? text : this.translator.translate(text, locale, lang);
    applied.category ??= this.categoryIn(words, lang);
    const limit = applied.limit ?? DEFAULT_LIMIT;
    const fits = (p: Product) => withinPrice(p, applied) && (!applied.category || p.category?.toLowerCase() === applied.category.toLowerCase());

    const candidates = words.trim() ? await this.retriever.search(words, { locale: lang, limit: 50 }) : [];
    const found = candidates.map((h) => ({ product: this.byKey.get(`${h.passage.articleId}|${lang}`)!, score: h.score })).filter((h) => h.product && fits(h.product));
    let products = this.mostRelevant(found, words, lang, lang !== base(locale));
    // Only a category and a price ("jackets under £100"): every product that fits, cheapest first.
    if (!products.length && applied.category && !this.hasOtherWords(words, applied.category, lang)) {
      products = this.products.filter((p) => base(p.locale) === lang && fits(p)).sort((a, b) => (a.price?.amount ?? 0) - (b.price?.amount ?? 0));
    }
    return { text, filters: applied, products: products.slice(0, limit) };
  }

  async byBarcode(code: string): Promise<Product | undefined> {
    return this.barcodes.get(code.replace(/\D/g, ''));
  }

  async byId(id: string, locale?: string): Promise<Product | undefined> {
    return this.byKey.get(`${id}|${base(locale ?? this.defaultLocale)}`) ?? this.byKey.get(`${id}|${base(this.defaultLocale)}`) ?? this.products.find((p) => p.id === id);
  }

  cards(products: Product[], locale = this.defaultLocale): Card[] {
    return products.map((p) => {
      const card: Card = { title: p.title, buttons: [{ title: catalogText(this.texts, 'details', locale), payload: `${PRODUCT_PAYLOAD}${p.id}` }] };
      if (p.description) card.subtitle = p.description;
      if (p.imageUrl) card.imageUrl = p.imageUrl;
      if (p.price) card.price = p.price;
      if (p.url) card.url = p.url;
      return card;
    });
  }

  reply(results: ProductResults, locale = this.defaultLocale): OutboundDraft {
    if (!results.products.length) return { text: catalogText(this.texts, 'none', locale) };
    return { text: catalogText(this.texts, 'found', locale), cards: this.cards(results.products, locale) };
  }

  /**
   * The hits that answer the query best: those that contain as much of the query as the best one
   * does ("waterproof jackets": the waterproof ones, not every jacket), within a share of the best
   * score. A product that has none of the query's words is no answer ("purple elephant" matching
   * a few letters of a jacket), unless the query was translated from a language the catalog lacks:
   * then its character n-grams are all there is, and the score alone decides.
   */
  private mostRelevant(found: Array<{ product: Product; score: number }>, words: string, lang: string, translated: boolean): Product[] {
    const best = found[0]?.score ?? 0;
    const close = found.filter((h) => h.score >= best * RELATIVE_CUTOFF);
    const coverage = close.map((h) => this.retriever.explains(words, lang, [h.product.title, h.product.description ?? '', h.product.category ?? '']));
    const most = Math.max(0, ...coverage);
    if (most === 0) return translated ? close.map((h) => h.product) : [];
    return close.filter((_h, i) => coverage[i]! >= most - 1e-9).map((h) => h.product);
  }

  /** The catalog's category the query names, if it names exactly one ("tents" → Tents). */
  private categoryIn(words: string, lang: string): string | undefined {
    if (!words.trim()) return undefined;
    const named = this.categories.filter((c) => this.retriever.explains(c, lang, [words]) >= 1);
    return named.length === 1 ? named[0] : undefined;
  }

  /** Whether the query has words besides the category's ("waterproof jackets" has; "jackets" has not). */
  private hasOtherWords(words: string, category: string, lang: string): boolean {
    return this.retriever.explains(words, lang, [category]) < 1;
  }
}

/** A product as the knowledge retriever indexes it: one passage per product and language. */
function toPassage(p: Product): Passage {
  return {
    id: `${p.id}.${p.locale}`,
    articleId: p.id,
    locale: p.locale,
    title: p.title,
    text: p.description ?? '',
    ...(p.category ? { tags: [p.category] } : {}),
    ...(p.url ? { url: p.url } : {}),
  };
}

function withinPrice(p: Product, f: ProductFilters): boolean {
  if (f.maxPrice === undefined && f.minPrice === undefined) return true;
  if (!p.price) return false;
  return (f.maxPrice === undefined || p.price.amount <= f.maxPrice) && (f.minPrice === undefined || p.price.amount >= f.minPrice);
}

function definedOnly(filters: ProductFilters): ProductFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as ProductFilters;
}
