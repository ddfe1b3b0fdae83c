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
