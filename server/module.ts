import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Bot } from '../core/bot';
import type { ChannelAdapter, Route } from '../core/channel';
import type { Composer } from '../core/composer';
import type { TurnContext } from '../core/context';
import type { Engine } from '../core/engine';
import type { Logger } from '../core/logger';
import type { Migration } from '../core/storage/sql';
import type { SqlStore } from '../core/storage/sql-store';
import type { Metrics } from '../core/metrics';
import type { CustomerData } from '../core/customer-data';

/**
 * A feature module (dialogs, knowledge, handoff, identity, journeys…) as the composition root
 * wires it: its tables, its middleware at the right place in the turn, its HTTP routes.
 */
export interface AppModule {
  name: string;
  /** Tables the module owns; applied with the core migrations at start-up. */
  migrations?: Migration[];
  /** What the module stores about a customer: export and erasure ask these (see `core/customer-data.ts`). */
  customerData?: CustomerData[];
  /** Called once the store is open, before the engine starts. Add middleware, channels and routes here. */
  setup?(ctx: ModuleContext): void | Promise<void>;
  /** Called after the engine has started (schedulers, subscriptions). */
  start?(ctx: ModuleContext): void | Promise<void>;
  stop?(): void | Promise<void>;
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
  /**
   * Middleware that runs before the bot's own (language detection, handoff: when an agent owns the
   * conversation, nothing after it runs).
   */
  early: Composer<TurnContext>;
  /** Middleware that runs after the bot's own and before the fallback (dialogs, then knowledge). */
  late: Composer<TurnContext>;
  /** Adds HTTP routes (editor API, agent console, customer API…). */
  addRoutes(routes: Route[]): void;
  /**
   * Adds a WebSocket upgrade handler (the agent console's socket…): offered every upgrade the
   * channels did not take; returns true when it handled (or refused) the request.
   */
  addUpgrade(handler: UpgradeHandler): void;
  /** Adds a channel adapter. */
  addChannel(channel: ChannelAdapter): void;
  /** The engine; available from `start` on. */
  engine(): Engine;
}

/** Takes over an HTTP upgrade request if it is its own; true when handled. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
