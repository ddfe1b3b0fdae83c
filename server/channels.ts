import type { SqlDriver } from '../core/storage/sql';
import type { ChannelAdapter } from '../core/channel';
import type { BotConfig } from '../core/bot';
import type { Logger } from '../core/logger';
import { WebChannel } from '../channels/web/adapter';
import { ConfigError } from '../core/errors';
import { MediaStore, type Services } from '../core/services';

/** Where channel settings come from: the environment, then the bot config's `channels.<name>`. */
export interface ChannelSettings {
  env: NodeJS.ProcessEnv;
  config: BotConfig;
  logger: Logger;
  maxBodyBytes?: number;
  /** The bot's database, for channels that keep their own records (Teams conversation references). */
  sql?: SqlDriver;
  /** The bot's services, asked when a channel needs one a module provides (web chat's photos go to the `MediaStore`). */
  services?: Services;
}

/**
 * The channels this bot runs on. Web chat is always on; every other channel is enabled by its
 * credentials (see the README's channel set-up).
 */
export function configureChannels(settings: ChannelSettings): ChannelAdapter[] {
  return [
    new WebChannel({
      title: settings.config.name,
      maxBodyBytes: settings.maxBodyBytes,
      identitySecret: settings.env.WEB_IDENTITY_SECRET,
      texts: settings.config,
      media: () => settings.services?.get(MediaStore),
    }),
  ];
}

// --- SMS (Twilio) and WhatsApp (Cloud API, whatsapp-web.js): settings read here, adapters built by
// the `phone-channels` module (server/phone-channels.ts), which gives them their tables.

/** A setting from the environment, else from the bot config's `channels.<channel>.<key>`. */
function setting(settings: ChannelSettings, envName: string, channel: string, key: string): string | undefined {
  const fromEnv = settings.env[envName]?.trim();
  if (fromEnv) return fromEnv;
  const fromConfig = settings.config.channels[channel]?.[key];
  return typeof fromConfig === 'string' && fromConfig.trim() ? fromConfig.trim() : undefined;
}

/**
 * Reads a channel's credentials: none set → undefined (channel off); some set → every one required,
 * or a ConfigError naming what is missing.
 */
function credentials<K extends string>(
  settings: ChannelSettings,
  channel: string,
  label: string,
  names: Record<K, string>,
): Record<K, string> | undefined {
  const values = Object.fromEntries(
    Object.entries<string>(names).map(([key, envName]) => [key, setting(settings, envName, channel, key)]),
  ) as Record<K, string | undefined>;
  const missing = (Object.keys(names) as K[]).filter((k) => !values[k]);
  if (missing.length === Object.keys(names).length) return undefined;
  if (missing.length) {
    const list = missing.map((k) => `${names[k]} (or channels.${channel}.${k} in bot.yaml)`).join(', ');
    throw new ConfigError(`${label} is half-configured: set ${list}, or unset the others to turn the channel off`);
  }
  return values as Record<K, string>;
}

/** Twilio SMS settings, or undefined when no Twilio credential is set. */
export function smsSettings(settings: ChannelSettings) {
  const creds = credentials(settings, 'sms', 'SMS (Twilio)', {
    accountSid: 'TWILIO_ACCOUNT_SID',
    authToken: 'TWILIO_AUTH_TOKEN',
    phoneNumber: 'TWILIO_PHONE_NUMBER',
  });
  if (!creds) return undefined;
  const publicUrl = setting(settings, 'PUBLIC_URL', 'sms', 'publicUrl');
  if (!publicUrl) throw new ConfigError('SMS (Twilio) needs PUBLIC_URL, the https URL Twilio calls (its signatures cover it)');
  if (!/^https?:\/\//.test(publicUrl)) throw new ConfigError(`PUBLIC_URL "${publicUrl}" must start with https:// (or http:// for local tests)`);
  if (!creds.accountSid.startsWith('AC')) throw new ConfigError('TWILIO_ACCOUNT_SID must start with "AC" (the Account SID, not an API key)');
  // After a crash, sends of unknown outcome are looked up in Twilio's message list; off for an
  // API key that may not read messages (those resends are then marked possibleDuplicate).
  const lookupSent = !/^(false|off|0|no)$/i.test(String(setting(settings, 'TWILIO_LOOKUP_SENT', 'sms', 'lookupSent') ?? ''));
  return { ...creds, publicUrl, apiBase: setting(settings, 'TWILIO_API_BASE', 'sms', 'apiBase'), maxBodyBytes: settings.maxBodyBytes, lookupSent };
}

/** WhatsApp Cloud API settings, or undefined when no WhatsApp credential is set. */
export function whatsappSettings(settings: ChannelSettings) {
  const creds = credentials(settings, 'whatsapp', 'WhatsApp (Cloud API)', {
    appSecret: 'WHATSAPP_APP_SECRET',
    verifyToken: 'WHATSAPP_VERIFY_TOKEN',
    accessToken: 'WHATSAPP_ACCESS_TOKEN',
    phoneNumberId: 'WHATSAPP_PHONE_NUMBER_ID',
  });
  if (!creds) return undefined;
  return {
    ...creds,
    graphUrl: setting(settings, 'WHATSAPP_GRAPH_URL', 'whatsapp', 'graphUrl'),
    apiVersion: setting(settings, 'WHATSAPP_API_VERSION', 'whatsapp', 'apiVersion'),
    fallbackTemplate: setting(settings, 'WHATSAPP_FALLBACK_TEMPLATE', 'whatsapp', 'fallbackTemplate'),
    maxBodyBytes: settings.maxBodyBytes,
  };
}

/** whatsapp-web.js settings, or undefined unless WHATSAPP_WEB=1. */
export function whatsappWebSettings(settings: ChannelSettings, exists: (path: string) => boolean) {
  const on = settings.env.WHATSAPP_WEB ?? String(settings.config.channels['whatsapp-web']?.enabled ?? '');
  if (!['1', 'true'].includes(on.trim().toLowerCase())) return undefined;
  const chromiumPath = setting(settings, 'WHATSAPP_WEB_CHROMIUM', 'whatsapp-web', 'chromium') ?? '/usr/bin/chromium';
  if (!exists(chromiumPath)) {
    throw new ConfigError(`WHATSAPP_WEB=1 needs a system Chromium: none at ${chromiumPath}; install chromium or set WHATSAPP_WEB_CHROMIUM`);
  }
  return { chromiumPath, dataDir: settings.env.DATA_DIR ?? '.data', qrToken: setting(settings, 'WHATSAPP_WEB_QR_TOKEN', 'whatsapp-web', 'qrToken') };
}
