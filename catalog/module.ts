import { formatPrice } from '../core/cards';
import { CatalogSearch, OrderLookup } from '../core/commerce';
import type { Middleware } from '../core/composer';
import type { TurnContext } from '../core/context';
import type { AppModule } from '../core/module';
import { OptOuts } from '../core/services';
import { JourneysKey } from '../journeys/module';
import { ConfigError } from '../core/errors';
import { CatalogConfigSchema } from './config';
import { LiveCatalog, WebhookRefresher } from './live';
import { readCatalog } from './load';
import { orderMigrations, ordersCustomerData, OrderStore } from './orders';
import { Receipts } from './receipts';
import { PRODUCT_PAYLOAD, ProductIndex } from './search';

export { CatalogSearch, OrderLookup };
export type { Order, OrderLine, Product, ProductFilters, ProductResults } from '../core/commerce';

/** Options for tests and embedders. */
export interface CatalogModuleOptions {
  /** The clock orders are stamped with (tests pass a fake one). */
  now?: () => number;
}

/**
 * The product catalog and orders. Reads `catalog.csv` or `catalog.json` from the bot's folder
 * (validated at start-up, `file:line` errors), or the shop's webhook (`bot.yaml` `catalog.webhook`,
 * fetched at start-up and every `refreshMinutes`), and provides `CatalogSearch` (search like the
 * knowledge base, barcodes, cards) and `OrderLookup` (the customer's latest order). A card's
 * "Details" button answers with that product. With the journeys module, an `order_placed` event
 * carrying an `orderId` on `POST /api/events` is stored as an order and its receipt sent (see
 * `receipts.ts`). Owns `catalog_orders`; orders are exported and erased with the customer.
 */
export function catalogModule(options: CatalogModuleOptions = {}): AppModule {
  let index: LiveCatalog | undefined;
  let orders: OrderStore | undefined;
  let refresher: WebhookRefresher | undefined;
  return {
    name: 'catalog',
    config: CatalogConfigSchema,
    provides: [CatalogSearch, OrderLookup],
    uses: [JourneysKey, OptOuts],
    migrations: orderMigrations,
    customerData: [ordersCustomerData],
    async setup(ctx) {
      const { defaultLocale } = ctx.bot.config;
      const config = CatalogConfigSchema.parse(ctx.bot.config.catalog ?? {});
      const { file, products } = readCatalog(ctx.botDir, defaultLocale, ctx.env.PUBLIC_URL);
      if (file && config.webhook) throw new ConfigError(`bot.yaml catalog.webhook and ${file} both give the products: keep one`);
      index = new LiveCatalog(new ProductIndex(products, defaultLocale, ctx.bot.config));
      orders = new OrderStore(ctx.store.sql, options.now ?? (() => ctx.store.now()));
      ctx.bot.services.provide(CatalogSearch, index);
      ctx.bot.services.provide(OrderLookup, orders);
      ctx.early.use(productDetails(index));
      if (file) ctx.logger.info({ file, products: products.length }, 'catalog loaded');
      if (config.webhook) {
        const logger = ctx.logger.child({ module: 'catalog' });
        refresher = new WebhookRefresher(config, index, { defaultLocale, texts: ctx.bot.config, publicUrl: ctx.env.PUBLIC_URL, logger });
        await refresher.refresh();
      }
    },
    start(ctx) {
      refresher?.start();
      // After every module's setup: the journeys module (if loaded) provides its service by now.
      const journeys = ctx.bot.services.get(JourneysKey);
      if (!journeys) {
        ctx.logger.info('catalog: no journeys module, so no order receipts from POST /api/events');
        return;
      }
      journeys.addHandler(new Receipts({ store: ctx.store, orders: orders!, bot: ctx.bot, engine: ctx.engine, catalog: index!, logger: ctx.logger.child({ module: 'catalog' }) }));
    },
    stop() {
      refresher?.stop();
    },
  };
}

/** A card's "Details" button (`product:<id>`): the product's card with its whole description. */
function productDetails(index: CatalogSearch): Middleware<TurnContext> {
  return async (ctx, next) => {
    const payload = ctx.message.payload;
    if (!payload?.startsWith(PRODUCT_PAYLOAD)) return next();
    const product = await index.byId(payload.slice(PRODUCT_PAYLOAD.length), ctx.locale);
    if (!product) return next();
    const headline = product.price ? `**${product.title}** — ${formatPrice(product.price, ctx.locale)}` : `**${product.title}**`;
    const [card] = index.cards([product], ctx.locale);
    await ctx.reply({ text: [headline, product.description].filter(Boolean).join('\n\n'), cards: [{ ...card, buttons: product.url ? [{ title: card.title, url: product.url }] : undefined }] });
  };
}
