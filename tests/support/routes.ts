import type { App } from '../../server/app';

/**
 * Every method and path the app's router serves under `prefix`, once each: the channels' routes
 * and the modules' sub-apps alike (a handler chain's middleware entries, method ALL, left out).
 * Tests that sweep every route (401 without a session, one shell per page) read it, so a route
 * added later is checked too.
 */
export function servedRoutes(app: App, prefix: string): Array<{ method: string; path: string }> {
  const served = app.http.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith(prefix));
  return [...new Map(served.map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path }])).values()];
}
