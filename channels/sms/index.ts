import { z } from 'zod';
import { channel } from '../../core/channel-module';
import { OptOuts } from '../../core/services';
import { ConsentBook, consentCustomerData, consentMigrations } from './consent';

/**
 * SMS and MMS through Twilio, on when a Twilio credential is set. The channel owns the consent
 * table: STOP and START are recorded at intake, answered before the bot runs, and every outbound
 * message to an opted-out number is skipped at delivery (`SmsChannel.declines`, one read each). Other modules ask the `OptOuts` service, provided
 * whether or not the channel is on (a number that sent STOP before the credentials were removed
 * has still opted out).
 */
export const sms = channel({
  name: 'sms',
  label: 'SMS (Twilio)',
  aliases: ['twilio'],
  settings: z.object({
    accountSid: z.string().startsWith('AC', 'must start with "AC" (the Account SID, not an API key)'),
    authToken: z.string(),
    phoneNumber: z.string().describe('the Twilio number replies are sent from, E.164'),
    publicUrl: z
      .string()
      .regex(/^https?:\/\//, 'must start with https:// (or http:// for local tests)')
      .describe('the https URL Twilio calls (its signatures cover it)'),
    apiBase: z.string().optional(),
    // After a crash, sends of unknown outcome are looked up in Twilio's message list; off for an
    // API key that may not read messages (those resends are then marked possibleDuplicate).
    lookupSent: z.stringbool().default(true),
  }),
  env: {
    accountSid: 'TWILIO_ACCOUNT_SID',
    authToken: 'TWILIO_AUTH_TOKEN',
    phoneNumber: 'TWILIO_PHONE_NUMBER',
    publicUrl: 'PUBLIC_URL',
    apiBase: 'TWILIO_API_BASE',
    lookupSent: 'TWILIO_LOOKUP_SENT',
  },
  // PUBLIC_URL is every webhook channel's: only Twilio's own credentials turn SMS on.
  enabled: (found) => Boolean(found.accountSid || found.authToken || found.phoneNumber),
  adapter: (settings, ctx) => {
    // Loaded only when SMS is configured: the Twilio SDK is not needed otherwise.
    const { SmsChannel } = require('./adapter') as typeof import('./adapter');
    return new SmsChannel({ ...settings, maxBodyBytes: ctx.maxBodyBytes, sql: ctx.store.sql });
  },
  migrations: consentMigrations,
  customerData: [consentCustomerData],
  provides: [OptOuts],
  setup(ctx, adapter) {
    ctx.bot.services.provide(OptOuts, new ConsentBook(ctx.store.sql));
    if (!adapter) return;
    const { smsKeywordReplies } = require('./opt-out') as typeof import('./opt-out');
    ctx.early.use(smsKeywordReplies(ctx.bot));
  },
});
