import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { SwitchboardError, UnavailableError } from '../../core/errors';
import { topic, type EventBus } from '../../core/bus';
import { LocalLock, type ConversationLock, type LockToken } from '../../core/lock';
import { redisError } from './connection';

/** Options of the Redis lock. */
export interface RedisLockOptions {
  /** Key prefix shared by the instances of one deployment (e.g. `sb:`). */
  prefix: string;
  /** Lease: how long a holder that stops renewing (crashed, paused) keeps the lock (default 10 s). */
  leaseMs?: number;
  /** How long to wait for a busy lock before giving up with `UnavailableError` (default 60 s). */
  acquireTimeoutMs?: number;
  /**
   * Where releases are announced, so waiters on any instance retry at once instead of at their
   * next poll. Without it, waiters poll (up to every 50 ms).
   */
  bus?: EventBus;
}

/** The bus topic lock releases are announced on: `{ key }`. */
export const LOCK_RELEASED = topic<{ key: string }>('lock.released');

/** The lock was lost (lease expired) before the holder finished. */
export class LockLostError extends SwitchboardError {}

// Take the lock and draw the next fence in one step, so fences are handed out in acquisition order.
// The fence key expires FENCE_TTL_MS after its last use (one per conversation ever seen must not
// stay forever); a fence restarting after a day idle cannot meet a holder from before it.
const ACQUIRE = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local fence = redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return fence
end
return 0`;

/** How long a conversation's fence counter outlives its last lock: far longer than any lease. */
export const FENCE_TTL_MS = 24 * 3600_000;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * A per-conversation lock shared by every instance: `SET NX PX` with a random owner token, a
 * monotonically increasing fence (`INCR`) per key, and a lease renewed while the holder works.
 *
 * What guarantees what: the lease makes turns of one conversation run one at a time across
 * instances while holders are alive; a crashed holder's lease runs out and another instance takes
 * over. A holder paused past its lease (GC, a stopped VM) may still try to commit: the store then
 * refuses it — `commitTurn` checks the conversation version and that the inbound message is still
 * pending, in the same transaction — so state and replies are never written twice. `assertHeld`
 * lets long-running work check before side effects. Arrival order holds because whoever holds the
 * lock drains the conversation's pending messages in stored order.
 */
export class RedisLock implements ConversationLock {
  private readonly local = new LocalLock();
  private readonly leaseMs: number;
  private readonly acquireTimeoutMs: number;
  private readonly waiting = new Map<string, Set<() => void>>();
  private readonly unsubscribe?: () => void;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLockOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 10_000;
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 60_000;
    this.unsubscribe = options.bus?.subscribe(LOCK_RELEASED, (payload) => {
      for (const wake of this.waiting.get(payload.key) ?? []) wake();
    });
  }

  /** Stops listening for releases. */
  async close(): Promise<void> {
    this.unsubscribe?.();
  }

  async run<T>(key: string, fn: (token: LockToken) => Promise<T>): Promise<T> {
    // Callers in this process queue locally first: only one of them polls Redis for the key.
    return this.local.run(key, async () => {
      const held = await this.acquire(key);
      try {
        return await fn(held.token);
      } finally {
        held.stop();
        const released = await this.redis.eval(RELEASE, 1, this.lockKey(key), held.owner).catch(() => 0);
        if (Number(released) && this.options.bus) await this.options.bus.publish(LOCK_RELEASED, { key });
      }
    });
  }

  private lockKey(key: string): string {
    return `${this.options.prefix}lock:${key}`;
  }

  private async acquire(key: string) {
    const owner = randomBytes(12).toString('hex');
    const deadline = Date.now() + this.acquireTimeoutMs;
    let wait = 5;
    for (;;) {
      let fence: number;
      try {
        if (this.redis.status !== 'ready' && this.redis.status !== 'wait') throw new Error(`Connection is closed (${this.redis.status})`);
        fence = Number(
          await this.redis.eval(ACQUIRE, 2, this.lockKey(key), `${this.options.prefix}fence:${key}`, owner, this.leaseMs, Math.max(FENCE_TTL_MS, this.leaseMs * 10)),
        );
      } catch (err) {
        throw redisError(err);
      }
      if (fence > 0) return this.hold(key, owner, fence);
      if (Date.now() > deadline) throw new UnavailableError(`Conversation ${key} stayed locked for ${this.acquireTimeoutMs} ms; retry later`);
      await this.released(key, wait + Math.random() * wait);
      // With release announcements the poll is only a safety net (a lost announcement, a crashed holder).
      wait = Math.min(wait * 2, this.options.bus ? 250 : 50);
    }
  }

  /** Resolves when `key` is announced released, or after `ms`. */
  private released(key: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiting.get(key);
      if (!set) this.waiting.set(key, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (!set.size && this.waiting.get(key) === set) this.waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  /** Keeps renewing the lease until stopped; records when the lock is known or presumed lost. */
  private hold(key: string, owner: string, fence: number) {
    let validUntil = Date.now() + this.leaseMs;
    let lost = false;
    const renew = async () => {
      const asked = Date.now();
      try {
        const ok = Number(await this.redis.eval(RENEW, 1, this.lockKey(key), owner, this.leaseMs));
        if (ok) validUntil = asked + this.leaseMs;
        else lost = true;
      } catch {
        // Redis unreachable: the lease may still run out; validUntil says until when we are safe.
      }
    };
    const timer = setInterval(() => void renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    timer.unref();
    const token: LockToken = {
      key,
      fence,
      assertHeld: async () => {
        if (lost || Date.now() >= validUntil) throw new LockLostError(`Lost the lock on ${key} (fence ${fence}): its lease expired`);
        let current: string | null;
        try {
          current = await this.redis.get(this.lockKey(key));
        } catch (err) {
          throw redisError(err);
        }
        if (current !== owner) {
          lost = true;
          throw new LockLostError(`Lost the lock on ${key} (fence ${fence}): another instance holds it now`);
        }
      },
    };
    return { token, owner, stop: () => clearInterval(timer) };
  }
}
