import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Bot } from '../core/bot';
import type { ChannelAdapter, Route } from '../core/channel';
import { Composer } from '../core/composer';
import type { TurnContext } from '../core/context';
import { Engine, type EngineOptions } from '../core/engine';
import { createLogger, type Logger } from '../core/logger';
import { Metrics } from '../core/metrics';
import type { SqlStore } from '../core/storage/sql-store';
import { configureChannels } from './channels';
import { loadBot, readConfig } from './load-bot';
import type { AppModule, ModuleContext, UpgradeHandler } from './module';
import { defaultModules } from './modules';
import { addFallback } from './pipeline';
import { openStore } from './store';
import { DEFAULT_MAX_BODY_BYTES } from '../core/http';

/** Options for `assemble`: everything not given comes from the environment or a default. */
export interface AssembleOptions {
  botDir: string;
  env?: NodeJS.ProcessEnv;
  /** A database URL overriding `DATABASE_URL` (the terminal chat uses `:memory:`). */
  databaseUrl?: string;
  logger?: Logger;
  /** Channels to run instead of those configured from the environment. */
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
  routes: Route[];
  /** WebSocket upgrade handlers modules added (after the channels' own). */
  upgrades: UpgradeHandler[];
  logger: Logger;
  metrics: Metrics;
  publicDir?: string;
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
  const botDir = resolve(options.botDir);
  const configPath = join(botDir, 'bot.yaml');
  const botName = existsSync(configPath) ? readConfig(configPath).name : basename(botDir);

  const store = await openStore({
    url: options.databaseUrl ?? env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    botName,
    migrations: modules.flatMap((m) => m.migrations ?? []),
  });

  const early = new Composer<TurnContext>();
  const late = new Composer<TurnContext>();
  const { bot, publicDir } = await loadBot(botDir, {
    before: (b) => void b.use(early),
    after: (b) => {
      b.use(late);
      addFallback(b);
    },
  });

  const maxBodyBytes = Number(env.MAX_BODY_BYTES) || DEFAULT_MAX_BODY_BYTES;
  const channels = options.channels ?? configureChannels({ env, config: bot.config, logger, maxBodyBytes });
  const routes: Route[] = [];
  const upgrades: UpgradeHandler[] = [];
  let engine: Engine | undefined;
  const context: ModuleContext = {
    bot,
    botDir,
    env,
    store,
    logger,
    metrics,
    early,
    late,
    addRoutes: (r) => void routes.push(...r),
    addUpgrade: (handler) => void upgrades.push(handler),
    addChannel: (c) => void channels.push(c),
    engine: () => {
      if (!engine) throw new Error('The engine is available from a module’s start(), not during setup()');
      return engine;
    },
  };
  for (const module of modules) await module.setup?.(context);

  engine = new Engine({ ...options.engine, bot, store, channels, logger, metrics });
  await engine.start();
  for (const module of modules) await module.start?.(context);

  const started = engine;
  return {
    bot,
    engine: started,
    store,
    channels,
    routes,
    upgrades,
    logger,
    metrics,
    publicDir,
    close: async () => {
      for (const module of [...modules].reverse()) await module.stop?.();
      await started.stop();
      await store.close();
    },
  };
}
