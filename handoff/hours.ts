import type { OpeningHours } from './model';

/**
 * Opening hours in a queue's time zone: whether a queue is open, when it next opens, and when a
 * callback the customer asked for falls due. Every answer walks the queue's own wall clock, so
 * daylight-saving changes need no special case.
 */

const MINUTE = 60_000;
const WEEK_MINUTES = 8 * 24 * 60;

/** Reads the wall clock of `timezone` (weekday 0 = Sunday, minutes since midnight) at `at`. */
function wallClock(format: Intl.DateTimeFormat, at: number): { day: number; minutes: number } {
  const parts = format.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')), minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

function formatter(timezone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** Whether a queue with `hours` is open at `at` (always, without hours). */
export function isOpen(hours: OpeningHours | undefined, at: number): boolean {
  return !hours || openAt(hours, wallClock(formatter(hours.timezone), at));
}

function openAt(hours: OpeningHours, clock: { day: number; minutes: number }): boolean {
  return (hours.days[clock.day] ?? []).some((range) => {
    const [from, to] = range.split('-').map((t) => {
      const [h, m] = t.split(':').map(Number);
      return h * 60 + m;
    });
    return clock.minutes >= from && clock.minutes < to;
  });
}

/**
 * The first moment at or after `from` when a queue with `hours` is open (`from` itself without
 * hours); undefined when it never opens within a week. Walks minute by minute in the queue's time
 * zone, so daylight-saving changes need no special case.
 */
export function nextOpening(hours: OpeningHours | undefined, from: number): number | undefined {
  if (!hours) return from;
  const format = formatter(hours.timezone);
  const start = Math.ceil(from / MINUTE) * MINUTE;
  if (openAt(hours, wallClock(format, from))) return from;
  for (let i = 0; i <= WEEK_MINUTES; i++) {
    const at = start + i * MINUTE;
    if (openAt(hours, wallClock(format, at))) return at;
  }
  return undefined;
}

/**
 * The next moment after `from` when the wall clock in `timezone` reads `hour:minute`: the time a
 * customer named ("call me back at 15:00") in the queue's time zone.
 */
export function nextWallTime(timezone: string, hour: number, minute: number, from: number): number {
  const format = formatter(timezone);
  const start = Math.ceil(from / MINUTE) * MINUTE;
  const wanted = hour * 60 + minute;
  for (let i = 0; i <= 2 * 24 * 60; i++) {
    const at = start + i * MINUTE;
    if (wallClock(format, at).minutes === wanted) return at;
  }
  return from;
}

/**
 * When to call a customer back: now, or the next time the wall clock reads the time they named
 * (in the queue's time zone); if the queue is closed then, the same time on a following day when
 * it is open, else the queue's next opening.
 */
export function callbackTime(hours: OpeningHours | undefined, now: number, at?: { hour: number; minute: number }): number {
  if (!at) return nextOpening(hours, now) ?? now;
  const first = nextWallTime(hours?.timezone ?? 'UTC', at.hour, at.minute, now);
  if (!hours) return first;
  const format = formatter(hours.timezone);
  let candidate = first;
  for (let day = 0; day < 7; day++) {
    if (openAt(hours, wallClock(format, candidate))) return candidate;
    candidate = nextWallTime(hours.timezone, at.hour, at.minute, candidate + MINUTE);
  }
  return nextOpening(hours, first) ?? first;
}
