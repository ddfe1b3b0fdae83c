import { ConfigError } from '../../core/errors';
import type { Message } from '../../core/message';

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

/**
 * What a mail is: a reply or service message (transactional), or proactive mail that must offer an
 * unsubscribe. `metadata.email.transactional` decides where set; a message any module marks
 * `metadata.transactional` (a receipt: `'receipt'`) is transactional too — no unsubscribe line —
 * though it still does not go to an address that unsubscribed (`reachesUnsubscribed`).
 */
export function isTransactional(message: Message): boolean {
  const email = message.metadata?.email as { transactional?: boolean } | undefined;
  if (typeof email?.transactional === 'boolean') return email.transactional;
  return Boolean(message.metadata?.transactional) || reachesUnsubscribed(message);
}

/**
 * Whether a mail goes even to an address that unsubscribed: replies to the customer's own mail,
 * an agent's mail and service mail marked `metadata.email.transactional` (a transcript the
 * customer asked for). Proactive mail does not — transactional (a receipt) or not.
 */
export function reachesUnsubscribed(message: Message): boolean {
  const email = message.metadata?.email as { transactional?: boolean } | undefined;
  if (typeof email?.transactional === 'boolean') return email.transactional;
  if (message.metadata?.transactional) return false;
  return message.author === 'agent' || message.inReplyTo !== undefined;
}

/** How the channel address of mail whose sender was not proven starts (see `mailboxOf`). */
export const UNVERIFIED = 'unverified:';

/** The mailbox behind a channel address (`unverified:ann@example.com` → `ann@example.com`). */
export function mailboxOf(address: string): string {
  return address.startsWith(UNVERIFIED) ? address.slice(UNVERIFIED.length) : address;
}
