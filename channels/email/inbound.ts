import { createHash } from 'node:crypto';
import EmailReplyParser from 'email-reply-parser';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SwitchboardError } from '../../core/errors';
import { normalizeEmail } from '../../core/identity/identities';
import type { Attachment, InboundDraft } from '../../core/message';
import { checkSender, type Arrival, type SenderCheckOptions } from './auth';
import { classify } from './classify';
import { UNVERIFIED } from './settings';
import type { AutomatedMail, EmailStore } from './store';

/** A mail refused outright (SMTP answers with `code`; over IMAP it is left unread and logged). */
export class MailRefused extends SwitchboardError {
  constructor(
    /** 5xx: permanent (malformed); 4xx: try again later. */
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** What one inbound mail becomes. */
export type ReadMail =
  /** A customer's message, for the engine. */
  | { kind: 'message'; draft: InboundDraft; messageId: string; subject?: string; mailbox: string; files: MailFile[] }
  /** Mail to store and never answer (automated, a loop, over the sender's limit). */
  | { kind: 'automated'; record: AutomatedMail }
  /** A Message-ID already accepted: dropped. */
  | { kind: 'duplicate'; messageId: string };

/** An attached image's bytes, for the media store: `index` is its place in the draft's attachments. */
export interface MailFile {
  index: number;
  bytes: Buffer;
  mimeType: string;
}

/** What reading a mail needs to know. */
export interface ReadOptions extends SenderCheckOptions {
  store: EmailStore;
  /** Our own address (`EMAIL_FROM`): mail from it is a loop. */
  ownAddress: string;
  /** Most mails one sender may send per hour before the rest are stored unanswered. */
  maxPerSenderPerHour: number;
  now?: number;
}

/** Words that unsubscribe when they are the whole subject or reply (like an SMS STOP). */
const UNSUBSCRIBE = new Set(['unsubscribe', 'stop', 'baja', 'darse de baja', 'abmelden', 'désabonner', 'desabonner', 'désinscrire', 'cancelar inscrição', 'disiscriviti', 'afmelden', 'wypisz', 'отписаться', '退订', '配信停止']);

/**
 * Turns a raw mail into what the channel does with it: parsed with mailparser, quoted history and
 * signature cut with email-reply-parser, the sender checked (DKIM/SPF/DMARC), automated mail and
 * loops recognised, repeats dropped by Message-ID, and each sender held to an hourly limit.
 */
export async function readMail(raw: Buffer, arrival: Arrival, options: ReadOptions): Promise<ReadMail> {
  const now = options.now ?? Date.now();
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  } catch (err) {
    throw new MailRefused(550, `The message could not be parsed as MIME: ${err instanceof Error ? err.message : String(err)}`);
  }
  const fromHeader = mail.from?.value ?? [];
  if (fromHeader.length !== 1) throw new MailRefused(550, `The message needs exactly one From address (it has ${fromHeader.length})`);
  const address = normalizeEmail(fromHeader[0].address ?? '');
  if (!address) throw new MailRefused(550, `The From address "${fromHeader[0].address ?? ''}" is not an e-mail address`);
  const messageId = bare(mail.messageId) ?? `sha256-${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@switchboard.invalid`;
  const subject = mail.subject?.trim() || undefined;
  const base = { messageId, address, subject, receivedAt: now };

  if (address === options.ownAddress || (await options.store.isOurs(messageId))) {
    return { kind: 'automated', record: { ...base, kind: 'loop', reason: address === options.ownAddress ? 'sent from our own address' : 'our own Message-ID came back' } };
  }
  if (await options.store.seen(messageId)) return { kind: 'duplicate', messageId };
  const automated = classify(mail, arrival.sender);
  if (automated) {
    return { kind: 'automated', record: { ...base, kind: automated.kind, reason: automated.because, refersTo: automated.kind === 'bounce' ? await ourIdIn(raw, options.store) : undefined } };
  }
  if ((await options.store.receivedFrom(address, now - 3_600_000)) >= options.maxPerSenderPerHour) {
    return { kind: 'automated', record: { ...base, kind: 'rate-limited', reason: `more than ${options.maxPerSenderPerHour} mails from this sender in an hour` } };
  }

  const sender = await checkSender(raw, address, arrival, options);
  const text = await replyText(mail);
  const unsubscribe = UNSUBSCRIBE.has(plain(text)) || (!text && UNSUBSCRIBE.has(plain(subject ?? '')));
  const draft: InboundDraft = {
    channel: 'email',
    // A From nobody proved is a different address from the proven one: forged mail never lands
    // in the conversation of the customer whose address it claims (replies still go to the mailbox).
    address: sender.verified ? address : `${UNVERIFIED}${address}`,
    text,
    channelMessageId: messageId,
    attachments: attachmentsOf(mail),
    metadata: {
      email: { subject, inReplyTo: bare(mail.inReplyTo), verified: sender.verified, auth: sender.reason },
      ...(unsubscribe ? { emailKeyword: 'unsubscribe' } : {}),
    },
    profile: { email: address, ...(fromHeader[0].name ? { name: fromHeader[0].name } : {}), verified: sender.verified },
    // Only a proven sender joins the customer who holds this e-mail on other channels.
    identities: sender.verified ? [{ kind: 'email', value: address }] : undefined,
    createdAt: now,
  };
  return { kind: 'message', draft, messageId, subject, mailbox: address, files: imagesOf(mail) };
}

/** What the customer wrote this time: the reply without quoted history and signature, from the text part or the HTML's text. */
export async function replyText(mail: ParsedMail): Promise<string> {
  const full = ((mail.text || (await htmlText(mail.html))) ?? '').replace(/\r\n/g, '\n').trim();
  if (!full) return '';
  const visible = new EmailReplyParser().parseReply(full).trim();
  return visible || full;
}

/**
 * The text of an HTML body. mailparser converts HTML to text (with html-to-text) only when the
 * HTML part is the message's body or an alternative to none; an HTML-only part inside
 * multipart/mixed or /related (a mail with attachments) comes without text, so it is given to
 * mailparser again as a message of its own.
 */
async function htmlText(html: string | false | undefined): Promise<string | undefined> {
  if (!html) return undefined;
  const alone = await simpleParser(Buffer.from(`Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${html}`));
  return alone.text;
}

/** A Message-ID without its angle brackets. */
function bare(id: string | undefined): string | undefined {
  const trimmed = id?.trim().replace(/^<|>$/g, '');
  return trimmed || undefined;
}

/** Lower case, no surrounding punctuation: how unsubscribe words are compared. */
function plain(text: string): string {
  return text.trim().toLowerCase().replace(/^[\s"'«»]+|[\s.!?。"'«»]+$/gu, '');
}

/** The attachments, as metadata (name, type, size); inline parts of an HTML body are left out. */
function attachmentsOf(mail: ParsedMail): Attachment[] | undefined {
  // `related` parts are the HTML body's own pictures (logos, signatures), not files sent to us.
  const files = mail.attachments.filter((a) => !a.related);
  const out = files.map((a): Attachment => ({ type: attachmentType(a.contentType), mimeType: a.contentType, name: a.filename, size: a.size }));
  return out.length ? out : undefined;
}

/** The attached images' bytes, in the order of `attachmentsOf`. */
function imagesOf(mail: ParsedMail): MailFile[] {
  return mail.attachments
    .filter((a) => !a.related)
    .flatMap((a, index) => (a.contentType.startsWith('image/') ? [{ index, bytes: a.content, mimeType: a.contentType }] : []));
}

function attachmentType(mime: string): Attachment['type'] {
  const kind = mime.split('/')[0];
  return kind === 'image' || kind === 'audio' || kind === 'video' ? kind : 'file';
}

/** Which of our Message-IDs a bounce reports on (the DSN quotes the original headers). */
async function ourIdIn(raw: Buffer, store: EmailStore): Promise<string | undefined> {
  const text = raw.toString('latin1');
  for (const m of text.matchAll(/^Message-ID:\s*<([^>\s]+)>/gim)) {
    if (await store.isOurs(m[1])) return m[1];
  }
  return undefined;
}
