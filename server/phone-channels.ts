import { existsSync } from 'node:fs';
import { ConsentBook, consentMigrations } from '../channels/sms/consent';
import { WhatsAppChannel, parseTemplate } from '../channels/whatsapp/adapter';
import { ServiceWindow, windowMigrations } from '../channels/whatsapp/window';
import { WhatsAppWebChannel } from '../channels/whatsapp-web/adapter';
import { DEFAULT_MAX_BODY_BYTES } from '../core/http';
import { smsSettings, whatsappSettings, whatsappWebSettings, type ChannelSettings } from './channels';
import type { AppModule, ModuleContext } from './module';
import { consentCustomerData } from '../channels/sms/consent';
import { windowCustomerData } from '../channels/whatsapp/window';
import { CustomerServiceWindow, OptOuts } from '../core/services';

/**
 * SMS (Twilio), WhatsApp (Cloud API) and WhatsApp Web, each enabled by its credentials. A module
 * rather than plain channels because they own tables (SMS consent, WhatsApp windows), answer SMS
 * keywords before the bot does, and put the opt-out rule in the outbound chain. Other modules read
 * those tables through the `OptOuts` and `CustomerServiceWindow` services, provided whether
 * or not a channel is configured: the tables are this module's either way (a number that sent STOP
 * before the SMS credentials were removed has still opted out).
 */
export function phoneChannelsModule(): AppModule {
  return {
    name: 'phone-channels',
    provides: [OptOuts, CustomerServiceWindow],
    migrations: [...consentMigrations, ...windowMigrations],
    customerData: [consentCustomerData, windowCustomerData],
    setup(ctx) {
      ctx.bot.services.provide(OptOuts, new ConsentBook(ctx.store.sql));
      ctx.bot.services.provide(CustomerServiceWindow, new ServiceWindow(ctx.store.sql));
      const settings: ChannelSettings = {
        env: ctx.env,
        config: ctx.bot.config,
        logger: ctx.logger,
        maxBodyBytes: Number(ctx.env.MAX_BODY_BYTES) || DEFAULT_MAX_BODY_BYTES,
      };
      setupSms(ctx, settings);
      const whatsapp = whatsappSettings(settings);
      if (whatsapp) {
        ctx.addChannel(new WhatsAppChannel({ ...whatsapp, fallbackTemplate: parseTemplate(whatsapp.fallbackTemplate), sql: ctx.store.sql }));
      }
      const web = whatsappWebSettings(settings, existsSync);
      if (web) ctx.addChannel(new WhatsAppWebChannel(web));
    },
  };
}

function setupSms(ctx: ModuleContext, settings: ChannelSettings): void {
  const sms = smsSettings(settings);
  if (!sms) return;
  // Loaded only when SMS is configured: the Twilio SDK is not needed otherwise.
  const { SmsChannel } = require('../channels/sms/adapter') as typeof import('../channels/sms/adapter');
  const { smsKeywordReplies, smsOptOutGuard } = require('../channels/sms/opt-out') as typeof import('../channels/sms/opt-out');
  const channel = new SmsChannel({ ...sms, sql: ctx.store.sql });
  ctx.addChannel(channel);
  ctx.early.use(smsKeywordReplies(ctx.bot));
  ctx.bot.onSend(
    smsOptOutGuard(channel.consent, async (customerId, name) => (await ctx.store.addresses(customerId)).find((a) => a.channel === name)?.address),
  );
}
