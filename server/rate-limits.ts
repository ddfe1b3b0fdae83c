import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { setClientAddress, json } from '../core/http';
import { RateLimiter } from '../core/rate-limit';

/**
 * The client address of a request served by Node: the socket's peer, or — behind `TRUST_PROXY`
 * proxies (a number of hops) — the address the nearest trusted proxy put in `X-Forwarded-For`
 * (entries further left were written by the client and can be forged).
 */
export function resolveClientAddress(incoming: IncomingMessage | undefined, forwardedFor: string | null, trustedHops: number): string {
  const peer = incoming?.socket.remoteAddress ?? 'unknown';
  if (!trustedHops || !forwardedFor) return peer;
  const hops = forwardedFor.split(',').map((s) => s.trim()).filter(Boolean);
  return hops[hops.length - trustedHops] ?? hops[0] ?? peer;
}

/** Requests per client address per minute on the public write endpoints, from the environment. */
export function requestLimits(env: NodeJS.ProcessEnv): Array<{ method: string; path: string; limiter: RateLimiter; what: string }> {
  const perMinute = (name: string, fallback: number) => new RateLimiter({ limit: Number(env[name]) || fallback, windowMs: 60_000 });
  const messages = perMinute('WEB_MESSAGES_PER_MINUTE', 60);
  const events = perMinute('EVENTS_PER_MINUTE', 600);
  return [
    { method: 'POST', path: '/api/web/messages', limiter: messages, what: 'Too many messages from your address' },
    { method: 'POST', path: '/api/web/events', limiter: events, what: 'Too many events from your address' },
    { method: 'POST', path: '/api/events', limiter: events, what: 'Too many events from your address' },
  ];
}

/**
 * Whether per-address limits apply to `client`. Not to in-process calls (no address) nor to the
 * loopback interface: that is this host itself — a benchmark, a health probe, or a reverse proxy
 * not declared with `TRUST_PROXY`, whose clients would otherwise all share one budget.
 */
export function limitable(client: string): boolean {
  return client !== 'unknown' && !/^(127\.|::1$|::ffff:127\.)/.test(client);
}

/**
 * Hono middleware: records each request's client address (see `clientAddress` in core/http),
 * and answers 429 with `Retry-After` when a client goes over a limit of `requestLimits`, before
 * the request is read or stored.
 */
export function clientLimits(env: NodeJS.ProcessEnv): MiddlewareHandler {
  const limits = requestLimits(env);
  const hops = Number(env.TRUST_PROXY) || 0;
  return async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const client = resolveClientAddress(incoming, c.req.header('x-forwarded-for') ?? null, hops);
    setClientAddress(c.req.raw, client);
    const limit = limits.find((l) => l.method === c.req.method && l.path === c.req.path);
    const wait = limit && limitable(client) ? limit.limiter.hit(client) : 0;
    if (limit && wait) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      return json({ error: `${limit.what}; try again in ${seconds} s` }, 429, { 'retry-after': String(seconds) });
    }
    await next();
  };
}
