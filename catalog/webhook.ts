import type { Product } from '../core/commerce';
import { parseJsonCatalog } from './load';

/**
 * Fetches the catalog from the shop's webhook and validates it like `catalog.json` (problems at
 * their line and column, named after the URL). Throws with the reason: unreachable, timed out,
 * an HTTP error, or invalid products.
 */
export async function fetchCatalog(url: string, options: { defaultLocale: string; timeoutMs: number; fetch?: typeof fetch }): Promise<Product[]> {
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (err) {
    throw new Error(`catalog webhook ${url} could not be reached: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!response.ok) throw new Error(`catalog webhook ${url} answered HTTP ${response.status}`);
  return parseJsonCatalog(await response.text(), url, options.defaultLocale);
}
