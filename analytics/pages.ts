import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { RequestError } from '../core/errors';
import { validParams } from '../core/http';
import type { Services } from '../core/services';
import { consolePage, serveConsoleFile, type ConsolePage } from '../core/console-shell';
import { ANALYTICS_ROLES, consoleSessions } from './api';

/** The dashboard and staffing pages and their scripts (assembled around core's console shell). */
const DIR = join(__dirname, 'console');
/** Chart.js from the installed package (no CDN: the console's CSP allows only its own origin). */
const CHART_JS = join(dirname(require.resolve('chart.js')), 'chart.umd.js');
// A Map: the file name comes from the URL, and `constructor` or `__proto__` must name nothing.
const FILES = new Map<string, string>([
  ['dashboard.js', join(DIR, 'dashboard.js')],
  ['staffing.js', join(DIR, 'staffing.js')],
  ['chart.umd.js', CHART_JS],
]);

const FilePath = z.object({ file: z.string().min(1) });

/** Figures of the last days and the live tiles. */
const DASHBOARD: ConsolePage = { label: 'Dashboard', path: '/console/dashboard', roles: ANALYTICS_ROLES, order: 30 };
/** How many agents the forecast traffic needs. */
const STAFFING: ConsolePage = { label: 'Staffing', path: '/console/staffing', roles: ANALYTICS_ROLES, order: 40 };

/** The analytics module's pages in the console's navigation (`AppModule.consolePages`). */
export const analyticsConsolePages: ConsolePage[] = [DASHBOARD, STAFFING];

/**
 * `/console/dashboard` and `/console/staffing` (editors and admins) and their scripts under
 * `/console/analytics/:file`, as one sub-app mounted at the root (the console's pages share
 * `/console` with the handoff module's). Without a session the pages redirect to the console's
 * login page.
 */
export function dashboardApp(services: Services): Hono {
  const roles = [...ANALYTICS_ROLES];
  const authenticate = (req: Request) => consoleSessions(services).authenticate(req, roles);
  const page = (file: string) => consolePage(join(DIR, file), { roles, authenticate });
  const dashboard = page('dashboard.html');
  const staffing = page('staffing.html');
  const app = new Hono();
  app.get(DASHBOARD.path, (c) => dashboard(c.req.raw));
  app.get(STAFFING.path, (c) => staffing(c.req.raw));
  app.get('/console/analytics/:file', validParams(FilePath), async (c) => {
    const name = c.req.valid('param').file;
    const file = FILES.get(name);
    if (!file) throw new RequestError(404, `No dashboard file ${name}`);
    await authenticate(c.req.raw);
    return serveConsoleFile(file);
  });
  return app;
}
