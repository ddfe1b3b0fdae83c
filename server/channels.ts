import type { SqlDriver } from '../core/storage/sql';
import type { ChannelAdapter } from '../core/channel';
import type { BotConfig } from '../core/bot';
import type { Logger } from '../core/logger';
import { WebChannel } from '../channels/web/adapter';

/** Where channel settings come from: the environment, then the bot config's `channels.<name>`. */
export interface ChannelSettings {
  env: NodeJS.ProcessEnv;
  config: BotConfig;
  logger: Logger;
  maxBodyBytes?: number;
  /** The bot's database, for channels that keep their own records (Teams conversation references). */
  sql?: SqlDriver;
}

/**
 * The channels this bot runs on. Web chat is always on; every other channel is enabled by its
 * credentials (see the README's channel set-up).
 */
export function configureChannels(settings: ChannelSettings): ChannelAdapter[] {
  return [new WebChannel({ title: settings.config.name, maxBodyBytes: settings.maxBodyBytes })];
}
