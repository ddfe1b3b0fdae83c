import { dirname, join } from 'node:path';
import type { Route } from '../core/channel';
import { RequestError } from '../core/errors';
import { decodeSegment } from '../core/http';
import type { Services } from '../core/services';
import { consolePage, serveConsoleFile } from '../handoff/console';
import { ANALYTICS_ROLES, consoleSessions } from './api';

/** The console's folder: the dashboard pages live beside the agent console's. */
const DIR = join(__dirname, '..', 'handoff', 'console');
/** Chart.js from the installed package (no CDN: the console's CSP allows only its own origin). */
const CHART_JS = join(dirname(require.resolve('chart.js')), 'chart.umd.js');
// A Map: the file name comes from the URL, and `constructor` or `__proto__` must name nothing.
const FILES = new Map<string, string>([
  ['dashboard.js', join(DIR, 'dashboard.js')],
  ['staffing.js', join(DIR, 'staffing.js')],
  ['chart.umd.js', CHART_JS],
]);

/**
 * `/console/dashboard` and `/console/staffing` (editors and admins) and their scripts under
 * `/console/analytics/`. Without a session the pages redirect to the console's login page.
 */
export function dashboardRoutes(services: Services): Route[] {
  const roles = [...ANALYTICS_ROLES];
  const authenticate = (req: Request) => consoleSessions(services).authenticate(req, roles);
  const page = (path: string, file: string): Route => consolePage(path, join(DIR, file), { roles, authenticate });
  return [
    page('/console/dashboard', 'dashboard.html'),
    page('/console/staffing', 'staffing.html'),
    {
      method: 'GET',
      path: '/console/analytics/:file',
      handler: async (req) => {
        const name = decodeSegment(new URL(req.url).pathname.split('/').pop() ?? '');
        const file = FILES.get(name);
        if (!file) throw new RequestError(404, `No dashboard file ${name}`);
        await authenticate(req);
        return serveConsoleFile(file);
      },
    },
  ];
}
