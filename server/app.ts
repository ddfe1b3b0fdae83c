import { serve, type ServerType } from '@hono/node-server';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, normalize, extname } from 'node:path';
import { Hono } from 'hono';
import type { Bot } from '../core/bot';
import type { ChannelAdapter } from '../core/channel';
import { Engine } from '../core/engine';
import { RequestError, UnavailableError } from '../core/errors';
import { DEFAULT_MAX_BODY_BYTES, json } from '../core/http';
import { createLogger, type Logger } from '../core/logger';
import { Metrics } from '../core/metrics';
import type { Store } from '../core/storage/store';
import { configureChannels } from './channels';
import { loadBot } from './load-bot';
import { openStore } from './store';
import { addFallback } from './pipeline';

/** Everything one running Switchboard instance is made of. */
export interface App {
  engine: Engine;
  store: Store;
  http: Hono;
  logger: Logger;
  metrics: Metrics;
  /** Handles one request in process (tests, serverless). */
  fetch(request: Request): Promise<Response>;
  /** Listens on `port` (0: any free port); resolves with the port. */
  listen(port?: number, hostname?: string): Promise<number>;
  close(): Promise<void>;
}

/** How to build an app. Everything not given comes from the environment or a default. */
export interface AppOptions {
  botDir: string;
  env?: NodeJS.ProcessEnv;
  store?: Store;
  logger?: Logger;
  channels?: ChannelAdapter[];
}

/** Builds an app from a bot folder: the store, the engine, the channels and the HTTP routes. */
export async function createApp(options: AppOptions): Promise<App> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  const metrics = new Metrics().withDefaults();
  const maxBodyBytes = Number(env.MAX_BODY_BYTES) || DEFAULT_MAX_BODY_BYTES;

  const { bot, publicDir } = await loadBot(options.botDir, addFallback);
  const store = options.store ?? (await openStore({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, botName: bot.config.name }));
  const channels = options.channels ?? configureChannels({ env, config: bot.config, logger, maxBodyBytes });
  const engine = new Engine({ bot, store, channels, logger, metrics });
  await engine.start();

  const http = buildRoutes({ bot, engine, store, channels, metrics, logger, publicDir });
  let server: ServerType | undefined;

  return {
    engine,
    store,
    http,
    logger,
    metrics,
    fetch: async (request) => http.fetch(request),
    listen: (port = 3000, hostname = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server = serve({ fetch: http.fetch, port, hostname }, (info) => resolve(info.port));
        (server as Server).on('error', reject);
        (server as Server).on('upgrade', (req, socket, head) => {
          if (!channels.some((c) => c.upgrade?.(req, socket, head))) socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        });
      }),
    close: async () => {
      if (server) {
        await new Promise<void>((resolve) => {
          (server as Server).close(() => resolve());
          (server as Server).closeAllConnections?.();
        });
      }
      await engine.stop();
      await store.close();
    },
  };
}

interface RouteDeps {
  bot: Bot;
  engine: Engine;
  store: Store;
  channels: ChannelAdapter[];
  metrics: Metrics;
  logger: Logger;
  publicDir?: string;
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

function buildRoutes(deps: RouteDeps): Hono {
  const app = new Hono();

  app.get('/healthz', async () => {
    try {
      await deps.store.getMessage('healthz');
      return json({ status: 'ok', bot: deps.bot.config.name, channels: deps.channels.map((c) => c.name) });
    } catch (err) {
      deps.logger.error({ err }, 'health check failed');
      return json({ status: 'unavailable', error: 'storage unreachable' }, 503, { 'retry-after': '5' });
    }
  });

  app.get('/metrics', async () => new Response(await deps.metrics.registry.metrics(), { headers: { 'content-type': deps.metrics.registry.contentType } }));

  for (const channel of deps.channels) {
    for (const route of channel.routes?.() ?? []) {
      app.on(route.method, route.path, (c) => route.handler(c.req.raw));
    }
  }

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
  app.onError((err) => {
    if (err instanceof RequestError) return json({ error: err.message }, err.status);
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
