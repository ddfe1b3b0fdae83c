import { apiKeysFrom, bearerOf, requireKey } from '../core/api-keys';
import { safeEqual } from '../core/http';

/**
 * Who may read `/metrics` (it tells traffic, queue sizes and error rates): with
 * `METRICS_PUBLIC=true` anyone (for a port only the monitoring network reaches); else the
 * scraper's own `Bearer $METRICS_TOKEN`, or the admin key. Throws 401/403 otherwise.
 */
export function requireMetricsAccess(request: Request, env: NodeJS.ProcessEnv): void {
  if (env.METRICS_PUBLIC?.trim() === 'true') return;
  const token = bearerOf(request);
  const scraper = env.METRICS_TOKEN?.trim();
  if (scraper && token && safeEqual(token, scraper)) return;
  requireKey(request, apiKeysFrom(env), ['admin']);
}
