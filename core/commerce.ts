import type { Card, OutboundDraft, Price } from './message';
import { serviceKey } from './services';

/**
 * The shop's products and the customer's orders, as the modules that need them see them: the
 * dialogs' `products` and `order` steps, journeys' recommendations, and reading barcodes from
 * photos. The catalog module (`catalog/`) provides both services; nobody reads its tables.
 */

/** One product of the catalog, in one language. */
export interface Product {
  id: string;
  title: string;
  description?: string;
  price?: Price;
  /** A public https URL of its picture. */
  imageUrl?: string;
  /** Its page in the shop. */
  url?: string;
  category?: string;
  /** The language its texts are in (`en`, `es`…). */
  locale: string;
  /** EAN/UPC/GTIN printed on it, as digits (what a photo's barcode reads). */
  barcode?: string;
}

/** What narrows a product search besides its words. */
export interface ProductFilters {
  /** Highest price, in the catalog's currency. */
  maxPrice?: number;
  /** Lowest price. */
  minPrice?: number;
  /** A category name as the catalog spells it (case-insensitive). */
  category?: string;
  /** The customer's language: products in it first, others translated to it. */
  locale?: string;
  /** Most products returned (default 5). */
  limit?: number;
}

/** What a search understood and found. */
export interface ProductResults {
  /** The words searched, once the price and category phrases were taken out. */
  text: string;
  /** The filters applied: those given, and those read from the query ("under £100"). */
  filters: ProductFilters;
  /** Best first. */
  products: Product[];
}

/**
 * The catalog, searched like the knowledge base: "waterproof tents under 200" is the words
 * "waterproof tents" and a price filter; a category named in the query filters by it; any
 * supported language.
 */
export interface CatalogSearch {
  search(query: string, filters?: ProductFilters): Promise<ProductResults>;
  /** The product with this barcode (digits; spaces and dashes ignored), if any. */
  byBarcode(code: string): Promise<Product | undefined>;
  /** A product by id, in `locale` when the catalog has it in that language. */
  byId(id: string, locale?: string): Promise<Product | undefined>;
  /** Products as cards (title, description, price, picture, page, a "Details" button). */
  cards(products: Product[], locale?: string): Card[];
  /** What to tell the customer about a search: a lead-in and the cards, or that nothing matched. */
  reply(results: ProductResults, locale?: string): OutboundDraft;
}

/** The key of the catalog's search service. */
export const CatalogSearch = serviceKey<CatalogSearch>('catalogSearch');

/** One line of an order. */
export interface OrderLine {
  productId?: string;
  title: string;
  quantity: number;
  /** The price of one. */
  unitPrice: Price;
}

/** An order as the shop reported it (`order_placed`), kept for receipts and dialogs. */
export interface Order {
  id: string;
  customerId: string;
  items: OrderLine[];
  /** What the customer paid in all, shipping and tax included. */
  total: Price;
  /** Shipping cost, when given. */
  shipping?: Price;
  /** Where it goes, as the shop wrote it. */
  shippingAddress?: string;
  /** Milliseconds since the epoch. */
  placedAt: number;
  /** `placed`, or what the shop reported since (`shipped`, `delivered`, `cancelled`). */
  status: string;
}

/** The customer's orders, for dialogs ("Can I change my shipping address?"). */
export interface OrderLookup {
  /** The customer's most recent order, if any. */
  latest(customerId: string): Promise<Order | undefined>;
}

/** The key of the orders service. */
export const OrderLookup = serviceKey<OrderLookup>('orderLookup');
