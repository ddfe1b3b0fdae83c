import type { EventBus } from '../../core/bus';
import type { ConversationLock } from '../../core/lock';
import type { Logger } from '../../core/logger';
import type { Scheduler } from '../../core/scheduler';
import { RedisBus } from './bus';
import { commandClient, connectClient } from './connection';
import { RedisLock } from './lock';
import { BullScheduler } from './scheduler';

/**
 * The Redis side of scale-out mode: the cross-instance lock, event bus and job scheduler.
 * ioredis and BullMQ stay out of `core/` (which defines the interfaces) so the embedded mode
 * carries no Redis code; `server/` is the composition root that picks the implementation.
 */
export interface RedisServices {
  lock: ConversationLock;
  bus: EventBus;
  scheduler: Scheduler;
  /** Whether the command connection is up right now (false while Redis is away or reconnecting). */
  connected(): boolean;
  close(): Promise<void>;
}

/** Settings read from the environment (`REDIS_URL`, `REDIS_PREFIX`, `LOCK_LEASE_MS`). */
export interface RedisSettings {
  url: string;
  /** Separates deployments (and test runs) sharing one Redis; default `sb:`. */
  prefix?: string;
  lockLeaseMs?: number;
  logger?: Logger;
}

/** Connects to Redis (failing clearly at start-up if it is not there) and builds the services. */
export async function openRedis(settings: RedisSettings): Promise<RedisServices> {
  const prefix = settings.prefix ?? 'sb:';
  // Auto-pipelining sends the commands issued in one event-loop tick (many conversations' publishes
  // and lock calls under load) in one socket write: each write costs far more CPU than its bytes.
  const commands = await connectClient(commandClient(settings.url, {}, { enableAutoPipelining: true }), settings.url);
  const subscriber = await connectClient(commandClient(settings.url, {}, { commandTimeout: 5_000 }), settings.url);
  const bus = new RedisBus(commands, subscriber, { prefix, logger: settings.logger });
  const lock = new RedisLock(commands, { prefix, leaseMs: settings.lockLeaseMs, bus });
  const scheduler = new BullScheduler({ url: settings.url, prefix, logger: settings.logger });
  await scheduler.ready();
  return {
    lock,
    bus,
    scheduler,
    connected: () => commands.status === 'ready',
    close: async () => {
      await scheduler.close();
      await lock.close();
      await bus.close();
      commands.disconnect();
    },
  };
}
