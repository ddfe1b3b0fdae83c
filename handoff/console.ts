import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Route } from '../core/channel';
import { RequestError } from '../core/errors';
import type { Sessions } from './auth';
import type { Role } from './model';

const DIR = join(__dirname, 'console');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml' };

/**
 * Strict headers on every console file: scripts only from our own origin (no inline script, so
 * even markup slipped into the page could not run), no framing, no sniffing, no referrer.
 */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Files anyone may fetch: the login page needs them before there is a session. */
const PUBLIC_ASSETS = new Set(['style.css', 'login.js']);
/** Files behind a session, and the roles each needs. */
const PRIVATE_ASSETS: Record<string, Role[]> = {
  'app.js': ['agent', 'editor', 'admin'],
  'admin.js': ['admin'],
  'common.js': ['agent', 'editor', 'admin'],
  'knowledge.js': ['editor', 'admin'],
};

/**
 * The agent console's pages: `/console/login` (public), `/console` (queue and conversations),
 * `/console/knowledge` (editors and admins: the knowledge module's editor API, from the browser)
 * and `/console/admin` (admins). Pages without a session redirect to the login page; their
 * scripts answer 401. Plain HTML, CSS and JS served from `handoff/console/`, no build step.
 */
export function consoleRoutes(sessions: Sessions): Route[] {
  const page = (path: string, file: string, roles?: Role[]): Route =>
    consolePage(path, join(DIR, file), roles && { roles, authenticate: (req) => sessions.authenticate(req, roles) });
  return [
    page('/console/login', 'login.html'),
    page('/console', 'app.html', ['agent', 'editor', 'admin']),
    page('/console/', 'app.html', ['agent', 'editor', 'admin']),
    page('/console/admin', 'admin.html', ['admin']),
    page('/console/knowledge', 'knowledge.html', ['editor', 'admin']),
    {
      method: 'GET',
      path: '/console/assets/:file',
      handler: async (req) => {
        const name = decodeURIComponent(new URL(req.url).pathname.split('/').pop() ?? '');
        if (PUBLIC_ASSETS.has(name)) return serveConsoleFile(join(DIR, name));
        const roles = PRIVATE_ASSETS[name];
        if (!roles) throw new RequestError(404, `No console file ${name}`);
        await sessions.authenticate(req, roles);
        return serveConsoleFile(join(DIR, name));
      },
    },
  ];
}

/**
 * A console page at `path`, served from `file`. Behind a `guard` (whose `authenticate` throws the
 * session's 401 or 403), a visitor without a session is sent to the login page and back, and one
 * without any of the guard's roles is told which role the page needs.
 */
export function consolePage(path: string, file: string, guard?: { roles: Role[]; authenticate: (req: Request) => Promise<unknown> }): Route {
  return {
    method: 'GET',
    path,
    handler: async (req) => {
      if (guard) {
        try {
          await guard.authenticate(req);
        } catch (err) {
          if (!(err instanceof RequestError)) throw err;
          if (err.status === 401) return redirect(`/console/login?next=${encodeURIComponent(new URL(req.url).pathname)}`);
          return new Response(`This page needs the ${guard.roles.join(' or ')} role.`, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
        }
      }
      return serveConsoleFile(file);
    },
  };
}

/** A console file (page, script, style) with the console's security headers. */
export function serveConsoleFile(file: string): Response {
  return new Response(readFileSync(file), { headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...SECURITY_HEADERS } });
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location, ...SECURITY_HEADERS } });
}
