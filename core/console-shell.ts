import type { NonSharedBuffer } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { browserScript } from './browser-script';
import type { ConsolePage } from './console-shell/common';
import { RequestError } from './errors';
import { validParams } from './http';
import { markdownScript } from './markdown/bundle';

export type { ConsolePage } from './console-shell/common';

/**
 * The console shell: what every console page shares, whichever module serves it (handoff's agent
 * console from handoff/console/, knowledge's editor from knowledge/console/, analytics' dashboard
 * and staffing pages from analytics/console/). The document around each page
 * (`console-shell/shell.html`: head, stylesheet, title pattern), the signed-in pages' top bar
 * (`console-shell/topbar.html`), the stylesheet (`console-shell/style.css`), the browser helpers
 * every page's script imports (`console-shell/common.ts`: API client, top bar, navigation;
 * `console-shell/dom.ts`: checked look-ups), the console's security headers, the login redirect of
 * a page behind a session, serving a page's scripts (TypeScript built for the browser), and the
 * shell's own files under `/console/shell/` (consoleShellApp). In core so that no module reaches
 * into another's files for it, and removing one module breaks no other's pages.
 */

const DIR = join(__dirname, 'console-shell');
/** The document every page shares (head, stylesheet, title pattern) and the signed-in pages' top bar. */
const SHELL = join(DIR, 'shell.html');
const TOP_BAR = join(DIR, 'topbar.html');
const STYLESHEET = join(DIR, 'style.css');
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

const ShellFile = z.object({ file: z.string().min(1) });

/**
 * The shell's own files, for every console page whichever module serves it; the composition root
 * mounts this sub-app at the root for any app. `/console/shell/style.css` (the stylesheet),
 * `/console/shell/markdown.js` (the Markdown renderer, the same script the web widget ships:
 * core/markdown/bundle.ts) and `/console/shell/pages.json` (the top bar's navigation: `pages`, the
 * console pages the app's modules declare, by their `order`). All three are public: the login
 * page needs the stylesheet before there is a session, and none of them tells a visitor more than
 * the public widget or the login page does; each page checks its own roles.
 */
export function consoleShellApp(pages: readonly ConsolePage[]): Hono {
  const nav = JSON.stringify([...pages].sort((a, b) => a.order - b.order));
  const app = new Hono();
  app.get('/console/shell/:file', validParams(ShellFile), (c) => {
    const name = c.req.valid('param').file;
    if (name === 'style.css') return serveConsoleFile(STYLESHEET);
    if (name === 'markdown.js') return consoleResponse(markdownScript(), TYPES['.js']);
    if (name === 'pages.json') return consoleResponse(nav, 'application/json; charset=utf-8');
    throw new RequestError(404, `No console shell file ${name}`);
  });
  return app;
}

/**
 * The handler of a console page assembled from `file` (see consolePageHtml). Behind a `guard`
 * (whose `authenticate` throws the session's 401 or 403), a visitor without a session is sent to
 * the login page and back, and one without any of the guard's roles is told which role the page needs.
 */
export function consolePage(file: string, guard?: { roles: readonly string[]; authenticate: (req: Request) => Promise<unknown> }): (req: Request) => Promise<Response> {
  // Assembled now, so a broken page stops the server at start rather than on its first visit.
  const html = consolePageHtml(file);
  return async (req) => {
    if (guard) {
      try {
        await guard.authenticate(req);
      } catch (err) {
        if (!(err instanceof RequestError)) throw err;
        if (err.status === 401) return redirect(`/console/login?next=${encodeURIComponent(new URL(req.url).pathname)}`);
        return new Response(`This page needs the ${guard.roles.join(' or ')} role.`, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
      }
    }
    return consoleResponse(html, TYPES['.html']);
  };
}

/**
 * Console files and pages are read, and pages assembled, once per process: they ship with the
 * code and change only with it (like the code, an edit needs a restart), so no request pays for
 * reading them.
 */
const files = new Map<string, NonSharedBuffer>();
const pages = new Map<string, string>();

/**
 * A console file (script, style) with the console's security headers. A script `x.js` with a
 * TypeScript source `x.ts` beside it is that source built for the browser (core/browser-script.ts);
 * other files (Chart.js's browser build) are served as they are.
 */
export function serveConsoleFile(file: string): Response {
  const source = file.replace(/\.js$/, '.ts');
  if (source !== file && existsSync(source)) return consoleResponse(browserScript(source), TYPES['.js']);
  if (!files.has(file)) files.set(file, readFileSync(file));
  return consoleResponse(files.get(file)!, TYPES[extname(file)] ?? 'application/octet-stream');
}

/** A page file's parts: `{{#name}}value{{/name}}`, each on its own lines or inline. */
const PART = /\{\{#([\w-]+)\}\}\n?([\s\S]*?)\n?\{\{\/\1\}\}\n?/g;
/** The parts a page may give, and their value when it gives none (`title` it must give). */
const PART_DEFAULTS: Record<string, string | undefined> = { title: undefined, controls: '' };

/**
 * The HTML of the console page in `file`. A page file holds only what is its own: its title
 * (`{{#title}}Admin{{/title}}`, shown as "Admin · Switchboard console"), optionally its own
 * controls at the start of the top bar's right-hand side (`{{#controls}}…{{/controls}}`), and its
 * `<body>`, where `{{topbar}}` stands for the shared top bar (brand, `#me-name`, "Sign out"
 * `#logout`; console-shell/common.ts fills in the name and the navigation). `shell.html` wraps the body in the
 * document every page shares: `lang`, charset, viewport, title, stylesheet. A placeholder nothing
 * fills, or an unknown part, throws: nothing like `{{…}}` can reach a browser.
 */
export function consolePageHtml(file: string): string {
  if (!pages.has(file)) pages.set(file, assemble(file));
  return pages.get(file)!;
}

function assemble(file: string): string {
  const parts: Record<string, string> = {};
  const body = readFileSync(file, 'utf8').replace(PART, (_, name: string, value: string) => {
    if (!Object.hasOwn(PART_DEFAULTS, name)) throw new Error(`${file}: unknown part {{#${name}}}`);
    parts[name] = value;
    return '';
  });
  const values = { ...PART_DEFAULTS, ...parts };
  const topbar = fill(TOP_BAR, readFileSync(TOP_BAR, 'utf8'), values);
  const html = fill(SHELL, readFileSync(SHELL, 'utf8'), { ...values, body: fill(file, body, { topbar }) });
  if (html.includes('{{')) throw new Error(`${file}: a {{ is left in the page (an unclosed part?)`);
  return html;
}

/** `{{name}}` in a template; one on a line of its own takes the line, which goes when the value is empty. */
const SLOT = /\{\{([\w-]+)\}\}(\n?)/g;

function fill(file: string, template: string, values: Record<string, string | undefined>): string {
  return template.replace(SLOT, (slot, name: string, newline: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) throw new Error(`${file}: nothing fills ${slot}`);
    return value === '' ? '' : value.replace(/\n$/, '') + newline;
  });
}

/** A console response: `body` as `type`, with the console's security headers. */
export function consoleResponse(body: string | NonSharedBuffer, type: string): Response {
  return new Response(body, { headers: { 'content-type': type, ...SECURITY_HEADERS } });
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location, ...SECURITY_HEADERS } });
}
