import { serve, type ServerType } from '@hono/node-server';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { join, normalize, extname } from 'node:path';
import { Hono } from 'hono';
import { RequestError, UnavailableError } from '../core/errors';
import { AbortedRequestError, attachNodeBody, json } from '../core/http';
import { assemble, type AssembleOptions, type Assembled } from './assemble';
import { requireMetricsAccess } from './metrics-route';
import { clientLimits } from './rate-limits';

/** Everything one running Switchboard instance is made of. */
export interface App extends Assembled {
  http: Hono;
  /** Handles one request in process (tests, serverless). */
  fetch(request: Request): Promise<Response>;
  /** Listens on `port` (0: any free port); resolves with the port. */
  listen(port?: number, hostname?: string): Promise<number>;
  /**
   * Shuts down gracefully: stops listening, closes WebSockets with 1001 "going away", finishes the
   * turns under way and the outbox's sends in flight, then closes the store.
   */
  close(): Promise<void>;
}

/** How to build an app. */
export type AppOptions = AssembleOptions;

/** Builds an app from a bot folder: the assembled bot plus its HTTP routes and WebSocket upgrades. */
export async function createApp(options: AppOptions): Promise<App> {
  const assembled = await assemble(options);
  const { channels, upgrades } = assembled;
  const http = buildRoutes(assembled, options.env ?? process.env);
  let server: ServerType | undefined;

  return {
    ...assembled,
    http,
    fetch: async (request) => http.fetch(request),
    listen: (port = 3000, hostname = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server = serve({ fetch: http.fetch, port, hostname }, (info) => resolve(info.port));
        (server as Server).on('error', reject);
        (server as Server).on('upgrade', (req, socket, head) => {
          if (!channels.some((c) => c.upgrade?.(req, socket, head)) && !upgrades.some((u) => u(req, socket, head))) socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        });
      }),
    close: async () => {
      // Stop accepting first; requests under way may finish while the turns they started do.
      const closed = server && new Promise<void>((resolve) => (server as Server).close(() => resolve()));
      (server as Server | undefined)?.closeIdleConnections?.();
      // Sockets get 1001, turns under way finish, the outbox finishes its sends, the store closes.
      await assembled.close();
      (server as Server | undefined)?.closeAllConnections?.();
      await closed;
    },
  };
}


const WEB_PAGE = join(__dirname, '..', 'channels', 'web', 'public', 'index.html');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

function buildRoutes(deps: Assembled, env: NodeJS.ProcessEnv): Hono {
  const app = new Hono();
  app.use('*', clientLimits(env));

  // While a shared service is down, refuse writes up front (nothing stored) rather than accept
  // work that cannot run; reads still go through.
  app.use('*', async (c, next) => {
    const reason = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : deps.unavailable();
    if (reason) return json({ error: reason }, 503, { 'retry-after': '2' });
    await next();
  });

  app.get('/healthz', async () => {
    try {
      const reason = deps.unavailable();
      if (reason) return json({ status: 'unavailable', error: reason }, 503, { 'retry-after': '2' });
      await deps.store.getMessage('healthz');
      return json({ status: 'ok', bot: deps.bot.config.name, channels: deps.channels.map((c) => c.name) });
    } catch (err) {
      deps.logger.error({ err }, 'health check failed');
      return json({ status: 'unavailable', error: 'storage unreachable' }, 503, { 'retry-after': '5' });
    }
  });

  app.get('/metrics', async (c) => {
    requireMetricsAccess(c.req.raw, env);
    return new Response(await deps.metrics.registry.metrics(), { headers: { 'content-type': deps.metrics.registry.contentType } });
  });

  // Served by Node: bodies are read from its stream directly (see core/http.ts).
  app.use('*', async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming && c.req.method !== 'GET' && c.req.method !== 'HEAD') attachNodeBody(c.req.raw, incoming);
    await next();
  });

  // Channels' sub-apps serve fixed webhook paths, so they mount at the root, before the modules' sub-apps.
  for (const channel of deps.channels) {
    const routes = channel.routes?.();
    if (routes) app.route('/', routes);
  }

  for (const mount of deps.mounts) app.route(mount.path, mount.app);

  // The bot's own pages (the demo shop), else a plain page with the widget.
  app.get('/*', (c) => {
    const path = new URL(c.req.url).pathname;
    const file = staticFile(deps.publicDir, path) ?? (path === '/' ? WEB_PAGE : undefined);
    if (!file) return json({ error: `Not found: GET ${path}` }, 404);
    let body = readFileSync(file, 'utf8');
    if (file === WEB_PAGE) body = body.replaceAll('{{title}}', escapeHtml(deps.bot.config.name));
    return new Response(body, { headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' } });
  });

  app.notFound((c) => json({ error: `Not found: ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.onError((err, c) => {
    if (err instanceof AbortedRequestError) deps.logger.info({ method: c.req.method, path: c.req.path }, 'client aborted its request');
    if (err instanceof RequestError) return json({ error: err.message }, err.status, err.headers);
    if (err instanceof UnavailableError) return json({ error: err.message }, 503, { 'retry-after': '5' });
    deps.logger.error({ err }, 'request failed');
    return json({ error: 'Internal error' }, 500);
  });
  return app;
}

function staticFile(dir: string | undefined, path: string): string | undefined {
  if (!dir) return undefined;
  const relative = normalize(path === '/' ? '/index.html' : path).replace(/^(\.\.[/\\])+/, '');
  const file = join(dir, relative);
  if (!file.startsWith(dir) || !existsSync(file) || !extname(file)) return undefined;
  return file;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
