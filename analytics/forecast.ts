const HOUR = 3_600_000;
const WEEK_HOURS = 168;

/** Counts per hour of week (0 = Monday 00:00–01:00 UTC … 167 = Sunday 23:00–24:00), one array per week. */
export function hourlyCounts(timestamps: number[], from: number, weeks: number): number[][] {
  const counts = Array.from({ length: weeks }, () => new Array<number>(WEEK_HOURS).fill(0));
  for (const t of timestamps) {
    const hours = Math.floor((t - from) / HOUR);
    const week = Math.floor(hours / WEEK_HOURS);
    if (week >= 0 && week < weeks) counts[week][hours % WEEK_HOURS]++;
  }
  return counts;
}

/** The Monday 00:00 UTC on or before `t`. */
export function weekStart(t: number): number {
  const d = new Date(t);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

/**
 * A seasonal forecast of next week's volume per hour of week: for each hour, an exponentially
 * weighted average of the same hour in past weeks (recent weeks weigh more, by `alpha`), scaled by
 * the trend of weekly totals. Simple, explainable, and good at the weekly rhythm support sees.
 */
export function forecastWeek(history: number[][], alpha = 0.4): number[] {
  if (!history.length) return new Array(WEEK_HOURS).fill(0);
  const level = new Array<number>(WEEK_HOURS).fill(0);
  for (let h = 0; h < WEEK_HOURS; h++) {
    let value = history[0][h];
    for (let w = 1; w < history.length; w++) value = alpha * history[w][h] + (1 - alpha) * value;
    level[h] = value;
  }
  const totals = history.map((week) => week.reduce((a, b) => a + b, 0));
  const trend = totals.length >= 2 && totals[totals.length - 2] > 0 ? Math.min(1.5, Math.max(0.67, totals[totals.length - 1] / totals[totals.length - 2])) : 1;
  const smoothedTotal = level.reduce((a, b) => a + b, 0);
  // Only apply a trend if the smoothed level lags the latest week noticeably.
  const factor = smoothedTotal > 0 && trend !== 1 ? Math.sqrt(trend) : 1;
  return level.map((v) => v * factor);
}

/** How well the model would have forecast the last week of `history` from the weeks before it. */
export interface Backtest {
  /** Mean absolute error per hour. */
  mae: number;
  /** Weighted absolute percentage error: Σ|error| / Σ actual. */
  wape: number;
  /** The same for the naive forecast "same as last week", for comparison. */
  naiveWape: number;
}

export function backtest(history: number[][], alpha = 0.4): Backtest | undefined {
  if (history.length < 3) return undefined;
  const actual = history[history.length - 1];
  const predicted = forecastWeek(history.slice(0, -1), alpha);
  const naive = history[history.length - 2];
  const total = actual.reduce((a, b) => a + b, 0);
  // A week without escalations cannot be scored in percent: "WAPE 0 %" would claim a perfect model.
  if (!total) return undefined;
  const absError = (p: number[]) => p.reduce((sum, v, h) => sum + Math.abs(v - actual[h]), 0);
  return {
    mae: absError(predicted) / WEEK_HOURS,
    wape: absError(predicted) / total,
    naiveWape: absError(naive) / total,
  };
}
