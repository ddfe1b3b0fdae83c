import { serviceKey } from '../core/services';

/** A catalog product as photos show it. */
export interface BarcodeProduct {
  id: string;
  title: string;
  description?: string;
  /** Its page in the shop. */
  url?: string;
  locale: string;
}

/**
 * What photos need of the catalog module's `CatalogSearch` (`core/commerce.ts`, branch `cards`):
 * the product printed under a barcode. Declared here by the same id until that branch is merged,
 * so the vision module works with or without a catalog; then this file becomes an import of
 * `CatalogSearch` (and the reply shows the product's card).
 */
export interface BarcodeCatalog {
  /** The product with this barcode (digits; spaces and dashes ignored), if any. */
  byBarcode(code: string): Promise<BarcodeProduct | undefined>;
  /** A product by id, in `locale` when the catalog has it in that language. */
  byId(id: string, locale?: string): Promise<BarcodeProduct | undefined>;
}

/** The catalog module's search service (`CatalogSearch`), as photos use it. */
export const BarcodeCatalog = serviceKey<BarcodeCatalog>('catalogSearch');
