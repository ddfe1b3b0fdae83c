import { agentsNeeded } from './erlang';
import { backtest, forecastWeek, hourlyCounts, weekStart, type Backtest } from './forecast';

/** How to staff: the service level target, handling time and how many chats an agent takes at once. */
export interface StaffingTarget {
  /** Percentage answered within `answerSeconds` (80 = 80 %): the one unit the CLI, API and console use. */
  target: number;
  answerSeconds: number;
  /** Average handle time per conversation, seconds. */
  handleSeconds: number;
  /** Conversations an agent handles at once (1 for voice-like work, 2–3 for chat). */
  concurrency: number;
}

/** The settings a plan is asked for by name, with their defaults and the ranges that make sense. */
const SETTINGS = {
  weeks: { fallback: 8, min: 1, max: 104, whole: true },
  target: { fallback: 80, min: 1, max: 99.9, whole: false },
  answer: { fallback: 60, min: 1, max: 3600, whole: false },
  aht: { fallback: 300, min: 1, max: 36000, whole: false },
  concurrency: { fallback: 1, min: 1, max: 20, whole: true },
};

/**
 * Reads a plan's settings (`weeks` of history, `target`, `answer` seconds, `aht` seconds,
 * `concurrency`) with `value(name)`, each at its default when absent or empty, so the API and the
 * CLI take the same ones. `invalid(name, min, max, reason?)` makes the error for a value out of
 * range or ambiguous (the API answers 400, the CLI names its flag). `target` is a percentage
 * (80, or "80%"); a value from 0 to 1 is refused, since 0.8 could mean 80 % or 0.8 %.
 */
export function readStaffingSettings(
  value: (name: string) => string | undefined,
  invalid: (name: string, min: number, max: number, reason?: string) => Error,
): { weeks: number; target: StaffingTarget } {
  const num = (name: keyof typeof SETTINGS) => {
    const { fallback, min, max, whole } = SETTINGS[name];
    const raw = name === 'target' ? value(name)?.trim().replace(/\s*%$/, '') : value(name);
    const v = raw === undefined || raw === '' ? fallback : Number(raw);
    // 0.8 could mean 80 % or 0.8 %: refuse it rather than guess (the scale is percent everywhere).
    if (name === 'target' && v > 0 && v <= 1) throw invalid(name, min, max, `is a percentage: write 80 for 80 % answered in time (${raw} would mean ${raw} %)`);
    if (!Number.isFinite(v) || v < min || v > max) throw invalid(name, min, max);
    return whole ? Math.round(v) : v;
  };
  return { weeks: num('weeks'), target: { target: num('target'), answerSeconds: num('answer'), handleSeconds: num('aht'), concurrency: num('concurrency') } };
}

/** A forecast needs one full week of history; a back-test, three (two to learn from, one to test on). */
export const FORECAST_DAYS = 7;
export const BACKTEST_DAYS = 21;

/** Next week's plan, hour by hour. */
export interface StaffingPlan {
  from: string;
  weeksOfHistory: number;
  /** Days (begun) from the first escalation in the window to the start of this week: what was learnt from. */
  daysOfHistory: number;
  /**
   * Set when there is too little history to forecast: "not enough history: 2 days, need 7". Then
   * `hours` is empty: an all-zero forecast would read as "no agents needed".
   */
  notEnoughHistory?: string;
  /** Absent with less than BACKTEST_DAYS of history, or no escalations in the test week. */
  backtest?: Backtest;
  hours: Array<{ start: string; forecast: number; agents: number }>;
  peak: { start: string; agents: number } | undefined;
  agentHours: number;
}

/**
 * Forecasts next week's conversations that will reach agents, per hour, from the arrival times
 * of past ones, and the agents needed per hour (Erlang C) to meet the target.
 */
export function staffingPlan(arrivals: number[], now: number, weeks: number, target: StaffingTarget): StaffingPlan {
  const thisWeek = weekStart(now);
  const from = thisWeek - weeks * 7 * 86_400_000;
  const first = arrivals.reduce((min, t) => (t >= from && t < thisWeek && t < min ? t : min), Infinity);
  const daysOfHistory = Number.isFinite(first) ? Math.ceil((thisWeek - first) / 86_400_000) : 0;
  const base = { from: new Date(thisWeek + 7 * 86_400_000).toISOString(), weeksOfHistory: weeks, daysOfHistory };
  if (daysOfHistory < FORECAST_DAYS) {
    const notEnoughHistory = `not enough history: ${daysOfHistory} day${daysOfHistory === 1 ? '' : 's'} of escalations before this week, need ${FORECAST_DAYS}`;
    return { ...base, notEnoughHistory, hours: [], peak: undefined, agentHours: 0 };
  }
  const history = hourlyCounts(arrivals, from, weeks);
  // Only the weeks since the first escalation: empty weeks before it would be read as quiet ones.
  const learnt = history.slice(Math.max(0, weeks - Math.ceil(daysOfHistory / 7)));
  const forecast = forecastWeek(learnt);
  const hours = forecast.map((volume, h) => ({
    start: new Date(thisWeek + 7 * 86_400_000 + h * 3_600_000).toISOString(),
    forecast: Math.round(volume * 10) / 10,
    agents: agentsNeeded({ arrivals: volume, intervalSeconds: 3600, handleSeconds: target.handleSeconds, target: target.target / 100, answerSeconds: target.answerSeconds, concurrency: target.concurrency }).agents,
  }));
  const peak = [...hours].sort((a, b) => b.agents - a.agents)[0];
  return {
    ...base,
    backtest: daysOfHistory >= BACKTEST_DAYS ? backtest(learnt) : undefined,
    hours,
    peak: peak && peak.agents > 0 ? { start: peak.start, agents: peak.agents } : undefined,
    agentHours: hours.reduce((sum, h) => sum + h.agents, 0),
  };
}
