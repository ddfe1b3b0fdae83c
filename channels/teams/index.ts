import { z } from 'zod';
import { channel } from '../../core/channel-module';
import { SqlReferenceStore, teamsCustomerData, teamsMigrations } from './references';

/**
 * Teams, Direct Line and the Bot Framework Emulator through botbuilder, on when `MICROSOFT_APP_ID`
 * (with `MICROSOFT_APP_PASSWORD`; `MICROSOFT_APP_TYPE` and `MICROSOFT_APP_TENANT_ID` for
 * single-tenant apps) is set, or when `bot.yaml` has a `channels.teams` block (without an app id:
 * unauthenticated, for the Emulator only). Conversation references are the channel's table.
 * botbuilder's own endpoint settings (`ToBotFromChannelOpenIdMetadataUrl`…) in the environment
 * point it at another cloud or a test key server.
 */
export const teams = channel({
  name: 'teams',
  label: 'Teams (Bot Framework)',
  aliases: ['msteams', 'botframework'],
  settings: z.object({
    appId: z.string().optional(),
    appPassword: z.string().optional(),
    appType: z.string().optional(),
    tenantId: z.string().optional(),
  }),
  env: { appId: 'MICROSOFT_APP_ID', appPassword: 'MICROSOFT_APP_PASSWORD', appType: 'MICROSOFT_APP_TYPE', tenantId: 'MICROSOFT_APP_TENANT_ID' },
  enabled: (found, inBotYaml) => Boolean(found.appId || found.appPassword || inBotYaml),
  adapter: (settings, ctx) => {
    // Loaded only when Teams is configured: botbuilder (with @azure/identity) is large.
    const { BOT_FRAMEWORK_ENDPOINT_SETTINGS, TeamsChannel } = require('./adapter') as typeof import('./adapter');
    return new TeamsChannel({
      ...settings,
      references: new SqlReferenceStore(ctx.store.sql),
      maxBodyBytes: ctx.maxBodyBytes,
      authSettings: botFrameworkEndpoints(ctx.env, BOT_FRAMEWORK_ENDPOINT_SETTINGS),
    });
  },
  migrations: teamsMigrations,
  customerData: [teamsCustomerData],
});

/** The botbuilder endpoint settings (`names`) set in the environment, under botbuilder's names. */
function botFrameworkEndpoints(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> | undefined {
  const set = names.flatMap((name) => {
    const value = env[name]?.trim();
    return value ? [[name, value]] : [];
  });
  return set.length ? Object.fromEntries(set) : undefined;
}
