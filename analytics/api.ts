import { Hono } from 'hono';
import { RequestError } from '../core/errors';
import { json } from '../core/http';
import type { Services } from '../core/services';
import { conversationsCsv, summaryCsv } from './csv';
import { loadFacts, type FactSources, type Range } from './facts';
import { score, summarize } from './report';
import { readStaffingSettings, staffingPlan, type StaffingTarget } from './staffing';
import { ConsoleSessions, HandoffLookup } from '../core/services';
import type { SurveyScores } from './surveys';

/** Who may read analytics: editors and admins with a console session, or the API key. */
export const ANALYTICS_ROLES = ['editor', 'admin'] as const;
const DAY = 86_400_000;
const MAX_DAYS = 366;

/**
 * The console's sessions, which the handoff module provides as `ConsoleSessions`: one login
 * for the whole console, no second copy of the auth rules.
 */
export function consoleSessions(services: Services): ConsoleSessions {
  const sessions = services.get(ConsoleSessions);
  if (!sessions) throw new RequestError(503, 'Analytics needs the handoff module (it owns console logins); add handoffModule() to the app');
  return sessions;
}

/** Checks the caller may read analytics (401 without credentials, 403 for agents). */
export async function authorize(services: Services, request: Request): Promise<void> {
  await consoleSessions(services).authenticate(request, [...ANALYTICS_ROLES]);
}

/** What the analytics API reads. */
export interface AnalyticsApiDeps {
  services: Services;
  sources: FactSources;
  /** NPS and CSAT from survey answers (the surveys read model). */
  scores: SurveyScores;
  now?: () => number;
}

/**
 * The analytics API, mounted at `/api/analytics`: `GET /summary`, `GET /export.csv` (`?rows=
 * conversations` for one row per conversation), `GET /staffing` and `GET /surveys` (NPS and CSAT
 * from survey answers, overall, by channel and by segment). Each takes `from`, `to` (ISO dates or
 * times; a bare `to` date includes that day; default the last 30 days) and `channel`; each
 * checks the caller before reading anything.
 */
export function analyticsApp(deps: AnalyticsApiDeps): Hono {
  const now = deps.now ?? Date.now;
  const app = new Hono();
  const query = (request: Request) => new URL(request.url).searchParams;
  // Per route rather than `use('*')`: an unknown path stays a 404, not a 401.
  const allowed = async (c: { req: { raw: Request } }, next: () => Promise<void>) => {
    await authorize(deps.services, c.req.raw);
    await next();
  };
  app.get('/summary', allowed, async (c) => json(await summarize(deps.sources, parseRange(query(c.req.raw), now()), now())));
  app.get('/export.csv', allowed, (c) => exportCsv(deps.sources, query(c.req.raw), now()));
  app.get('/staffing', allowed, async (c) => {
    const { weeks, target } = parseStaffing(query(c.req.raw));
    // Without the handoff module nothing reaches agents: a plan of zeros.
    const arrivals = (await deps.services.get(HandoffLookup)?.requestTimes()) ?? [];
    return json({ arrivals: arrivals.length, target, ...staffingPlan(arrivals, now(), weeks, target) });
  });
  app.get('/surveys', allowed, async (c) => json(await deps.scores.figures(parseRange(query(c.req.raw), now()))));
  return app;
}

/** `GET /export.csv`: the summary, or one row per conversation, as a download named by its range. */
async function exportCsv(sources: FactSources, params: URLSearchParams, now: number): Promise<Response> {
  const range = parseRange(params, now);
  const rows = params.get('rows') ?? 'summary';
  if (rows !== 'summary' && rows !== 'conversations') throw new RequestError(400, '"rows" must be "summary" or "conversations"');
  const body = rows === 'summary' ? summaryCsv(await summarize(sources, range, now)) : conversationsCsv(score(await loadFacts(sources, range), now).scored);
  const name = `switchboard-${rows}-${new Date(range.from).toISOString().slice(0, 10)}-${new Date(range.to - 1).toISOString().slice(0, 10)}.csv`;
  return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' } });
}

/** Reads `from`/`to`/`channel`; 400 with the fix for anything malformed. */
export function parseRange(params: URLSearchParams, now: number): Range {
  const to = params.has('to') ? parseTime(params.get('to')!, 'to', true) : now;
  const from = params.has('from') ? parseTime(params.get('from')!, 'from', false) : to - 30 * DAY;
  if (from >= to) throw new RequestError(400, '"from" must be before "to"');
  if (to - from > MAX_DAYS * DAY) throw new RequestError(400, `The range is at most ${MAX_DAYS} days; narrow "from"/"to"`);
  const channel = params.get('channel') || undefined;
  if (channel !== undefined && !/^[a-z0-9_-]{1,32}$/i.test(channel)) throw new RequestError(400, '"channel" must be a channel name such as web or sms');
  return { from, to, channel };
}

function parseTime(value: string, name: string, endOfDay: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const t = Date.parse(`${value}T00:00:00Z`);
    if (Number.isFinite(t)) return endOfDay ? t + DAY : t;
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(Date.parse(value))) {
    return Date.parse(value);
  }
  throw new RequestError(400, `"${name}" must be a date (2026-01-31) or an ISO time (2026-01-31T12:00:00Z)`);
}

function parseStaffing(params: URLSearchParams): { weeks: number; target: StaffingTarget } {
  return readStaffingSettings(
    (name) => params.get(name) ?? undefined,
    (name, min, max, reason) => new RequestError(400, `"${name}" ${reason ?? `must be a number from ${min} to ${max}`}`),
  );
}
