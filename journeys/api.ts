import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Route } from '../core/channel';
import { RequestError } from '../core/errors';
import { json, readJson } from '../core/http';
import { requireKey, type ApiKeys } from '../core/api-keys';
import type { SqlStore } from '../core/storage/sql-store';
import type { JourneysConfig } from './config';
import { ApiBatch, EVENT_LIMITS, WebBatch } from './events';
import type { Journeys, NewEvent } from './service';

/** Per-visitor and per-instance limits of the public browser endpoint. */
export const WEB_RATE = { perVisitorPerMinute: 120, perInstancePerMinute: 6_000 };

/**
 * The events API (`POST /api/events`, API key), a customer's journey (`GET /api/journeys/:id`: standing,
 * recommendations, recent events, proactive decisions), the browser endpoint and its snippet (`GET /events.js`).
 */
export function eventRoutes(options: { store: SqlStore; journeys: Journeys; config: JourneysConfig; keys: () => ApiKeys }): Route[] {
  const { store, journeys, config } = options;
  const limiter = new RateLimiter(journeys.now);
  const snippet = readFileSync(join(__dirname, 'public', 'events.js'), 'utf8');
  return [
    {
      method: 'POST',
      path: '/api/events',
      handler: async (request) => {
        requireKey(request, options.keys(), ['agent', 'admin']);
        const batch = valid(ApiBatch, await readJson(request, EVENT_LIMITS.bodyBytes));
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
        if (problems.length) throw new RequestError(400, `Invalid events (nothing stored): ${problems.join('; ')}`);
        const events: NewEvent[] = [];
        for (const e of batch.events) {
          const customerId = e.customerId ?? (await store.customerIdForAddress('web', e.userId!, now));
          events.push({ id: e.id, customerId, type: e.type, properties: e.properties ?? {}, source: 'api', at: e.at ?? now });
        }
        const added = await journeys.track(events);
        return json({ accepted: added.length, duplicates: events.length - added.length }, 202);
      },
    },
    {
      method: 'POST',
      path: '/api/web/events',
      handler: async (request) => {
        const batch = valid(WebBatch, await readJson(request, 16 * 1024));
        const refused = batch.events.find((e) => !config.browserEvents.includes(e.type));
        if (refused) throw new RequestError(400, `Event type "${refused.type}" cannot be sent from a browser; allowed: ${config.browserEvents.join(', ')} (send others from your server to /api/events)`);
        limiter.take(batch.userId, batch.events.length);
        const now = journeys.now();
        const customerId = await store.customerIdForAddress('web', batch.userId, now);
        const added = await journeys.track(batch.events.map((e) => ({ customerId, type: e.type, properties: e.properties ?? {}, source: 'web', at: now })));
        return json({ accepted: added.length }, 202);
      },
    },
    {
      method: 'GET',
      path: '/api/journeys/:customerId',
      handler: async (request) => {
        requireKey(request, options.keys(), ['agent', 'admin']);
        const id = decodeURIComponent(/\/api\/journeys\/([^/]+)/.exec(new URL(request.url).pathname)?.[1] ?? '');
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
      },
    },
    {
      method: 'GET',
      path: '/events.js',
      handler: () => new Response(snippet, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' } }),
    },
  ];
}

function valid<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new RequestError(400, `Invalid events (nothing stored): ${why.join('; ')}`);
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
