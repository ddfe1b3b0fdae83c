import type { CatalogSearch, Product, ProductFilters, ProductResults } from '../core/commerce';
import type { Logger } from '../core/logger';
import type { Card, OutboundDraft } from '../core/message';
import type { TextSource } from '../core/texts';
import type { CatalogConfig } from './config';
import { ProductIndex } from './search';
import { fetchCatalog } from './webhook';

/**
 * The catalog the bot searches, replaceable as a whole: a webhook's new products take over in one
 * step, so a search never sees half of an update.
 */
export class LiveCatalog implements CatalogSearch {
  constructor(private current: ProductIndex) {}

  /** Puts a new index in place of the old one. */
  replace(index: ProductIndex): void {
    this.current = index;
  }

  get size(): number {
    return this.current.products.length;
  }

  search(query: string, filters?: ProductFilters): Promise<ProductResults> {
    return this.current.search(query, filters);
  }

  byBarcode(code: string): Promise<Product | undefined> {
    return this.current.byBarcode(code);
  }

  byId(id: string, locale?: string): Promise<Product | undefined> {
    return this.current.byId(id, locale);
  }

  cards(products: Product[], locale?: string): Card[] {
    return this.current.cards(products, locale);
  }

  reply(results: ProductResults, locale?: string): OutboundDraft {
    return this.current.reply(results, locale);
  }
}

/** What refreshing needs besides the settings. */
export interface RefreshOptions {
  defaultLocale: string;
  texts: TextSource;
  publicUrl?: string;
  logger: Logger;
  fetch?: typeof fetch;
}

/** How soon a failed fetch is tried again (a shop's API down at start-up). */
const RETRY_MS = 60_000;

/**
 * Keeps a webhook catalog fresh: fetched at start-up and every `refreshMinutes`. A failed or
 * invalid fetch is logged with its reason and leaves the products as they were (empty until the
 * first success, retried a minute later). The timer only refreshes a cache every instance holds:
 * nothing promised to a customer waits on it.
 */
export class WebhookRefresher {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: CatalogConfig,
    private readonly catalog: LiveCatalog,
    private readonly options: RefreshOptions,
  ) {}

  /** Fetches once; true when the catalog was replaced. */
  async refresh(): Promise<boolean> {
    const url = this.config.webhook!;
    try {
      const products = await fetchCatalog(url, { defaultLocale: this.options.defaultLocale, timeoutMs: this.config.timeoutMs, fetch: this.options.fetch });
      if (this.options.publicUrl) for (const p of products) if (p.imageUrl?.startsWith('/')) p.imageUrl = new URL(p.imageUrl, this.options.publicUrl).href;
      this.catalog.replace(new ProductIndex(products, this.options.defaultLocale, this.options.texts));
      this.options.logger.info({ url, products: products.length }, 'catalog fetched from its webhook');
      return true;
    } catch (err) {
      this.options.logger.warn({ url, err: err instanceof Error ? err.message : String(err), products: this.catalog.size }, 'catalog webhook failed; keeping the products as they were');
      return false;
    }
  }

  /** Schedules the next fetches (sooner after a failure). */
  start(): void {
    const schedule = (ms: number) => {
      this.timer = setTimeout(() => void this.refresh().then((ok) => schedule(ok ? this.config.refreshMinutes * 60_000 : RETRY_MS)), ms);
      this.timer.unref();
    };
    schedule(this.catalog.size ? this.config.refreshMinutes * 60_000 : RETRY_MS);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
