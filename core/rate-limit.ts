import { RequestError } from './errors';

/** How many hits a key may make per window. */
export interface LimitRule {
  limit: number;
  windowMs: number;
}

/**
 * Counts hits per key in fixed windows, in this process's memory: for limits that protect one
 * instance from a flood (requests per client address, login attempts). Limits that must hold
 * across instances and restarts (one-time codes per phone number) are counted in the store.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
    /** Keys kept before expired windows are swept (a flood of addresses must not grow memory without bound). */
    private readonly maxKeys = 50_000,
  ) {}

  /** Counts one hit for `key`; returns how long to wait (ms) when it is over the limit, else 0. */
  hit(key: string): number {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size >= this.maxKeys) this.sweep(now);
      window = { count: 0, resetAt: now + this.rule.windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return window.count > this.rule.limit ? window.resetAt - now : 0;
  }

  /** How long `key` must wait (ms) because it used up its window, without counting a hit; 0 when it may go on. */
  blocked(key: string): number {
    const now = this.now();
    const window = this.windows.get(key);
    return window && window.resetAt > now && window.count >= this.rule.limit ? window.resetAt - now : 0;
  }

  /** Forgets `key` (a successful login clears its failures). */
  clear(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    // Still full of live windows: drop the oldest rather than grow.
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

/** A 429 with `Retry-After` (whole seconds, at least 1) saying what was limited and when to retry. */
export function tooManyRequests(what: string, retryAfterMs: number): RequestError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new RequestError(429, `${what}; try again in ${seconds} s`, { 'retry-after': String(seconds) });
}
