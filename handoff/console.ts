import { join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { consolePage, serveConsoleFile, type ConsolePage } from '../core/console-shell';
import { RequestError } from '../core/errors';
import { validParams } from '../core/http';
import type { Sessions } from './auth';
import type { Role } from './model';

const DIR = join(__dirname, 'console');

const AssetPath = z.object({ file: z.string().min(1) });
/** Files anyone may fetch: the login page needs them before there is a session. */
const PUBLIC_ASSETS = new Set(['login.js']);
/** Files behind a session, and the roles each needs. */
// A Map: the file name comes from the URL, and `constructor` or `__proto__` must name nothing.
const PRIVATE_ASSETS = new Map<string, Role[]>([
  ['app.js', ['agent', 'editor', 'admin']],
  ['admin.js', ['admin']],
  ['profile.js', ['agent', 'editor', 'admin']],
]);

/** The queue: every console user's page. */
const QUEUE: ConsolePage = { label: 'Queue', path: '/console', roles: ['agent', 'editor', 'admin'], order: 10 };
/** Agents, queues, keys and settings: admins only. */
const ADMIN: ConsolePage = { label: 'Admin', path: '/console/admin', roles: ['admin'], order: 90 };

/** The handoff module's pages in the console's navigation (`AppModule.consolePages`). */
export const handoffConsolePages: ConsolePage[] = [QUEUE, ADMIN];

/**
 * The agent console's pages: `/console/login` (public), `/console` (queue and conversations),
 * `/console/profile` (everyone: their display name and password) and `/console/admin` (admins).
 * Pages without a session redirect to the login page; their scripts (`/console/assets/:file`)
 * answer 401. Plain HTML from `handoff/console/` (the pages are assembled around the console shell
 * when the routes are made: core/console-shell.ts); each page's script `x.js` is the TypeScript
 * module `x.ts` there, with what it imports, built for the browser on first request. No build step.
 * What every console page loads (the stylesheet, the Markdown renderer) is the shell's, not served
 * here (core/console-shell.ts). One sub-app mounted at the root: `/console` and `/console/` are
 * both pages.
 */
export function consoleApp(sessions: Sessions): Hono {
  const app = new Hono();
  const page = (path: string, file: string, roles?: readonly Role[]) => {
    const handler = consolePage(join(DIR, file), roles && { roles, authenticate: (req) => sessions.authenticate(req, [...roles]) });
    app.get(path, (c) => handler(c.req.raw));
  };
  page('/console/login', 'login.html');
  page(QUEUE.path, 'app.html', QUEUE.roles);
  page(`${QUEUE.path}/`, 'app.html', QUEUE.roles);
  page(ADMIN.path, 'admin.html', ADMIN.roles);
  page('/console/profile', 'profile.html', ['agent', 'editor', 'admin']);
  app.get('/console/assets/:file', validParams(AssetPath), async (c) => {
    const req = c.req.raw;
    const name = c.req.valid('param').file;
    if (PUBLIC_ASSETS.has(name)) return serveConsoleFile(join(DIR, name));
    const roles = PRIVATE_ASSETS.get(name);
    if (!roles) throw new RequestError(404, `No console file ${name}`);
    await sessions.authenticate(req, roles);
    return serveConsoleFile(join(DIR, name));
  });
  return app;
}
