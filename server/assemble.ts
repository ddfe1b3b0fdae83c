import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Bot } from '../core/bot';
import type { ChannelAdapter } from '../core/channel';
import { MemoryBus } from '../core/bus';
import { Composer } from '../core/composer';
import type { TurnContext } from '../core/context';
import { Engine, type EngineOptions } from '../core/engine';
import { consoleShellApp } from '../core/console-shell';
import { createLogger, type Logger } from '../core/logger';
import { Metrics } from '../core/metrics';
import type { SqlStore } from '../core/storage/sql-store';
import { customerDataOf } from './customer-data';
import { loadBot, readConfig } from './load-bot';
import type { AppModule, ModuleContext, ModuleRoutes, UpgradeHandler } from '../core/module';
import { checkModules, checkProvided, wireDeclarations } from './contract';
import { defaultModules } from './modules';
import { addFallback } from './pipeline';
import { openStore } from './store';
import type { Scheduler } from '../core/scheduler';
import { SqlScheduler } from '../core/storage/scheduler';
import type { OutboxOptions } from '../core/outbox';
import type { RedisServices } from './redis';
import { startRecoverySweep } from './recovery';

/** Options for `assemble`: everything not given comes from the environment or a default. */
export interface AssembleOptions {
  botDir: string;
  env?: NodeJS.ProcessEnv;
  /** A database URL overriding `DATABASE_URL` (the terminal chat uses `:memory:`). */
  databaseUrl?: string;
  logger?: Logger;
  /**
   * Channels to run instead of those configured from the environment and `bot.yaml`: the channel
   * modules keep their tables and services but build no adapter.
   */
  channels?: ChannelAdapter[];
  modules?: AppModule[];
  engine?: Partial<EngineOptions>;
}

/** A bot wired to its store, modules, channels and engine, not yet serving HTTP. */
export interface Assembled {
  bot: Bot;
  engine: Engine;
  store: SqlStore;
  channels: ChannelAdapter[];
  /** Modules' routes as Hono sub-apps, mounted at their paths. */
  mounts: ModuleRoutes[];
  /** WebSocket upgrade handlers modules added (after the channels' own). */
  upgrades: UpgradeHandler[];
  logger: Logger;
  metrics: Metrics;
  publicDir?: string;
  /**
   * Why the instance cannot take writes right now (a shared service it depends on is down), or
   * undefined when it can. The HTTP layer answers 503 with Retry-After instead of accepting work.
   */
  unavailable(): string | undefined;
  /** Stops modules, the engine and the store. */
  close(): Promise<void>;
}

/**
 * The composition root: opens the store (with every module's migrations), loads the bot folder,
 * lets modules add middleware (`early` before the bot's own, `late` after it, the fallback last),
 * channels and routes, then starts the engine.
 */
