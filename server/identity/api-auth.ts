import { requireBearer } from '../../core/http';

/** Checks the `SWITCHBOARD_API_KEY` bearer token (see `requireBearer`). */
export function requireApiKey(request: Request, key: string | undefined, variable = 'SWITCHBOARD_API_KEY'): void {
  requireBearer(request, key, variable);
}
