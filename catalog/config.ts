import { z } from 'zod';

/** bot.yaml's `catalog:` block: where products come from when not from a file in the bot folder. */
export const CatalogConfigSchema = z
  .object({
    /**
     * An http(s) URL answering `GET` with the products as `catalog.json` holds them (a JSON list of
     * `{ id, title, description, price, currency, image, url, category, locale, barcode }`).
     */
    webhook: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /** How often the webhook is asked again, in minutes (default 60). */
    refreshMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
    /** Longest a fetch may take, in milliseconds (default 10 000). */
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  })
  .strict();

/** The validated `catalog:` block. */
export type CatalogConfig = z.infer<typeof CatalogConfigSchema>;
