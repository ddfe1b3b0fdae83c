import { join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { browserScript } from '../core/browser-script';
import { RequestError } from '../core/errors';
import { json, readValidJson, validParams } from '../core/http';
import { requireKey, type ApiKeys } from '../core/api-keys';
import type { SqlStore } from '../core/storage/sql-store';
import type { JourneysConfig } from './config';
import { ApiBatch, EVENT_LIMITS, WebBatch } from './events';
import type { Journeys, NewEvent } from './service';

/** Per-visitor and per-instance limits of the public browser endpoint. */
export const WEB_RATE = { perVisitorPerMinute: 120, perInstancePerMinute: 6_000 };

/** What the journeys routes need. */
export interface JourneyRouteDeps {
  store: SqlStore;
  journeys: Journeys;
  config: JourneysConfig;
  keys: () => ApiKeys;
}

const CustomerPath = z.object({ customerId: z.string().min(1) });
/** How a refused batch starts: whatever is wrong, nothing of it was stored. */
const REFUSED = 'Invalid events (nothing stored): ';

/**
 * The journeys routes, mounted at the root (their paths share no prefix): the events API
 * (`POST /api/events`, API key), a customer's journey (`GET /api/journeys/:customerId`: standing,
 * recommendations, recent events, proactive decisions), the browser endpoint
 * (`POST /api/web/events`) and its snippet (`GET /events.js`).
 */
export function journeysApp(deps: JourneyRouteDeps): Hono {
  const limiter = new RateLimiter(deps.journeys.now);
  const snippet = browserScript(join(__dirname, 'public', 'events.ts'));
  const app = new Hono();
  app.post('/api/events', (c) => trackFromServer(deps, c.req.raw));
  app.post('/api/web/events', (c) => trackFromBrowser(deps, limiter, c.req.raw));
  app.get(
    '/api/journeys/:customerId',
    async (c, next) => {
      requireKey(c.req.raw, deps.keys(), ['agent', 'admin']);
      await next();
    },
    validParams(CustomerPath),
    (c) => journeyOf(deps, c.req.valid('param').customerId),
  );
  app.get('/events.js', () => new Response(snippet, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' } }));
  return app;
}

/** `POST /api/events`: a batch from the shop's servers, checked whole before anything is stored. */
async function trackFromServer({ store, journeys, keys }: JourneyRouteDeps, request: Request): Promise<Response> {
  requireKey(request, keys(), ['agent', 'admin']);
  const batch = await readValidJson(request, ApiBatch, { maxBytes: EVENT_LIMITS.bodyBytes, prefix: REFUSED });
  const now = journeys.now();
  // Check everything before storing anything: a rejected batch leaves no trace.
  const problems = journeys.problems(batch.events);
  batch.events.forEach((e, i) => {
    if (e.at !== undefined && e.at > now + EVENT_LIMITS.futureMs) problems.push(`events.${i}.at: in the future`);
  });
  const known = new Map<string, boolean>();
  for (const [i, e] of batch.events.entries()) {
    if (!e.customerId) continue;
    if (!known.has(e.customerId)) known.set(e.customerId, Boolean(await store.getCustomer(e.customerId)));
    if (!known.get(e.customerId)) problems.push(`events.${i}.customerId: no customer ${e.customerId}`);
  }
  if (problems.length) throw new RequestError(400, `${REFUSED}${problems.join('; ')}`);
  const events: NewEvent[] = [];
  for (const e of batch.events) {
    const customerId = e.customerId ?? (await store.customerIdForAddress('web', e.userId!, now));
    events.push({ id: e.id, customerId, type: e.type, properties: e.properties ?? {}, source: 'api', at: e.at ?? now });
  }
  const added = await journeys.track(events);
  return json({ accepted: added.length, duplicates: events.length - added.length }, 202);
}

/** `POST /api/web/events`: the browser snippet's events, public, so only allowed types and within limits. */
async function trackFromBrowser({ store, journeys, config }: JourneyRouteDeps, limiter: RateLimiter, request: Request): Promise<Response> {
  const batch = await readValidJson(request, WebBatch, { maxBytes: 16 * 1024, prefix: REFUSED });
  const refused = batch.events.find((e) => !config.browserEvents.includes(e.type));
  if (refused) throw new RequestError(400, `Event type "${refused.type}" cannot be sent from a browser; allowed: ${config.browserEvents.join(', ')} (send others from your server to /api/events)`);
  limiter.take(batch.userId, batch.events.length);
  const now = journeys.now();
  const customerId = await store.customerIdForAddress('web', batch.userId, now);
  const added = await journeys.track(batch.events.map((e) => ({ customerId, type: e.type, properties: e.properties ?? {}, source: 'web', at: now })));
  return json({ accepted: added.length }, 202);
}

/** `GET /api/journeys/:customerId`: standing, recommendations, the last 100 events, proactive decisions. */
async function journeyOf({ store, journeys }: JourneyRouteDeps, id: string): Promise<Response> {
  const customer = await store.getCustomer(id);
  if (!customer) throw new RequestError(404, `No customer ${id}`);
  const { stage, segment, segments, rfm } = customer.profile.attributes ?? {};
  const events = await journeys.events.forCustomer(id);
  return json({
    customerId: id,
    standing: { stage, segment, segments, rfm },
    recommendations: await journeys.proactive.recommendations(customer, journeys.now()),
    events: events.slice(-100),
    decisions: await journeys.proactive.decisions(id),
  });
}

/**
 * Fixed one-minute windows per visitor and for the whole instance: the browser endpoint is public,
 * so one visitor (or a script cycling visitor ids) cannot flood the events table.
 */
class RateLimiter {
  private window = 0;
  private total = 0;
  private readonly counts = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  take(visitor: string, n: number): void {
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.window) {
      this.window = minute;
      this.total = 0;
      this.counts.clear();
    }
    const mine = (this.counts.get(visitor) ?? 0) + n;
    if (mine > WEB_RATE.perVisitorPerMinute || this.total + n > WEB_RATE.perInstancePerMinute) {
      throw new RequestError(429, 'Too many events; slow down and retry in a minute');
    }
    this.counts.set(visitor, mine);
    this.total += n;
  }
}
