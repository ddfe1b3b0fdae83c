import type { ChannelAdapter } from '../core/channel';
import { MemoryReferenceStore, SqlReferenceStore } from '../channels/teams/references';
import type { ChannelSettings } from './channels';

/**
 * The Bot Framework and Slack channels whose credentials are set (see `configureSlack` and
 * `configureTeams`), next to those `configureChannels` builds. Each adapter, with its SDK
 * (@slack/bolt; botbuilder with @azure/identity), is loaded only when its channel is configured.
 */
export function configureSlackTeams(settings: ChannelSettings): ChannelAdapter[] {
  return [configureSlack(settings), configureTeams(settings)].filter((c): c is ChannelAdapter => c !== undefined);
}

/** A setting from the environment, else from the bot config's `channels.<channel>.<key>`. */
function setting(settings: ChannelSettings, channel: string, envName: string, key: string): string | undefined {
  const fromEnv = settings.env[envName]?.trim();
  if (fromEnv) return fromEnv;
  const value = settings.config.channels?.[channel]?.[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * Slack, when any of its credentials is set: `SLACK_SIGNING_SECRET` and `SLACK_BOT_TOKEN` for the
 * HTTP Events API, or `SLACK_BOT_TOKEN` and `SLACK_APP_TOKEN` for Socket Mode; `SLACK_API_URL`
 * points the Web API elsewhere (tests, proxies). A partial set is a `ConfigError` naming what is
 * missing. Bot config: `channels.slack.{signingSecret, botToken, appToken, apiUrl}`.
 */
export function configureSlack(settings: ChannelSettings): ChannelAdapter | undefined {
  const signingSecret = setting(settings, 'slack', 'SLACK_SIGNING_SECRET', 'signingSecret');
  const botToken = setting(settings, 'slack', 'SLACK_BOT_TOKEN', 'botToken');
  const appToken = setting(settings, 'slack', 'SLACK_APP_TOKEN', 'appToken');
  if (!signingSecret && !botToken && !appToken) return undefined;
  const { SlackChannel } = require('../channels/slack/adapter') as typeof import('../channels/slack/adapter');
  return new SlackChannel({
    signingSecret,
    botToken: botToken ?? '',
    appToken,
    apiUrl: setting(settings, 'slack', 'SLACK_API_URL', 'apiUrl'),
    maxBodyBytes: settings.maxBodyBytes,
  });
}

/**
 * Teams / Direct Line (Bot Framework), when `MICROSOFT_APP_ID` (with `MICROSOFT_APP_PASSWORD`;
 * `MICROSOFT_APP_TYPE` and `MICROSOFT_APP_TENANT_ID` for single-tenant apps) is set, or when the
 * bot config has a `channels.teams` section (without an app id: unauthenticated, for the
 * Bot Framework Emulator only). Conversation references go to the bot's database. botbuilder's own
 * endpoint settings (`ToBotFromChannelOpenIdMetadataUrl`…) in the environment point it at another
 * cloud or a test key server.
 */
export function configureTeams(settings: ChannelSettings): ChannelAdapter | undefined {
  const appId = setting(settings, 'teams', 'MICROSOFT_APP_ID', 'appId');
  const appPassword = setting(settings, 'teams', 'MICROSOFT_APP_PASSWORD', 'appPassword');
  if (!appId && !appPassword && !settings.config.channels?.teams) return undefined;
  if (!settings.sql) settings.logger.warn('Teams conversation references are kept in memory: proactive replies are lost on restart');
  const { BOT_FRAMEWORK_ENDPOINT_SETTINGS, TeamsChannel } = require('../channels/teams/adapter') as typeof import('../channels/teams/adapter');
  return new TeamsChannel({
    appId,
    appPassword,
    appType: setting(settings, 'teams', 'MICROSOFT_APP_TYPE', 'appType'),
    tenantId: setting(settings, 'teams', 'MICROSOFT_APP_TENANT_ID', 'tenantId'),
    references: settings.sql ? new SqlReferenceStore(settings.sql) : new MemoryReferenceStore(),
    maxBodyBytes: settings.maxBodyBytes,
    authSettings: botFrameworkEndpoints(settings.env, BOT_FRAMEWORK_ENDPOINT_SETTINGS),
  });
}

/** The botbuilder endpoint settings (`names`) set in the environment, under botbuilder's names. */
function botFrameworkEndpoints(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> | undefined {
  const set = names.flatMap((name) => (env[name]?.trim() ? [[name, env[name]!.trim()]] : []));
  return set.length ? Object.fromEntries(set) : undefined;
}
