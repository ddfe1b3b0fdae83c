/**
 * Runs the turns of one conversation one at a time. The embedded default serializes within the
 * process; the Redis implementation (scale-out) does so across instances.
 */
export interface ConversationLock {
  /** Runs `fn` while holding the lock for `key`; calls for the same key run one after another. */
  run<T>(key: string, fn: (token: LockToken) => Promise<T>): Promise<T>;
  close?(): Promise<void>;
}

/**
 * Proof of holding a lock. `fence` increases with every acquisition of the same key, so a store
 * can refuse a write from a holder whose lock has since passed to someone else.
 */
export interface LockToken {
  key: string;
  fence: number;
  /** Throws if the lock was lost (e.g. expired while the holder was paused). */
  assertHeld(): Promise<void>;
}

/** A per-key promise chain: the in-process lock. */
export class LocalLock implements ConversationLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  private fence = 0;

  async run<T>(key: string, fn: (token: LockToken) => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous.catch(() => undefined);
    try {
      const token: LockToken = { key, fence: ++this.fence, assertHeld: async () => undefined };
      return await fn(token);
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
