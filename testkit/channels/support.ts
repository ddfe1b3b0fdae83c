import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Hono } from 'hono';
import { Bot } from '../../core/bot';
import type { ChannelAdapter } from '../../core/channel';
import { Engine } from '../../core/engine';
import { RequestError } from '../../core/errors';
import { json } from '../../core/http';
import type { Message } from '../../core/message';
import { SqlStore } from '../../core/storage/sql-store';
import { SqliteDriver } from '../../core/storage/sqlite';
import { identityLinks } from '../../identity/links';
import { identityMigrations } from '../../identity/schema';

/**
 * The bot the channel tests talk to: "menu" offers two buttons, a chosen button is confirmed,
 * attachments are counted, anything else is echoed.
 */
export function channelTestBot(): Bot {
  const bot = new Bot({ name: 'channels' });
  bot.use(async (ctx) => {
    const files = ctx.message.attachments?.length ?? 0;
    if (ctx.message.payload) return ctx.reply(`chose ${ctx.message.payload}`);
    if (files) return ctx.reply(`got ${files} attachment(s): ${ctx.message.attachments?.map((a) => a.name ?? a.type).join(', ')}`);
    if (ctx.text === 'menu') {
      return ctx.reply({ text: 'Pick **one**', buttons: [{ title: 'Track order', payload: 'TRACK' }, { title: 'Returns', payload: 'RETURNS' }] });
    }
    return ctx.reply(`echo: ${ctx.text}`);
  });
  return bot;
}

/**
 * An adapter's routes as the app serves them (mounted at the root; a thrown `RequestError` is its
 * status with `{ error }`), to call in process with `adapterApp(adapter).request(path, init)`.
 */
export function adapterApp(adapter: ChannelAdapter): Hono {
  const http = new Hono();
  const routes = adapter.routes?.();
  if (routes) http.route('/', routes);
  http.onError((err) => (err instanceof RequestError ? json({ error: err.message }, err.status, err.headers) : json({ error: String(err) }, 500)));
  return http;
}

/** One adapter served over real HTTP on loopback, with an engine on in-memory SQLite behind it. */
export interface Served {
  url: string;
  engine: Engine;
  store: SqlStore;
  sql: SqliteDriver;
  /** Every message stored, in order (to check that refused requests stored nothing). */
  messages(): Promise<Message[]>;
  close(): Promise<void>;
}

/** Starts an engine with `adapter` and serves the adapter's routes the way `server/app.ts` does. */
export async function serveAdapter(adapter: ChannelAdapter, bot = channelTestBot()): Promise<Served> {
  const sql = new SqliteDriver(':memory:');
  // With the identity module's tables and links, as the app runs: channels' verified facts link customers.
  const store = await SqlStore.open(sql, { migrations: identityMigrations, identities: identityLinks([]) });
  const engine = new Engine({ bot, store, channels: [adapter], outbox: { baseDelayMs: 50, maxDelayMs: 2000, pollMs: 50 } });
  await engine.start();
  const http = adapterApp(adapter);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: http.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = ((server as Server).address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    engine,
    store,
    sql,
    messages: () => allMessages(sql, store),
    close: async () => {
      await new Promise<void>((resolve) => {
        (server as Server).close(() => resolve());
        (server as Server).closeAllConnections?.();
      });
      await engine.stop();
      await store.close();
    },
  };
}

async function allMessages(sql: SqliteDriver, store: SqlStore): Promise<Message[]> {
  const ids = await sql.all<{ id: string }>(`SELECT id FROM messages ORDER BY seq`);
  return Promise.all(ids.map(async (r) => (await store.getMessage(r.id)) as Message));
}

/** One request a fake provider received. */
export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** When it arrived (ms since the epoch), for pacing checks. */
  at: number;
}

/** Which requests a fake provider's lookup or canned answer applies to: a path fragment, or a test. */
export type Match = string | ((request: { path: string; body: string }) => boolean);

function matches(match: Match, request: { path: string; body: string }): boolean {
  return typeof match === 'string' ? request.path.includes(match) : match(request);
}

/** A canned answer of a fake provider. */
export interface Canned {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

/**
 * A local stand-in for a provider's API: records every request and answers with `answer(path)`,
 * unless a one-off answer was queued for that path with `queue`.
 */
export class FakeProvider {
  readonly requests: Recorded[] = [];
  private readonly queued: Array<{ match: Match; canned: Canned }> = [];
  private server?: Server;
  private waiters: Array<() => void> = [];
  url = '';

  constructor(private readonly answer: (path: string, body: string) => Canned) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Answers the next requests that `match` (a path fragment or a test) with `canned`, in order. */
  queue(match: Match, ...canned: Canned[]): void {
    for (const c of canned) this.queued.push({ match, canned: c });
  }

  /** Requests that `match` (a path fragment or a test). */
  calls(match: Match): Recorded[] {
    return this.requests.filter((r) => matches(match, r));
  }

  /** Resolves once `count` requests that `match` have arrived. */
  async waitFor(match: Match, count = 1, timeoutMs = 8000): Promise<Recorded[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.calls(match).length < count) {
      if (Date.now() > deadline) throw new Error(`Expected ${count} call(s) to ${String(match)}, got ${this.calls(match).length}`);
      // A request wakes the waiter at once; otherwise it looks again in 100 ms (the timer is cleared
      // either way, so a test that ends here leaves nothing pending).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, 100);
        function wake() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.push(wake);
      });
    }
    return this.calls(match);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      this.requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body, at: Date.now() });
      const i = this.queued.findIndex((q) => matches(q.match, { path, body }));
      const canned = i >= 0 ? this.queued.splice(i, 1)[0].canned : this.answer(path, body);
      res.writeHead(canned.status ?? 200, { 'content-type': 'application/json', ...canned.headers });
      res.end(JSON.stringify(canned.body));
      for (const w of this.waiters.splice(0)) w();
    });
  }
}

/** Waits until `check` passes (polling), or fails with its last error. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
