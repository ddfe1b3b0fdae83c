import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { Route } from '../core/channel';
import { RequestError } from '../core/errors';
import type { Services } from '../core/services';
import { SECURITY_HEADERS } from '../handoff/console';
import { ANALYTICS_ROLES, consoleSessions } from './api';

/** The console's folder: the dashboard pages live beside the agent console's. */
const DIR = join(__dirname, '..', 'handoff', 'console');
/** Chart.js from the installed package (no CDN: the console's CSP allows only its own origin). */
const CHART_JS = join(dirname(require.resolve('chart.js')), 'chart.umd.js');
const FILES: Record<string, string> = {
  'dashboard.js': join(DIR, 'dashboard.js'),
  'staffing.js': join(DIR, 'staffing.js'),
  'chart.umd.js': CHART_JS,
};
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/**
 * `/console/dashboard` and `/console/staffing` (editors and admins) and their scripts under
 * `/console/analytics/`. Without a session the pages redirect to the console's login page.
 */
export function dashboardRoutes(services: Services): Route[] {
  const roles = [...ANALYTICS_ROLES];
  const page = (path: string, file: string): Route => ({
    method: 'GET',
    path,
    handler: async (req) => {
      try {
        await consoleSessions(services).authenticate(req, roles);
      } catch (err) {
        if (!(err instanceof RequestError) || (err.status !== 401 && err.status !== 403)) throw err;
        if (err.status === 401) return new Response(null, { status: 302, headers: { location: `/console/login?next=${encodeURIComponent(path)}`, ...SECURITY_HEADERS } });
        return new Response('This page needs the editor or admin role.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
      }
      return serve(join(DIR, file));
    },
  });
  return [
    page('/console/dashboard', 'dashboard.html'),
    page('/console/staffing', 'staffing.html'),
    {
      method: 'GET',
      path: '/console/analytics/:file',
      handler: async (req) => {
        const name = decodeURIComponent(new URL(req.url).pathname.split('/').pop() ?? '');
        const file = FILES[name];
        if (!file) throw new RequestError(404, `No dashboard file ${name}`);
        await consoleSessions(services).authenticate(req, roles);
        return serve(file);
      },
    },
  ];
}

function serve(file: string): Response {
  return new Response(readFileSync(file), { headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...SECURITY_HEADERS } });
}
