import { RequestError } from '../../core/errors';
import { safeEqual } from '../../core/http';

/**
 * Checks `Authorization: Bearer <key>` against the configured API key. Without a configured key
 * every request is refused, with the variable to set — an API is never open by omission.
 */
export function requireApiKey(request: Request, key: string | undefined, variable = 'SWITCHBOARD_API_KEY'): void {
  if (!key) throw new RequestError(401, `This API is disabled until ${variable} is set; then send "Authorization: Bearer <key>"`);
  const header = request.headers.get('authorization') ?? '';
  const given = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? '';
  if (!given || !safeEqual(given, key)) throw new RequestError(401, 'Missing or wrong API key: send "Authorization: Bearer <key>"');
}
