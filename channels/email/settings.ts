import type { BotConfig } from '../../core/bot';
import { ConfigError } from '../../core/errors';
import { normalizeEmail } from '../../core/identity/identities';
import type { Message } from '../../core/message';
import type { EmailChannelOptions } from './adapter';

/** The e-mail settings read from the environment (or `bot.yaml` `channels.email`); undefined when e-mail is off. */
export type EmailSettings = Omit<EmailChannelOptions, 'store' | 'logger' | 'unsubscribeUrl' | 'unsubscribeText' | 'defaultSubject'> & { publicUrl?: string };

/**
 * Reads the e-mail settings: `EMAIL_FROM` turns the channel on and needs `EMAIL_SMTP_URL` (how
 * mail leaves); `EMAIL_SMTP_PORT` (listener) and `EMAIL_IMAP_URL` (mailbox) say how mail
 * arrives. Each error names the setting to fix.
 */
export function emailSettings(env: NodeJS.ProcessEnv, config: BotConfig): EmailSettings | undefined {
  const get = (envName: string, key: string): string | undefined => {
    const fromEnv = env[envName]?.trim();
    if (fromEnv) return fromEnv;
    const fromConfig = config.channels.email?.[key];
    return typeof fromConfig === 'string' || typeof fromConfig === 'number' ? String(fromConfig).trim() || undefined : undefined;
  };
  const from = get('EMAIL_FROM', 'from');
  const smtp = get('EMAIL_SMTP_URL', 'smtpUrl');
  const port = get('EMAIL_SMTP_PORT', 'smtpPort');
  const imap = get('EMAIL_IMAP_URL', 'imapUrl');
  if (!from) {
    if (smtp || port || imap) throw new ConfigError('E-mail is half-configured: set EMAIL_FROM (or channels.email.from in bot.yaml), the address our mail is from');
    return undefined;
  }
  if (!normalizeEmail(addressOf(from))) throw new ConfigError(`EMAIL_FROM "${from}" is not an e-mail address: use help@example.com or "Name <help@example.com>"`);
  if (!smtp) throw new ConfigError('E-mail needs EMAIL_SMTP_URL (or channels.email.smtpUrl), the server mail leaves through: smtp://user:password@smtp.example.com:587');
  if (!/^smtps?:\/\//.test(smtp)) throw new ConfigError(`EMAIL_SMTP_URL must start with smtp:// or smtps://`);
  const listenPort = port === undefined ? undefined : Number(port);
  if (listenPort !== undefined && !(Number.isInteger(listenPort) && listenPort >= 0 && listenPort < 65536)) throw new ConfigError(`EMAIL_SMTP_PORT "${port}" is not a port number`);
  const poll = Number(get('EMAIL_IMAP_POLL_MS', 'imapPollMs') ?? 60_000);
  return {
    from,
    smtp,
    listen: listenPort === undefined ? undefined : { port: listenPort, host: get('EMAIL_SMTP_HOST', 'smtpHost') },
    imap: imap ? { ...parseImapUrl(imap), intervalMs: Number.isFinite(poll) && poll >= 1000 ? poll : 60_000 } : undefined,
    trustedAuthServId: get('EMAIL_TRUSTED_AUTHSERV_ID', 'trustedAuthServId'),
    maxPerSenderPerHour: Number(get('EMAIL_MAX_PER_SENDER_PER_HOUR', 'maxPerSenderPerHour')) || 20,
    maxBytes: Number(get('EMAIL_MAX_BYTES', 'maxBytes')) || undefined,
    publicUrl: get('PUBLIC_URL', 'publicUrl'),
  };
}

/** Where the mailbox is: `imap(s)://user:password@host:port/Mailbox`. */
export interface MailboxSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** Reads `EMAIL_IMAP_URL`; throws a `ConfigError` saying what is wrong. */
export function parseImapUrl(value: string): MailboxSettings {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`EMAIL_IMAP_URL "${value}" is not a URL: use imaps://user:password@imap.example.com/INBOX`);
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') throw new ConfigError(`EMAIL_IMAP_URL must start with imaps:// (or imap:// on a trusted network), not ${url.protocol}//`);
  if (!url.username) throw new ConfigError('EMAIL_IMAP_URL needs the mailbox user and password: imaps://user:password@host/INBOX');
  const secure = url.protocol === 'imaps:';
  return {
    host: url.hostname,
    port: Number(url.port) || (secure ? 993 : 143),
    secure,
    user: decodeURIComponent(url.username),
    pass: decodeURIComponent(url.password),
    mailbox: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

/** The address in `Name <address>` (or the bare address), lower case. */
export function addressOf(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();
}

/** What a mail is: a reply or service message (transactional), or proactive mail that must offer an unsubscribe. */
export function isTransactional(message: Message): boolean {
  const email = message.metadata?.email as { transactional?: boolean } | undefined;
  if (typeof email?.transactional === 'boolean') return email.transactional;
  return message.author === 'agent' || message.inReplyTo !== undefined;
}

/** How the channel address of mail whose sender was not proven starts (see `mailboxOf`). */
export const UNVERIFIED = 'unverified:';

/** The mailbox behind a channel address (`unverified:ann@example.com` → `ann@example.com`). */
export function mailboxOf(address: string): string {
  return address.startsWith(UNVERIFIED) ? address.slice(UNVERIFIED.length) : address;
}
