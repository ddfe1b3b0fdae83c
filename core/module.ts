import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hono } from 'hono';
import type { ZodType } from 'zod';
import type { Bot } from './bot';
import type { ChannelAdapter } from './channel';
import type { Composer, Middleware } from './composer';
import type { TurnContext } from './context';
import type { Engine } from './engine';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { Scheduler } from './scheduler';
import type { Migration } from './storage/sql';
import type { SqlStore } from './storage/sql-store';
import type { ServiceKey } from './services';
import type { EventBus, Topic } from './bus';
import type { CustomerData } from './customer-data';
import type { ConsolePage } from './console-shell';

/**
 * The one contract every feature implements (dialogs, knowledge, handoff, identity, journeys,
 * analytics, each channel): what it owns — its `bot.yaml` block, tables, services, topics, routes,
 * middleware, jobs, texts and customer data — declared in one object that the composition root
 * (`server/assemble.ts`) wires. Everything but `name` is optional, so existing modules that only
 * use `setup`/`start`/`stop` keep working while they move onto the declarations one by one.
 */
export interface AppModule {
  name: string;
  /**
   * The schema of the module's block in `bot.yaml` (the block under the module's `name`). The
   * composition root validates the block with it at start-up and fails with the schema's message:
   * core knows no module's settings.
   */
  config?: ZodType;
  /** Modules that must be loaded too (by name); start-up fails clearly when one is missing. */
  requires?: string[];
  /** Services this module provides (`bot.services.provide(key, …)` in `setup`); checked after setup. */
  provides?: ServiceKey<unknown>[];
  /** Services this module calls when present; documentation for readers and the architecture doc. */
  uses?: ServiceKey<unknown>[];
  /** Bus topics this module owns and publishes on: declared once, here, with their payload type. */
  topics?: Topic<unknown>[];
  /** Tables the module owns; applied with the core migrations at start-up. */
  migrations?: Migration[];
  /** Turn middleware with its place in the chain: `early` before the bot's own, `late` after it. */
  middleware?: ModuleMiddleware[];
  /** HTTP routes as a Hono sub-app, mounted at `path` (Hono validates and parses the params). */
  routes?: (ctx: ModuleContext) => ModuleRoutes;
  /** Durable jobs: handlers registered on the scheduler by name, so a job survives the instance that scheduled it. */
  jobs?: ModuleJob[];
  /** Built-in texts by locale then key; `bot.yaml` `texts:` overrides them (one lookup order). */
  texts?: Record<string, Record<string, string>>;
  /**
   * What the module stores about a customer, one declaration per kind of data: export and erasure
   * ask these instead of guessing tables by a column name (see `core/customer-data.ts`).
   */
  customerData?: CustomerData[];
  /**
   * The console pages the module serves that the top bar links to (label, path, roles, order):
   * the console shell builds its navigation from the modules an app runs, so an app without the
   * module shows no link to its pages. The module serves the pages itself (its routes).
   */
  consolePages?: ConsolePage[];
  /** Called once the store is open, before the engine starts. Add middleware, channels and routes here. */
  setup?(ctx: ModuleContext): void | Promise<void>;
  /** Called after the engine has started (schedulers, subscriptions). */
  start?(ctx: ModuleContext): void | Promise<void>;
  stop?(): void | Promise<void>;
}

/** Turn middleware and where it goes in the chain. */
export interface ModuleMiddleware {
  place: 'early' | 'late';
  handler: Middleware<TurnContext>;
}

/** A module's HTTP routes: a Hono sub-app and where it is mounted (`app.route(path, app)`). */
export interface ModuleRoutes {
  path: string;
  app: Hono;
}

/** A durable job a module runs on the scheduler: `ctx.scheduler.schedule(name, payload, runAt)` elsewhere. */
export interface ModuleJob {
  name: string;
  run(payload: unknown, ctx: ModuleContext): Promise<void>;
}

/** What a module is given. */
export interface ModuleContext {
  bot: Bot;
  /** The bot's folder (its `dialogs/`, `knowledge/`… live there). */
  botDir: string;
  env: NodeJS.ProcessEnv;
  store: SqlStore;
  /** Every module's and channel's declaration of what it stores about a customer (export, erasure). */
  customerData: CustomerData[];
  logger: Logger;
  metrics: Metrics;
  /** Durable jobs (BullMQ with Redis, the store otherwise): what must happen later, whichever instance runs it. */
  scheduler: Scheduler;
  /**
   * The event bus (the engine's, across instances with Redis), there from `setup` on: a module
   * that keeps a read model of another's events subscribes before anything is published.
   */
  bus: EventBus;
  /**
   * Middleware that runs before the bot's own (language detection, handoff: when an agent owns the
   * conversation, nothing after it runs).
   */
  early: Composer<TurnContext>;
  /** Middleware that runs after the bot's own and before the fallback (dialogs, then knowledge). */
  late: Composer<TurnContext>;
  /**
   * Mounts a Hono sub-app made from what `setup` built (the agent API needs the handoff service):
   * the editor API, the agent console, the events API… A module whose routes need nothing from
   * its setup declares `routes` instead.
   */
  mount(routes: ModuleRoutes): void;
  /**
   * Adds a WebSocket upgrade handler (the agent console's socket…): offered every upgrade the
   * channels did not take; returns true when it handled (or refused) the request.
   */
  addUpgrade(handler: UpgradeHandler): void;
  /** Adds a channel adapter. */
  addChannel(channel: ChannelAdapter): void;
  /**
   * True when the app was given its channel adapters (tests, the terminal chat): channel modules
   * then keep their tables and services but build no adapter from the settings.
   */
  channelsGiven: boolean;
  /** The engine; available from `start` on. */
  engine(): Engine;
}

/** Takes over an HTTP upgrade request if it is its own; true when handled. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
