import { agentsNeeded } from './erlang';
import { backtest, forecastWeek, hourlyCounts, weekStart, type Backtest } from './forecast';

/** How to staff: the service level target, handling time and how many chats an agent takes at once. */
export interface StaffingTarget {
  /** Share answered within `answerSeconds` (e.g. 0.8). */
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
  target: { fallback: 0.8, min: 0.01, max: 0.999, whole: false },
  answer: { fallback: 60, min: 1, max: 3600, whole: false },
  aht: { fallback: 300, min: 1, max: 36000, whole: false },
  concurrency: { fallback: 1, min: 1, max: 20, whole: true },
};

/**
 * Reads a plan's settings (`weeks` of history, `target`, `answer` seconds, `aht` seconds,
 * `concurrency`) with `value(name)`, each at its default when absent or empty, so the API and the
 * CLI take the same ones. `invalid(name, min, max)` makes the error for a value out of range (the
 * API answers 400, the CLI names its flag).
 */
export function readStaffingSettings(
  value: (name: string) => string | undefined,
  invalid: (name: string, min: number, max: number) => Error,
): { weeks: number; target: StaffingTarget } {
  const num = (name: keyof typeof SETTINGS) => {
    const { fallback, min, max, whole } = SETTINGS[name];
    const raw = value(name);
    const v = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isFinite(v) || v < min || v > max) throw invalid(name, min, max);
    return whole ? Math.round(v) : v;
  };
  return { weeks: num('weeks'), target: { target: num('target'), answerSeconds: num('answer'), handleSeconds: num('aht'), concurrency: num('concurrency') } };
}

/** Next week's plan, hour by hour. */
export interface StaffingPlan {
  from: string;
  weeksOfHistory: number;
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
  const history = hourlyCounts(arrivals, from, weeks);
  const forecast = forecastWeek(history);
  const hours = forecast.map((volume, h) => ({
    start: new Date(thisWeek + 7 * 86_400_000 + h * 3_600_000).toISOString(),
    forecast: Math.round(volume * 10) / 10,
    agents: agentsNeeded({ arrivals: volume, intervalSeconds: 3600, handleSeconds: target.handleSeconds, target: target.target, answerSeconds: target.answerSeconds, concurrency: target.concurrency }).agents,
  }));
  const peak = [...hours].sort((a, b) => b.agents - a.agents)[0];
  return {
    from: new Date(thisWeek + 7 * 86_400_000).toISOString(),
    weeksOfHistory: weeks,
    backtest: backtest(history),
    hours,
    peak: peak && peak.agents > 0 ? { start: peak.start, agents: peak.agents } : undefined,
    agentHours: hours.reduce((sum, h) => sum + h.agents, 0),
  };
}
