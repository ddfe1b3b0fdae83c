import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { RequestError } from '../core/errors';
import { validParams } from '../core/http';
import type { Services } from '../core/services';
import { consolePage, serveConsoleFile } from '../core/console-shell';
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
  app.get('/console/dashboard', (c) => dashboard(c.req.raw));
  app.get('/console/staffing', (c) => staffing(c.req.raw));
  app.get('/console/analytics/:file', validParams(FilePath), async (c) => {
    const name = c.req.valid('param').file;
    const file = FILES.get(name);
    if (!file) throw new RequestError(404, `No dashboard file ${name}`);
    await authenticate(c.req.raw);
    return serveConsoleFile(file);
  });
  return app;
}
