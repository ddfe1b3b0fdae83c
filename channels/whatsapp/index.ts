import { z } from 'zod';
import { channel } from '../../core/channel-module';
import { CustomerServiceWindow } from '../../core/services';
import { WhatsAppChannel, parseTemplate } from './adapter';
import { ServiceWindow, windowCustomerData, windowMigrations } from './window';

/**
 * WhatsApp through Meta's Cloud API, on when a WhatsApp credential is set. The channel owns the
 * 24-hour customer-service window table; other modules ask the `CustomerServiceWindow` service,
 * provided whether or not the channel is on.
 */
export const whatsapp = channel({
  name: 'whatsapp',
  label: 'WhatsApp (Cloud API)',
  aliases: ['whatsapp-cloud'],
  settings: z.object({
    appSecret: z.string().describe('the app secret that signs webhooks'),
    verifyToken: z.string().describe('the token typed into the webhook set-up in Meta’s dashboard'),
    accessToken: z.string(),
    phoneNumberId: z.string(),
    graphUrl: z.string().optional(),
    apiVersion: z.string().optional(),
    /** `name:language` of an approved template sent when the window is closed. */
    fallbackTemplate: z.string().optional(),
  }),
  env: {
    appSecret: 'WHATSAPP_APP_SECRET',
    verifyToken: 'WHATSAPP_VERIFY_TOKEN',
    accessToken: 'WHATSAPP_ACCESS_TOKEN',
    phoneNumberId: 'WHATSAPP_PHONE_NUMBER_ID',
    graphUrl: 'WHATSAPP_GRAPH_URL',
    apiVersion: 'WHATSAPP_API_VERSION',
    fallbackTemplate: 'WHATSAPP_FALLBACK_TEMPLATE',
  },
  enabled: (found) => Boolean(found.appSecret || found.verifyToken || found.accessToken || found.phoneNumberId),
  adapter: (settings, ctx) =>
    new WhatsAppChannel({ ...settings, fallbackTemplate: parseTemplate(settings.fallbackTemplate), maxBodyBytes: ctx.maxBodyBytes, sql: ctx.store.sql }),
  migrations: windowMigrations,
  customerData: [windowCustomerData],
  provides: [CustomerServiceWindow],
  setup(ctx) {
    ctx.bot.services.provide(CustomerServiceWindow, new ServiceWindow(ctx.store.sql));
  },
});
