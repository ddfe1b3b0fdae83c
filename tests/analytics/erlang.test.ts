import { agentsNeeded, averageSpeedOfAnswer, probabilityOfWaiting, serviceLevel } from '../../analytics/erlang';
import { backtest, forecastWeek, hourlyCounts, weekStart } from '../../analytics/forecast';
import { readStaffingSettings, staffingPlan } from '../../analytics/staffing';

// The textbook example (e.g. Call Centre Helper's Erlang C worked example): 100 calls in 30 minutes,
// 3 minutes average handling time = 10 Erlangs; target 80% answered within 20 seconds.
test('Erlang C matches the textbook worked example', () => {
  expect(probabilityOfWaiting(11, 10)).toBeCloseTo(0.6821, 3);
  expect(serviceLevel(11, 10, 180, 20)).toBeCloseTo(0.3896, 3);
  expect(averageSpeedOfAnswer(11, 10, 180)).toBeCloseTo(122.8, 0);
  expect(probabilityOfWaiting(12, 10)).toBeCloseTo(0.4494, 3);
  expect(probabilityOfWaiting(13, 10)).toBeCloseTo(0.2853, 3);
  expect(probabilityOfWaiting(14, 10)).toBeCloseTo(0.1741, 3);
  expect(probabilityOfWaiting(15, 10)).toBeCloseTo(0.102, 3);
  // Published service levels: 64.0%, 79.6%, 88.8%.
  expect(serviceLevel(12, 10, 180, 20)).toBeCloseTo(0.64, 2);
  expect(serviceLevel(13, 10, 180, 20)).toBeCloseTo(0.796, 2);
  expect(serviceLevel(14, 10, 180, 20)).toBeCloseTo(0.888, 2);
  const need = agentsNeeded({ arrivals: 100, intervalSeconds: 1800, handleSeconds: 180, target: 0.8, answerSeconds: 20 });
  expect(need).toMatchObject({ erlangs: 10, agents: 14 });
  expect(need.occupancy).toBeCloseTo(10 / 14, 5);
});

test('edge cases: no traffic needs nobody; an overloaded queue never meets a target', () => {
  expect(agentsNeeded({ arrivals: 0, intervalSeconds: 3600, handleSeconds: 300, target: 0.8, answerSeconds: 60 }).agents).toBe(0);
  expect(probabilityOfWaiting(5, 5)).toBe(1);
  expect(serviceLevel(5, 6, 300, 60)).toBe(0);
  // Chat agents handling 3 at once need a third of the seats.
  const chat = agentsNeeded({ arrivals: 100, intervalSeconds: 1800, handleSeconds: 180, target: 0.8, answerSeconds: 20, concurrency: 3 });
  expect(chat.agents).toBe(5);
});

test('the seasonal forecast learns the weekly rhythm and beats last-week-as-forecast on noisy data', () => {
  const start = weekStart(Date.parse('2026-09-07T00:00:00Z'));
  expect(new Date(start).getUTCDay()).toBe(1);
  // Eight weeks: busy weekday afternoons, quiet nights, a little noise (deterministic).
  let seed = 7;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 4;
  const stamps: number[] = [];
  for (let w = 0; w < 8; w++)
    for (let h = 0; h < 168; h++) {
      const hourOfDay = h % 24;
      const weekday = Math.floor(h / 24) < 5;
      const base = (weekday ? 10 : 4) * (hourOfDay >= 9 && hourOfDay < 18 ? 1 : 0.1);
      const n = Math.max(0, Math.round(base + noise()));
      for (let i = 0; i < n; i++) stamps.push(start + ((w * 168 + h) * 60 + i) * 60_000);
    }
  const history = hourlyCounts(stamps, start, 8);
  expect(history[0][10]).toBeGreaterThan(history[0][2]); // Monday 10:00 busier than 02:00
  const next = forecastWeek(history);
  expect(next[10]).toBeGreaterThan(7);
  expect(next[2]).toBeLessThan(2);
  expect(next[5 * 24 + 10]).toBeLessThan(next[10]); // Saturday quieter than Monday
  const bt = backtest(history)!;
  expect(bt.wape).toBeLessThan(bt.naiveWape);
  expect(bt.wape).toBeLessThan(0.3);
});

test('staffing settings: defaults for absent or empty values, whole weeks and chats, the range in the error', () => {
  const read = (given: Record<string, string>) => readStaffingSettings((name) => given[name], (name, min, max, reason) => new Error(reason ? `${name} ${reason}` : `${name} ${min}–${max}`));
  expect(read({})).toEqual({ weeks: 8, target: { target: 80, answerSeconds: 60, handleSeconds: 300, concurrency: 1 } });
  expect(read({ weeks: '2.6', concurrency: '2.4', target: '95', aht: '', answer: '20.5' })).toEqual({
    weeks: 3,
    target: { target: 95, answerSeconds: 20.5, handleSeconds: 300, concurrency: 2 },
  });
  expect(read({ target: '90 %' }).target.target).toBe(90);
  expect(() => read({ target: '100' })).toThrow('target 1–99.9');
  expect(() => read({ weeks: 'many' })).toThrow('weeks 1–104');
});

test('the service level is a percentage: a fraction such as 0.8 is refused as ambiguous, with the fix', () => {
  const read = (target: string) => readStaffingSettings((name) => (name === 'target' ? target : undefined), (name, _min, _max, reason) => new Error(`${name} ${reason ?? 'out of range'}`));
  expect(() => read('0.8')).toThrow('target is a percentage: write 80 for 80 % answered in time (0.8 would mean 0.8 %)');
  expect(() => read('1')).toThrow(/is a percentage/);
  expect(read('1.5').target.target).toBe(1.5);
});

describe('staffing plan with little history', () => {
  const DAY = 86_400_000;
  const now = Date.UTC(2026, 11, 9, 12); // a Wednesday
  const thisWeek = weekStart(now);
  const target = { target: 80, answerSeconds: 60, handleSeconds: 300, concurrency: 1 };

  test('a day of history: no forecast and no WAPE, but the reason with the days had and needed', () => {
    const arrivals = Array.from({ length: 20 }, (_, i) => thisWeek - DAY + i * 60_000);
    const plan = staffingPlan(arrivals, now, 8, target);
    expect(plan.notEnoughHistory).toBe('not enough history: 1 day of escalations before this week, need 7');
    expect(plan.daysOfHistory).toBe(1);
    expect(plan.hours).toEqual([]);
    expect(plan.backtest).toBeUndefined();
  });

  test('two weeks: a forecast from those weeks only, but no back-test yet', () => {
    const arrivals = [14, 7].flatMap((d) => Array.from({ length: 10 }, (_, i) => thisWeek - d * DAY + 10 * 3_600_000 + i * 60_000));
    const plan = staffingPlan(arrivals, now, 8, target);
    expect(plan.notEnoughHistory).toBeUndefined();
    expect(plan.daysOfHistory).toBe(14);
    // Learnt from the two weeks with escalations, not diluted by six empty weeks before them.
    expect(plan.hours[10].forecast).toBeGreaterThan(9);
    expect(plan.backtest).toBeUndefined();
  });

  test('a test week without escalations gives no back-test rather than "WAPE 0 %"', () => {
    const history = [new Array(168).fill(1), new Array(168).fill(1), new Array(168).fill(0)];
    expect(backtest(history)).toBeUndefined();
  });
});
