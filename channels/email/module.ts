import type { AppModule } from '../../core/module';
import type { EmailChannelOptions } from './adapter';
import { ContactAddresses } from '../../core/services';
import { emailAddressOf, emailFollowups, emailOutboundGuard } from './followups';
import { emailSettings } from './settings';
import { EmailStore, emailCustomerData, emailMigrations } from './store';
import { emailTexts } from './texts';
import { unsubscribeRoutes, unsubscribeUrl } from './unsubscribe';

/** Options a test or an embedding app may add to what the environment says (a DNS resolver, a transporter). */
export type EmailOverrides = Partial<EmailChannelOptions>;

/**
 * The e-mail channel as a module: its tables (thread, automated mail, unsubscriptions) and their
 * customer data, the unsubscribe routes, the "send me this by e-mail" follow-up, and the
 * outbound rule (address resolution, unsubscriptions) — all present whether or not e-mail is
 * configured (an address that unsubscribed stays unsubscribed); the adapter when `EMAIL_FROM` is set.
 */
export function emailModule(overrides: EmailOverrides = {}): AppModule {
  let store: EmailStore | undefined;
  return {
    name: 'email',
    provides: [ContactAddresses],
    migrations: emailMigrations,
    customerData: [emailCustomerData],
    routes: (ctx) => ({ path: '/api/email', app: unsubscribeRoutes((store ??= new EmailStore(ctx.store.sql))) }),
    setup(ctx) {
      const emails = (store ??= new EmailStore(ctx.store.sql));
      ctx.early.use(emailFollowups(ctx.bot, ctx.store));
      ctx.bot.onSend(emailOutboundGuard(ctx.store, emails));
      ctx.bot.services.provide(ContactAddresses, { addressOf: async (customer, channel) => (channel === 'email' ? emailAddressOf(customer, ctx.store) : undefined) });
      const settings = emailSettings(ctx.env, ctx.bot.config);
      if (!settings) return;
      const { publicUrl, ...options } = { ...settings, ...overrides };
      // Loaded only when e-mail is configured: its SDKs (nodemailer, smtp-server, imapflow, mailparser, mailauth) are not needed otherwise.
      const { EmailChannel } = require('./adapter') as typeof import('./adapter');
      ctx.addChannel(
        new EmailChannel({
          ...options,
          store: emails,
          logger: ctx.logger,
          defaultSubject: emailTexts(ctx.bot.config, 'subject', ctx.bot.config.defaultLocale, { bot: ctx.bot.config.name }),
          unsubscribeUrl: publicUrl ? (address) => unsubscribeUrl(emails, publicUrl, address) : undefined,
          unsubscribeText: (locale) => emailTexts(ctx.bot.config, 'unsubscribe', locale),
        }),
      );
    },
  };
}
