import type { ChannelAdapter } from '../core/channel';
import type { BotConfig } from '../core/bot';
import type { Logger } from '../core/logger';
import { WebChannel } from '../channels/web/adapter';
import type { SqlDriver } from '../core/storage/sql';
import { configureSlack, configureTeams } from './slack-teams';

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
  const channels: ChannelAdapter[] = [new WebChannel({ title: settings.config.name, maxBodyBytes: settings.maxBodyBytes })];
  for (const configure of [configureSlack, configureTeams]) {
    const channel = configure(settings);
    if (channel) channels.push(channel);
  }
  return channels;
}