export async function assemble(options: AssembleOptions): Promise<Assembled> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  const metrics = new Metrics().withDefaults();
  const modules = options.modules ?? defaultModules();
  checkModules(modules);
  const botDir = resolve(options.botDir);
  const configPath = join(botDir, 'bot.yaml');
  const botName = existsSync(configPath) ? readConfig(configPath, modules).name : basename(botDir);

  // Scale-out mode: REDIS_URL shares the lock, the event bus and scheduled jobs between instances.
  const redis = env.REDIS_URL ? await openRedisFromEnv(env.REDIS_URL, env, logger) : undefined;

  const store = await openStore({
    url: options.databaseUrl ?? env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    botName,
    migrations: modules.flatMap((m) => m.migrations ?? []),
    logger,
  }).catch(async (err) => {
    await redis?.close();
    throw err;
  });

  // Durable jobs: in Redis (BullMQ) in scale-out mode, else in the store itself.
  const scheduler = redis?.scheduler ?? new SqlScheduler(store.sql, { now: () => store.now(), onError: (err, name) => logger.warn({ err, job: name }, 'scheduled job failed') });

  if (redis && store.sql.dialect === 'sqlite') {
    logger.warn('REDIS_URL is set but storage is SQLite: run one instance per database file, or set DATABASE_URL=postgres://… to scale out');
  }

  // The engine's bus, made here so modules can subscribe during setup, before the engine runs a turn.
  const bus = redis?.bus ?? new MemoryBus();
  const early = new Composer<TurnContext>();
  const late = new Composer<TurnContext>();
  const { bot, publicDir } = await loadBot(botDir, {
    modules,
    before: (b) => void b.use(early),
    after: (b) => {
      b.use(late);
      addFallback(b);
    },
  });

  const channels = [...(options.channels ?? [])];
  const mounts: ModuleRoutes[] = [];
  const upgrades: UpgradeHandler[] = [];
  let engine: Engine | undefined;
  const context: ModuleContext = {
    bot,
    botDir,
    env,
    store,
    customerData: customerDataOf(modules),
    logger,
    metrics,
    scheduler,
    bus,
    early,
    late,
    mount: (m) => void mounts.push(m),
    addUpgrade: (handler) => void upgrades.push(handler),
    addChannel: (c) => void channels.push(c),
    channelsGiven: options.channels !== undefined,
    engine: () => {
      if (!engine) throw new Error('The engine is available from a module’s start(), not during setup()');
      return engine;
    },
  };
  for (const module of modules) {
    wireDeclarations(module, context, mounts);
    await module.setup?.(context);
  }
  checkProvided(modules, bot);
  // What every console page loads, and the navigation built from the pages the modules declare.
  mounts.push({ path: '/', app: consoleShellApp(modules.flatMap((m) => m.consolePages ?? [])) });

  const outboxLeaseMs = Number(env.OUTBOX_LEASE_MS) || undefined;
  engine = new Engine({
    lock: redis?.lock,
    bus,
    scheduler,
    ...options.engine,
    outbox: { ...(outboxLeaseMs ? { leaseMs: outboxLeaseMs } : {}), ...(redis ? outboxWakeups(scheduler, logger) : {}), ...options.engine?.outbox },
    bot,
    store,
    channels,
    logger,
    metrics,
  });
  await engine.start();
  const wakeEngine = engine;
  if (redis) scheduler.on(OUTBOX_WAKE, async () => void (await wakeEngine.outbox.poll()));
  const stopRecovery = startRecoverySweep(engine, store, logger, {
    intervalMs: Number(env.RECOVERY_INTERVAL_MS) || undefined,
    stuckAfterMs: Number(env.RECOVERY_STUCK_MS) || undefined,
  });
  for (const module of modules) await module.start?.(context);
  // Jobs run from here on: every handler is registered and the engine they may need has started.
  scheduler.start();

  const started = engine;
  return {
    bot,
    engine: started,
    store,
    channels,
    mounts,
    upgrades,
    logger,
    metrics,
    publicDir,
    unavailable: () => (redis && !redis.connected() ? 'Redis is unreachable; retry shortly' : undefined),
    close: async () => {
      // Jobs first: those running here finish while the engine they may use is still up.
      await scheduler.close();
      for (const module of [...modules].reverse()) await module.stop?.();
      stopRecovery();
      await started.stop();
      await redis?.close();
      await store.close();
      metrics.close();
    },
  };
}

/** Scale-out's Redis services. ioredis and BullMQ are loaded only in this mode. */
function openRedisFromEnv(url: string, env: NodeJS.ProcessEnv, logger: Logger): Promise<RedisServices> {
  const { openRedis } = require('./redis') as typeof import('./redis');
  return openRedis({ url, prefix: env.REDIS_PREFIX, lockLeaseMs: Number(env.LOCK_LEASE_MS) || undefined, logger });
}

const OUTBOX_WAKE = 'outbox.wake';

/**
 * Scale-out outbox settings: a retry schedules a wake-up job (BullMQ) at its due time, run by
 * whichever instance is free, so the N instances need not each poll the database every second;
 * a slower poll remains for expired leases (crashed senders).
 */
function outboxWakeups(scheduler: Scheduler, logger: Logger): Partial<OutboxOptions> {
  return {
    pollMs: 5_000,
    wake: (at) => {
      // One job per second of due time is enough: the poll it triggers, at the end of that
      // second, claims everything due by then.
      const second = Math.ceil(at / 1000);
      scheduler.schedule(OUTBOX_WAKE, {}, second * 1000, { id: String(second) }).catch((err) => logger.warn({ err }, 'could not schedule an outbox wake-up; the poll will deliver it'));
    },
  };
}
