import type { Engine } from '../core/engine';
import type { Logger } from '../core/logger';
import type { Store } from '../core/storage/store';

/** How the recovery sweep runs. */
export interface RecoveryOptions {
  /** How often to look (default 3 s). */
  intervalMs?: number;
  /** Pending messages older than this are presumed stuck (default 5 s). */
  stuckAfterMs?: number;
}

/**
 * Re-drains conversations whose messages have waited too long: after a drain failed because
 * PostgreSQL or Redis was away, or after another instance died holding them. The engine resumes
 * pending work only at start, so without this a long-running instance would leave such messages
 * until the next message of the same conversation. One cheap indexed query per tick; the full
 * recovery runs only when something is stuck. Returns a function that stops the sweep.
 */
export function startRecoverySweep(engine: Engine, store: Store, logger: Logger, options: RecoveryOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 3_000;
  const stuckAfterMs = options.stuckAfterMs ?? 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      // The store's clock, as intake stamped `created_at` with it (on whichever instance).
      if (await store.hasStuckInbound(store.now() - stuckAfterMs)) {
        const n = await engine.recover();
        logger.info({ conversations: n }, 'recovery sweep resumed waiting conversations');
      }
    } catch (err) {
      logger.warn({ err }, 'recovery sweep failed; will try again');
    } finally {
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs).unref();
    }
  };
  timer = setTimeout(() => void tick(), intervalMs).unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
