import type { Route } from '../core/channel';
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

/**
 * The analytics API: `GET /api/analytics/summary`, `GET /api/analytics/export.csv` (`?rows=
 * conversations` for one row per conversation) and `GET /api/analytics/staffing`. Each takes
 * `from`, `to` (ISO dates or times; a bare `to` date includes that day; default the last 30 days)
 * and `channel`.
 */
export function analyticsRoutes(deps: { services: Services; sources: FactSources; now?: () => number }): Route[] {
  const now = deps.now ?? Date.now;
  const guarded = (handler: (request: Request, url: URL) => Promise<Response>) => async (request: Request) => {
    await authorize(deps.services, request);
    return handler(request, new URL(request.url));
  };
  return [
    {
      method: 'GET',
      path: '/api/analytics/summary',
      handler: guarded(async (_req, url) => json(await summarize(deps.sources, parseRange(url.searchParams, now()), now()))),
    },
    {
      method: 'GET',
      path: '/api/analytics/export.csv',
      handler: guarded(async (_req, url) => {
        const range = parseRange(url.searchParams, now());
        const rows = url.searchParams.get('rows') ?? 'summary';
        if (rows !== 'summary' && rows !== 'conversations') throw new RequestError(400, '"rows" must be "summary" or "conversations"');
        const body = rows === 'summary' ? summaryCsv(await summarize(deps.sources, range, now())) : conversationsCsv(score(await loadFacts(deps.sources, range), now()).scored);
        const name = `switchboard-${rows}-${new Date(range.from).toISOString().slice(0, 10)}-${new Date(range.to - 1).toISOString().slice(0, 10)}.csv`;
        return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' } });
      }),
    },
    {
      method: 'GET',
      path: '/api/analytics/staffing',
      handler: guarded(async (_req, url) => {
        const { weeks, target } = parseStaffing(url.searchParams);
        // Without the handoff module nothing reaches agents: a plan of zeros.
        const arrivals = (await deps.services.get(HandoffLookup)?.requestTimes()) ?? [];
        return json({ arrivals: arrivals.length, target, ...staffingPlan(arrivals, now(), weeks, target) });
      }),
    },
  ];
}

/**
 * `GET /api/analytics/surveys`: NPS and CSAT from survey answers, overall, by channel and by
 * segment; the same `from`, `to` and `channel` as the other analytics routes.
 */
export function surveyRoutes(deps: { services: Services; scores: SurveyScores; now?: () => number }): Route[] {
  const now = deps.now ?? Date.now;
  return [
    {
      method: 'GET',
      path: '/api/analytics/surveys',
      handler: async (request) => {
        await authorize(deps.services, request);
        return json(await deps.scores.figures(parseRange(new URL(request.url).searchParams, now())));
      },
    },
  ];
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
