/**
 * Spaces sends per key (a Slack conversation) at least `intervalMs` apart, and holds a key back
 * after the provider said "slow down". Slack allows about one message per second per channel;
 * bursts beyond it are answered with HTTP 429. Per process: with several instances each keeps
 * its own pace, and Slack's 429 with `Retry-After` is the backstop.
 */
export class Pacer {
  private readonly next = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Waits for the key's next free slot and takes it. When that slot is more than `maxWaitMs` away,
   * takes nothing and returns how long to wait instead, so the caller can hand the message back
   * (a delivery must not outlive the outbox's lease on it).
   */
  async wait(key: string, maxWaitMs = Infinity): Promise<number | undefined> {
    const now = this.now();
    const at = Math.max(now, this.next.get(key) ?? 0);
    if (at - now > maxWaitMs) return at - now;
    this.next.set(key, at + this.intervalMs);
    if (this.next.size > 10_000) this.prune(now);
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
    return undefined;
  }

  /** Sends for the key wait until at least `untilMs` (after a 429 with `Retry-After`). */
  holdUntil(key: string, untilMs: number): void {
    this.next.set(key, Math.max(this.next.get(key) ?? 0, untilMs));
  }

  private prune(now: number): void {
    for (const [key, at] of this.next) if (at < now) this.next.delete(key);
  }
}
