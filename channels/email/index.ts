import { z } from 'zod';
import { channel } from '../../core/channel-module';
import { normalizeEmail } from '../../core/identity/identities';
import { ContactAddresses, MediaStore } from '../../core/services';
import type { EmailChannel, EmailChannelOptions } from './adapter';
import { emailAddressOf, emailFollowups, emailOutboundGuard } from './followups';
import { addressOf, parseImapUrl } from './settings';
import { EmailStore, emailCustomerData, emailMigrations } from './store';
import { emailTexts } from './texts';
import { unsubscribeRoutes, unsubscribeUrl } from './unsubscribe';

/** What an embedding app or a test may set beyond the settings: a DNS resolver, a ready transporter. */
export type EmailOverrides = Partial<Pick<EmailChannelOptions, 'resolver' | 'smtp'>>;

/** Whole numbers written as text, within bounds. */
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * E-mail, on when `EMAIL_FROM` (or another e-mail setting) is set: mail arrives over SMTP (our
 * listener) and/or from a mailbox over IMAP, leaves through `EMAIL_SMTP_URL`. The channel owns
 * its thread, automated-mail and unsubscribe tables, the unsubscribe routes, the "send me this by
 * e-mail" follow-up and the outbound rule (address lookup, unsubscribes) — those whether or not
 * it is on (an address that unsubscribed stays unsubscribed). See docs/channels.md#e-mail.
 */
export function emailChannel(overrides: EmailOverrides = {}) {
  // One definition serves every app made in the process (tests make many): each gets its own
  // `EmailStore` on its own database, never one kept here.
  return channel({
    name: 'email',
    label: 'E-mail',
    aliases: ['mail', 'smtp', 'imap'],
    settings: z.object({
      from: z
        .string()
        .refine((from) => normalizeEmail(addressOf(from)) !== undefined, 'is not an e-mail address: use help@example.com or "Name <help@example.com>"')
        .describe('the address our mail is from'),
      smtpUrl: z
        .string()
        .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
        .describe('the server mail leaves through: smtp://user:password@smtp.example.com:587'),
      smtpPort: count(0, 65535).optional(),
      smtpHost: z.string().optional(),
      imapUrl: z.string().optional(),
      imapPollMs: count(1000, 86_400_000).default(60_000),
      trustedAuthServId: z.string().optional(),
      maxPerSenderPerHour: count(1, 100_000).default(20),
      maxBytes: count(1024, 100 * 1024 * 1024).default(10 * 1024 * 1024),
      publicUrl: z.string().regex(/^https?:\/\//, 'must start with https://').optional(),
    }),
    env: {
      from: 'EMAIL_FROM',
      smtpUrl: 'EMAIL_SMTP_URL',
      smtpPort: 'EMAIL_SMTP_PORT',
      smtpHost: 'EMAIL_SMTP_HOST',
      imapUrl: 'EMAIL_IMAP_URL',
      imapPollMs: 'EMAIL_IMAP_POLL_MS',
      trustedAuthServId: 'EMAIL_TRUSTED_AUTHSERV_ID',
      maxPerSenderPerHour: 'EMAIL_MAX_PER_SENDER_PER_HOUR',
      maxBytes: 'EMAIL_MAX_BYTES',
      publicUrl: 'PUBLIC_URL',
    },
    // PUBLIC_URL is every webhook channel's: only the e-mail settings turn e-mail on.
    enabled: (found) => Boolean(found.from || found.smtpUrl || found.smtpPort || found.imapUrl),
    adapter: (settings, ctx): EmailChannel => {
      const emails = new EmailStore(ctx.store.sql);
      // Loaded only when e-mail is configured: nodemailer, mailparser and mailauth are not needed otherwise.
      const { EmailChannel } = require('./adapter') as typeof import('./adapter');
      const { publicUrl } = settings;
      return new EmailChannel({
        from: settings.from,
        smtp: overrides.smtp ?? settings.smtpUrl,
        listen: settings.smtpPort === undefined ? undefined : { port: settings.smtpPort, host: settings.smtpHost },
        imap: settings.imapUrl ? { ...parseImapUrl(settings.imapUrl), intervalMs: settings.imapPollMs } : undefined,
        trustedAuthServId: settings.trustedAuthServId,
        resolver: overrides.resolver,
        maxPerSenderPerHour: settings.maxPerSenderPerHour,
        maxBytes: settings.maxBytes,
        store: emails,
        // Looked up at each mail: the media module may set up after the channels.
        media: () => ctx.bot.services.get(MediaStore),
        logger: ctx.logger,
        defaultSubject: emailTexts(ctx.bot.config, 'subject', ctx.bot.config.defaultLocale, { bot: ctx.bot.config.name }),
        unsubscribeUrl: publicUrl ? (address) => unsubscribeUrl(emails, publicUrl, address) : undefined,
        unsubscribeText: (locale) => emailTexts(ctx.bot.config, 'unsubscribe', locale),
        texts: ctx.bot.config,
      });
    },
    migrations: emailMigrations,
    customerData: [emailCustomerData],
    provides: [ContactAddresses],
    routes: (ctx) => ({ path: '/api/email', app: unsubscribeRoutes(new EmailStore(ctx.store.sql)) }),
    setup(ctx) {
      const emails = new EmailStore(ctx.store.sql);
      ctx.early.use(emailFollowups(ctx.bot, ctx.store));
      ctx.bot.onSend(emailOutboundGuard(ctx.store, emails));
      ctx.bot.services.provide(ContactAddresses, { addressOf: async (customer, name) => (name === 'email' ? emailAddressOf(customer, ctx.store) : undefined) });
    },
  });
}

/** The e-mail channel as the app lists it. */
export const email = emailChannel();
