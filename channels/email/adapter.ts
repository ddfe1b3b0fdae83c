import nodemailer, { type Transporter } from 'nodemailer';
import type { Capabilities, ChannelAdapter, ChannelHost, SendResult } from '../../core/channel';
import { ChannelSendError, RequestError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { Attachment, InboundDraft, Message } from '../../core/message';
import type { MediaStore } from '../../core/services';
import type { TextSource } from '../../core/texts';
import type { Arrival, SenderCheckOptions } from './auth';
import type { ImapPoller } from './imap';
import { addressOf, isTransactional, mailboxOf, reachesUnsubscribed, type MailboxSettings } from './settings';
import { readMail, type MailFile } from './inbound';
import { composeMail, messageIdFor } from './outbound';
import type { SmtpListener } from './smtp';
import type { EmailStore } from './store';

/** Settings of the e-mail channel (see docs/channels.md#e-mail). */
export interface EmailChannelOptions extends SenderCheckOptions {
  /** `EMAIL_FROM`: who our mail is from, e.g. `Northwind <help@northwind.example>`. */
  from: string;
  /** `EMAIL_SMTP_URL`: the server our mail leaves through (`smtp://user:pass@host:587`), or a ready transporter (tests). */
  smtp: string | Transporter;
  /** `EMAIL_SMTP_PORT`: listen for inbound mail on this port (off when absent). */
  listen?: { port: number; host?: string };
  /** `EMAIL_IMAP_URL`: poll this mailbox for inbound mail (off when absent). */
  imap?: MailboxSettings & { intervalMs?: number };
  store: EmailStore;
  /** The subject of a thread that starts with us (a transcript asked for on the web). */
  defaultSubject: string;
  /** Most mails one sender may send per hour; the rest are stored unanswered (loops, floods). */
  maxPerSenderPerHour?: number;
  /** Largest inbound mail, in bytes. */
  maxBytes?: number;
  /** The unsubscribe link of an address, for mail that is not transactional (undefined: no link, mailto only). */
  unsubscribeUrl?: (address: string) => Promise<string | undefined>;
  /** The media store (the media module's), when the app has one: attached images are kept there. */
  media?: () => MediaStore | undefined;
  /** The unsubscribe line's text in a locale. */
  unsubscribeText: (locale: string | undefined) => string;
  /** The bot's own texts, for the words added under cards ("Reply 1 for Details"). */
  texts?: TextSource;
  logger: Logger;
}

/**
 * E-mail as a channel: mail arrives over SMTP (our listener) or from a mailbox over IMAP, is
 * read by `readMail` and handed to the same engine as every channel; replies leave through
 * nodemailer with threading headers. Plain text plus simple HTML; buttons become a numbered list
 * (answering "2" chooses the second) whose link buttons are links.
 */
export class EmailChannel implements ChannelAdapter {
  readonly name = 'email';
  /**
   * Buttons are kept for `composeMail`, which numbers them (answering "2" chooses the second) and
   * keeps link buttons as links; long messages; Markdown kept (the mail's HTML part renders it, its
   * text part is plain); attachments; cards kept for `composeMail` too, which numbers them after
   * the buttons (answering a card's number chooses its payload button) and shows their pictures
   * in the HTML part.
   */
  readonly capabilities: Capabilities = { maxButtons: 20, buttonsAsList: true, maxButtonTitle: 200, maxTextLength: 100_000, media: true, typing: false, cards: true, cardsAsText: true };
  /** Our own address, lower case. */
  readonly address: string;
  private readonly domain: string;
  private readonly transporter: Transporter;
  private host?: ChannelHost;
  private listener?: SmtpListener;
  private poller?: ImapPoller;
  /** The SMTP listener's port once listening (0 in the settings picks a free one). */
  port?: number;

  constructor(private readonly options: EmailChannelOptions) {
    this.address = addressOf(options.from);
    this.domain = this.address.split('@')[1];
    this.transporter = typeof options.smtp === 'string' ? nodemailer.createTransport(options.smtp) : options.smtp;
  }

  async start(host: ChannelHost): Promise<void> {
    this.host = host;
    const accept = (raw: Buffer, arrival: Arrival) => this.accept(raw, arrival);
    // The listener's and the mailbox's SDKs (smtp-server, imapflow) are loaded only when configured.
    if (this.options.listen) {
      const { SmtpListener } = require('./smtp') as typeof import('./smtp');
      this.listener = new SmtpListener({ ...this.options.listen, domains: [this.domain], maxBytes: this.maxBytes, name: this.domain, logger: this.options.logger }, accept);
      this.port = await this.listener.listen();
    }
    if (this.options.imap) {
      const { ImapPoller } = require('./imap') as typeof import('./imap');
      this.poller = new ImapPoller(this.options.imap, accept, this.options.logger, this.options.imap.intervalMs);
      this.poller.start();
    }
  }

  async stop(): Promise<void> {
    await this.poller?.stop();
    await this.listener?.close();
    this.transporter.close();
  }

  /** Polls the IMAP mailbox once now (tests, and `switchboard` commands); resolves with how many mails were taken. */
  pollMailbox(): Promise<number> {
    if (!this.poller) throw new Error('No mailbox to poll: set EMAIL_IMAP_URL');
    return this.poller.poll();
  }

  /**
   * Takes one raw mail, from the listener or the mailbox: a customer's message goes to the
   * engine (resolves once stored), automated mail and loops are stored unanswered, repeats dropped.
   */
  async accept(raw: Buffer, arrival: Arrival): Promise<void> {
    const host = this.requireHost();
    const read = await readMail(raw, arrival, { ...this.options, ownAddress: this.address, maxPerSenderPerHour: this.options.maxPerSenderPerHour ?? 20, mta: this.domain });
    if (read.kind === 'duplicate') return;
    if (read.kind === 'automated') {
      await this.options.store.addAutomated(read.record);
      this.options.logger.info({ kind: read.record.kind, reason: read.record.reason }, 'automated mail stored, not answered');
      if (read.record.kind === 'bounce' && read.record.refersTo) {
        await host.recordDelivery({ channel: 'email', channelMessageId: read.record.refersTo, status: 'bounced', error: read.record.reason, at: Date.now() });
      }
      return;
    }
    if (read.draft.metadata?.emailKeyword === 'unsubscribe') await this.options.store.setOptOut(read.mailbox, true, 'reply');
    const media = this.options.media?.();
    const saved = media ? await this.saveImages(media, read.draft, read.files) : [];
    const accepted = await host.receive(read.draft);
    if (media && saved.length) await (accepted.duplicate ? media.discard(saved) : media.bind(accepted.message));
    await this.options.store.addToThread({
      messageId: read.messageId,
      direction: 'inbound',
      conversationId: accepted.message.conversationId,
      address: read.mailbox,
      subject: read.subject,
      createdAt: accepted.message.createdAt,
    });
  }

  /**
   * Keeps attached images in the media store (checked by content, stripped of metadata, served
   * from our URL) in place of their metadata; a file the store refuses (not an image it takes,
   * too big) stays as metadata — a mail is never refused for its attachments.
   */
  private async saveImages(media: MediaStore, draft: InboundDraft, files: MailFile[]): Promise<Attachment[]> {
    const saved: Attachment[] = [];
    for (const file of files) {
      const meta = draft.attachments?.[file.index];
      if (!meta) continue;
      try {
        const attachment = await media.save(undefined, file.bytes, file.mimeType);
        draft.attachments![file.index] = { ...attachment, name: attachment.name ?? meta.name };
        saved.push(attachment);
      } catch (err) {
        if (!(err instanceof RequestError)) throw err;
        this.options.logger.info({ name: meta.name, reason: err.message }, 'attachment kept as metadata only');
      }
    }
    return saved;
  }

  async send(message: Message): Promise<SendResult> {
    const transactional = isTransactional(message);
    const to = mailboxOf(message.address);
    if (!reachesUnsubscribed(message) && (await this.options.store.isOptedOut(to))) {
      // The outbound chain skips these already; this catches mail queued before the unsubscribe.
      throw new ChannelSendError({ channel: 'email', method: 'sendMail', message: 'unsubscribed: the address opted out of mail that is not transactional', permanent: true });
    }
    const thread = await this.options.store.thread(message.conversationId);
    const url = transactional ? undefined : await this.options.unsubscribeUrl?.(to);
    const mailto = `mailto:${this.address}?subject=unsubscribe`;
    const mail = composeMail({ ...message, address: to }, {
      from: this.options.from,
      domain: this.domain,
      defaultSubject: this.options.defaultSubject,
      thread,
      texts: this.options.texts,
      unsubscribe: transactional ? undefined : { url: url ?? mailto, mailto: url ? mailto : undefined, footer: this.options.unsubscribeText(message.locale) },
    });
    let info: { response?: string; accepted?: unknown[] };
    try {
      info = await this.transporter.sendMail(mail);
    } catch (err) {
      throw sendError(err);
    }
    const messageId = messageIdFor(message, this.domain);
    await this.options.store.addToThread({ messageId, direction: 'outbound', conversationId: message.conversationId, address: to, subject: String(mail.subject), createdAt: Date.now() });
    return { channelMessageId: messageId, metadata: { email: { messageId, response: info.response } } };
  }

  private get maxBytes(): number {
    return this.options.maxBytes ?? 10 * 1024 * 1024;
  }

  private requireHost(): ChannelHost {
    if (!this.host) throw new Error('The e-mail channel was used before the engine started it');
    return this.host;
  }
}

/** A nodemailer failure as a `ChannelSendError`: 5xx answers are permanent, the rest (4xx, network) retried. */
function sendError(err: unknown): ChannelSendError {
  const code = (err as { responseCode?: unknown }).responseCode;
  const status = typeof code === 'number' ? code : undefined;
  return new ChannelSendError({
    channel: 'email',
    method: 'sendMail',
    message: err instanceof Error ? err.message : String(err),
    permanent: status !== undefined && status >= 500,
    cause: err,
  });
}
